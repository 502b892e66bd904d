/**
 * The demo's default pipeline, a classic DAS event detector: a Butterworth band-pass (2–40
 * Hz, removes the 1/f drift and the vehicles' quasi-static strain), decimation by 4 (1 kHz →
 * 250 Hz, with its anti-alias filter), ObsPy's recursive STA/LTA (0.05 s over 2 s), a
 * trigger (on above 4, off below 1.5) that emits the picks with their onsets refined by an AIC
 * picker over the 0.4 s before trigger-on, and a coincidence that declares
 * an event where at least 20 spatially connected channels (up to 2 missing) trigger together,
 * associating the fragments of one source (P patches and S of an earthquake, stretches of a
 * vehicle's track) into one event.
 *
 * ```ts
 * const spec = demoPipeline(1000); // { atoms: [iirfilter, decimate, staLta, trigger, coincidence] }
 * ```
 */
import type { PipelineSpec } from "../../atoms/pipeline/pipeline.js";
import { DasflowError } from "../core/errors.js";

/** Decimation factor, short and long STA/LTA windows (s), trigger thresholds. */
export const DEMO_DETECTOR = { band: [2, 40] as const, q: 4, sta: 0.05, lta: 2, on: 4, off: 1.5, aic: 0.4, minChannels: 20, maxChannelGap: 2 };

/** The pipeline for a recording sampled at `rate` Hz. */
export function demoPipeline(rate: number): PipelineSpec {
  const d = DEMO_DETECTOR;
  const decimated = rate / d.q;
  if (!(d.band[1] < 0.4 * decimated)) throw new DasflowError("UsageError", `the demo pipeline needs a sampling rate of at least ${Math.ceil((d.band[1] / 0.4) * d.q)} Hz, got ${rate}`);
  return {
    atoms: [
      { op: "iirfilter", order: 4, cutoff: [...d.band], cutoffUnit: "hz", btype: "bandpass" },
      { op: "decimate", q: d.q },
      { op: "staLta", method: "recursive", nsta: Math.round(d.sta * decimated), nlta: Math.round(d.lta * decimated) },
      { op: "trigger", on: d.on, off: d.off, aicWindow: Math.round(d.aic * decimated) },
      { op: "coincidence", minChannels: d.minChannels, window: 0, maxChannelGap: d.maxChannelGap, fit: "auto", associate: true },
    ],
  };
}

/** One line describing the pipeline. */
export function describeDemoPipeline(coincidence = true): string {
  const d = DEMO_DETECTOR;
  const tail = coincidence ? ` -> coincidence of ${d.minChannels} connected channels (gap <= ${d.maxChannelGap}), associated into one event per source` : "";
  return `band-pass ${d.band[0]}-${d.band[1]} Hz (Butterworth, order 4) -> decimate x${d.q} -> recursive STA/LTA ${d.sta}/${d.lta} s -> trigger on ${d.on} / off ${d.off} (AIC onsets, ${d.aic} s)${tail}`;
}
