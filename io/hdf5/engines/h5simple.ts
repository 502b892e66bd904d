/**
 * "Simple" HDF5 files: at the root one 2-D dataset named `raw` or `data`, a time vector
 * `timestamp`/`timestamps`/`time` (float seconds since the epoch, or int64 ns), and
 * optionally a `distance` (metres) or `channels` vector. Which axis is time follows from
 * the lengths (either order); when both axes have the length of the time vector, (time,
 * distance) is assumed and said. Time: snapped to the first and last stored value (as
 * DASCore's h5simple reader with snap), each taken to the ns exactly as stored. Without a
 * distance vector, distance is the channel index (1 m per channel), and that is said too.
 * A root `__format__`/`file_format`/`format` attribute naming another format excludes it.
 */
import { InterpCoordinate } from "../../../src/core/coords/interpCoordinate.js";
import { ratInt } from "../../../src/core/coords/rational.js";
import { DasflowError } from "../../../src/core/errors.js";
import type { LazySource } from "../../../src/core/lazySource.js";
import { type Detection, type Engine, type EngineOptions, OK, assertDetected, reject } from "../engine.js";
import { H5File } from "../file.js";
import { hdf5Source, locateIn } from "../source.js";
import { secondsToNs } from "../timeText.js";
import { distanceFromValues } from "../valuesCoordinate.js";

const DATA = ["raw", "data"];
const TIME = ["timestamp", "timestamps", "time"];
const DIST = ["distance", "channels"];

function locate(file: H5File): { data: string; time: string; dist: string | null } | string {
  for (const f of ["__format__", "file_format", "format"]) {
    const v = file.attr("/", f);
    if (v !== undefined && v !== "h5simple") return `root attribute ${f} says "${String(v)}"`;
  }
  const keys = new Set(file.keys("/").filter((k) => file.kind(`/${k}`) === "dataset"));
  const data = DATA.filter((k) => keys.has(k));
  const time = TIME.filter((k) => keys.has(k));
  if (data.length !== 1) return data.length === 0 ? "no root dataset raw or data" : "both raw and data at the root";
  if (time.length !== 1) return time.length === 0 ? "no root dataset timestamp, timestamps or time" : `several time vectors (${time.join(", ")})`;
  const dist = DIST.find((k) => keys.has(k)) ?? null;
  return { data: `/${data[0]}`, time: `/${time[0]}`, dist: dist === null ? null : `/${dist}` };
}

function detect(file: H5File): Detection {
  const l = locate(file);
  if (typeof l === "string") return reject(l);
  const rank = file.info(l.data).shape.length;
  if (rank !== 2) return reject(`${l.data} is ${rank}-D, expected 2-D`);
  if (file.info(l.time).shape.length !== 1) return reject(`${l.time} is not a vector`);
  return OK;
}

async function open(path: string, options: EngineOptions = {}): Promise<LazySource> {
  const file = await H5File.open(path);
  try {
    assertDetected("simple HDF5", path, detect(file));
    const l = locate(file) as { data: string; time: string; dist: string | null };
    const warn = (m: string): void => options.onWarning?.(`${path}: ${m}`);
    const info = file.info(l.data);
    const [a, b] = info.shape as [number, number];
    const nt = file.info(l.time).shape[0]!;
    if (a !== nt && b !== nt) throw new DasflowError("FormatError", `${l.time} has ${nt} values but ${l.data} is [${a}, ${b}]`, { path });
    if (a === nt && b === nt) warn(`${l.data} is square; assumed (time, distance)`);
    const swapped = a !== nt;
    const nx = swapped ? a : b;
    const time = timeOf(file, l.time, nt);
    let distance: InterpCoordinate;
    if (l.dist !== null && file.info(l.dist).shape[0] === nx) distance = distanceFromValues(file.readNumbers(l.dist), warn);
    else {
      warn(l.dist === null ? "no distance vector: distance is the channel index (1 m per channel)" : `${l.dist} does not have ${nx} values: distance is the channel index`);
      distance = InterpCoordinate.regular(nx, ratInt(0n), ratInt(1n), "m");
    }
    return hdf5Source({ ...locateIn(file, options), path, format: "h5simple", info, storage: { kind: swapped ? "columns" : "rows" }, time, distance });
  } finally {
    file.close();
  }
}

function timeOf(file: H5File, path: string, n: number): InterpCoordinate {
  if (n === 0) return new InterpCoordinate(0, [], [], "ns");
  const first = file.readRaw(path, [[0, 1]]);
  const last = file.readRaw(path, [[n - 1, n]]);
  const ns = (v: number | bigint): bigint => (typeof v === "bigint" ? v : secondsToNs(v));
  const t0 = ns(first[0]!);
  const t1 = ns(last[0]!);
  if (n === 1) return new InterpCoordinate(1, [0], [ratInt(t0)], "ns");
  if (t1 <= t0) throw new DasflowError("FormatError", `${path} does not increase (first ${t0} ns, last ${t1} ns)`, { path: file.path });
  return new InterpCoordinate(n, [0, n - 1], [ratInt(t0), ratInt(t1)], "ns");
}

/** Simple HDF5 (one 2-D dataset plus time/distance vectors). */
export const h5simpleEngine: Engine = { name: "h5simple", detect, open };
