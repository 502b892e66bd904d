/** Choosing the kernels: WebAssembly when built, clear errors when asked for and unusable. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { activeKernelBackend, setKernelBackend } from "../../atoms/kernels/backend.js";
import { kernelsPath, loadWasmKernels } from "../../atoms/kernels/wasm/instance.js";
import { isDasflowError } from "../../src/core/errors.js";

describe("kernel backend", () => {
  afterEach(() => setKernelBackend("auto"));

  it("uses the WebAssembly kernels of dist/ by default and the TypeScript loops when told", () => {
    expect(kernelsPath()).toMatch(/dist[/\\]wasm[/\\]kernels\.wasm$/);
    expect(activeKernelBackend()).toBe("wasm");
    setKernelBackend("js");
    expect(activeKernelBackend()).toBe("js");
  });

  it("refuses an unknown backend name", () => {
    let err: unknown;
    try {
      setKernelBackend("gpu" as never);
    } catch (e) {
      err = e;
    }
    expect(isDasflowError(err, "UsageError") && /DASFLOW_KERNELS must be auto, wasm or js, not "gpu"/.test((err as Error).message)).toBe(true);
  });

  it("names the file when the kernels are missing or not WebAssembly", () => {
    const dir = mkdtempSync(join(tmpdir(), "dasflow-wasm-"));
    const missing = join(dir, "none.wasm");
    const junk = join(dir, "junk.wasm");
    writeFileSync(junk, "not wasm");
    const failure = (path: string): unknown => {
      try {
        loadWasmKernels(path);
      } catch (e) {
        return e;
      }
      return null;
    };
    const a = failure(missing);
    const b = failure(junk);
    expect(isDasflowError(a, "NotFoundError") && a.path).toBe(missing);
    expect(isDasflowError(b, "FormatError") && b.path).toBe(junk);
  });
});
