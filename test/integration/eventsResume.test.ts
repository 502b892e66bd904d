/**
 * The event catalogue of a killed and resumed `dasflow run` (a real child process, SIGKILLed
 * at crash points inside its chunk writes and checkpoints) is byte for byte the catalogue of an
 * uninterrupted run — CSV and JSON lines — and so are the picks.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPipeline } from "../../src/demo/demoPipeline.js";
import { SMALL_SCENE } from "../../src/synthetic/scene.js";
import { writeSyntheticRecording } from "../../src/synthetic/syntheticRecording.js";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-events-"));
const rec = join(dir, "rec");
const yaml = join(dir, "detector.yaml");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  // 300 channels × 10 s at 1 kHz with an earthquake and a vehicle; the demo's detector.
  const r = await writeSyntheticRecording(rec, { ...SMALL_SCENE, files: 2 });
  writeFileSync(yaml, stringify(demoPipeline(r.scene.rate)));
}, 120_000);

const CHUNK = "700"; // 15 chunks, not a divisor of the file length; a checkpoint every 2

async function run(out: string, events: string, env: Record<string, string> = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return runCli(["run", "--pipeline", yaml, "--input", rec, "--output", out, "--chunk", CHUNK, "--checkpoint-every", "2", "--resume", "--events", events], env);
}

describe("events catalogue: kill and resume", () => {
  for (const ext of ["csv", "jsonl"]) {
    it(`gives the uninterrupted run's ${ext} catalogue and picks, byte for byte`, async () => {
      const refOut = join(dir, `ref-${ext}.zarr`);
      const refEvents = join(dir, `ref-events.${ext}`);
      const ref = await run(refOut, refEvents);
      expect(ref.code, ref.stderr).toBe(0);
      const expected = readFileSync(refEvents);
      const lines = expected.toString().trim().split("\n");
      // Not trivially empty: at least one event (association makes the small scene's earthquake and crossing vehicle one event).
      expect(lines.length).toBeGreaterThan(ext === "csv" ? 1 : 0);
      if (ext === "csv") expect(lines[0]).toMatch(/^start,end,peak_time,/);

      const out = join(dir, `killed-${ext}.zarr`);
      const events = join(dir, `killed-events.${ext}`);
      let killed = 0;
      for (const point of ["chunk-written:2", "checkpoint-synced:3", "checkpoint-renamed:2", "chunk-written:5", "checkpoint-synced:2"]) {
        const r = await run(out, events, { DASFLOW_CRASH_AT: point });
        if (r.signal === "SIGKILL") killed++;
        else expect(r.code, r.stderr).toBe(0);
      }
      const last = await run(out, events);
      expect(last.code, last.stderr).toBe(0);
      expect(killed).toBe(5);
      expect(readFileSync(events).equals(expected)).toBe(true);
      expect(readFileSync(join(out, "picks.csv")).equals(readFileSync(join(refOut, "picks.csv")))).toBe(true);
    }, 240_000);
  }
});
