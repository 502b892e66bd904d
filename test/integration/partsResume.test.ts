/**
 * A job whose chunks are read in parts (JobOptions.partBytes, forced small here) writes the
 * store of a job that reads whole chunks, byte for byte — also when it is stopped between
 * chunks and resumed, whatever part it was at.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataArray } from "../../src/core/dataArray.js";
import { memorySource } from "../../src/lazy/memoryBackend.js";
import { runJob } from "../../src/processing/job.js";
import { treeBytes, treeDiff } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-parts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nt = 1234;
const nch = 40;
let s = 7;
const data = Float32Array.from({ length: nt * nch }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5);
const x = DataArray.regular(data, [nt, nch], { t0: 1_700_000_000_000_000_000n, dt: 1_000_000n, x0: 0, dx: 2 });
const pipeline = { atoms: [{ op: "sosfilt", sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6], [1, -2, 1, 1, -1.8, 0.85]] }, { op: "downsample", factor: 3 }, { op: "square" }] };
const base = { pipeline, chunk: 100, workers: 1, checkpointEvery: { chunks: 1 } };

describe("chunks read in parts", () => {
  it("give the whole-chunk store, byte for byte, also stopped and resumed", async () => {
    const whole = join(dir, "whole.zarr");
    await runJob({ ...base, source: memorySource(x), output: whole });
    const parted = join(dir, "parts.zarr");
    await runJob({ ...base, source: memorySource(x), output: parted, partBytes: 3000 }); // 100 × 40 × 4 B in 6 parts
    expect(treeDiff(treeBytes(whole), treeBytes(parted))).toEqual([]);

    const stopped = join(dir, "stopped.zarr");
    const stop = new AbortController();
    const first = runJob({ ...base, source: memorySource(x), output: stopped, partBytes: 2500, signal: stop.signal, onChunk: (c) => c.index === 4 && stop.abort(new Error("stop")) });
    await expect(first).rejects.toThrow();
    const resumed = await runJob({ ...base, source: memorySource(x), output: stopped, partBytes: 2500, resume: true });
    expect(resumed.resumedAt).toBeGreaterThanOrEqual(5);
    expect(treeDiff(treeBytes(whole), treeBytes(stopped))).toEqual([]);
  });
});
