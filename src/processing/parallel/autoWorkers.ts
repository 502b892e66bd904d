/**
 * `--workers auto`: how many threads a pipeline should split its channels across. Splitting
 * costs the parent thread a copy of the workers' input blocks and of the output (memory speed,
 * serial) plus a round trip per chunk; it pays only when the atoms' arithmetic per sample is
 * several times a copy. `pipelineCost` estimates that arithmetic from the spec alone (so the
 * choice is the same on every run of a job), in units of one second-order section per input
 * sample; the threshold comes from `npm run bench -- --workers` (see AUTO_MIN_COST).
 *
 * ```ts
 * autoWorkers(validateSpec(spec), 1000);   // 2 on a 2-core machine for 8 sections + FIR decimate + STA/LTA
 * ```
 */
import { availableParallelism } from "node:os";
import type { ValidatedAtom } from "../../../atoms/pipeline/pipeline.js";

/**
 * Below this estimated cost (sections per input sample) one thread is as fast or faster.
 * One cost unit is ~1.3–1.7 ns per sample of arithmetic; splitting adds ~1 unit of copying on
 * the parent thread (the chunk into shared memory, its own block, the output) and a round trip
 * per chunk, and in a whole job the reader and the writer thread already use the second of
 * two cores. Measured end to end on 2 cores (`dasflow run`, 480 MB of ASN files, 1,000
 * channels, chunks of 10,000, alternating 3–5 runs, median wall, 2 workers / 1 worker): a
 * 4-section band-pass + downsample + square (cost 4.1) 1.31 / 0.98 s; an 8-section one (8.1)
 * 1.48 / 1.29 s; 4-section band-pass + decimate q=4 + square (8.1) 1.34 / 1.18 s; the
 * 8-section band-pass + FIR decimate + classic STA/LTA (13.6) 2.76 / 3.39 s. So the split
 * pays from about 10 units (in memory, without the I/O threads, `npm run bench -- --workers`
 * shows it paying earlier: there the second core is free).
 */
export const AUTO_MIN_COST = 10;

/** Below this many channels a block is too narrow for the copies and round trips to pay. */
export const AUTO_MIN_CHANNELS = 64;

const num = (v: unknown, fallback: number): number => (typeof v === "number" && Number.isFinite(v) ? v : fallback);

/** Cost per sample at the atom's own input rate, and the factor by which it changes the rate. */
function atomCost(a: ValidatedAtom): { cost: number; rate: number } {
  const o = a.options;
  switch (a.op) {
    case "sosfilt":
      return { cost: Array.isArray(o["sos"]) ? o["sos"].length : 1, rate: 1 };
    case "iirfilter": {
      const order = num(o["order"], 2);
      const band = o["btype"] === "bandpass" || o["btype"] === "bandstop";
      return { cost: band ? order : Math.ceil(order / 2), rate: 1 };
    }
    case "lfilter":
      return { cost: Math.max(Array.isArray(o["b"]) ? o["b"].length : 1, Array.isArray(o["a"]) ? o["a"].length : 1) / 2, rate: 1 };
    case "firfilter":
      // A tap is a multiply-add without the recursion's dependency chain: ~4 per section.
      return { cost: num(o["numtaps"], 1) / 4, rate: 1 };
    case "decimate": {
      const q = num(o["q"], 1);
      // iir: cheby1 of order n as n/2 sections at the input rate; fir: 20q+1 taps per output.
      const cost = o["ftype"] === "fir" ? (num(o["n"], 20 * q) + 1) / q / 4 : num(o["n"], 8) / 2;
      return { cost, rate: 1 / q };
    }
    case "resamplePoly": {
      const up = num(o["up"], 1);
      const down = num(o["down"], 1);
      // Kaiser window of 20·max(up, down)+1 taps, computed polyphase: ~20 taps per output.
      return { cost: (20 * (up / down)) / 4, rate: up / down };
    }
    case "downsample":
      return { cost: 0.05, rate: 1 / num(o["factor"], 1) };
    case "upsample":
      return { cost: 0.05, rate: num(o["factor"], 1) };
    case "staLta":
      return { cost: o["method"] === "classic" ? 2 : 1, rate: 1 };
    case "square":
    case "abs":
    case "scale":
      return { cost: 0.25, rate: 1 };
    case "trigger":
      return { cost: 0.5, rate: 1 };
    default:
      // Spectral atoms (stft, bandEnergy): FFTs, costly per sample.
      return { cost: 8, rate: 1 };
  }
}

/** Estimated arithmetic per input sample, in second-order sections (see the module comment). */
export function pipelineCost(atoms: readonly ValidatedAtom[]): number {
  let rate = 1;
  let total = 0;
  for (const a of atoms) {
    const { cost, rate: r } = atomCost(a);
    total += cost * rate;
    rate *= r;
  }
  return total;
}

/**
 * The worker count `--workers auto` runs: 1 for a cheap pipeline or a narrow array, else one
 * thread per core (at most one per AUTO_MIN_CHANNELS channels).
 */
export function autoWorkers(atoms: readonly ValidatedAtom[], channels: number, cores = availableParallelism()): number {
  if (cores < 2 || channels < AUTO_MIN_CHANNELS || pipelineCost(atoms) < AUTO_MIN_COST) return 1;
  return Math.max(1, Math.min(cores, Math.floor(channels / AUTO_MIN_CHANNELS)));
}
