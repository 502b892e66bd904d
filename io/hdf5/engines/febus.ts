/**
 * Febus A1 HDF5 files, read as xdas does (xdas/io/febus.py): `/<Device>/Source1/Zone1/<Name>`
 * is a stack of (block, time in block, distance) blocks that overlap in time. Each block
 * is trimmed of `overlaps = [before, after]` samples and the blocks are concatenated; block k
 * starts at `time[k] + (before − offset)·dt` (the float seconds taken exactly, to the ns),
 * dt = `Spacing[1]` ms to the ns (0.95238095 ms → 952381 ns), dx = `Spacing[0]` m,
 * x0 = `Extent[0]·dx + Origin[0]`. Defaults (as xdas): overlaps from `BlockRate` (or
 * `FreqRes`) — `noverlap = nt_block − round(1/(blockrate·dt))`, split half before, half after —
 * and `offset = nt_block // 2`. The data name (`StrainRate` → `strain_rate`) is `attrs.name`.
 *
 * Deliberate differences: xdas slices `[before:-after]`, which is empty when `after` is 0; we
 * keep `[before, nt_block − after)`, the evident intent. xdas rounds block starts and dt to
 * the µs (952381 ns becomes 952000 ns and drifts 0.4 ms per second); we keep the ns.
 * "v1" files (no `Version` and no `BlockRate`; `FreqRes` as text) have no overlaps and a
 * jittery software clock: see `openV1`. Product datasets (PSD, energy bands) are refused.
 *
 * ```ts
 * const src = await febusEngine.open("febus.h5", { overlaps: [50, 50], offset: 100 });
 * ```
 */
import { InterpCoordinate } from "../../../src/core/coords/interpCoordinate.js";
import { DasflowError } from "../../../src/core/errors.js";
import type { LazySource } from "../../../src/core/lazySource.js";
import { type Detection, type Engine, type EngineOptions, OK, assertDetected, numberOf, reject, requireAttrs, requireObjects } from "../engine.js";
import { secondsToNs } from "../timeText.js";
import { H5File } from "../file.js";
import { hdf5Source } from "../source.js";
import { floatBlockCoordinate, pyRound, timeBlock } from "../xdasNumbers.js";

/** Where the pieces are, or why this is not a Febus file. */
function locate(file: H5File): { ok: true; source: string; zone: string; data: string } | { ok: false; reason: string } {
  const top = file.keys("/");
  if (top.length !== 1) return { ok: false, reason: `expected one device group at the root, found ${top.length} members` };
  const source = `/${top[0]}/Source1`;
  const zone = `${source}/Zone1`;
  const req = requireObjects(file, { [source]: "group", [`${source}/time`]: "dataset", [zone]: "group" });
  if (!req.ok) return req;
  const attrs = requireAttrs(file, zone, ["Spacing", "Extent", "Origin"]);
  if (!attrs.ok) return attrs;
  const names = file.attrNames(zone);
  if (!names.includes("BlockRate") && !names.includes("FreqRes")) return { ok: false, reason: `no attribute BlockRate or FreqRes on ${zone}` };
  const members = file.keys(zone);
  if (members.length !== 1) return { ok: false, reason: `expected one dataset in ${zone}, found [${members.join(", ")}]` };
  const data = `${zone}/${members[0]}`;
  if (file.kind(data) !== "dataset") return { ok: false, reason: `${data} is not a dataset` };
  const rank = file.info(data).shape.length;
  if (rank !== 3 && !PRODUCT.test(members[0]!)) return { ok: false, reason: `${data} is ${rank}-D, expected 3-D (block, time, distance)` };
  return { ok: true, source, zone, data };
}

function detect(file: H5File): Detection {
  const l = locate(file);
  return l.ok ? OK : reject(l.reason);
}

/** Febus product datasets (spectra, band energies, RMS): not a strain-rate waterfall. */
const PRODUCT = /psd|spectr|energy|band|rms|fft|product|fbe/i;

async function open(path: string, options: EngineOptions = {}): Promise<LazySource> {
  const file = await H5File.open(path);
  try {
    const l = locate(file);
    if (!l.ok) {
      assertDetected("Febus", path, reject(l.reason));
      throw new Error("unreachable");
    }
    const rawName = l.data.slice(l.zone.length + 1);
    if (PRODUCT.test(rawName)) {
      throw new DasflowError("FormatError", `Febus product file (${l.data}: spectra or band energies), not strain-rate data; dasflow reads Febus waterfalls only`, { path });
    }
    const zoneAttrs = file.attrs(l.zone);
    const spacing = zoneAttrs.Spacing;
    if (!Array.isArray(spacing) || spacing.length < 2) throw new DasflowError("FormatError", `${l.zone}@Spacing must hold [dx m, dt ms]`, { path });
    const dx = numberOf(spacing[0], `${l.zone}@Spacing[0]`, path);
    const x0 = numberOf(zoneAttrs.Extent, `${l.zone}@Extent[0]`, path) * dx + numberOf(zoneAttrs.Origin, `${l.zone}@Origin[0]`, path);
    const info = file.info(l.data);
    const [nblocks, ntBlock, nx] = info.shape as [number, number, number];
    const times = file.readNumbers(`${l.source}/time`);
    if (times.length !== nblocks) {
      throw new DasflowError("FormatError", `${l.source}/time has ${times.length} timestamps but ${l.data} has ${nblocks} blocks`, { path });
    }
    const rawNameSnake = rawName.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
    const common = { path, format: "febus", info, distance: floatBlockCoordinate(nx, x0, dx, "m") };
    const versioned = zoneAttrs.Version !== undefined || file.attr(l.source, "Version") !== undefined;
    if (!versioned && zoneAttrs.BlockRate === undefined && options.overlaps === undefined) {
      const v1 = openV1(path, l.zone, zoneAttrs, times, ntBlock, options);
      return hdf5Source({ ...common, storage: { kind: "blocks", before: 0, keep: ntBlock }, time: v1.time, attrs: { name: rawNameSnake, overlaps: [0, 0], offset: v1.offset, version: "1" } });
    }
    const rate = zoneAttrs.BlockRate ?? zoneAttrs.FreqRes;
    const blockrate = numberOf(rate, `${l.zone}@BlockRate`, path) / 1000.0;
    const dtMs = numberOf(spacing[1], `${l.zone}@Spacing[1]`, path);
    const dtSeconds = dtMs / 1000.0;
    let overlaps = options.overlaps;
    if (overlaps === undefined) {
      const noverlap = ntBlock - Number(pyRound(1 / blockrate / dtSeconds));
      const before = Math.floor(noverlap / 2);
      overlaps = [before, noverlap - before];
    }
    const [before, after] = overlaps;
    const offset = options.offset ?? Math.floor(ntBlock / 2);
    if (!Number.isInteger(before) || !Number.isInteger(after) || before < 0 || after < 0 || before + after > ntBlock) {
      throw new DasflowError("FormatError", `overlaps [${before}, ${after}] do not fit blocks of ${ntBlock} samples (${l.zone}@BlockRate ${blockrate * 1000}, Spacing[1] ${dtMs} ms)`, { path });
    }
    if (!Number.isInteger(offset)) throw new DasflowError("FormatError", `offset must be an integer, got ${offset}`, { path });
    const keep = ntBlock - before - after;
    // dt exactly as the file states it, to the ns (0.95238095 ms → 952381 ns).
    const dt = pyRound(dtMs * 1e6);
    if (dt <= 0n) throw new DasflowError("FormatError", `sampling interval ${dtMs} ms rounds to 0 ns`, { path });
    const shift = BigInt(before - offset) * dt;
    const parts = times.map((t) => timeBlock(keep, secondsToNs(t) + shift, dt));
    const time = parts.length === 0 ? timeBlock(0, 0n, dt) : InterpCoordinate.concat(parts);
    return hdf5Source({ ...common, storage: { kind: "blocks", before, keep }, time, attrs: { name: rawNameSnake, overlaps: [before, after], offset } });
  } finally {
    file.close();
  }
}

/**
 * Febus "v1" files (no `Version` attribute; PubDAS Valencia): blocks do not overlap, dt is
 * 1 / `SamplingRate` (`Spacing[1]` where SamplingRate is the 250 MHz placeholder), and the
 * block timestamps (a software clock) jitter around a regular grid, so time is regular from
 * the first block, its timestamp being the block's middle sample (as for later versions).
 */
function openV1(path: string, zone: string, attrs: Record<string, unknown>, times: readonly number[], ntBlock: number, options: EngineOptions): { time: InterpCoordinate; offset: number } {
  const fs = numberOf(attrs.SamplingRate, `${zone}@SamplingRate`, path);
  const spacingMs = numberOf((attrs.Spacing as unknown[])[1], `${zone}@Spacing[1]`, path);
  const dt = fs < 1e8 ? pyRound(1e9 / fs) : pyRound(spacingMs * 1e6);
  if (dt <= 0n) throw new DasflowError("FormatError", `${zone}@SamplingRate ${fs} gives no sampling interval`, { path });
  const warn = (m: string): void => options.onWarning?.(`${path}: ${m}`);
  if (fs < 1e8 && pyRound(spacingMs * 1e6) !== dt) warn(`Febus v1: ${zone}@Spacing[1] says ${spacingMs} ms but SamplingRate ${fs} Hz (and the blocks' spacing) say ${Number(dt) / 1e6} ms; using SamplingRate`);
  const offset = options.offset ?? Math.floor(ntBlock / 2);
  const t0 = times.length > 0 ? secondsToNs(times[0]!) : 0n;
  let worst = 0n;
  for (let k = 0; k < times.length; k++) {
    const d = secondsToNs(times[k]!) - (t0 + BigInt(k * ntBlock) * dt);
    if ((d < 0n ? -d : d) > worst) worst = d < 0n ? -d : d;
  }
  if (worst * 2n > dt) warn(`Febus v1: block timestamps stray up to ${Number(worst) / 1e6} ms from a regular grid; time taken as regular from the first block`);
  return { time: timeBlock(times.length * ntBlock, t0 - BigInt(offset) * dt, dt), offset };
}

/** Febus A1 (`/<Device>/Source1/Zone1/<Name>`, overlapping blocks). */
export const febusEngine: Engine = { name: "febus", detect, open };
