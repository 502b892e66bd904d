/**
 * The cost of `coincidence`: the demo's detector (band-pass, decimate, STA/LTA, trigger) with
 * and without the coincidence atom at its end, on the same realistic synthetic recording in
 * memory (earthquakes, vehicles, 1/f noise: the picks the atom groups are real ones), fed in
 * chunks, repetitions alternating so both see the same machine load, after one untimed
 * repetition of each (JIT). Reports the CPU time per repetition (median) and the overhead in %,
 * twice: the process's CPU time (all threads: what a job costs) and the main thread's alone
 * (Linux, /proc/thread-self/schedstat), which leaves out the garbage collector's and the
 * allocator's background threads — their work lands at random in whichever call is running,
 * so on a loaded machine the main thread's figures are the steadier ones. The overhead is also
 * given as the median of the ratios of adjacent pairs (insensitive to load drifting between
 * repetitions), and the time spent inside the coincidence atom on the main thread.
 *
 *   node dist/bench/coincidence.js --channels 2000 --seconds 30 --reps 5
 */
import { readFileSync } from "node:fs";
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

/** CPU ms of the calling (main) thread: precise on Linux, else the process's. */
function threadCpuMs(): number {
  try {
    return Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
  } catch {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  }
}

type Which = "with" | "without";
const cpu: Record<Which, number[]> = { with: [], without: [] };
const main: Record<Which, number[]> = { with: [], without: [] };
/** Main-thread CPU ms spent inside the coincidence atom itself, per repetition: a direct figure, less noisy than the difference. */
const own: number[] = [];
let counts = { picks: 0, events: 0 };
for (let r = -1; r < Number(args.reps); r++) {
  for (const which of ["without", "with"] as const) {
    const atom = pipeline(which === "with" ? withSpec : withoutSpec);
    let inside = 0;
    if (which === "with") {
      const co = atom.atoms[atom.atoms.length - 1]!;
      const call = co.call.bind(co);
      const flush = co.flush.bind(co);
      co.call = (x) => {
        const t0 = threadCpuMs();
        const y = call(x);
        inside += threadCpuMs() - t0;
        return y;
      };
      co.flush = () => {
        const t0 = threadCpuMs();
        const y = flush();
        inside += threadCpuMs() - t0;
        return y;
      };
    }
    const m0 = threadCpuMs();
    const t = timeOnce(() => {
      const c = runOnce(atom);
      if (which === "with") counts = c;
    });
    const m = threadCpuMs() - m0;
    if (r < 0) continue; // warm-up
    cpu[which].push(t.cpuMs);
    main[which].push(m);
    if (which === "with") own.push((100 * inside) / m);
  }
}
const pct = (a: number, b: number): string => `${((100 * (b - a)) / a).toFixed(1)} %`;
const paired = (w: Record<Which, number[]>): string => pct(1, median(w.with.map((x, i) => x / w.without[i]!)));
const ms = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(" ");
console.log(`${scene.channels} channels x ${args.seconds} s at ${scene.rate} Hz, chunks of ${args.chunk}, ${args.reps} reps (+1 warm-up), ${counts.picks} picks -> ${counts.events} events`);
console.log(`process CPU:     without coincidence ${median(cpu.without).toFixed(0)} ms (median), with ${median(cpu.with).toFixed(0)} ms; overhead ${pct(median(cpu.without), median(cpu.with))} (median of paired ratios ${paired(cpu)})`);
console.log(`main-thread CPU: without coincidence ${median(main.without).toFixed(0)} ms (median), with ${median(main.with).toFixed(0)} ms; overhead ${pct(median(main.without), median(main.with))} (median of paired ratios ${paired(main)})`);
console.log(`time inside the coincidence atom: ${median(own).toFixed(2)} % of the pipeline's main-thread CPU time (median; reps ${own.map((x) => x.toFixed(2)).join(" ")})`);
console.log(`all reps, process CPU ms without: ${ms(cpu.without)}; with: ${ms(cpu.with)}`);
console.log(`all reps, main-thread CPU ms without: ${ms(main.without)}; with: ${ms(main.with)}`);
