/**
 * Errors crossing a thread boundary as plain data: a DasflowError keeps its tag, its path, its
 * reason and its message (so the receiving thread rebuilds the same error, and `isDasflowError(err, tag)`
 * still holds); any other error keeps its message.
 *
 * ```ts
 * port.postMessage({ type: "error", error: toPlainError(err) });  // worker
 * throw fromPlainError(msg.error);                                 // parent
 * ```
 */
import { DasflowError, type ErrorReason, type ErrorTag, isDasflowError } from "../../core/errors.js";

/** An error as plain data. */
export interface PlainError {
  /** DasflowError tag, or null for any other error. */
  tag: ErrorTag | null;
  /** The message without the path prefix a DasflowError adds. */
  message: string;
  path: string | null;
  reason: ErrorReason | null;
}

/** `err` as plain data (structured-clone safe). */
export function toPlainError(err: unknown): PlainError {
  if (isDasflowError(err)) {
    const prefix = err.path === undefined ? "" : `${err.path}: `;
    const message = prefix && err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    return { tag: err.tag, message, path: err.path ?? null, reason: err.reason ?? null };
  }
  return { tag: null, message: err instanceof Error ? err.message : String(err), path: null, reason: null };
}

/** The error `p` describes: a DasflowError when it was one, else an Error. */
export function fromPlainError(p: PlainError): Error {
  if (p.tag !== null) return new DasflowError(p.tag, p.message, { ...(p.path === null ? {} : { path: p.path }), ...(p.reason === null ? {} : { reason: p.reason }) });
  return new Error(p.message);
}
