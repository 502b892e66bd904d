/**
 * Buffers that can be moved to another thread. A typed array is transferred by detaching its
 * whole ArrayBuffer, which is only safe when the array is the buffer's sole view: a view into
 * a larger buffer (or a SharedArrayBuffer) is copied first, so nothing else is detached.
 *
 * ```ts
 * const plain = toPlain(x.with(ownedArray(x.data)));
 * port.postMessage(plain, [plain.data.buffer as ArrayBuffer]);
 * ```
 */
import type { FloatArray } from "../../core/dataArray.js";

/** `a` itself when it spans its whole transferable buffer, else a copy that does. */
export function ownedArray<T extends FloatArray>(a: T): T {
  const whole = a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer;
  return whole ? a : (a.slice() as T);
}
