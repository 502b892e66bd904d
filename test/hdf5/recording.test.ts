/**
 * Multi-file recordings: 5 ASN files (named out of time order, with a gap and an overlap)
 * stitched into one lazy array with exact tie points; chunked reads across file boundaries,
 * from any chunk index, equal the concatenated data.
 */
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAsnFile } from "../../io/hdf5/engines/asn.js";
import { openRecording } from "../../io/hdf5/recording.js";
import { RecordingBackend, backendFromPlain } from "../../io/hdf5/recordingBackend.js";
import { SourceLoader } from "../../io/sourceLoader.js";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { parseIso } from "../../src/core/coords/time.js";
import { DataArray } from "../../src/core/dataArray.js";
import { Square } from "../../atoms/square.js";
import { MemoryWriter } from "../../io/memory/writer.js";
import { process } from "../../src/processing/process.js";
import { tempDir } from "./helpers.js";

const T = parseIso("2024-01-01T00:00:00Z");
const MS = 1_000_000n;
const DT = 4n * MS;
const NX = 6;
// name, start (ms after T), samples — in time order; names are not.
const FILES: readonly [string, bigint, number][] = [
  ["c.hdf5", 0n, 50], // ends 196 ms → next expected 200
  ["a.hdf5", 200n, 37], // contiguous; next expected 348
  ["e.hdf5", 1848n, 50], // gap of 1500 ms; next expected 2048
  ["b.hdf5", 1948n, 40], // overlap of 100 ms; next expected 2108
  ["d.hdf5", 2108n, 25], // contiguous
];

const tmp = tempDir("rec");
// These files overlap on purpose: keep every sample (the default refuses them; see overlaps.test.ts).
const KEEP = { onOverlap: "keep" } as const;
let parts: DataArray[];
let whole: DataArray;
const path = (name: string): string => join(tmp.dir, name);

beforeAll(async () => {
  parts = FILES.map(([, start, n], k) => {
    const data = Float32Array.from({ length: n * NX }, (_, i) => k * 10000 + Math.floor(i / NX) * 10 + (i % NX));
    return DataArray.regular(data, [n, NX], { t0: T + start * MS, dt: DT, x0: 100, dx: 2.5 });
  });
  for (const [k, [name]] of FILES.entries()) await writeAsnFile(path(name), parts[k]!);
  whole = DataArray.concat(parts, "time");
});
afterAll(tmp.cleanup);

describe("openRecording", () => {
  it("orders files by start time and stitches exact tie points; gaps and overlaps are reported", async () => {
    const rec = await openRecording(tmp.dir, KEEP);
    expect(rec.format).toBe("asn");
    expect(rec.files).toEqual(FILES.map(([n]) => path(n)));
    expect(rec.backend.shape).toEqual([202, NX]);
    expect(rec.backend.dtype).toBe("float32");
    expect(rec.backend.chunkBounds[0]).toEqual([0, 50, 87, 137, 177, 202]);
    const t = rec.coords.time!;
    expect(t.equals(whole.coords.time!)).toBe(true);
    // contiguous files merge into one straight piece; the gap and the overlap are tie points
    expect(t.tieIndices).toEqual([0, 86, 87, 136, 137, 201]);
    expect(t.ns(87)).toBe(T + 1848n * MS);
    expect(t.ns(137)).toBe(T + 1948n * MS);
    expect(rec.gaps).toEqual([
      { after: path("a.hdf5"), start: T + 348n * MS, duration: 1500n * MS, kind: "gap" },
      { after: path("e.hdf5"), start: T + 2048n * MS, duration: -100n * MS, kind: "overlap" },
    ]);
    expect(rec.attrs.gaps).toEqual([
      { after: path("a.hdf5"), start: "2024-01-01T00:00:00.348000000Z", duration_ns: 1.5e9, kind: "gap" },
      { after: path("e.hdf5"), start: "2024-01-01T00:00:02.048000000Z", duration_ns: -1e8, kind: "overlap" },
    ]);
    expect(rec.coords.distance!.equals(whole.coords.distance!)).toBe(true);
  });

  it("a glob and an unordered list of files give the same recording; tolerance hides small discontinuities", async () => {
    const byDir = await openRecording(tmp.dir, KEEP);
    const byGlob = await openRecording(join(tmp.dir, "*.hdf5"), KEEP);
    const byList = await openRecording(FILES.map(([n]) => path(n)).reverse(), { engine: "asn", ...KEEP });
    for (const r of [byGlob, byList]) {
      expect(r.files).toEqual(byDir.files);
      expect(r.coords.time!.equals(byDir.coords.time!)).toBe(true);
      expect(r.gaps).toEqual(byDir.gaps);
    }
    expect((await openRecording(tmp.dir, { tolerance: 100n * MS, ...KEEP })).gaps.map((g) => g.kind)).toEqual(["gap"]);
    expect((await openRecording(tmp.dir, { tolerance: 2_000_000_000, ...KEEP })).gaps).toEqual([]);
  });

  it("any block read equals the same block of the concatenated data", async () => {
    const rec = await openRecording(tmp.dir, KEEP);
    await fc.assert(
      fc.asyncProperty(fc.nat(202), fc.nat(202), fc.nat(NX), fc.nat(NX), async (a, b, c, d) => {
        const [t0, t1] = a <= b ? [a, b] : [b, a];
        const [x0, x1] = c <= d ? [c, d] : [d, c];
        const block = await rec.backend.readBlock([[t0, t1], [x0, x1]]);
        expect(Array.from(block)).toEqual(Array.from(whole.isel({ time: [t0, t1], distance: [x0, x1] }).data));
      }),
      { numRuns: 60 },
    );
  });

  it("SourceLoader: chunks of any size, from any chunk index, equal the concatenated data", async () => {
    const rec = await openRecording(tmp.dir, KEEP);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 230 }), fc.nat(), fc.option(fc.tuple(fc.nat(NX), fc.nat(NX))), async (chunk, startSeed, sel) => {
        const select = sel === null ? undefined : { distance: (sel[0] <= sel[1] ? [sel[0], sel[1]] : [sel[1], sel[0]]) as [number, number] };
        const loader = new SourceLoader(rec, { chunk, select });
        const start = startSeed % loader.chunkCount;
        const got: DataArray[] = [];
        for await (const c of loader.chunks(start)) {
          expect(c.index).toBe(start + got.length);
          expect(c.data.shape[0]).toBeLessThanOrEqual(chunk);
          got.push(c.data);
        }
        expect(got.length).toBe(loader.chunkCount - start);
        const expected = whole.isel({ time: { start: Math.min(start * chunk, 202) }, ...(select ?? {}) });
        const joined = DataArray.concat(got, "time");
        expect(joined.equals(expected)).toBe(true);
      }),
      { numRuns: 40, examples: [[1, 0, null], [50, 1, null], [202, 0, null], [230, 0, [2, 2]]] },
    );
  });

  it("the backend is plain data: rebuilt from a structured clone of describe(), it reads the same blocks", async () => {
    const rec = await openRecording(tmp.dir, KEEP);
    const plain = structuredClone((rec.backend as RecordingBackend).describe());
    const copy = backendFromPlain(plain);
    expect(copy.shape).toEqual(rec.backend.shape);
    expect(Array.from(await copy.readBlock([[40, 140], [1, 5]]))).toEqual(Array.from(await rec.backend.readBlock([[40, 140], [1, 5]])));
  });

  it("process() streams the recording through an atom like the in-memory array", async () => {
    const rec = await openRecording(tmp.dir, KEEP);
    const streamed = (await process(new Square(), new SourceLoader(rec, { chunk: 33 }), new MemoryWriter())) as DataArray;
    const direct = new Square().call(whole);
    expect(Array.from(streamed.data)).toEqual(Array.from(direct.data));
    expect(streamed.coords.time!.equals(whole.coords.time!)).toBe(true);
  });

  it("stitching InterpCoordinates by hand gives the same time coordinate", () => {
    const byHand = InterpCoordinate.concat(FILES.map(([, s, n]) => InterpCoordinate.regular(n, { num: T + s * MS, den: 1n }, { num: DT, den: 1n }, "ns")));
    expect(byHand.equals(whole.coords.time!)).toBe(true);
  });
});
