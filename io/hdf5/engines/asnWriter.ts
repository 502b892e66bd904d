/**
 * writeAsnFile: a (time, distance) DataArray as one ASN OptoDAS HDF5 file that the `asn`
 * engine (and xdas) read back with the same coordinates — for synthetic multi-file
 * recordings in a vendor layout (tests, demo).
 *
 * ASN stores the start time as float64 posix seconds and xdas reads `round(time · 1e9)`, so
 * only start times that survive that round trip can be written; any other is refused with
 * the nearest one that does (whole seconds and most millisecond times do).
 *
 * ```ts
 * await writeAsnFile("rec/000.hdf5", DataArray.regular(data, [nt, nx], { t0, dt: 4_000_000n, x0: 0, dx: 2 }));
 * ```
 */
import { formatIso } from "../../../src/core/coords/time.js";
import type { DataArray } from "../../../src/core/dataArray.js";
import { DasflowError } from "../../../src/core/errors.js";
import { h5 } from "../h5wasm.js";
import { pyRound } from "../xdasNumbers.js";

export interface AsnWriteOptions {
  /** HDF5 chunk shape of `/data` (default contiguous). */
  readonly chunks?: readonly [number, number];
  /** gzip level of `/data` (needs `chunks`; default none). */
  readonly gzip?: number;
}

/** Writes `da` (dims time, distance; regular time in whole ns; regular distance) to `path`. */
export async function writeAsnFile(path: string, da: DataArray, options: AsnWriteOptions = {}): Promise<void> {
  if (da.dims.length !== 2 || da.dims[0] !== "time" || da.dims[1] !== "distance") {
    throw new DasflowError("ShapeError", `ASN files hold (time, distance) arrays, got dims [${da.dims.join(", ")}]`, { path });
  }
  const [nt, nx] = da.shape as [number, number];
  if (nt === 0 || nx === 0) throw new DasflowError("ShapeError", `cannot write an empty array (${nt} × ${nx}) as ASN`, { path });
  const time = da.coords.time;
  const distance = da.coords.distance;
  if (!time || !distance) throw new DasflowError("CoordinateError", "ASN needs time and distance coordinates", { path });
  if (!time.isRegular() || time.step === null || time.step.den !== 1n || time.step.num <= 0n) {
    throw new DasflowError("CoordinateError", "ASN needs a regular time coordinate with a whole number of ns per sample", { path });
  }
  if (!distance.isRegular()) throw new DasflowError("CoordinateError", "ASN (one ROI) needs a regular distance coordinate", { path });
  const t0 = time.ns(0);
  const dtNs = time.step.num;
  const seconds = secondsFor(t0);
  if (seconds === null) {
    throw new DasflowError("CoordinateError", `start time ${formatIso(t0)} cannot be stored exactly as ASN float64 seconds (xdas reads round(time·1e9))`, { path });
  }
  const dtSeconds = Number(dtNs) / 1e9;
  if (pyRound(1e9 * dtSeconds) !== dtNs) {
    throw new DasflowError("CoordinateError", `sampling interval ${dtNs} ns cannot be stored exactly as ASN float64 seconds`, { path });
  }
  const dists = distance.toFloat64Array();
  const dx = nx > 1 ? distance.value(1) - distance.value(0) : distance.step === null ? 1 : Number(distance.step.num) / Number(distance.step.den);
  if (!(dx > 0)) throw new DasflowError("CoordinateError", `ASN needs increasing distances, got step ${dx} m`, { path });
  // roiStart·dx ≤ first distance and roiEnd·dx ≥ last distance, so the ROI spans every channel.
  let roiStart = Math.floor(dists[0]! / dx);
  while (roiStart * dx > dists[0]!) roiStart--;
  let roiEnd = Math.ceil(dists[nx - 1]! / dx);
  while (roiEnd * dx < dists[nx - 1]!) roiEnd++;

  const lib = await h5();
  let file;
  try {
    file = new lib.File(path, "w");
  } catch (err) {
    throw new DasflowError("IOError", `cannot create HDF5 file: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`, { path, cause: err });
  }
  try {
    const header = file.create_group("header");
    header.create_dataset({ name: "time", data: seconds, shape: [], dtype: "<d" });
    header.create_dataset({ name: "dt", data: dtSeconds, shape: [], dtype: "<d" });
    header.create_dataset({ name: "dx", data: dx, shape: [], dtype: "<d" });
    file.create_group("cableSpec").create_dataset({ name: "sensorDistances", data: dists, shape: [nx], dtype: "<d" });
    const demod = file.create_group("demodSpec");
    demod.create_dataset({ name: "roiStart", data: BigInt64Array.of(BigInt(roiStart)), shape: [1], dtype: "<q" });
    demod.create_dataset({ name: "roiEnd", data: BigInt64Array.of(BigInt(roiEnd)), shape: [1], dtype: "<q" });
    demod.create_dataset({ name: "roiDec", data: BigInt64Array.of(1n), shape: [1], dtype: "<q" });
    file.create_dataset({
      name: "data",
      data: da.data,
      shape: [nt, nx],
      dtype: da.dtype === "float32" ? "<f" : "<d",
      ...(options.chunks ? { chunks: [...options.chunks] } : {}),
      ...(options.gzip !== undefined ? { compression: options.gzip } : {}),
    });
  } finally {
    file.close();
  }
}

/** A float64 number of seconds s with round(s · 1e9) = t0, or null when none exists. */
function secondsFor(t0: bigint): number | null {
  const guess = Number(t0) / 1e9;
  if (pyRound(guess * 1e9) === t0) return guess;
  const buf = new DataView(new ArrayBuffer(8));
  for (const dir of [1n, -1n]) {
    buf.setFloat64(0, guess);
    let bits = buf.getBigInt64(0);
    for (let k = 0; k < 8; k++) {
      bits += guess >= 0 ? dir : -dir;
      buf.setBigInt64(0, bits);
      const s = buf.getFloat64(0);
      if (pyRound(s * 1e9) === t0) return s;
    }
  }
  return null;
}
