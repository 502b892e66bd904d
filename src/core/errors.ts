/**
 * Typed errors: every error dasflow throws on purpose carries a tag saying what kind of
 * failure it is, and where known the path (file, store, spec field) it concerns, so that
 * callers can branch on it and the CLI can print one line naming the file and the cause.
 *
 * A caller that must tell two causes of one tag apart reads `reason`, never the message text
 * (messages are for people and may be reworded).
 *
 * ```ts
 * try { pipeline(spec) } catch (err) {
 *   if (isDasflowError(err, "SpecError")) console.error(err.path, err.message);
 * }
 * ```
 */

/** What went wrong, in a word. */
export type ErrorTag =
  | "SpecError" // a pipeline spec or an atom's options are invalid
  | "ShapeError" // an array's rank, shape or dims do not fit the operation
  | "CoordinateError" // coordinates are inconsistent (non-increasing tie points, mismatched lengths)
  | "StateError" // an atom state does not fit the atom, or bytes are not a dasflow state
  | "FormatError" // a file exists but its content is not what the reader expects
  | "NotFoundError" // a file, store or key does not exist
  | "IOError" // reading or writing failed
  | "ResumeError" // a checkpoint does not match the job being resumed
  | "UsageError"; // a command-line argument is wrong

/** A finer cause, for the errors whose callers branch on more than the tag. */
export type ErrorReason =
  | "NoProgressRecord" // ResumeError: the store has no progress record for the channel block (finished, or not a ZarrWriter's)
  | "PartitionsWriting" // finalizing: a partition is still writing, or has not started
  | "LengthUnpublished" // finalizing: every partition is done but the store's length is not yet the one they agree on
  | "PartitionsDisagree"; // finalizing: finished partitions hold different numbers of samples

/** Where an error arose and what kind it is, beyond its tag. */
export interface ErrorDetails {
  /** The file, store or spec field concerned (prefixed to the message). */
  path?: string;
  /** A finer cause callers branch on. */
  reason?: ErrorReason;
  cause?: unknown;
}

/** An error dasflow raised on purpose: a tag, a message, and where known the path concerned and a finer reason. */
export class DasflowError extends Error {
  readonly tag: ErrorTag;
  readonly path: string | undefined;
  readonly reason: ErrorReason | undefined;

  constructor(tag: ErrorTag, message: string, options: ErrorDetails = {}) {
    super(options.path !== undefined ? `${options.path}: ${message}` : message, { cause: options.cause });
    this.name = "DasflowError";
    this.tag = tag;
    this.path = options.path;
    this.reason = options.reason;
  }
}

/** Narrows `err` to a DasflowError, optionally of one tag. */
export function isDasflowError(err: unknown, tag?: ErrorTag): err is DasflowError {
  return err instanceof DasflowError && (tag === undefined || err.tag === tag);
}
