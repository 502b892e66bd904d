/**
 * ASN OptoDAS HDF5 files, read as xdas does (xdas/io/asn.py):
 * `/header/time` (float posix seconds) → t0 = round(time · 1e9) ns in float64 (so
 * 1704067200.25 s becomes …249999872 ns, exactly like xdas); `/header/dt` → round(1e9 · dt) ns;
 * distance tie points at each ROI's first and last channel, found in
 * `/cableSpec/sensorDistances` from `/demodSpec/roiStart|roiEnd · /header/dx`; data `/data`
 * (time, distance).
 *
 * ```ts
 * const src = await asnEngine.open("asn.hdf5");
 * src.coords.distance.tieIndices; // [0, 9, 10, 19] for two ROIs
 * ```
 */
import { InterpCoordinate } from "../../../src/core/coords/interpCoordinate.js";
import { ratFromNumber, ratScale } from "../../../src/core/coords/rational.js";
import { DasflowError } from "../../../src/core/errors.js";
import type { LazySource } from "../../../src/core/lazySource.js";
import { type Detection, type Engine, type EngineOptions, assertDetected, firstFailure, numberOf, requireObjects, requireRank } from "../engine.js";
import { H5File } from "../file.js";
import { hdf5Source, locateIn } from "../source.js";
import { pyRound, timeBlock } from "../xdasNumbers.js";

export { writeAsnFile } from "./asnWriter.js";

const REQUIRED = {
  "/header": "group",
  "/header/time": "dataset",
  "/header/dt": "dataset",
  "/header/dx": "dataset",
  "/data": "dataset",
  "/cableSpec/sensorDistances": "dataset",
  "/demodSpec/roiStart": "dataset",
  "/demodSpec/roiEnd": "dataset",
} as const;

function detect(file: H5File): Detection {
  return firstFailure(
    () => requireObjects(file, REQUIRED),
    () => requireRank(file, "/data", 2, "(time, distance)"),
  );
}

async function open(path: string, options: EngineOptions = {}): Promise<LazySource> {
  const file = await H5File.open(path);
  try {
    assertDetected("ASN", path, detect(file));
    const time = numberOf(file.readNumbers("/header/time"), "/header/time", path);
    const dtSeconds = numberOf(file.readNumbers("/header/dt"), "/header/dt", path);
    const dx = numberOf(file.readNumbers("/header/dx"), "/header/dx", path);
    const t0 = pyRound(time * 1e9);
    const dt = pyRound(1e9 * dtSeconds);
    if (dt <= 0n) throw new DasflowError("FormatError", `/header/dt must be positive, got ${dtSeconds} s`, { path });
    const info = file.info("/data");
    const [nt, nx] = info.shape as [number, number];
    const dists = file.readNumbers("/cableSpec/sensorDistances");
    const units = unitsOf(file);
    if (dists.length !== nx && file.kind("/header/channels") === "dataset" && (file.info("/header/channels").shape[0] ?? -1) === nx) {
      // Decimated or sub-selected in distance after recording: /header/channels lists the
      // channels kept, each at channel · dx (dx in /header/dimensionUnits, metres).
      options.onWarning?.(`${path}: /cableSpec/sensorDistances has ${dists.length} values but /data has ${nx} channels (decimated after recording); distance = /header/channels × /header/dx`);
      const channels = file.readNumbers("/header/channels");
      const step = ratFromNumber(dx);
      const vals = channels.map((c) => ratScale(step, BigInt(c)));
      const distance = nx === 0 ? new InterpCoordinate(0, [], [], "m", step) : new InterpCoordinate(nx, channels.map((_, i) => i), vals, "m");
      return hdf5Source({ ...locateIn(file, options), path, format: "asn", info, storage: { kind: "rows" }, time: timeBlock(nt, t0, dt), distance, attrs: units });
    }
    if (dists.length !== nx) {
      throw new DasflowError("FormatError", `/cableSpec/sensorDistances has ${dists.length} values but /data has ${nx} channels`, { path });
    }
    const starts = file.readNumbers("/demodSpec/roiStart");
    const ends = file.readNumbers("/demodSpec/roiEnd");
    if (starts.length !== ends.length || starts.length === 0) {
      throw new DasflowError("FormatError", `/demodSpec/roiStart (${starts.length}) and roiEnd (${ends.length}) must list the same ROIs`, { path });
    }
    const idx: number[] = [];
    const vals: number[] = [];
    for (let r = 0; r < starts.length; r++) {
      const i0 = bisectLeft(dists, starts[r]! * dx);
      const i1 = bisectRight(dists, ends[r]! * dx) - 1;
      if (i0 >= nx) throw new DasflowError("FormatError", `ROI ${r} starts beyond the last sensor distance`, { path });
      if (i1 < 0) throw new DasflowError("FormatError", `ROI ${r} ends before the first sensor distance`, { path });
      for (const i of [i0, i1]) {
        // A one-channel ROI gives the same index twice; a tie point is listed once.
        if (idx.length > 0 && idx[idx.length - 1] === i) continue;
        idx.push(i);
        vals.push(dists[i]!);
      }
    }
    if (nx > 0 && (idx[0] !== 0 || idx[idx.length - 1] !== nx - 1)) {
      throw new DasflowError("FormatError", `ROIs cover channels ${idx[0]}…${idx[idx.length - 1]}, not all ${nx} channels of /data`, { path });
    }
    const distance = nx === 0 ? new InterpCoordinate(0, [], [], "m", ratFromNumber(dx)) : new InterpCoordinate(nx, idx, vals.map(ratFromNumber), "m");
    return hdf5Source({
      ...locateIn(file, options),
      path,
      format: "asn",
      info,
      storage: { kind: "rows" },
      time: timeBlock(nt, t0, dt),
      distance,
      attrs: units,
    });
  } catch (err) {
    if (err instanceof DasflowError) throw err;
    throw new DasflowError("FormatError", `cannot read as ASN: ${err instanceof Error ? err.message : String(err)}`, { path, cause: err });
  } finally {
    file.close();
  }
}

/** `/header/unit` (e.g. `strain/s`) as attrs.units. */
function unitsOf(file: H5File): Record<string, string> {
  if (file.kind("/header/unit") !== "dataset") return {};
  const u = file.readValue("/header/unit");
  return typeof u === "string" && u.trim() ? { units: u.trim() } : {};
}

/** Python's bisect_left: first index whose value is ≥ x. */
function bisectLeft(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Python's bisect_right: first index whose value is > x. */
function bisectRight(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < a[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** ASN OptoDAS (`/header`, `/cableSpec`, `/demodSpec`, `/data`). */
export const asnEngine: Engine = { name: "asn", detect, open };
