/**
 * Kill/resume: `dasflow run` as a child process on a multi-file HDF5 recording, SIGKILLed at
 * random moments and at chosen ones (inside a chunk write, between a checkpoint's fsync and
 * its rename, right after the rename), resumed each time: the final store must be
 * byte-identical to an uninterrupted run — data chunks, coordinates and metadata.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startCli, treeBytes, treeDiff } from "../helpers/cli.js";
import { writeRecording } from "../helpers/recording.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-kill-"));
const rec = join(dir, "rec");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pipelines = {
  iir: "atoms:\n  - op: sosfilt\n    sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6], [1, -2, 1, 1, -1.8, 0.85]]\n    zi: steady\n  - op: square\n",
  stateful:
    "atoms:\n" +
    "  - op: sosfilt\n    sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6], [1, -2, 1, 1, -1.8, 0.85]]\n" +
    "  - op: lfilter\n    b: [0.25, 0.5, 0.25]\n    a: [1]\n" +
    "  - op: decimate\n    q: 3\n    ftype: fir\n" +
    "  - op: staLta\n    method: classic\n    nsta: 5\n    nlta: 40\n" +
    "  - op: trigger\n    on: 1.5\n    off: 1.1\n",
};

beforeAll(async () => {
  await writeRecording(rec, { files: 5, samplesPerFile: 400, channels: 12 });
  for (const [name, text] of Object.entries(pipelines)) writeFileSync(join(dir, `${name}.yaml`), text);
});

async function reference(name: string, chunk: number): Promise<Map<string, Buffer>> {
  const out = join(dir, `${name}-ref.zarr`);
  const r = await runCli(["run", "--pipeline", join(dir, `${name}.yaml`), "--input", rec, "--output", out, "--chunk", String(chunk)]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return treeBytes(out);
}

/**
 * Runs with --resume, killing each run by plan (a delay in ms, or a crash point `point:n`),
 * until a run completes; then the store is compared.
 */
async function killAndResume(name: string, chunk: number, kills: (number | string)[]): Promise<{ store: Map<string, Buffer>; killed: number }> {
  const out = join(dir, `${name}-killed.zarr`);
  const args = ["run", "--pipeline", join(dir, `${name}.yaml`), "--input", rec, "--output", out, "--chunk", String(chunk), "--resume"];
  let killed = 0;
  let completed = false;
  for (const k of kills) {
    let r;
    if (typeof k === "number") {
      const { child, done } = startCli(args);
      const timer = setTimeout(() => child.kill("SIGKILL"), k);
      r = await done;
      clearTimeout(timer);
    } else {
      r = await runCli(args, { DASFLOW_CRASH_AT: k });
    }
    if (r.signal === "SIGKILL") killed++;
    else {
      expect(r.code, r.stderr).toBe(0);
      completed = true;
      break;
    }
  }
  if (!completed) {
    const last = await runCli(args);
    expect(last.code, last.stderr).toBe(0);
  }
  return { store: treeBytes(out), killed };
}

describe("kill and resume gives a byte-identical store", () => {
  it("IIR pipeline, 10+ kills at random moments and at chosen points", async () => {
    const chunk = 37; // not a divisor of the file length: chunks straddle files
    const ref = await reference("iir", chunk);
    // 55 chunks: each chosen point kills within a few chunks of the resumed run's start.
    const chosen = ["chunk-written:1", "checkpoint-synced:3", "checkpoint-renamed:2", "chunk-written:4", "checkpoint-synced:2", "checkpoint-renamed:3"];
    const random = [350, 420, 500, 600, 700];
    const { store, killed } = await killAndResume("iir", chunk, [...chosen.slice(0, 3), ...random, ...chosen.slice(3)]);
    expect(killed).toBeGreaterThanOrEqual(10);
    expect(treeDiff(ref, store)).toEqual([]);
  });

  it("every stateful atom (IIR, FIR, decimate with a non-multiple chunk, STA/LTA)", async () => {
    const chunk = 50; // not a multiple of q = 3
    const ref = await reference("stateful", chunk);
    const kills = ["chunk-written:2", "checkpoint-synced:3", "checkpoint-renamed:4", 400, 550, "chunk-written:3", "checkpoint-synced:2", "checkpoint-renamed:2", 650];
    const { store, killed } = await killAndResume("stateful", chunk, kills);
    expect(killed).toBeGreaterThanOrEqual(6);
    // The picks file is part of the comparison and must not be trivially empty.
    expect(ref.get("picks.csv")!.toString().split("\n").length).toBeGreaterThan(3);
    expect(treeDiff(ref, store)).toEqual([]);
  });
});
