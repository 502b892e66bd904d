/**
 * The zeromq package, loaded at first use. Importing it loads a native addon (~30 ms, a few
 * MB) that only live streaming needs; `import("dasflow")` and every other command skip it.
 * zeromq is CommonJS, so `require` loads it synchronously where a socket is made.
 *
 * ```ts
 * const socket = new (zeromq().Subscriber)({ linger: 0 });
 * ```
 */
import { createRequire } from "node:module";
import type * as Zmq from "zeromq";

let loaded: typeof Zmq | undefined;

/** The zeromq module (loaded once). */
export function zeromq(): typeof Zmq {
  loaded ??= createRequire(import.meta.url)("zeromq") as typeof Zmq;
  return loaded;
}
