/**
 * The cost of `coincidence`: the demo's detector (band-pass, decimate, STA/LTA, trigger) with
 * and without the coincidence atom at its end, on the same realistic synthetic recording in
 * memory (earthquakes, vehicles, 1/f noise: the picks the atom groups are real ones), fed in
 * chunks, repetitions alternating so both see the same machine load. Reports the CPU time per
 * repetition (median) and the overhead in %.
 *
 *   node dist/bench/coincidence.js --channels 2000 --seconds 30 --reps 5
 */
import { parseArgs } from "node:util";
import type { Atom } from "../src/core/atom.js";
import { collectEvents } from "../atoms/events/collectEvents.js";
import { collectPicks } from "../atoms/picks/collectPicks.js";
import { pipeline } from "../atoms/pipeline/pipeline.js";
import { DataArray } from "../src/core/dataArray.js";
import { demoPipeline } from "../src/demo/demoPipeline.js";
import { RealisticDas } from "../src/synthetic/realisticDas.js";
import { DEMO_SCENE, drawScene } from "../src/synthetic/scene.js";
import { median, timeOnce } from "./harness.js";

const { values: args } = parseArgs({
  options: {
    channels: { type: "string", default: "2000" },
    seconds: { type: "string", default: "30" },
    chunk: { type: "string", default: "1000" },
    reps: { type: "string", default: "5" },
    fit: { type: "string" },
  },
});
const scene = drawScene({ ...DEMO_SCENE, channels: Number(args.channels), duration: Number(args.seconds) });
const gen = new RealisticDas(scene);
const chunks: DataArray[] = [];
while (gen.remaining > 0) chunks.push(gen.next(Math.min(Number(args.chunk), gen.remaining)));

const demo = demoPipeline(scene.rate);
const withSpec = { atoms: demo.atoms.map((a) => (a.op === "coincidence" && args.fit ? { ...a, fit: args.fit } : a)) };
const withoutSpec = { atoms: withSpec.atoms.filter((a) => a.op !== "coincidence") };

function runOnce(atom: Atom): { picks: number; events: number } {
  let picks = 0;
  let events = 0;
  for (const c of chunks) {
    atom.call(c);
    picks += collectPicks(atom).length;
    events += collectEvents(atom).length;
  }
  atom.flush();
  picks += collectPicks(atom).length;
  events += collectEvents(atom).length;
  return { picks, events };
}

const cpu: Record<"with" | "without", number[]> = { with: [], without: [] };
/** CPU ms spent inside the coincidence atom itself, per repetition: a direct figure, less noisy than the difference. */
const own: number[] = [];
let counts = { picks: 0, events: 0 };
for (let r = 0; r < Number(args.reps); r++) {
  for (const which of ["without", "with"] as const) {
    const atom = pipeline(which === "with" ? withSpec : withoutSpec);
    let inside = 0;
    if (which === "with") {
      const co = atom.atoms[atom.atoms.length - 1]!;
      const call = co.call.bind(co);
      const flush = co.flush.bind(co);
      co.call = (x) => {
        const c0 = process.cpuUsage();
        const y = call(x);
        const c = process.cpuUsage(c0);
        inside += (c.user + c.system) / 1000;
        return y;
      };
      co.flush = () => {
        const c0 = process.cpuUsage();
        const y = flush();
        const c = process.cpuUsage(c0);
        inside += (c.user + c.system) / 1000;
        return y;
      };
    }
    const t = timeOnce(() => {
      const c = runOnce(atom);
      if (which === "with") counts = c;
    });
    cpu[which].push(t.cpuMs);
    if (which === "with") own.push((100 * inside) / t.cpuMs);
  }
}
const a = median(cpu.without);
const b = median(cpu.with);
console.log(`${scene.channels} channels x ${args.seconds} s at ${scene.rate} Hz, chunks of ${args.chunk}, ${args.reps} reps, ${counts.picks} picks -> ${counts.events} events`);
console.log(`without coincidence: ${a.toFixed(0)} ms CPU (median), with: ${b.toFixed(0)} ms; overhead ${((100 * (b - a)) / a).toFixed(1)} %`);
console.log(`time inside the coincidence atom: ${median(own).toFixed(2)} % of the pipeline's CPU time (median; reps ${own.map((x) => x.toFixed(2)).join(" ")})`);
console.log(`all reps (ms CPU) without: ${cpu.without.map((x) => x.toFixed(0)).join(" ")}; with: ${cpu.with.map((x) => x.toFixed(0)).join(" ")}`);
