/**
 * sosfiltZi: steady-state initial conditions of a cascade of second-order sections (SciPy's
 * `sosfilt_zi`): each section's lfilterZi, scaled by the DC gain of the sections before it.
 */
import { lfilterZi } from "./lfilterZi.js";
import { normalizeSos } from "./normalizeSos.js";

/** Rows of 2 state values per section. */
export function sosfiltZi(sos: readonly (readonly number[])[]): number[][] {
  const flat = normalizeSos(sos, "sosfiltZi");
  const out: number[][] = [];
  let scale = 1;
  for (let s = 0; s < sos.length; s++) {
    const b = Array.from(flat.subarray(s * 6, s * 6 + 3));
    const a = Array.from(flat.subarray(s * 6 + 3, s * 6 + 6));
    const zi = lfilterZi(b, a);
    out.push([scale * zi[0]!, scale * zi[1]!]);
    scale *= (b[0]! + b[1]! + b[2]!) / (a[0]! + a[1]! + a[2]!);
  }
  return out;
}
