/**
 * Kill/resume of `dasflow run --format zarr2|miniseed|netcdf|segy` as real child processes: SIGKILLed after
 * its k-th progress line (k from a seeded PRNG) and at fault-injection crash points (after a
 * chunk is written but before its checkpoint; between a checkpoint's fsync and its rename), then
 * resumed; the output must equal an uninterrupted run's, file for file, byte for byte (NetCDF:
 * every dataset and attribute). Checkpoints every 3 chunks: most kills fall between two, and the
 * writers rewrite the chunks since the last one.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runUntilChunkLine, seededRandom, treeBytes, treeDiff, treeNames } from "../helpers/cli.js";
import { netcdfDifferences } from "../helpers/netcdfSame.js";
import { writeRecording } from "../helpers/recording.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-outkill-"));
const rec = join(dir, "rec");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  // Starts 2 s before midnight: the miniSEED archive gets two day files per channel.
  await writeRecording(rec, { files: 4, samplesPerFile: 400, channels: 5, t0: 1_704_153_598_000_000_000n });
  writeFileSync(
    join(dir, "p.yaml"),
    "atoms:\n  - op: sosfilt\n    sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6], [1, -2, 1, 1, -1.8, 0.85]]\n  - op: decimate\n    q: 3\n    ftype: fir\n",
  );
});

const args = (out: string, format: string, ...extra: string[]) =>
  ["run", "--pipeline", join(dir, "p.yaml"), "--input", rec, "--output", out, "--chunk", "70", "--json", "--checkpoint-every", "3", "--format", format, ...extra];

type Kill = { line: number } | { crash: string };

/** `contentOnly`: compare NetCDF files by content (h5py), not bytes (h5wasm stamps times in HDF5 headers). */
async function killAndResume(format: string, extra: string[], seed: number, contentOnly = false): Promise<void> {
  const ref = join(dir, `${format}-ref`);
  const r0 = await runCli(args(ref, format, ...extra));
  expect(r0.code, r0.stderr).toBe(0);
  const rnd = seededRandom(seed);
  const kills: Kill[] = [{ crash: "chunk-written:3" }, { line: 1 + Math.floor(rnd() * 4) }, { crash: "checkpoint-synced:4" }, { line: 1 + Math.floor(rnd() * 4) }, { crash: "chunk-written:2" }];
  const out = join(dir, `${format}-killed`);
  for (const k of kills) {
    const r = "line" in k ? await runUntilChunkLine(args(out, format, ...extra, "--resume"), k.line, "SIGKILL") : await runCli(args(out, format, ...extra, "--resume"), { DASFLOW_CRASH_AT: k.crash });
    expect(r.signal, `${JSON.stringify(k)}: exit ${r.code} ${r.stderr}`).toBe("SIGKILL");
  }
  const last = await runCli(args(out, format, ...extra, "--resume"));
  expect(last.code, last.stderr).toBe(0);
  if (contentOnly) {
    expect(netcdfDifferences(ref, out)).toEqual([]);
    expect(treeDiff(treeBytes(ref, /^\.checkpoints\/|\.nc$/), treeBytes(out, /^\.checkpoints\/|\.nc$/))).toEqual([]);
  } else expect(treeDiff(treeBytes(ref), treeBytes(out))).toEqual([]);
  expect(treeNames(out)).toEqual(treeNames(ref));
  // A resume of the finished job does nothing; one in another format is refused.
  expect((await runCli(args(out, format, ...extra, "--resume"))).stdout).toMatch(/"alreadyComplete":true/);
  const other = await runCli(args(out, format === "zarr2" ? "miniseed" : "zarr2", "--resume"));
  expect(other.stderr.trim()).toMatch(/^dasflow: .*cannot resume: the output format differs/);
}

describe("kill/resume with --format", () => {
  it("zarr2: killed five times, the store equals an uninterrupted run's", async () => {
    await killAndResume("zarr2", [], 11);
  });

  it("miniseed: killed five times, the SDS archive equals an uninterrupted run's", async () => {
    await killAndResume("miniseed", ["-O", "record=512"], 12);
  });

  it("netcdf: killed five times, the window files hold what an uninterrupted run's hold", async () => {
    await killAndResume("netcdf", ["-O", "window=60"], 14, true);
  });

  it("segy: killed five times, the window files equal an uninterrupted run's", async () => {
    await killAndResume("segy", ["-O", "window=50"], 13);
  });
});
