/**
 * A job on a recording of a plug-in the I/O worker threads cannot reopen (a format outside
 * the registry) reads in its own thread and writes the same store: every format runs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FormatPlugin } from "../../io/format.js";
import { openInput } from "../../io/openInput.js";
import { openFiles } from "../../io/recording/openFiles.js";
import { DataArray } from "../../src/core/dataArray.js";
import { memorySource } from "../../src/lazy/memoryBackend.js";
import { useIoWorkers } from "../../src/processing/ioWorkers/useIoWorkers.js";
import { runJob } from "../../src/processing/job.js";
import { tempDir } from "../hdf5/helpers.js";

const tmp = tempDir("genericrun");
afterAll(tmp.cleanup);

/** Text files "t0ns nt nx"; data[t, x] = t·10 + x + file seed. */
const txt: FormatPlugin = {
  name: "txt-test",
  description: "test format",
  extensions: [".txt"],
  detect: async (p) => (p.endsWith(".txt") ? { ok: true } : { ok: false, reason: "not .txt" }),
  open: async (p) => {
    const [t0, nt, nx, seed] = readFileSync(p, "utf8").trim().split(" ").map(Number) as [number, number, number, number];
    const data = Float32Array.from({ length: nt * nx }, (_, i) => Math.floor(i / nx) * 10 + (i % nx) + seed);
    return { ...memorySource(DataArray.regular(data, [nt, nx], { t0: BigInt(t0), dt: 1_000_000n, x0: 0, dx: 2 })), format: "txt-test", files: [p] };
  },
};

describe("run on a recording the worker threads cannot reopen", () => {
  it("falls back to in-thread reading and writes every file's samples in time order", async () => {
    writeFileSync(join(tmp.dir, "2.txt"), "30000000 20 3 1000");
    writeFileSync(join(tmp.dir, "1.txt"), "0 30 3 0");
    const rec = await openFiles(txt, [join(tmp.dir, "2.txt"), join(tmp.dir, "1.txt")]);
    expect(useIoWorkers(rec, undefined)).toBe(false);
    const out = join(tmp.dir, "out.zarr");
    await runJob({ pipeline: { atoms: [{ op: "scale", factor: 2 }] }, source: rec, output: out, chunk: 7 });
    const z = await openInput(out);
    expect(z.backend.shape).toEqual([50, 3]);
    const t = z.coords.time!.toBigInt64Array();
    for (let i = 0; i < 50; i++) expect(t[i]).toBe(BigInt(i) * 1_000_000n);
    const data = await z.backend.readBlock([[28, 32], [0, 3]]);
    expect(Array.from(data)).toEqual([560, 562, 564, 580, 582, 584, 2000, 2002, 2004, 2020, 2022, 2024]);
  });
});
