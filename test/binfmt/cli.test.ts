/**
 * `dasflow info`, `convert` and `run` end to end on the readable real files of the binary
 * formats (real child processes, real files): the converted store holds the stored values and
 * coordinates, a `scale` pipeline run through the I/O worker threads (the sources reopen by
 * path with their format pinned) and in-thread gives twice the stored values.
 */
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openInput } from "../../io/openInput.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { tmpDir } from "./tmp.js";

const REAL = join(ROOT, "fixtures", "realdata");
const FILES: [string, string, number[], number][] = [
  ["tdms", "silixa_tdms_v4713/sample_tdms_file_v4713.tdms", [216, 2432], 100],
  ["segy", "segy_small_channel_patch/small_channel_patch.sgy", [20, 10], 8],
  ["sentek", "santek_dasdms/DASDMSShot00_20230328155653619.das", [18339, 31], 5000],
];

async function readAll(input: string) {
  const src = await openInput(input, { onWarning: () => {} });
  const [nt, nx] = src.backend.shape as [number, number];
  const data = await src.backend.readBlock([[0, nt], [0, nx]]);
  await src.backend.close?.();
  return { src, data };
}

describe("CLI on real binary-format files", () => {
  for (const [format, file, shape, chunk] of FILES) {
    it(`${format}: info, convert, run (I/O workers and in-thread)`, async () => {
      const path = join(REAL, file);
      const info = await runCli(["info", path]);
      expect(info.code).toBe(0);
      expect(info.stdout).toMatch(new RegExp(`format\\s+${format}`));
      expect(info.stdout).toContain(`shape [${shape.join(", ")}]`);

      const dir = tmpDir();
      const ref = await readAll(path);
      const conv = await runCli(["convert", path, join(dir, "c.zarr")]);
      expect(conv.code, conv.stderr).toBe(0);
      const converted = await readAll(join(dir, "c.zarr"));
      expect(converted.src.backend.shape).toEqual(shape);
      expect(Array.from(converted.data)).toEqual(Array.from(ref.data));
      expect(converted.src.coords["time"]!.ns(0)).toBe(ref.src.coords["time"]!.ns(0));
      expect(converted.src.coords["time"]!.ns(shape[0]! - 1)).toBe(ref.src.coords["time"]!.ns(shape[0]! - 1));
      expect(converted.src.coords["distance"]!.value(shape[1]! - 1)).toBe(ref.src.coords["distance"]!.value(shape[1]! - 1));

      const spec = join(dir, "p.yaml");
      writeFileSync(spec, "atoms:\n  - op: scale\n    factor: 2\n");
      for (const workers of ["1", "0"]) {
        const out = join(dir, `r${workers}.zarr`);
        const run = await runCli(["run", "--pipeline", spec, "--input", path, "--output", out, "--chunk", String(chunk)], { DASFLOW_IO_WORKERS: workers });
        expect(run.code, run.stderr).toBe(0);
        const got = await readAll(out);
        expect(got.src.backend.shape).toEqual(shape);
        expect(Array.from(got.data)).toEqual(Array.from(ref.data, (v) => Math.fround(2 * v)));
      }
    });
  }

  it("Sintela protobuf: a one-line error naming the file and the reason, non-zero exit", async () => {
    const path = join(REAL, "sintela_protobuf_1", "sintela_protobuf_1.pb");
    const r = await runCli(["info", path]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/sintela_protobuf_1\.pb: Sintela protobuf streams are not supported yet/);
  });
});

describe("CLI on a generated miniSEED directory", () => {
  it("info, convert and run (I/O workers reopen the records by their files)", async () => {
    const { writeRecord, concat } = await import("./miniseedWriter.js");
    const dir = tmpDir();
    const inDir = join(dir, "mseed");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(inDir);
    const vals = (c: number, k: number): number[] => Array.from({ length: 100 }, (_, i) => c * 100 + k * 100 + i);
    for (const [c, sta] of ["D1", "D2", "D3"].entries()) {
      const recs = [0, 1, 2].map((k) => writeRecord({ net: "XX", sta, cha: "HSF", time: [2024, 61, 0, 0, k, 0], rate: [100, 1], encoding: 4, samples: vals(c, k) }, k + 1));
      writeFileSync(join(inDir, `${sta}.mseed`), concat(recs));
    }
    const info = await runCli(["info", inDir]);
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout).toMatch(/format\s+miniseed/);
    expect(info.stdout).toContain("shape [300, 3]");
    const ref = await readAll(inDir);
    const conv = await runCli(["convert", inDir, join(dir, "c.zarr")]);
    expect(conv.code, conv.stderr).toBe(0);
    expect(Array.from((await readAll(join(dir, "c.zarr"))).data)).toEqual(Array.from(ref.data));
    const spec = join(dir, "p.yaml");
    writeFileSync(spec, "atoms:\n  - op: scale\n    factor: 2\n");
    const run = await runCli(["run", "--pipeline", spec, "--input", inDir, "--output", join(dir, "r.zarr"), "--chunk", "64"]);
    expect(run.code, run.stderr).toBe(0);
    expect(Array.from((await readAll(join(dir, "r.zarr"))).data)).toEqual(Array.from(ref.data, (v) => 2 * v));
  });
});
