/**
 * Kill/resume: `dasflow run` as a child process on a multi-file HDF5 recording, SIGKILLed again
 * and again and resumed each time; the final store must equal an uninterrupted run's file for
 * file — every data chunk, coordinate, metadata document and the picks, no stray temporaries,
 * the same checkpoint files. Kills happen at points the job itself reports, never after a
 * delay: after its k-th `--json` progress line (k from a seeded PRNG, so the plan is the same on
 * every machine), and at fault-injection crash points (inside a chunk write, between a
 * checkpoint's fsync and its renames — the first checkpoint included — and while an old store is
 * being removed by `--overwrite`). Each kill is asserted to have happened.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runUntilChunkLine, seededRandom, treeBytes, treeDiff, treeNames } from "../helpers/cli.js";
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
  await writeRecording(rec, { files: 4, samplesPerFile: 300, channels: 6 });
  for (const [name, text] of Object.entries(pipelines)) writeFileSync(join(dir, `${name}.yaml`), text);
});

const args = (name: string, out: string, chunk: number, ...extra: string[]) => ["run", "--pipeline", join(dir, `${name}.yaml`), "--input", rec, "--output", out, "--chunk", String(chunk), "--json", ...extra];

/** A kill: after the k-th progress line, or at a crash point `point:n`; `overwrite` runs with --overwrite instead of --resume. */
type Kill = { line: number } | { crash: string; overwrite?: boolean };

/** The plan: the crash points given, with `lines` kills after a seeded-random progress line (1…4) between them. */
function plan(seed: number, crashes: Kill[], lines: number): Kill[] {
  const rnd = seededRandom(seed);
  const out: Kill[] = [...crashes.slice(0, 3)];
  const rest = crashes.slice(3);
  for (let i = 0; i < lines; i++) {
    out.push({ line: 1 + Math.floor(rnd() * 4) });
    if (i < rest.length) out.push(rest[i]!);
  }
  return out;
}

/** Runs the plan (every run must die as planned), then one last `--resume` that completes; compares. */
async function killAndResume(name: string, chunk: number, kills: Kill[], prepare?: (out: string) => void, options: { tag?: string; extra?: string[] } = {}): Promise<number> {
  const tag = options.tag ?? name;
  const extra = options.extra ?? [];
  const ref = join(dir, `${tag}-ref.zarr`);
  const r0 = await runCli(args(name, ref, chunk, ...extra));
  expect(r0.code, r0.stderr).toBe(0);
  const out = join(dir, `${tag}-killed.zarr`);
  prepare?.(out);
  let killed = 0;
  for (const k of kills) {
    const r =
      "line" in k
        ? await runUntilChunkLine(args(name, out, chunk, ...extra, "--resume"), k.line, "SIGKILL")
        : await runCli(args(name, out, chunk, ...extra, k.overwrite ? "--overwrite" : "--resume"), { DASFLOW_CRASH_AT: k.crash });
    expect(r.signal, `${JSON.stringify(k)} after ${killed} kills: exit ${r.code} ${r.stderr}`).toBe("SIGKILL");
    killed++;
  }
  const last = await runCli(args(name, out, chunk, ...extra, "--resume"));
  expect(last.code, last.stderr).toBe(0);
  // Every file, byte for byte (checkpoints only by name: they hold a wall-clock time).
  expect(treeDiff(treeBytes(ref), treeBytes(out))).toEqual([]);
  expect(treeNames(out)).toEqual(treeNames(ref));
  // Nothing left beside the store either (a removal's aside directory).
  expect(readdirSync(dir).filter((n) => n.includes(`${tag}-killed`))).toEqual([`${tag}-killed.zarr`]);
  return killed;
}

describe("kill and resume gives a byte-identical store", () => {
  it("IIR pipeline: a kill while an old store is removed, during the first checkpoint, and 24 more", async () => {
    const chunk = 13; // not a divisor of the file length: chunks straddle files (93 chunks)
    const crashes: Kill[] = [
      { crash: "store-aside:1", overwrite: true },
      { crash: "checkpoint-synced:1" },
      { crash: "checkpoint-rotated:2" },
      { crash: "chunk-written:2" },
      { crash: "checkpoint-renamed:3" },
      { crash: "checkpoint-synced:4" },
      { crash: "checkpoint-rotated:3" },
      { crash: "chunk-written:1" },
    ];
    // The --overwrite run replaces a finished store (a copy of the reference) and dies midway.
    // A checkpoint after every chunk: each crash point is met at the chunk its count names.
    const n = await killAndResume("iir", chunk, plan(1, crashes, 18), (out) => cpSync(join(dir, "iir-ref.zarr"), out, { recursive: true }), { extra: ["--checkpoint-every", "1"] });
    expect(n).toBe(26); // with the 24 below: 50 kills
  });

  it("every stateful atom (IIR, FIR, decimate with a non-multiple chunk, STA/LTA, trigger picks)", async () => {
    const chunk = 16; // not a multiple of q = 3 (75 chunks)
    const crashes: Kill[] = [
      { crash: "checkpoint-renamed:1" },
      { crash: "chunk-written:1" },
      { crash: "checkpoint-synced:2" },
      { crash: "checkpoint-rotated:4" },
      { crash: "chunk-written:3" },
      { crash: "checkpoint-synced:3" },
      { crash: "checkpoint-renamed:2" },
    ];
    // A checkpoint every 4 chunks: most kills fall between two and resume chunks behind.
    const n = await killAndResume("stateful", chunk, plan(2, crashes, 17), undefined, { extra: ["--checkpoint-every", "4"] });
    expect(n).toBe(24);
    // The picks are part of the comparison and must not be trivially empty.
    expect(treeBytes(join(dir, "stateful-ref.zarr")).get("picks.csv")!.toString().split("\n").length).toBeGreaterThan(3);
  });

  it("the default spacing (a checkpoint a second): killed after progress lines, resumed", async () => {
    // However many chunks a second covers on this machine, each resume rewrites what followed its checkpoint.
    const n = await killAndResume("stateful", 16, plan(4, [], 4), undefined, { tag: "stateful-default" });
    expect(n).toBe(4);
  });

  it("a compressed store (--compression lz4): killed inside a chunk's sync, the checkpoint's, and between", async () => {
    const chunk = 29; // 42 chunks, each Zarr chunk rewritten whole: no partial tail chunk to resume from
    const crashes: Kill[] = [
      { crash: "checkpoint-synced:3" },
      { crash: "chunk-written:2" },
      { crash: "store-synced:4" },
      { crash: "checkpoint-rotated:2" },
      { crash: "store-synced:1" },
    ];
    const n = await killAndResume("iir", chunk, plan(3, crashes, 4), undefined, { tag: "iir-lz4", extra: ["--compression", "lz4", "--checkpoint-every", "3"] });
    expect(n).toBe(9);
    const codecs = JSON.parse(treeBytes(join(dir, "iir-lz4-ref.zarr")).get("data/zarr.json")!.toString()).codecs;
    expect(codecs.map((c: { name: string }) => c.name)).toEqual(["bytes", "blosc", "crc32c"]);
  });
});
