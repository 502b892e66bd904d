/** Checks of the integer options of the resampling atoms (`q`, `factor`, `up`, `down`). */
import { DasflowError } from "../../src/core/errors.js";

/** Throws a SpecError naming the atom and the option unless `v` is an integer ≥ `min`. */
export function checkFactor(op: string, option: string, v: number, min = 1): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new DasflowError("SpecError", `${op}: ${option} must be an integer ≥ ${min}, got ${String(v)}`);
  }
  return v;
}
