/**
 * Where the compiled script of an I/O worker thread is. Worker threads always run the
 * JavaScript in dist/ (a thread cannot load TypeScript), also when the caller runs from the
 * sources (tests): then the script is found from the repository root.
 *
 * ```ts
 * const url = ioWorkerScript("loaderWorker"); // null when dist/ was not built
 * ```
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { packagePath } from "../../core/packageRoot.js";

/** The I/O worker scripts of this folder. */
export type IoWorkerName = "loaderWorker" | "writerWorker";

/** URL of the compiled worker script `name`, or null when it has not been built. */
export function ioWorkerScript(name: IoWorkerName): URL | null {
  const script = packagePath("dist", "src", "processing", "ioWorkers", `${name}.js`);
  return existsSync(script) ? pathToFileURL(script) : null;
}
