/**
 * The state of a ZarrWriter once its layout is fixed (first chunk, or a reopened store): the
 * channel block, the chunk shape, the exact coordinates written so far, the rows of the
 * incomplete last Zarr chunk, the encoder and the files staged since the last sync.
 */
import * as path from "node:path";
import type { Dtype, FloatArray } from "../../src/core/dataArray.js";
import type { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { ZarrBackend } from "./backend.js";
import type { ChunkEncoder } from "./compression.js";
import { coordinateFromFloats } from "./compressCoordinate.js";
import { type NodeMetadata, readNodeMetadata } from "./nodeMetadata.js";
import type { SyncBatch } from "./syncBatch.js";
import { tiePointsFromJson } from "./tiePointsAttr.js";

export interface WriterState {
  total: number;
  a: number;
  b: number;
  width: number;
  chunk: number;
  channelChunk: number;
  dtype: Dtype;
  encoder: ChunkEncoder;
  region: boolean;
  /** Exact time coordinate of the samples written (null before the first sample). */
  time: InterpCoordinate | null;
  /** Distance coordinate of the block, to check every chunk against. */
  distance: InterpCoordinate | null;
  distanceValues: Float64Array | null;
  lastChecked: InterpCoordinate | null;
  fullDistance: InterpCoordinate | null;
  samples: number;
  nextIndex: number;
  history: [number, number][];
  /** The rows of the incomplete last Zarr chunk (`tailRows` of `chunk`), block width wide. */
  tail: FloatArray;
  tailRows: number;
  /** A chunk assembled from part of the block's width, or padded: reused for every chunk. */
  scratch: FloatArray;
  /** The time values of one chunk: reused for every chunk. */
  times: BigInt64Array;
  /** Files written since the last sync, made durable and visible together. */
  batch: SyncBatch;
}

/** The layout a state is made from. */
export interface StateLayout {
  total: number;
  a: number;
  b: number;
  chunk: number;
  channelChunk: number;
  dtype: Dtype;
  region: boolean;
  distance: InterpCoordinate | null;
  full: InterpCoordinate | null;
}

/** A fresh state (nothing written yet) for `p`. */
export function makeState(p: StateLayout, encoder: ChunkEncoder, batch: SyncBatch): WriterState {
  const width = p.b - p.a;
  const Ctor = p.dtype === "float64" ? Float64Array : Float32Array;
  return {
    total: p.total, a: p.a, b: p.b, width, chunk: p.chunk, channelChunk: p.channelChunk, dtype: p.dtype,
    encoder,
    region: p.region,
    time: null,
    distance: p.distance,
    distanceValues: p.distance ? p.distance.toFloat64Array() : null,
    lastChecked: null,
    fullDistance: p.full,
    samples: 0,
    nextIndex: 0,
    history: [],
    tail: new Ctor(p.chunk * width),
    tailRows: 0,
    scratch: new Ctor(p.chunk * p.channelChunk),
    times: new BigInt64Array(p.chunk),
    batch,
  };
}

/** A reopened store: the rows of its incomplete last chunk come back from the chunk files this block wrote. */
export async function restoreTail(st: WriterState, dataDir: string, meta: NodeMetadata): Promise<void> {
  const j = Math.floor(st.samples / st.chunk);
  st.tailRows = st.samples - j * st.chunk;
  if (st.tailRows === 0) return;
  const backend = await ZarrBackend.open(dataDir, meta);
  for (let c = Math.floor(st.a / st.channelChunk); c * st.channelChunk < st.b; c++) {
    const { data } = await backend.readChunk([j, c]);
    const c0 = c * st.channelChunk - st.a;
    const cw = Math.min(st.channelChunk, st.width - c0);
    for (let r = 0; r < st.tailRows; r++) {
      for (let x = 0; x < cw; x++) st.tail[r * st.width + c0 + x] = data[r * st.channelChunk + x]!;
    }
  }
}

/** The block's distance coordinate (and the full one when recorded) of an existing store. */
export async function readDistance(storePath: string, a: number, b: number): Promise<{ distance: InterpCoordinate | null; full: InterpCoordinate | null }> {
  const dir = path.join(storePath, "distance");
  const meta = readNodeMetadata(dir);
  if (meta?.kind !== "array") return { distance: null, full: null };
  const full = tiePointsFromJson(meta.attrs.tie_points, "m");
  if (full) return { distance: full.take(a, b - a), full };
  const values = (await (await ZarrBackend.open(dir, meta)).readRaw1D()) as Float64Array;
  return { distance: coordinateFromFloats(values.slice(a, b), "m"), full: null };
}

/** Bit-identical float arrays (NaN equals NaN). */
export function sameFloats(x: Float64Array, y: Float64Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}
