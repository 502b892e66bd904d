/**
 * The sampling rate (Hz) of a time coordinate, for filters whose cutoff is given in Hz: one
 * division of the exact nominal interval (rational ns), so 3 kHz (333333⅓ ns) gives 3000.
 */
import type { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { DasflowError } from "../../src/core/errors.js";

/** 1e9 / dt for the coordinate's nominal interval `dt` in ns; a clear error when unknown. */
export function samplingRateHz(coord: InterpCoordinate | undefined, op: string): number {
  if (coord === undefined || coord.step === null) {
    throw new DasflowError("CoordinateError", `${op}: cutoffUnit "hz" needs the sampling interval of the time coordinate, and this chunk has ${coord === undefined ? "no time coordinate" : "a time coordinate without one"}`);
  }
  if (coord.unit !== "ns" || coord.step.num <= 0n) {
    throw new DasflowError("CoordinateError", `${op}: cutoffUnit "hz" needs an increasing time coordinate in ns, got unit "${coord.unit}" and step ${coord.step.num}/${coord.step.den}`);
  }
  return Number(1_000_000_000n * coord.step.den) / Number(coord.step.num);
}
