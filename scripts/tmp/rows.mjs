const { openInput } = await import("/work/wt-view/dist/io/openInput.js");
const src = await openInput("/tmp/vw/bigdemo/recording");
console.log(src.backend.shape, src.backend.chunkBounds.map((b) => b.length), src.format);
let t = performance.now();
for (let r = 0; r < 20; r++) await src.backend.readBlock([[r * 2900, r * 2900 + 1], [0, 2000]]);
console.log("20 single rows", (performance.now() - t).toFixed(0), "ms");
t = performance.now();
await src.backend.readBlock([[0, 1000], [0, 2000]]);
console.log("1000 rows", (performance.now() - t).toFixed(0), "ms");
