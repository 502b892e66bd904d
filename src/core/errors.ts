/**
 * Typed errors: every error dasflow throws on purpose carries a tag saying what kind of
 * failure it is, and where known the path (file, store, spec field) it concerns, so that
 * callers can branch on it and the CLI can print one line naming the file and the cause.
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

/** An error dasflow raised on purpose: a tag, a message, and where known the path concerned. */
export class DasflowError extends Error {
  readonly tag: ErrorTag;
  readonly path: string | undefined;

  constructor(tag: ErrorTag, message: string, options: { path?: string; cause?: unknown } = {}) {
    super(options.path !== undefined ? `${options.path}: ${message}` : message, { cause: options.cause });
    this.name = "DasflowError";
    this.tag = tag;
    this.path = options.path;
  }
}

/** Narrows `err` to a DasflowError, optionally of one tag. */
export function isDasflowError(err: unknown, tag?: ErrorTag): err is DasflowError {
  return err instanceof DasflowError && (tag === undefined || err.tag === tag);
}
