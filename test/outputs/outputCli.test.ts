/**
 * `--format` on `dasflow convert` and `dasflow run`, as a user runs them (the built CLI as a
 * child process): Zarr v2 opened by xarray + zarr-python 2 with the exact time coordinate;
 * miniSEED/SDS read back by an independent parser (samples and record start times exact); the
 * refusals — unknown format, a format that cannot hold the data, an existing output that is not
 * dasflow's — each one line, nothing written or overwritten.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openInput } from "../../io/openInput.js";
import type { LazySource } from "../../src/core/lazySource.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { PYTHON, python } from "../helpers/python.js";
import { writeRecording } from "../helpers/recording.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-outcli-"));
const rec = join(dir, "rec");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NCH = 4;
const NT = 4 * 7500; // 60 s at 500 Hz
let source: LazySource;
let values: Float32Array;

beforeAll(async () => {
  await writeRecording(rec, { files: 4, samplesPerFile: 7500, channels: NCH, t0: 1_704_067_200_123_456_000n });
  writeFileSync(join(dir, "scale.yaml"), "atoms:\n  - op: scale\n    factor: 2\n");
  source = await openInput(rec);
  values = (await source.backend.readBlock([[0, NT], [0, NCH]])) as Float32Array;
});

describe("dasflow convert --format zarr2", () => {
  it("writes a store xarray (zarr-python 2) opens with the data and the exact time coordinate", async () => {
    const out = join(dir, "rec2.zarr");
    const r = await runCli(["convert", rec, out, "--format", "zarr2", "--chunk", "4000"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote .*\(zarr2\), shape \[30000, 4\]/);
    const got = python<{ time: string[]; data: number[]; dims: string[]; distance: number[] }>(
      `import xarray as xr\nds = xr.open_zarr(sys.argv[1])\nprint(json.dumps({"dims": list(ds["data"].dims), "time": [str(v) for v in ds["time"].values.astype("int64")], "distance": ds["distance"].values.tolist(), "data": ds["data"].values.astype("float64").ravel().tolist()}))`,
      [out], ["zarr", "xarray"],
    );
    expect(got.dims).toEqual(["time", "distance"]);
    expect(got.time).toEqual(Array.from(source.coords.time!.toBigInt64Array(), String));
    expect(got.distance).toEqual(Array.from(source.coords.distance!.toFloat64Array()));
    expect(got.data).toEqual(Array.from(values));
  });
});

describe("dasflow run --format miniseed", () => {
  it("writes an SDS archive whose samples and record start times an independent parser reads exactly", async () => {
    const out = join(dir, "sds");
    const r = await runCli(["run", "--pipeline", join(dir, "scale.yaml"), "--input", rec, "--output", out, "--chunk", "3000", "--format", "miniseed", "-O", "network=DA", "-O", "record=512"]);
    expect(r.code, r.stderr).toBe(0);
    const files = JSON.parse(execFileSync(PYTHON, [join(ROOT, "fixtures/scripts/read_sds.py"), out], { encoding: "utf8", maxBuffer: 1 << 28 })) as Record<string, { sta: string; net: string; cha: string; start_us: number; samples: number[] }[]>;
    expect(Object.keys(files).sort()).toEqual(Array.from({ length: NCH }, (_, c) => `2024/DA/0000${c}/DS1.D/DA.0000${c}..DS1.D.2024.001`));
    const time = source.coords.time!;
    for (let c = 0; c < NCH; c++) {
      let i = 0;
      for (const rec of files[`2024/DA/0000${c}/DS1.D/DA.0000${c}..DS1.D.2024.001`]!) {
        expect(BigInt(rec.start_us)).toBe((time.ns(i) + 500n) / 1000n);
        for (const [k, v] of rec.samples.entries()) expect(v).toBe(Math.fround(values[(i + k) * NCH + c]! * 2));
        i += rec.samples.length;
      }
      expect(i).toBe(NT);
    }
  });
});

describe("netcdf and segy from the output's extension", () => {
  it("run --output OUT.nc writes xdas NetCDF windows that read back as the recording", async () => {
    const out = join(dir, "scaled.nc");
    const r = await runCli(["run", "--pipeline", join(dir, "scale.yaml"), "--input", rec, "--output", out, "--chunk", "5000", "-O", "window=12000"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).filter((n) => n.endsWith(".nc"))).toEqual(["part-000000.nc", "part-000001.nc", "part-000002.nc"]);
    const back = await openInput(out);
    expect(back.format).toBe("netcdf");
    expect(Array.from(back.coords.time!.toBigInt64Array())).toEqual(Array.from(source.coords.time!.toBigInt64Array()));
    expect(Array.from(await back.backend.readBlock([[0, NT], [0, NCH]]))).toEqual(Array.from(values, (v) => Math.fround(v * 2)));
    await back.backend.close?.();
  });

  it("convert IN OUT.sgy writes SEG-Y windows that read back as the recording", async () => {
    const out = join(dir, "rec.sgy");
    const r = await runCli(["convert", rec, out, "--chunk", "3000", "-O", "window=7500"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\(segy\), shape \[30000, 4\], 4 files/);
    const back = await openInput(out);
    expect(back.format).toBe("segy");
    expect(Array.from(back.coords.time!.toBigInt64Array())).toEqual(Array.from(source.coords.time!.toBigInt64Array()));
    expect(Array.from(back.coords.distance!.toFloat64Array())).toEqual(Array.from(source.coords.distance!.toFloat64Array()));
    expect(Array.from(await back.backend.readBlock([[0, NT], [0, NCH]]))).toEqual(Array.from(values));
    await back.backend.close?.();
  });
});

describe("refusals: one line, nothing written or overwritten", () => {
  const run = (out: string, ...extra: string[]) => runCli(["run", "--pipeline", join(dir, "scale.yaml"), "--input", rec, "--output", out, ...extra]);

  it("an unknown --format", async () => {
    const out = join(dir, "unknown");
    for (const r of [await run(out, "--format", "hdf9"), await runCli(["convert", rec, out, "--format", "hdf9"])]) {
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim()).toMatch(new RegExp(`^dasflow: ${out}: unknown output format "hdf9" \\(one of zarr3, zarr2, .*miniseed`));
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(existsSync(out)).toBe(false);
  });

  it("a format that cannot hold the data, and an unknown option", async () => {
    const out = join(dir, "toomany");
    // A 4-character station prefix leaves one digit: 10 channels at most, fine for 4; 2 characters of network at most.
    const r1 = await run(out, "--format", "miniseed", "-O", "network=TOOLONG");
    expect(r1.stderr.trim()).toMatch(/^dasflow: .*network code must be at most 2 characters/);
    const wide = join(dir, "wide");
    await writeRecording(wide, { files: 1, samplesPerFile: 50, channels: 12 });
    const r2 = await runCli(["run", "--pipeline", join(dir, "scale.yaml"), "--input", wide, "--output", out, "--format", "miniseed", "-O", "station-prefix=ABCD"]);
    expect(r2.code).not.toBe(0);
    expect(r2.stderr.trim()).toMatch(/^dasflow: 12 channels do not fit in miniSEED station codes/);
    const r3 = await runCli(["convert", wide, out, "--format", "miniseed", "-O", "station-prefix=ABCD"]);
    expect(r3.stderr.trim()).toMatch(/^dasflow: 12 channels do not fit/);
    const r4 = await run(out, "--format", "zarr2", "-O", "level=3");
    expect(r4.stderr.trim()).toMatch(/^dasflow: output format zarr2 has no option "level"/);
    const r5 = await run(out, "--format", "segy", "--channel-chunk", "2");
    expect(r5.stderr.trim()).toMatch(/^dasflow: .*: --channel-chunk applies to zarr3 output, not segy$/);
    for (const r of [r1, r2, r3, r4, r5]) expect([r.code !== 0, r.stderr.trim().split("\n").length]).toEqual([true, 1]);
    expect(existsSync(out)).toBe(false);
  });

  it("an existing output that is not dasflow's, even with --overwrite", async () => {
    const foreign = join(dir, "foreign");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "notes.txt"), "mine");
    const file = join(dir, "file.zarr");
    writeFileSync(file, "a file");
    for (const format of ["zarr2", "miniseed"]) {
      for (const r of [await run(foreign, "--format", format), await run(foreign, "--format", format, "--overwrite"), await runCli(["convert", rec, foreign, "--format", format, "--overwrite"])]) {
        expect(r.code).not.toBe(0);
        expect(r.stderr.trim()).toMatch(new RegExp(`^dasflow: ${foreign}: (output exists|refusing to replace the output: it holds notes.txt)`));
      }
      const r = await run(file, "--format", format, "--overwrite");
      expect(r.stderr.trim()).toMatch(new RegExp(`^dasflow: ${file}: refusing to replace the output: it is a file`));
    }
    expect(readdirSync(foreign)).toEqual(["notes.txt"]);
    expect(readFileSync(join(foreign, "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(file, "utf8")).toBe("a file");
  });

  it("--overwrite replaces an output of another format that dasflow wrote", async () => {
    const out = join(dir, "twice");
    expect((await run(out, "--format", "miniseed")).code).toBe(0);
    const r = await run(out, "--format", "zarr2", "--overwrite");
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([".checkpoints", ".dasflow", ".zattrs", ".zgroup", ".zmetadata", "data", "distance", "time"]);
  });
});
