import WebSocket from "ws";
const { startView } = await import("/work/wt-view/dist/src/view/server.js");
const t0 = performance.now();
const v = await startView({ source: "/tmp/vw/bigdemo/recording", port: 0 });
console.log("started", (performance.now() - t0).toFixed(0));
const ws = new WebSocket(v.url.replace("http", "ws") + "ws");
ws.on("message", (d, bin) => {
  if (bin) { const n = d.readUInt32LE(0); console.log("tile", (performance.now() - t0).toFixed(0), d.subarray(4, 4 + n).toString().slice(0, 200)); }
  else console.log("json", (performance.now() - t0).toFixed(0), String(d).slice(0, 100));
});
ws.on("open", () => ws.send(JSON.stringify({ type: "browse", id: 1, t0: 0, t1: 60000, c0: 0, c1: 2000, rows: 700, cols: 900 })));
setTimeout(async () => { await v.close(); process.exit(0); }, 90000);
