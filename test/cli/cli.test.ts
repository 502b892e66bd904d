/** The command line: info/convert/validate on real files, and every user error as one line + non-zero exit. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/cli.js";
import { writeRecording } from "../helpers/recording.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-cli-"));
const rec = join(dir, "rec");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await writeRecording(rec, { files: 2, samplesPerFile: 200, channels: 6, t0: 1_704_067_200_000_000_000n, dt: 4_000_000n });
  writeFileSync(join(dir, "ok.yaml"), "atoms:\n  - op: square\n");
  writeFileSync(join(dir, "unknown-op.yaml"), "atoms:\n  - op: square\n  - op: frobnicate\n");
  writeFileSync(join(dir, "bad-field.yaml"), "atoms:\n  - op: lfilter\n    b: [1]\n");
  writeFileSync(join(dir, "broken.yaml"), "atoms: [op: square\n");
});

function oneLineError(r: { code: number | null; stderr: string }, re: RegExp): void {
  expect(r.code).not.toBe(0);
  expect(r.code).not.toBeNull();
  expect(r.stderr).toMatch(re);
  expect(r.stderr.trim().split("\n")[0]).toMatch(re);
}

describe("dasflow info", () => {
  it("prints the DESIGN.md JSON contract from metadata", async () => {
    const r = await runCli(["info", rec, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({
      format: "asn",
      dims: ["time", "distance"],
      shape: [400, 6],
      dtype: "float32",
      time: { start: "2024-01-01T00:00:00.000000000Z", end: "2024-01-01T00:00:01.596000000Z", dt_ns: 4000000, gaps: [] },
      distance: { start: 0, step: 2, end: 10 },
    });
    expect(info.files).toHaveLength(2);
  });

  it("reports the golden ASN file's time to the nanosecond (xdas rounding)", async () => {
    const r = await runCli(["info", join(ROOT, "fixtures/golden/hdf5/asn.hdf5"), "--json"]);
    expect(JSON.parse(r.stdout).time.start).toBe("2024-01-01T00:00:00.249999872Z");
  });

  it("reports a gap between files", async () => {
    const gapDir = join(dir, "gap");
    await writeRecording(gapDir, { files: 1, samplesPerFile: 100, channels: 3, t0: 1_704_067_200_000_000_000n, dt: 4_000_000n });
    await writeRecording(join(dir, "gap2"), { files: 1, samplesPerFile: 100, channels: 3, t0: 1_704_067_201_000_000_000n, dt: 4_000_000n });
    const r = await runCli(["info", `${dir}/gap*/000.hdf5`, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const gaps = JSON.parse(r.stdout).time.gaps;
    expect(gaps).toHaveLength(1);
    expect(gaps[0].duration_ns).toBe(1_000_000_000 - 100 * 4_000_000);
  });
});

describe("dasflow convert and validate", () => {
  it("converts a recording to Zarr that info then reads with the same coordinates", async () => {
    const out = join(dir, "conv.zarr");
    const r = await runCli(["convert", rec, out, "--chunk", "128"]);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse((await runCli(["info", rec, "--json"])).stdout);
    const b = JSON.parse((await runCli(["info", out, "--json"])).stdout);
    expect(b.time).toEqual(a.time);
    expect(b.shape).toEqual(a.shape);
    oneLineError(await runCli(["convert", rec, out]), /conv\.zarr: output exists; use --overwrite/);
  });

  it("validate lists the atoms with defaults", async () => {
    const r = await runCli(["validate", join(dir, "ok.yaml")]);
    expect(r.stdout).toMatch(/atoms\[0\] square/);
  });
});

describe("user errors: one line on stderr, non-zero exit", () => {
  const out = () => join(dir, `o-${Math.random().toString(36).slice(2)}.zarr`);
  it("unknown op", async () => {
    oneLineError(await runCli(["run", "--pipeline", join(dir, "unknown-op.yaml"), "--input", rec, "--output", out()]), /unknown-op\.yaml: atoms\[1\]: unknown op "frobnicate"/);
  });
  it("missing field", async () => {
    oneLineError(await runCli(["run", "--pipeline", join(dir, "bad-field.yaml"), "--input", rec, "--output", out()]), /atoms\[0\] \(lfilter\): a: required array is missing/);
  });
  it("unparsable pipeline", async () => {
    oneLineError(await runCli(["validate", join(dir, "broken.yaml")]), /broken\.yaml: not valid YAML\/JSON/);
  });
  it("missing input", async () => {
    oneLineError(await runCli(["run", "--pipeline", join(dir, "ok.yaml"), "--input", join(dir, "nope"), "--output", out()]), /nope: /);
    oneLineError(await runCli(["info", join(dir, "nope.h5")]), /nope\.h5: /);
  });
  it("input that is not a DAS file", async () => {
    oneLineError(await runCli(["info", join(dir, "ok.yaml")]), /ok\.yaml: unknown format, no engine reads it \(.*: not an HDF5 file/);
  });
  it("bad chunk size", async () => {
    for (const bad of ["0", "-5", "abc", "1.5"]) {
      oneLineError(await runCli(["run", "--pipeline", join(dir, "ok.yaml"), "--input", rec, "--output", out(), "--chunk", bad]), /--chunk must be an integer ≥ 1/);
    }
  });
  it("output exists without --overwrite", async () => {
    const o = out();
    expect((await runCli(["run", "--pipeline", join(dir, "ok.yaml"), "--input", rec, "--output", o])).code).toBe(0);
    oneLineError(await runCli(["run", "--pipeline", join(dir, "ok.yaml"), "--input", rec, "--output", o]), /already finished; use --overwrite/);
  });
  it("missing required option and unknown command", async () => {
    const r = await runCli(["run", "--pipeline", join(dir, "ok.yaml")]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/required option '--input <in>' not specified/);
    const u = await runCli(["frobnicate"]);
    expect(u.code).not.toBe(0);
    expect(u.stderr).toMatch(/unknown command 'frobnicate'/);
  });
  it("--help and --version exit 0", async () => {
    const h = await runCli(["run", "--help"]);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/Examples:/);
    expect((await runCli(["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
