/**
 * `dasflow run` end to end (child processes): resume refusals, --workers and --partition
 * giving the single-worker store byte for byte, and the bad inputs of the runner.
 */
import { cpSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partitionChannels } from "../../src/processing/partitions.js";
import { runCli, treeBytes, treeDiff } from "../helpers/cli.js";
import { writeRecording } from "../helpers/recording.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-run-"));
const rec = join(dir, "rec");
const pipe = join(dir, "p.yaml");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  await writeRecording(rec, { files: 3, samplesPerFile: 300, channels: 40 });
  writeFileSync(pipe, "atoms:\n  - op: sosfilt\n    sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6]]\n    zi: steady\n  - op: lfilter\n    b: [0.5, 0.5]\n    a: [1]\n  - op: square\n");
});

const run = (out: string, ...extra: string[]) => runCli(["run", "--pipeline", pipe, "--input", rec, "--output", out, "--chunk", "64", "--channel-chunk", "8", ...extra]);

describe("dasflow run", () => {
  it("--workers 2 and four --partition I/4 processes give the single-worker store, byte for byte", async () => {
    const single = join(dir, "single.zarr");
    expect((await run(single)).code).toBe(0);
    const ref = treeBytes(single);

    const workers = join(dir, "workers.zarr");
    const w = await run(workers, "--workers", "2");
    expect(w.code, w.stderr).toBe(0);
    expect(treeDiff(ref, treeBytes(workers))).toEqual([]);

    const parts = join(dir, "parts.zarr");
    const results = await Promise.all([0, 1, 2, 3].map((i) => run(parts, "--partition", `${i}/4`, "--json")));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const finalized = results.map((r) => JSON.parse(r.stdout.trim().split("\n").pop()!).finalized as boolean);
    expect(finalized).toContain(true);
    expect(treeDiff(ref, treeBytes(parts))).toEqual([]);

    // The same with the index from the environment, as a Kubernetes Indexed Job passes it.
    const k8s = join(dir, "k8s.zarr");
    const env = await Promise.all([0, 1].map((i) => runCli(["run", "--pipeline", pipe, "--input", rec, "--output", k8s, "--chunk", "64", "--channel-chunk", "8", "--partitions", "2"], { JOB_COMPLETION_INDEX: String(i) })));
    for (const r of env) expect(r.code, r.stderr).toBe(0);
    expect(treeDiff(ref, treeBytes(k8s))).toEqual([]);
  });

  it("partitions that run one after another (a SLURM array started minutes apart) give the same store", async () => {
    const single = join(dir, "seq-single.zarr");
    expect((await run(single)).code).toBe(0);
    const seq = join(dir, "seq.zarr");
    const first = await run(seq, "--partition", "0/2", "--json");
    expect(first.code, first.stderr).toBe(0);
    // Partition 1 has not started: partition 0 must not finalize a store missing its channels.
    expect(JSON.parse(first.stdout.trim().split("\n").pop()!).finalized).toBe(false);
    const second = await run(seq, "--partition", "1/2", "--json");
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout.trim().split("\n").pop()!).finalized).toBe(true);
    expect(treeDiff(treeBytes(single), treeBytes(seq))).toEqual([]);
  });

  it("partition blocks align with channel chunks and cover every channel once", () => {
    for (const [total, cc, n] of [[40, 8, 4], [41, 8, 3], [1000, 256, 4], [7, 1, 7]] as const) {
      const blocks = Array.from({ length: n }, (_, i) => partitionChannels(total, cc, { index: i, count: n }));
      expect(blocks[0]![0]).toBe(0);
      expect(blocks[n - 1]![1]).toBe(total);
      blocks.forEach((b, i) => {
        expect(b[0] % cc).toBe(0);
        if (i > 0) expect(b[0]).toBe(blocks[i - 1]![1]);
      });
    }
    expect(() => partitionChannels(40, 8, { index: 0, count: 6 })).toThrow(/6 partitions but only 5 channel chunks/);
  });

  it("refuses to resume with a changed pipeline, chunk size or input, and says what differs", async () => {
    const out = join(dir, "refuse.zarr");
    const input = join(dir, "rec-copy");
    cpSync(rec, input, { recursive: true, preserveTimestamps: true });
    const r0 = await runCli(["run", "--pipeline", pipe, "--input", input, "--output", out, "--chunk", "64", "--checkpoint-every", "1"], { DASFLOW_CRASH_AT: "checkpoint-renamed:3" });
    expect(r0.signal).toBe("SIGKILL");

    const other = join(dir, "other.yaml");
    writeFileSync(other, "atoms:\n  - op: square\n");
    const p = await runCli(["run", "--pipeline", other, "--input", input, "--output", out, "--chunk", "64", "--resume"]);
    expect(p.code).not.toBe(0);
    expect(p.stderr).toMatch(/refuse\.zarr: cannot resume: the pipeline differs from the checkpoint's \(3 entries then, 1 now\)/);

    const c = await runCli(["run", "--pipeline", pipe, "--input", input, "--output", out, "--chunk", "32", "--resume"]);
    expect(c.stderr).toMatch(/cannot resume: the chunk size differs: the checkpoint used --chunk 64, this run 32/);

    utimesSync(join(input, "001.hdf5"), new Date(), new Date(2020, 1, 1));
    const i = await runCli(["run", "--pipeline", pipe, "--input", input, "--output", out, "--chunk", "64", "--resume"]);
    expect(i.stderr).toMatch(/cannot resume: the input differs from the checkpoint's \(files: /);

    // Without --resume an existing output is never replaced silently.
    const n = await runCli(["run", "--pipeline", pipe, "--input", rec, "--output", out, "--chunk", "64"]);
    expect(n.stderr).toMatch(/output exists; use --resume to continue it or --overwrite to replace it/);
    expect(n.code).not.toBe(0);
  });

  it("--resume with no checkpoint: fresh run when there is no output, refused when an output exists; a finished job is complete", async () => {
    const fresh = join(dir, "fresh.zarr");
    const r = await run(fresh, "--resume");
    expect(r.code, r.stderr).toBe(0);
    // A finished job resumed (a retried cluster task) is a success with nothing to do.
    const again = await run(fresh, "--resume");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/is complete \(nothing to resume\)/);

    const foreign = join(dir, "foreign.zarr");
    cpSync(fresh, foreign, { recursive: true });
    rmSync(join(foreign, ".checkpoints"), { recursive: true });
    const f = await run(foreign, "--resume");
    expect(f.stderr).toMatch(/output exists but has no checkpoint to resume from; use --overwrite/);
    const o = await run(foreign, "--overwrite");
    expect(o.code, o.stderr).toBe(0);
  });

  it("bad inputs: one line on stderr naming the path, non-zero exit", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "x");
    const cases: [string[], RegExp][] = [
      [["run", "--pipeline", pipe, "--input", rec, "--output", file], /a-file: output path exists and is a file/],
      [["run", "--pipeline", join(dir, "missing.yaml"), "--input", rec, "--output", join(dir, "x.zarr")], /missing\.yaml: no such file/],
      [["run", "--pipeline", pipe, "--input", rec, "--output", join(dir, "x.zarr"), "--chunk", "0"], /--chunk must be an integer ≥ 1, got "0"/],
      [["run", "--pipeline", pipe, "--input", rec, "--output", join(dir, "x.zarr"), "--partition", "4/4"], /--partition 4\/4: I must be in \[0, N\)/],
      [["run", "--pipeline", pipe, "--input", rec, "--output", join(dir, "x.zarr"), "--partitions", "2"], /needs JOB_COMPLETION_INDEX/],
    ];
    for (const [args, re] of cases) {
      const r = await runCli(args, { JOB_COMPLETION_INDEX: "", SLURM_ARRAY_TASK_ID: "" });
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split("\n").length, r.stderr).toBeLessThanOrEqual(2);
      expect(r.stderr).toMatch(re);
    }
  });
});
