/**
 * hdf5Source: the LazySource of one dataset of one HDF5 file, built by the engines from the
 * dataset's info and the coordinates they decoded.
 */
import { int32Holds } from "../binary/sampleType.js";
import type { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import type { Attrs } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { LazySource } from "../../src/core/lazySource.js";
import { Hdf5Backend, type Hdf5Storage, locateWhenDescribed } from "./backend.js";
import type { EngineOptions } from "./engine.js";
import { type DatasetInfo, type H5File, floatDtypeOf } from "./file.js";

export interface Hdf5SourceArgs {
  readonly path: string;
  readonly format: string;
  readonly info: DatasetInfo;
  readonly storage: Hdf5Storage;
  readonly time: InterpCoordinate;
  readonly distance: InterpCoordinate;
  readonly attrs?: Attrs;
  /** The file, still open: a small dataset's direct-read layout is located now (see `locateWhenDescribed`). */
  readonly file?: H5File;
}

/** A (time, distance) LazySource over `info.path` in `path`; checks coordinate lengths against the data. */
export function hdf5Source(a: Hdf5SourceArgs): LazySource {
  const { info, storage } = a;
  const dtype = floatDtypeOf(info.dtype);
  if (dtype === null) throw new DasflowError("FormatError", `${info.path} holds ${info.dtype} values, not numbers`, { path: a.path });
  let shape: [number, number];
  let bounds: number[][];
  if (storage.kind === "blocks") {
    const nblocks = info.shape[0]!;
    shape = [nblocks * storage.keep, info.shape[2]!];
    bounds = [Array.from({ length: nblocks + 1 }, (_, k) => k * storage.keep), edges(shape[1], info.chunks?.[2])];
  } else {
    const [ta, xa] = storage.kind === "rows" ? [0, 1] : [1, 0];
    shape = [info.shape[ta]!, info.shape[xa]!];
    bounds = [edges(shape[0], info.chunks?.[ta]), edges(shape[1], info.chunks?.[xa])];
  }
  if (a.time.length !== shape[0]) {
    throw new DasflowError("FormatError", `time coordinate has ${a.time.length} samples but ${info.path} has ${shape[0]}`, { path: a.path });
  }
  if (a.distance.length !== shape[1]) {
    throw new DasflowError("FormatError", `distance coordinate has ${a.distance.length} channels but ${info.path} has ${shape[1]}`, { path: a.path });
  }
  const contiguous = a.file ? locateWhenDescribed(a.file, info.path, storage, shape, dtype) : undefined;
  const backend = new Hdf5Backend({
    type: "hdf5", file: a.path, dataset: info.path, storage, shape, dtype, integers: int32Holds(info.dtype), chunkBounds: bounds,
    ...(contiguous !== undefined ? { contiguous } : {}),
  });
  return {
    backend,
    dims: ["time", "distance"],
    coords: { time: a.time, distance: a.distance },
    attrs: a.attrs ?? {},
    format: a.format,
    files: [a.path],
  };
}

/** 0, c, 2c, …, n (chunk edges), or [0, n] when not chunked. */
function edges(n: number, chunk: number | undefined): number[] {
  // Very fine chunking gives no useful read boundaries; keep the list small.
  if (!chunk || chunk >= n || n / chunk > 65536) return [0, n];
  const out: number[] = [];
  for (let i = 0; i < n; i += chunk) out.push(i);
  out.push(n);
  return out;
}

/** The `file` argument of `hdf5Source`: the open file, unless it is only being described (`describeOnly`). */
export function locateIn(file: H5File, options: EngineOptions): { readonly file?: H5File } {
  return options.describeOnly ? {} : { file };
}
