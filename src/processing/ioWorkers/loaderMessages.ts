/**
 * Messages between a WorkerLoader and its loader thread. Chunks travel as PlainArray with
 * their data buffer transferred; errors as PlainError. `gen` numbers an iteration, so that
 * chunks still in flight from an abandoned iteration are recognised and dropped.
 */
import type { PlainHdf5Source } from "../../../io/hdf5/plainSource.js";
import type { OpenInputOptions } from "../../../io/openInput.js";
import type { CoordinatePlain } from "../../core/coords/interpCoordinate.js";
import type { Dtype } from "../../core/dataArray.js";
import type { Range } from "../../core/lazySource.js";
import type { PlainArray } from "../parallel/protocol.js";
import type { PlainError } from "./plainError.js";

/** What the thread opens and how it cuts it (its workerData). */
export interface LoaderSetup {
  input: string | readonly string[];
  open: OpenInputOptions;
  /** The parent's description of an HDF5 input: the thread rebuilds it instead of reopening `input`. */
  source: PlainHdf5Source | null;
  chunk: number;
  dim: string;
  select: Record<string, Range> | null;
}

/** What the thread found on opening, to check against the parent's view of the input. */
export interface OpenedInput {
  shape: number[];
  dims: string[];
  dtype: Dtype;
  format: string;
  coords: Record<string, CoordinatePlain>;
}

export type ToLoader =
  /** Read chunks from `start` on, at most `prefetch` of them sent and not yet taken. */
  | { type: "read"; gen: number; start: number; prefetch: number }
  /** The parent took one chunk of iteration `gen`: one more may be sent. */
  | { type: "taken"; gen: number }
  /** Iteration `gen` is abandoned. */
  | { type: "stop"; gen: number };

export type FromLoader =
  | { type: "opened"; input: OpenedInput }
  | { type: "chunk"; gen: number; index: number; array: PlainArray }
  | { type: "end"; gen: number }
  | { type: "error"; gen: number; index: number | null; error: PlainError };
