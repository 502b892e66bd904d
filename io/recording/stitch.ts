/**
 * The checks and ordering every multi-file recording shares, whatever its format: files
 * sorted by their first time (stable; empty files last), and agreeing in dims, channel
 * count, distance coordinate, dtype and sampling interval — the error names both files.
 */
import type { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, ratCmp, ratToString } from "../../src/core/coords/rational.js";
import { DasflowError } from "../../src/core/errors.js";
import type { LazySource } from "../../src/core/lazySource.js";

/** The sources ordered by first time (ties and empty files keep their order; empty last). */
export function sortByStart(sources: readonly LazySource[]): LazySource[] {
  const first = (s: LazySource): Rational | null => {
    const t = s.coords["time"];
    return t && t.length > 0 ? t.at(0) : null;
  };
  const order = sources.map((_, i) => i);
  order.sort((i, j) => {
    const a = first(sources[i]!);
    const b = first(sources[j]!);
    if (a === null || b === null) return a === null ? (b === null ? i - j : 1) : -1;
    return ratCmp(a, b) || i - j;
  });
  return order.map((i) => sources[i]!);
}

/** Throws naming both files unless `b` can follow `a` in one recording. */
export function checkCompatible(a: LazySource, b: LazySource): void {
  const fa = a.files[0]!;
  const fb = b.files[0]!;
  const both = `${fa} and ${fb}`;
  if (a.dims.join() !== b.dims.join()) {
    throw new DasflowError("ShapeError", `${both} have different dims ([${a.dims.join(", ")}] vs [${b.dims.join(", ")}])`, { path: fb });
  }
  const [na, nb] = [a.backend.shape[1]!, b.backend.shape[1]!];
  if (na !== nb) throw new DasflowError("ShapeError", `${both} have different channel counts (${na} vs ${nb})`, { path: fb });
  const [da, db] = [a.coords["distance"]!, b.coords["distance"]!];
  if (!da.equals(db)) {
    throw new DasflowError("CoordinateError", `${both} have different distance coordinates (${describeDistance(da)} vs ${describeDistance(db)})`, { path: fb });
  }
  if (a.backend.dtype !== b.backend.dtype) {
    throw new DasflowError("FormatError", `${both} have different dtypes (${a.backend.dtype} vs ${b.backend.dtype})`, { path: fb });
  }
  const [sa, sb] = [a.coords["time"]!.step, b.coords["time"]!.step];
  if (sa !== null && sb !== null && ratCmp(sa, sb) !== 0) {
    throw new DasflowError("CoordinateError", `${both} have different sampling intervals (${ratToString(sa)} ns vs ${ratToString(sb)} ns)`, { path: fb });
  }
}

function describeDistance(c: InterpCoordinate): string {
  if (c.length === 0) return "no channels";
  const step = c.step === null ? "?" : `${Number(c.step.num) / Number(c.step.den)}`;
  return `${c.value(0)} m to ${c.value(c.length - 1)} m, step ${step} m`;
}

/** A tolerance in ns as a bigint ≥ 0 (UsageError otherwise). */
export function toleranceNs(t: bigint | number | undefined): bigint {
  if (t === undefined) return 0n;
  if (typeof t === "number" && !Number.isFinite(t)) throw new DasflowError("UsageError", `tolerance must be a finite number of ns, got ${t}`);
  const v = typeof t === "bigint" ? t : BigInt(Math.round(t));
  if (v < 0n) throw new DasflowError("UsageError", `tolerance must be ≥ 0 ns, got ${t}`);
  return v;
}
