/**
 * describeFiles: the later half of many files described by a worker thread gives exactly the
 * one-thread result — same sources in the same order, same warnings in the same order, and for
 * a file that cannot be described, the same error.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeFiles } from "../../io/hdf5/describeFiles.js";
import { asnEngine } from "../../io/hdf5/engines/asn.js";
import { plainHdf5Source } from "../../io/hdf5/plainSource.js";
import type { LazySource } from "../../src/core/lazySource.js";
import { writeRecording } from "../helpers/recording.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-describe-files-"));
let files: string[] = [];
beforeAll(async () => {
  files = await writeRecording(join(dir, "rec"), { files: 9, samplesPerFile: 20, channels: 3 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plain = (sources: LazySource[]): unknown[] => sources.map((s) => plainHdf5Source(s));

describe("describeFiles", () => {
  it("in two threads gives the one-thread sources, in file order", async () => {
    const one = await describeFiles(asnEngine, files, {}, Infinity);
    const two = await describeFiles(asnEngine, files, {}, 2);
    expect(two.map((s) => s.files[0])).toEqual(files);
    expect(plain(two)).toEqual(plain(one));
    expect(Array.from(await two[8]!.backend.readBlock([[0, 20], [0, 3]]))).toEqual(Array.from(await one[8]!.backend.readBlock([[0, 20], [0, 3]])));
  });
  it("raises the one-thread error for a file the thread cannot describe", async () => {
    const broken = join(dir, "broken.hdf5");
    writeFileSync(broken, "not an HDF5 file at all");
    const list = [...files.slice(0, 6), broken, ...files.slice(6)];
    const one = await describeFiles(asnEngine, list, {}, Infinity).catch((e: Error) => e);
    const two = await describeFiles(asnEngine, list, {}, 2).catch((e: Error) => e);
    expect(one).toBeInstanceOf(Error);
    expect((two as Error).message).toBe((one as Error).message);
    expect((two as Error).message).toMatch(/broken\.hdf5/);
  });
});
