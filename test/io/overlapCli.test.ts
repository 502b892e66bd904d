/**
 * Overlapping and duplicate input files through the CLI (issue 13 item 12), and
 * `dasflow formats`: refused by default naming both files and the overlap; `--on-overlap
 * drop-duplicates|trim` processes them with what was dropped/trimmed reported, and the
 * output's time never runs backwards.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAsnFile } from "../../io/hdf5/engines/asn.js";
import { openInput } from "../../io/openInput.js";
import { OUTPUT_FORMATS } from "../../io/outputFormats.js";
import { formatNames } from "../../io/formats.js";
import { DataArray } from "../../src/core/dataArray.js";
import { tempDir } from "../hdf5/helpers.js";
import { runCli } from "../helpers/cli.js";

const tmp = tempDir("overlapcli");
afterAll(tmp.cleanup);
const MS = 1_000_000n;
const rec = join(tmp.dir, "rec");
const dup = join(tmp.dir, "dup");

beforeAll(async () => {
  mkdirSync(rec);
  mkdirSync(dup);
  const part = (t0: bigint, n: number, seed: number): DataArray =>
    DataArray.regular(Float32Array.from({ length: n * 4 }, (_, i) => seed + i), [n, 4], { t0, dt: 4n * MS, x0: 0, dx: 1 });
  await writeAsnFile(join(rec, "a.hdf5"), part(0n, 50, 0)); // 0 … 196 ms
  await writeAsnFile(join(rec, "b.hdf5"), part(180n * MS, 50, 1000)); // overlaps a's last 5 samples
  await writeAsnFile(join(dup, "a.hdf5"), part(0n, 50, 0));
  copyFileSync(join(dup, "a.hdf5"), join(dup, "a-again.hdf5"));
  writeFileSync(join(tmp.dir, "p.json"), JSON.stringify({ atoms: [{ op: "square" }] }));
});

describe("overlapping inputs on the command line", () => {
  it("are refused by default in one line naming both files and the overlap", async () => {
    for (const args of [["info", rec], ["run", "--pipeline", join(tmp.dir, "p.json"), "--input", rec, "--output", join(tmp.dir, "x.zarr")]]) {
      const r = await runCli(args);
      expect(r.code).not.toBe(0);
      const lines = r.stderr.trim().split("\n");
      expect(lines.length).toBe(1);
      expect(lines[0]).toMatch(/a\.hdf5 and .*b\.hdf5 overlap: .*b\.hdf5 starts at 1970-01-01T00:00:00\.180000000Z, 20000000 ns before/);
    }
    expect((await runCli(["info", dup])).stderr).toMatch(/a\.hdf5 duplicates .*a-again\.hdf5|a-again\.hdf5 duplicates .*a\.hdf5/);
  });

  it("--on-overlap trim keeps the earlier file's samples; drop-duplicates drops the repeat; both say so", async () => {
    const info = await runCli(["info", rec, "--on-overlap", "trim"]);
    expect(info.code).toBe(0);
    expect(info.stdout).toMatch(/shape \[95, 4\]/);
    expect(info.stdout).toMatch(/warning   trimmed .*b\.hdf5: its first 5 samples overlap/);
    const out = join(tmp.dir, "trim.zarr");
    const r = await runCli(["run", "--pipeline", join(tmp.dir, "p.json"), "--input", rec, "--output", out, "--chunk", "30", "--on-overlap", "trim"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: trimmed .*b\.hdf5/);
    const z = await openInput(out);
    const t = z.coords.time!.toBigInt64Array();
    expect(t.length).toBe(95);
    for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!).toBe(4n * MS);
    const data = await z.backend.readBlock([[49, 51], [0, 1]]);
    expect(Array.from(data)).toEqual([196 * 196, (1000 + 5 * 4) ** 2]);
    const d = await runCli(["info", dup, "--on-overlap", "drop-duplicates", "--json"]);
    expect(d.code).toBe(0);
    const j = JSON.parse(d.stdout);
    expect(j.files.length).toBe(1);
    expect(j.attrs.warnings[0]).toMatch(/^dropped .*: duplicates /);
  }, 60_000);

  it("run --help and info --help document --on-overlap; dasflow formats lists every plug-in", async () => {
    expect((await runCli(["run", "--help"])).stdout).toMatch(/--on-overlap <policy>[\s\S]*drop-duplicates[\s\S]*trim/);
    expect((await runCli(["info", "--help"])).stdout).toContain("--on-overlap");
    const f = await runCli(["formats", "--json"]);
    expect(f.code).toBe(0);
    const listed = JSON.parse(f.stdout) as { kind: string; name: string }[];
    expect(listed.filter((x) => x.kind === "input").map((x) => x.name)).toEqual(formatNames());
    expect(listed.filter((x) => x.kind === "output").map((x) => x.name)).toEqual(OUTPUT_FORMATS.map((x) => x.name));
    const text = await runCli(["formats"]);
    // The input formats, one line each, before the output formats' section.
    expect(text.stdout.split("\n\nOutput formats")[0]!.trim().split("\n").length).toBe(formatNames().length);
    expect(text.stdout).toMatch(/^zarr2 +writes Zarr v2 /m);
    expect(text.stdout).toMatch(/^prodml +ProdML .*\(also: optasense, sintela\)$/m);
  });

  it("info shows the physical quantity and units when the file says them", async () => {
    const file = fileURLToPath(new URL("../../fixtures/realdata/neubrex_das_1/neubrex_das_1.h5", import.meta.url));
    const text = await runCli(["info", file]);
    expect(text.stdout).toMatch(/^data +strain-rate in micro-strain\/second$/m);
    const j = JSON.parse((await runCli(["info", file, "--json"])).stdout);
    expect([j.quantity, j.units]).toEqual(["strain-rate", "micro-strain/second"]);
  });
});
