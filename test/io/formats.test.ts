/**
 * The format registry: openAny, openArray and openInput open the same inputs through one
 * ordered list of plug-ins; detection reasons, --engine overrides, mixed directories, and a
 * generic plug-in's multi-file recording (ConcatBackend).
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FormatPlugin } from "../../io/format.js";
import { FORMATS, findFormat, formatNames } from "../../io/formats.js";
import { isHdf5Format } from "../../io/hdf5/hdf5Format.js";
import { openInput } from "../../io/openInput.js";
import { openFiles } from "../../io/recording/openFiles.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";
import { memorySource } from "../../src/lazy/memoryBackend.js";
import { openAny, openArray, openerNames } from "../../src/lazy/openers.js";
import { GOLDEN, HDF5_DIR, NATIVE_DIR, tempDir } from "../hdf5/helpers.js";

const tmp = tempDir("formats");
afterAll(tmp.cleanup);

async function error(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(() => null, (err: unknown) => err);
  if (!(e instanceof Error)) throw new Error("expected a failure");
  return e;
}

describe("one registry", () => {
  it("lists every plug-in once, in detection order, each with a description; aliases resolve", () => {
    const names = formatNames();
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice(0, 2)).toEqual(["zarr", "netcdf"]);
    expect(names).toEqual(expect.arrayContaining(["asn", "febus", "prodml", "terra15", "apsensing", "silixah5", "neubrex", "gdr", "dasdae", "h5simple", "tdms", "segy", "miniseed", "sentek", "sintela-protobuf"]));
    expect(names[names.length - 1]).toBe("h5simple");
    for (const f of FORMATS) expect(f.description.length).toBeGreaterThan(10);
    expect(findFormat("optasense")?.name).toBe("prodml");
    expect(findFormat("XDAS")?.name).toBe("netcdf");
    expect(findFormat("nope")).toBeUndefined();
    expect(openerNames()).toEqual(names);
  });

  it("openAny, openArray and openInput agree on files, directories, globs and Zarr stores", async () => {
    const inputs = [join(HDF5_DIR, "febus.h5"), join(NATIVE_DIR, "doc_pipeline_writer"), join(NATIVE_DIR, "*.nc"), join(GOLDEN, "zarr", "v2_raw.zarr")];
    for (const input of inputs) {
      const a = await openAny(input);
      const b = await openInput(input);
      const c = await openArray(input);
      expect(a.format).toBe(b.format);
      expect(a.files).toEqual(b.files);
      expect(a.backend.shape).toEqual(b.backend.shape);
      expect(c.shape).toEqual([...b.backend.shape]);
    }
    expect((await openAny(join(NATIVE_DIR, "doc_pipeline_writer"))).files.length).toBe(3);
  });

  it("a non-HDF5 file: every plug-in's reason, HDF5 engines grouped under 'not an HDF5 file'", async () => {
    const e = await error(openAny(join(GOLDEN, "manifest.json")));
    expect(isDasflowError(e, "FormatError")).toBe(true);
    expect(e.message).toMatch(/manifest\.json: unknown format, no engine reads it \(zarr: not a directory.*; netcdf, asn, febus, .*h5simple: not an HDF5 file/);
    expect(e.message.split("\n").length).toBe(1);
  });

  it("--engine overrides detection; an unknown name lists the plug-ins", async () => {
    expect((await openInput(join(HDF5_DIR, "prodml.h5"), { engine: "optasense" })).format).toBe("prodml");
    const e = await error(openInput(join(HDF5_DIR, "asn.hdf5"), { engine: "nope" }));
    expect(isDasflowError(e, "UsageError")).toBe(true);
    expect(e.message).toContain(`unknown engine "nope" (engines: ${formatNames().join(", ")})`);
    const wrong = await error(openInput(join(HDF5_DIR, "asn.hdf5"), { engine: "terra15" }));
    expect(wrong.message).toContain("not a Terra15 file: no group /data_product");
  });

  it("a directory of mixed files names the file no plug-in of the recording reads", async () => {
    const dir = join(tmp.dir, "mixed");
    mkdirSync(dir);
    copyFileSync(join(HDF5_DIR, "asn.hdf5"), join(dir, "a.hdf5"));
    copyFileSync(join(HDF5_DIR, "febus.h5"), join(dir, "b.h5"));
    writeFileSync(join(dir, "c.txt"), "not data");
    const e = await error(openInput(dir));
    expect(e.message).toMatch(/b\.h5: not asn like .*a\.hdf5 \(asn: no group \/header\); it is febus/);
    const dir2 = join(tmp.dir, "mixed2");
    mkdirSync(dir2);
    copyFileSync(join(HDF5_DIR, "asn.hdf5"), join(dir2, "a.hdf5"));
    writeFileSync(join(dir2, "c.txt"), "not data");
    expect((await error(openInput(dir2))).message).toMatch(/c\.txt: not asn like .*no engine reads it/);
  });

  it("a .zarr directory without metadata is refused as such", async () => {
    const d = join(tmp.dir, "empty.zarr");
    mkdirSync(d);
    expect((await error(openInput(d))).message).toContain("named like a Zarr store but holds no zarr.json");
  });

  it("HDF5 engines are plug-ins of the same kind; their detect says no with a reason", async () => {
    const asn = findFormat("asn")!;
    expect(isHdf5Format(asn)).toBe(true);
    expect(await asn.detect(join(HDF5_DIR, "asn.hdf5"))).toEqual({ ok: true });
    expect(await asn.detect(join(HDF5_DIR, "febus.h5"))).toEqual({ ok: false, reason: "no group /header" });
    expect(await asn.detect(join(GOLDEN, "manifest.json"))).toEqual({ ok: false, reason: "not an HDF5 file (no HDF5 signature)" });
  });
});

/** A toy plug-in: each file holds "t0ns nt nx" and data[t, x] = 100·t + x + t0/1e6. */
const toy: FormatPlugin = {
  name: "toy",
  description: "a test format of text files",
  extensions: [".toy"],
  detect: async (p) => (p.endsWith(".toy") ? { ok: true } : { ok: false, reason: "not .toy" }),
  open: async (p) => {
    const { readFileSync } = await import("node:fs");
    const [t0, nt, nx] = readFileSync(p, "utf8").trim().split(" ").map(Number) as [number, number, number];
    const data = Float32Array.from({ length: nt * nx }, (_, i) => 100 * Math.floor(i / nx) + (i % nx) + t0 / 1e6);
    const src = memorySource(DataArray.regular(data, [nt, nx], { t0: BigInt(t0), dt: 1_000_000n, x0: 0, dx: 1 }));
    return { ...src, format: "toy", files: [p] };
  },
};

describe("generic multi-file recordings (any plug-in)", () => {
  it("files of one plug-in are one recording: time-ordered, exact, gaps reported, blocks across files", async () => {
    const dir = join(tmp.dir, "toy");
    mkdirSync(dir);
    writeFileSync(join(dir, "b.toy"), "10000000 5 3"); // 10 ms: contiguous after a
    writeFileSync(join(dir, "a.toy"), "0 10 3");
    writeFileSync(join(dir, "c.toy"), "50000000 4 3"); // gap of 35 ms
    const rec = await openFiles(toy, [join(dir, "b.toy"), join(dir, "c.toy"), join(dir, "a.toy")]);
    expect(rec.files).toEqual(["a", "b", "c"].map((n) => join(dir, `${n}.toy`)));
    expect(rec.backend.shape).toEqual([19, 3]);
    const t = rec.coords.time!;
    expect(t.ns(9)).toBe(9_000_000n);
    expect(t.ns(10)).toBe(10_000_000n);
    expect(t.ns(15)).toBe(50_000_000n);
    expect(rec.attrs.gaps).toEqual([{ after: join(dir, "b.toy"), start: "1970-01-01T00:00:00.015000000Z", duration_ns: 35_000_000, kind: "gap" }]);
    const block = await rec.backend.readBlock([[8, 17], [1, 3]]);
    const expected = [[8, 0], [9, 0], [0, 10], [1, 10], [2, 10], [3, 10], [4, 10], [0, 50], [1, 50]].flatMap(([r, ms]) => [100 * r! + 1 + ms!, 100 * r! + 2 + ms!]);
    expect(Array.from(block)).toEqual(expected);
  });

  it("overlaps are refused by default, trimmed (earlier file kept) or duplicates dropped on request", async () => {
    const dir = join(tmp.dir, "toy2");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.toy"), "0 10 2");
    writeFileSync(join(dir, "b.toy"), "7000000 6 2"); // overlaps a's last 3 samples
    writeFileSync(join(dir, "a-copy.toy"), "0 10 2");
    const files = ["a", "b"].map((n) => join(dir, `${n}.toy`));
    const e = await error(openFiles(toy, files));
    expect(e.message).toMatch(/a\.toy and .*b\.toy overlap: .*b\.toy starts at 1970-01-01T00:00:00\.007000000Z, 3000000 ns before/);
    const notes: string[] = [];
    const trimmed = await openFiles(toy, files, { onOverlap: "trim", onWarning: (m) => notes.push(m) });
    expect(trimmed.backend.shape).toEqual([13, 2]);
    expect(trimmed.coords.time!.isRegular()).toBe(true);
    expect(Array.from(await trimmed.backend.readBlock([[9, 11], [0, 1]]))).toEqual([900, 300 + 7]);
    expect(notes).toEqual([`trimmed ${files[1]}: its first 3 samples overlap ${files[0]}`]);
    const dup = [files[0]!, join(dir, "a-copy.toy")];
    expect((await error(openFiles(toy, dup))).message).toMatch(/a-copy\.toy duplicates .*a\.toy/);
    expect((await error(openFiles(toy, files, { onOverlap: "drop-duplicates" }))).message).toContain("overlap");
    const dropped = await openFiles(toy, dup, { onOverlap: "drop-duplicates" });
    expect(dropped.files).toEqual([files[0]]);
    expect(dropped.attrs.warnings).toEqual([`dropped ${dup[1]}: duplicates ${dup[0]}`]);
  });
});

describe("worker threads reopen any registry input", () => {
  it("by format name and files (overlap policy included); other sources are read in-thread", async () => {
    const { reopenableInput } = await import("../../src/processing/ioWorkers/reopenableInput.js");
    const gdr = await openInput(join(GOLDEN, "..", "realdata", "gdr_1", "gdr_1.h5"));
    expect(reopenableInput(gdr)).toEqual({ input: gdr.files, open: { engine: "gdr" } });
    const z = await openInput(join(GOLDEN, "zarr", "v2_raw.zarr"));
    expect(reopenableInput(z)).toEqual({ input: z.files[0], open: {} });
    writeFileSync(join(tmp.dir, "solo.toy"), "0 2 2");
    const t = await toy.open(join(tmp.dir, "solo.toy"));
    expect(reopenableInput(t)).toBeNull();
    expect(reopenableInput(memorySource(DataArray.regular(new Float32Array(4), [2, 2], { t0: 0n, dt: 1n, x0: 0, dx: 1 })))).toBeNull();
  });
});
