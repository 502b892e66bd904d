/**
 * A pick as plain state — how `trigger` keeps its pending picks and `coincidence` the picks it
 * holds — declared once, so both check a restored pick the same way.
 *
 * ```ts
 * const saved = picks.map(pickToState);
 * const back = z.array(pickState()).parse(saved).map(pickFromState); // equal to picks
 * ```
 */
import type { z as Z } from "zod";
import { lazySchema, z } from "../../src/core/zod.js";
import { anyNumber } from "../../src/core/state/stateDefinition.js";
import type { StateValue } from "../../src/core/state/stateValue.js";
import type { Pick } from "../../src/core/pick.js";

/** A pick in a state; `onset` is absent (trigger) or null (coincidence) when not refined. Keys in the order picks are made. */
export const pickState = lazySchema(() => z.object({
  channel: anyNumber(),
  distance: anyNumber().nullable(),
  onTime: z.bigint(),
  offTime: z.bigint(),
  peakTime: z.bigint(),
  peakValue: anyNumber(),
  onset: z.bigint().nullable().optional(),
}));

/** A pick as plain state (an unrefined onset stored as null). */
export function pickToState(p: Pick): StateValue {
  return { channel: p.channel, distance: p.distance, onTime: p.onTime, offTime: p.offTime, peakTime: p.peakTime, peakValue: p.peakValue, onset: p.onset ?? null };
}

/** The pick of a checked state: `onset` only when refined. */
export function pickFromState(r: Z.infer<ReturnType<typeof pickState>>): Pick {
  const p: Pick = { channel: r.channel, distance: r.distance, onTime: r.onTime, offTime: r.offTime, peakTime: r.peakTime, peakValue: r.peakValue };
  return typeof r.onset === "bigint" ? { ...p, onset: r.onset } : p;
}
