/** Validates a transfer function (b, a) and normalises it to a[0] = 1, b and a of equal length. */
import { DasflowError } from "../../src/core/errors.js";

export interface TransferFunction {
  readonly b: Float64Array;
  readonly a: Float64Array;
}

/** Leading zeros of `a` are dropped; `a[0] == 0` (all zeros) and empty/non-finite inputs are errors. */
export function normalizeBA(b: readonly number[], a: readonly number[], where = "filter"): TransferFunction {
  if (b.length === 0) throw new DasflowError("SpecError", `${where}: b must have at least one coefficient`);
  if (a.length === 0) throw new DasflowError("SpecError", `${where}: a must have at least one coefficient`);
  for (const [name, arr] of [["b", b], ["a", a]] as const) {
    arr.forEach((v, i) => {
      if (!Number.isFinite(v)) throw new DasflowError("SpecError", `${where}: ${name}[${i}] must be a finite number, got ${v}`);
    });
  }
  if (a[0] === 0) throw new DasflowError("SpecError", `${where}: a[0] must be non-zero (got a = [${a.join(", ")}])`);
  const n = Math.max(a.length, b.length);
  const bn = new Float64Array(n);
  const an = new Float64Array(n);
  const a0 = a[0]!;
  // Divide only when needed so that a[0] == 1 keeps the coefficients bit-for-bit.
  for (let i = 0; i < b.length; i++) bn[i] = a0 === 1 ? b[i]! : b[i]! / a0;
  for (let i = 0; i < a.length; i++) an[i] = a0 === 1 ? a[i]! : a[i]! / a0;
  return { b: bn, a: an };
}
