/**
 * Waterfalls of a realistic synthetic recording: write an ASN OptoDAS recording with an
 * earthquake and a vehicle, open it like any input, run a detector over it in memory, and draw
 * the whole recording and a zoom on the earthquake with the picks on top.
 *
 *   npm run build && node dist/examples/waterfall.js [outdir]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  MemoryWriter, SMALL_SCENE, collectPicks, demoPipeline, earthquakeArrival, openRecording, pipeline, process as run,
  writeSyntheticRecording, writeWaterfall,
} from "../src/index.js";
import { SourceLoader } from "../io/sourceLoader.js";

const small = globalThis.process.env["DASFLOW_EXAMPLE_SMALL"] === "1";
const outArg = globalThis.process.argv[2];
const out = outArg ?? mkdtempSync(join(tmpdir(), "dasflow-waterfall-"));

// 1. A synthetic recording: 300 channels (4 m apart) × 10 s at 1 kHz, in 2 ASN files.
const rec = await writeSyntheticRecording(join(out, "recording"), { ...SMALL_SCENE, ...(small ? { channels: 120, duration: 6 } : {}), files: 2 });
const eq = rec.scene.earthquakes[0]!;
console.log(`wrote ${rec.files.length} files; earthquake P at ${earthquakeArrival(eq, "P", eq.along).toFixed(2)} s, S at ${earthquakeArrival(eq, "S", eq.along).toFixed(2)} s at its apex`);

// 2. The demo's detector (band-pass → decimate → STA/LTA → trigger), streamed in chunks of 500 samples.
const source = await openRecording(join(out, "recording"));
const atom = pipeline(demoPipeline(rec.scene.rate));
const cf = await run(atom, new SourceLoader(source, { chunk: 500 }), new MemoryWriter());
const picks = collectPicks(atom).map((p) => ({ channel: p.channel, distance: p.distance, time: p.onTime, end: p.offTime }));
console.log(`STA/LTA ${cf.shape.join(" x ")}, ${picks.length} picks`);

// 3. Waterfalls: the raw recording, then a window around the earthquake with the picks.
const from = Math.max(0, earthquakeArrival(eq, "P", eq.along) - 1).toFixed(3);
const to = Math.min(rec.scene.samples / rec.scene.rate - 0.001, earthquakeArrival(eq, "S", eq.along) + 2).toFixed(3);
const raw = await writeWaterfall(source, join(out, "raw.png"), { clip: 99 });
const zoom = await writeWaterfall(source, join(out, "event.png"), { time: `${from}/${to}`, picks, cmap: "rdbu", width: 800, height: 600 });
console.log(`${raw.path}: ${raw.cmap}, colours clipped at ±${raw.vmax.toFixed(1)}, ${raw.grid.reads} block reads`);
console.log(`${zoom.path}: ${zoom.picksDrawn} picks drawn in ${from}–${to} s`);
if (!outArg) rmSync(out, { recursive: true, force: true });
