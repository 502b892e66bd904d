/** Distance along the fibre in metres, as a tie-point coordinate with exact float64 tie values. */
import { InterpCoordinate } from "./interpCoordinate.js";
import { ratFromNumber } from "./rational.js";

/** A regular distance coordinate of `n` channels from `x0` every `dx` metres. */
export function distanceCoordinate(n: number, x0: number, dx: number): InterpCoordinate {
  return InterpCoordinate.regular(n, ratFromNumber(x0), ratFromNumber(dx), "m");
}
