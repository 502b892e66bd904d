/**
 * Febus A1 HDF5 files, read as xdas does (xdas/io/febus.py): `/<Device>/Source1/Zone1/<Name>`
 * is a stack of (block, time in block, distance) blocks that overlap in time. Each block
 * is trimmed of `overlaps = [before, after]` samples and the blocks are concatenated; block k
 * starts at `time[k] + (before − offset)·dt`, rounded to the microsecond in float64 like
 * xdas (`np.rint(1e6·t)`), dt = `Spacing[1]` ms, dx = `Spacing[0]` m,
 * x0 = `Extent[0]·dx + Origin[0]`. Defaults (as xdas): overlaps from `BlockRate` (or
 * `FreqRes`) — `noverlap = nt_block − round(1/(blockrate·dt))`, split half before, half after —
 * and `offset = nt_block // 2`. The data name (`StrainRate` → `strain_rate`) is `attrs.name`.
 *
 * Deliberate difference: xdas slices `[before:-after]`, which is empty when `after` is 0; we
 * keep `[before, nt_block − after)`, the evident intent.
 *
 * ```ts
 * const src = await febusEngine.open("febus.h5", { overlaps: [50, 50], offset: 100 });
 * ```
 */
import { InterpCoordinate } from "../../../src/coords/interpCoordinate.js";
import { DasflowError } from "../../../src/errors.js";
import type { LazySource } from "../../../src/lazy/source.js";
import { type Detection, type Engine, type EngineOptions, OK, assertDetected, numberOf, reject, requireAttrs, requireObjects } from "../engine.js";
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
  if (rank !== 3) return { ok: false, reason: `${data} is ${rank}-D, expected 3-D (block, time, distance)` };
  return { ok: true, source, zone, data };
}

function detect(file: H5File): Detection {
  const l = locate(file);
  return l.ok ? OK : reject(l.reason);
}

async function open(path: string, options: EngineOptions = {}): Promise<LazySource> {
  const file = await H5File.open(path);
  try {
    const l = locate(file);
    if (!l.ok) {
      assertDetected("Febus", path, reject(l.reason));
      throw new Error("unreachable");
    }
    const zoneAttrs = file.attrs(l.zone);
    const rate = zoneAttrs.BlockRate ?? zoneAttrs.FreqRes;
    const blockrate = numberOf(rate, `${l.zone}@BlockRate`, path) / 1000.0;
    const spacing = zoneAttrs.Spacing;
    const extent = zoneAttrs.Extent;
    const origin = zoneAttrs.Origin;
    if (!Array.isArray(spacing) || spacing.length < 2) throw new DasflowError("FormatError", `${l.zone}@Spacing must hold [dx m, dt ms]`, { path });
    const dtSeconds = numberOf(spacing[1], `${l.zone}@Spacing[1]`, path) / 1000.0;
    const dx = numberOf(spacing[0], `${l.zone}@Spacing[0]`, path);
    const x0 = numberOf(extent, `${l.zone}@Extent[0]`, path) * dx + numberOf(origin, `${l.zone}@Origin[0]`, path);
    const info = file.info(l.data);
    const [nblocks, ntBlock, nx] = info.shape as [number, number, number];
    const times = file.readNumbers(`${l.source}/time`);
    if (times.length !== nblocks) {
      throw new DasflowError("FormatError", `${l.source}/time has ${times.length} timestamps but ${l.data} has ${nblocks} blocks`, { path });
    }
    let overlaps = options.overlaps;
    if (overlaps === undefined) {
      const noverlap = ntBlock - Number(pyRound(1 / blockrate / dtSeconds));
      const before = Math.floor(noverlap / 2);
      overlaps = [before, noverlap - before];
    }
    const [before, after] = overlaps;
    const offset = options.offset ?? Math.floor(ntBlock / 2);
    if (!Number.isInteger(before) || !Number.isInteger(after) || before < 0 || after < 0 || before + after > ntBlock) {
      throw new DasflowError("FormatError", `overlaps [${before}, ${after}] do not fit blocks of ${ntBlock} samples`, { path });
    }
    if (!Number.isInteger(offset)) throw new DasflowError("FormatError", `offset must be an integer, got ${offset}`, { path });
    const keep = ntBlock - before - after;
    const dtUs = pyRound(1e6 * dtSeconds);
    if (dtUs <= 0n) throw new DasflowError("FormatError", `sampling interval ${dtSeconds} s rounds to 0 µs`, { path });
    const dt = dtUs * 1000n;
    const shift = (before - offset) * dtSeconds;
    const parts = times.map((t) => timeBlock(keep, pyRound(1e6 * (t + shift)) * 1000n, dt));
    const time = parts.length === 0 ? timeBlock(0, 0n, dt) : InterpCoordinate.concat(parts);
    const rawName = l.data.slice(l.zone.length + 1);
    const name = rawName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/^_+/, "");
    return hdf5Source({
      path,
      format: "febus",
      info,
      storage: { kind: "blocks", before, keep },
      time,
      distance: floatBlockCoordinate(nx, x0, dx, "m"),
      attrs: { name, overlaps: [before, after], offset },
    });
  } finally {
    file.close();
  }
}

/** Febus A1 (`/<Device>/Source1/Zone1/<Name>`, overlapping blocks). */
export const febusEngine: Engine = { name: "febus", detect, open };
