/**
 * Checkpoint safety of `dasflow run` (child processes, real files): a kill while the first
 * checkpoint is written resumes; a damaged checkpoint is refused by its checksum (naming the
 * file) or, when the previous generation is intact, the job resumes from that one and still
 * gives the uninterrupted store; a resumed job leaves no temporary files behind; a partition
 * refused for a wrong partition count leaves nothing that blocks the right ones.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, seededRandom, treeBytes, treeDiff, treeNames } from "../helpers/cli.js";
import { writeRecording } from "../helpers/recording.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-ckpt-"));
const rec = join(dir, "rec");
const pipe = join(dir, "p.yaml");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let ref: Map<string, Buffer>;
let refNames: string[];
beforeAll(async () => {
  await writeRecording(rec, { files: 3, samplesPerFile: 200, channels: 8 });
  writeFileSync(
    pipe,
    "atoms:\n  - op: sosfilt\n    sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6], [1, -2, 1, 1, -1.8, 0.85]]\n  - op: decimate\n    q: 3\n    ftype: fir\n" +
      "  - op: staLta\n    method: classic\n    nsta: 5\n    nlta: 40\n  - op: trigger\n    on: 1.5\n    off: 1.1\n",
  );
  const out = join(dir, "ref.zarr");
  const r = await run(out);
  expect(r.code, r.stderr).toBe(0);
  ref = treeBytes(out);
  refNames = treeNames(out);
});

// Checkpoints every 3 chunks (24 chunks): the previous generation is 3 chunks behind the newest.
const args = (out: string, ...extra: string[]) => ["run", "--pipeline", pipe, "--input", rec, "--output", out, "--chunk", "25", "--checkpoint-every", "3", ...extra];
const run = (out: string, ...extra: string[]) => runCli(args(out, ...extra));

function sameAsReference(out: string): void {
  expect(treeDiff(ref, treeBytes(out))).toEqual([]);
  expect(treeNames(out)).toEqual(refNames);
}

describe("checkpoints", () => {
  it("a kill while the first checkpoint is written resumes (every crash point of the first chunks)", async () => {
    for (const point of ["checkpoint-synced:1", "checkpoint-renamed:1", "checkpoint-synced:2", "chunk-written:1"]) {
      const out = join(dir, `first-${point.replace(":", "-")}.zarr`);
      const k = await runCli(args(out, "--resume"), { DASFLOW_CRASH_AT: point });
      expect(k.signal, point).toBe("SIGKILL");
      const r = await run(out, "--resume");
      expect(r.code, `${point}: ${r.stderr}`).toBe(0);
      sameAsReference(out);
    }
  });

  it("a damaged checkpoint is refused naming the file; with an intact previous generation the job resumes from it", async () => {
    const base = join(dir, "base.zarr");
    expect((await runCli(args(base), { DASFLOW_CRASH_AT: "checkpoint-renamed:6" })).signal).toBe("SIGKILL");
    const job = readFileSync(join(base, ".checkpoints", "job.bin"));
    const rnd = seededRandom(13);
    for (let trial = 0; trial < 4; trial++) {
      const out = join(dir, `flip-${trial}.zarr`);
      cpSync(base, out, { recursive: true });
      const at = Math.floor(rnd() * job.length);
      const bytes = Buffer.from(job);
      bytes[at]! ^= 1 << Math.floor(rnd() * 8);
      writeFileSync(join(out, ".checkpoints", "job.bin"), bytes);
      const r = await run(out, "--resume");
      expect(r.code, `byte ${at}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toMatch(/job\.bin: corrupt checkpoint .*resuming from the previous generation/);
      sameAsReference(out);
    }
    // Both generations damaged: refused, naming the file, and nothing is touched.
    const out = join(dir, "both.zarr");
    cpSync(base, out, { recursive: true });
    for (const name of readdirSync(join(out, ".checkpoints"))) {
      const p = join(out, ".checkpoints", name);
      const b = readFileSync(p);
      b[b.length >> 1]! ^= 0x10;
      writeFileSync(p, b);
    }
    const before = treeBytes(out, /^$/);
    const r = await run(out, "--resume");
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/job\.bin: corrupt checkpoint \(checksum mismatch\)/);
    expect(treeDiff(before, treeBytes(out, /^$/))).toEqual([]);
  });

  it("resume removes the job's own stale temporary files", async () => {
    const out = join(dir, "stale.zarr");
    expect((await runCli(args(out), { DASFLOW_CRASH_AT: "checkpoint-synced:5" })).signal).toBe("SIGKILL");
    // What a kill inside an atomic write leaves (temporary file written, not yet renamed).
    writeFileSync(join(out, "data", "c", "0", ".0.15963.ed0bc585.5a.tmp"), "partial");
    writeFileSync(join(out, "time", "c", ".1.15963.ed0bc585.5b.tmp"), "partial");
    writeFileSync(join(out, ".dasflow", ".progress.0-8.json.15963.ed0bc585.5c.tmp"), "partial");
    const r = await run(out, "--resume");
    expect(r.code, r.stderr).toBe(0);
    sameAsReference(out);
  });

  it("a partition refused for a different partition count leaves nothing that blocks the right ones", async () => {
    const p = (out: string, part: string, cc = "2") => runCli(["run", "--pipeline", pipe, "--input", rec, "--output", out, "--chunk", "25", "--channel-chunk", cc, "--partition", part]);
    const single = join(dir, "psingle.zarr");
    expect((await runCli(["run", "--pipeline", pipe, "--input", rec, "--output", single, "--chunk", "25", "--channel-chunk", "2"])).code).toBe(0);
    const out = join(dir, "parts.zarr");
    expect((await p(out, "0/2")).code).toBe(0);
    const wrong = await p(out, "1/3");
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/parts\.zarr: .*partition/);
    // The right partition with a different channel chunk: refused by the store's layout.
    const layout = await p(out, "1/2", "4");
    expect(layout.code).not.toBe(0);
    expect(layout.stderr).toMatch(/does not match this partition/);
    const right = await p(out, "1/2");
    expect(right.code, right.stderr).toBe(0);
    expect(treeDiff(treeBytes(single, /^\.checkpoints\/|^picks/), treeBytes(out, /^\.checkpoints\/|^picks/))).toEqual([]);
    expect(readdirSync(join(out, ".checkpoints")).sort()).toEqual(["job-p0-of-2.bin", "job-p0-of-2.prev.bin", "job-p0-of-2.texts.json", "job-p1-of-2.bin", "job-p1-of-2.prev.bin", "job-p1-of-2.texts.json"]);
  });
});
