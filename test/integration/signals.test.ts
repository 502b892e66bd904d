/**
 * SIGTERM / SIGINT during `dasflow run` (child processes, the signal sent when the job reports
 * its k-th chunk on its `--json` progress): the job finishes or abandons the chunk in flight,
 * leaves a valid checkpoint, says where it stopped and exits 143 / 130; `--resume` then gives
 * the uninterrupted store.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runUntilChunkLine, treeBytes, treeDiff, treeNames } from "../helpers/cli.js";
import { writeRecording } from "../helpers/recording.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-signal-"));
const rec = join(dir, "rec");
const pipe = join(dir, "p.yaml");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let ref: Map<string, Buffer>;
let refNames: string[];
beforeAll(async () => {
  await writeRecording(rec, { files: 4, samplesPerFile: 250, channels: 8 });
  writeFileSync(pipe, "atoms:\n  - op: sosfilt\n    sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6]]\n  - op: staLta\n    method: classic\n    nsta: 5\n    nlta: 40\n  - op: trigger\n    on: 1.5\n    off: 1.1\n");
  const out = join(dir, "ref.zarr");
  const r = await runCli(args(out));
  expect(r.code, r.stderr).toBe(0);
  ref = treeBytes(out);
  refNames = treeNames(out);
});

const args = (out: string, ...extra: string[]) => ["run", "--pipeline", pipe, "--input", rec, "--output", out, "--chunk", "10", "--json", ...extra];

describe("signals", () => {
  // The last case resumes with the default `--workers auto`, which keeps the checkpoint's 2 workers
  // (auto alone would choose 1 for 8 channels).
  for (const [signal, code, k, extra, resumeExtra] of [
    ["SIGTERM", 143, 3, [], []],
    ["SIGINT", 130, 1, [], []],
    ["SIGTERM", 143, 2, ["--workers", "2"], ["--workers", "2"]],
    ["SIGINT", 130, 4, ["--workers", "2"], []],
  ] as const) {
    it(`${signal} after chunk line ${k}${extra.length ? ` (${extra.join(" ")})` : ""}, resumed${resumeExtra.length ? ` with ${resumeExtra.join(" ")}` : ""}: exit ${code}, a message, a resumable checkpoint`, async () => {
      const out = join(dir, `${signal}-${k}-${extra.length}.zarr`);
      const r = await runUntilChunkLine(args(out, ...extra), k, signal);
      expect(r.sent).toBe(true);
      expect(r.signal).toBeNull();
      expect(r.code, r.stderr).toBe(code);
      const m = /interrupted at chunk (\d+) of 100; resume with --resume/.exec(r.stderr);
      expect(m, r.stderr).not.toBeNull();
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      const at = Number(m![1]);
      expect(at).toBeGreaterThanOrEqual(k);
      expect(at).toBeLessThan(100);
      const again = await runCli(args(out, "--resume", ...resumeExtra));
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout.split("\n")[0]!)).toMatchObject({ event: "start", resumedAt: at });
      expect(treeDiff(ref, treeBytes(out))).toEqual([]);
      expect(treeNames(out)).toEqual(refNames);
    });
  }
});
