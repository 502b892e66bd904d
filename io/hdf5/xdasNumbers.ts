/**
 * The float arithmetic xdas (NumPy, pandas, Python) applies when it turns vendor metadata
 * into coordinates, reproduced bit for bit so that our exact coordinates equal what xdas
 * decodes — including its rounding (`round(1704067200.25 * 1e9)` is …249999872 ns).
 *
 * ```ts
 * pyRound(2.5);                        // 2n (half to even, like Python/NumPy)
 * pandasSecondsToNs(1704067200.029);   // 1704067200029000044n, as pd.Timestamp(x, unit="s")
 * ```
 */
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, ratFromNumber, ratInt } from "../../src/core/coords/rational.js";
import { DasflowError } from "../../src/core/errors.js";

/** Python `round(x)` / `np.rint(x)`: nearest integer, ties to even, as a bigint. */
export function pyRound(x: number): bigint {
  if (!Number.isFinite(x)) throw new DasflowError("FormatError", `cannot round ${x} to an integer`);
  const f = Math.floor(x);
  const d = x - f; // exact: the fraction of a double is a double
  let r = f;
  if (d > 0.5 || (d === 0.5 && f % 2 !== 0)) r = f + 1;
  return BigInt(r);
}

/** Python `round(x, digits)` for floats: the exact binary value rounded half-even, re-read. */
export function pyRoundDigits(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const r = ratFromNumber(x);
  const scale = 10n ** BigInt(digits);
  const num = r.num * scale;
  let q = num / r.den; // truncates toward zero
  const rem = (num % r.den) * 2n;
  const absRem = rem < 0n ? -rem : rem;
  if (absRem > r.den || (absRem === r.den && q % 2n !== 0n)) q += num < 0n ? -1n : 1n;
  return Number(`${q}e-${digits}`); // correctly rounded decimal → double
}

/**
 * pandas `Timestamp(x, unit="s")` for a float: whole seconds and the fraction (rounded to
 * 9 decimals) are scaled separately and each truncated to an integer.
 */
export function pandasSecondsToNs(x: number): bigint {
  if (!Number.isFinite(x)) throw new DasflowError("FormatError", `time ${x} is not a finite number of seconds`);
  const base = Math.trunc(x);
  const frac = pyRoundDigits(x - base, 9);
  return BigInt(base) * 1_000_000_000n + BigInt(Math.trunc(frac * 1e9));
}

/**
 * xdas's `from_block(start, size, step)` for a float coordinate: tie points at 0 and
 * size − 1 with the end computed in float64 (`start + step * (size - 1)`), nominal step `step`.
 */
export function floatBlockCoordinate(size: number, start: number, step: number, unit: string): InterpCoordinate {
  const nominal = ratFromNumber(step);
  if (size === 0) return new InterpCoordinate(0, [], [], unit, nominal);
  if (size === 1) return new InterpCoordinate(1, [0], [ratFromNumber(start)], unit, nominal);
  return new InterpCoordinate(size, [0, size - 1], [ratFromNumber(start), ratFromNumber(start + step * (size - 1))], unit, nominal);
}

/** An exact time block: `size` samples from `t0` every `dt` ns. */
export function timeBlock(size: number, t0: bigint, dt: bigint | Rational): InterpCoordinate {
  return InterpCoordinate.regular(size, ratInt(t0), typeof dt === "bigint" ? ratInt(dt) : dt, "ns");
}
