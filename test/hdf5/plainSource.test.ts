/** An opened HDF5 source as plain data and back: same shape, exact coordinates and samples, across a structured clone. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hdf5SourceFromPlain, plainHdf5Source } from "../../io/hdf5/plainSource.js";
import { DataArray } from "../../src/core/dataArray.js";
import { MemoryBackend } from "../../src/lazy/memoryBackend.js";
import { openInput } from "../../io/openInput.js";
import { writeRecording } from "../helpers/recording.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-plain-source-"));
const rec = join(dir, "rec");
beforeAll(async () => {
  await writeRecording(rec, { files: 3, samplesPerFile: 40, channels: 5, t0: 1_704_067_200_000_000_000n, dt: 4_000_000n });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("plainHdf5Source", () => {
  it("round-trips a recording through a structured clone: same coords, attrs, files and samples", async () => {
    const source = await openInput(rec);
    const plain = plainHdf5Source(source);
    expect(plain).not.toBeNull();
    const back = hdf5SourceFromPlain(structuredClone(plain!));
    expect(back.backend.shape).toEqual(source.backend.shape);
    expect(back.backend.dtype).toBe(source.backend.dtype);
    expect(back.dims).toEqual(source.dims);
    expect(back.format).toBe(source.format);
    expect(back.files).toEqual(source.files);
    expect(back.attrs).toEqual(source.attrs);
    for (const k of Object.keys(source.coords)) expect(back.coords[k]!.toPlain()).toEqual(source.coords[k]!.toPlain());
    // A block across two files, read through the rebuilt backend.
    const ranges = [[30, 95], [1, 4]] as const;
    expect(Array.from(await back.backend.readBlock(ranges))).toEqual(Array.from(await source.backend.readBlock(ranges)));
  });
  it("is null for a source whose backend is not HDF5 (it must be reopened)", async () => {
    const source = await openInput(rec);
    const memory = { ...source, backend: new MemoryBackend(DataArray.regular(new Float32Array(10), [5, 2], { t0: 0n, dt: 1n, x0: 0, dx: 1 })) };
    expect(plainHdf5Source(memory)).toBeNull();
  });
});
