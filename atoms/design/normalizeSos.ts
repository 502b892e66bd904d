/** Validates second-order sections (rows `[b0, b1, b2, a0, a1, a2]`) and normalises a0 to 1. */
import { DasflowError } from "../../src/core/errors.js";

/** Flat Float64Array of n·6 coefficients with every a0 = 1. */
export function normalizeSos(sos: readonly (readonly number[])[], where = "sosfilt"): Float64Array {
  if (sos.length === 0) throw new DasflowError("SpecError", `${where}: sos must have at least one section`);
  const out = new Float64Array(sos.length * 6);
  sos.forEach((row, s) => {
    if (row.length !== 6) throw new DasflowError("SpecError", `${where}: sos[${s}] must have 6 coefficients [b0, b1, b2, a0, a1, a2], got ${row.length}`);
    row.forEach((v, k) => {
      if (!Number.isFinite(v)) throw new DasflowError("SpecError", `${where}: sos[${s}][${k}] must be a finite number, got ${v}`);
    });
    const a0 = row[3]!;
    if (a0 === 0) throw new DasflowError("SpecError", `${where}: sos[${s}] has a0 = 0 (the leading denominator coefficient must be non-zero)`);
    for (let k = 0; k < 6; k++) out[s * 6 + k] = a0 === 1 ? row[k]! : row[k]! / a0;
  });
  return out;
}
