/**
 * Messages between a WorkerWriter and its writer thread. Chunks travel as PlainArray with
 * their data buffer transferred, and the buffer travels back (transferred again) with the
 * write's reply once the chunk is stored, for the main thread's buffer pool; each request gets
 * one reply with its id, in order.
 */
import type { ZarrResumeOptions, ZarrWriteResult, ZarrWriterOptions } from "../../../io/zarr/writer.js";
import type { CoordinatePlain } from "../../core/coords/interpCoordinate.js";
import type { PlainArray } from "../parallel/protocol.js";
import type { PlainError } from "./plainError.js";

/** ZarrWriterOptions as plain data (the distance coordinate in its exact plain form). */
export type PlainZarrWriterOptions = Omit<ZarrWriterOptions, "distance"> & { distance?: CoordinatePlain };

/** How the thread gets its ZarrWriter (its workerData): a new store, or one reopened to resume. */
export type WriterSetup =
  | { mode: "create"; path: string; options: PlainZarrWriterOptions }
  | { mode: "open"; path: string; options: ZarrResumeOptions };

/** The setup of a thread started without one (its workerData null): its first message. */
export type SetupWriter = { type: "setup"; setup: WriterSetup };

export type ToWriter =
  | { type: "write"; id: number; index: number; array: PlainArray }
  | { type: "sync"; id: number }
  | { type: "close"; id: number }
  | { type: "abort"; id: number };

export type FromWriter =
  /** The ZarrWriter exists (id 0), or it could not be made (an error with id 0). */
  | { type: "ready"; id: 0 }
  /** `buffer`: a written chunk's data buffer, handed back. */
  | { type: "done"; id: number; result: ZarrWriteResult | null; buffer?: ArrayBuffer }
  | { type: "error"; id: number; error: PlainError };
