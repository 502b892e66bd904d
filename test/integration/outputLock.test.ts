/**
 * The output lock (issue 13 item 3): two `dasflow run` processes on one output — the second
 * started while the first certainly holds the lock (the first is stopped with SIGSTOP right
 * after its first `--json` chunk line) — exactly one runs, the other is refused naming the
 * holder, and the store equals a single run's, every file. A SIGKILLed holder's lock is taken
 * over at once, saying so. In-process: a holder on another host, partition/whole exclusion.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireOutputLock, lockPath, STALE_MS } from "../../src/processing/outputLock.js";
import { isDasflowError } from "../../src/core/errors.js";
import { type CliResult, runCli, startCli, treeBytes, treeDiff } from "../helpers/cli.js";
import { writeRecording } from "../helpers/recording.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-lock-"));
const rec = join(dir, "rec");
const spec = join(dir, "p.yaml");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let ref: Map<string, Buffer>;

beforeAll(async () => {
  await writeRecording(rec, { files: 2, samplesPerFile: 300, channels: 8 });
  writeFileSync(spec, "atoms:\n  - op: sosfilt\n    sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6]]\n  - op: square\n");
  const r = await runCli(args(join(dir, "ref.zarr")));
  expect(r.code, r.stderr).toBe(0);
  ref = treeBytes(join(dir, "ref.zarr"));
});

function args(out: string, ...extra: string[]): string[] {
  return ["run", "--pipeline", spec, "--input", rec, "--output", out, "--chunk", "20", ...extra];
}

/** Starts a run and resolves once it has printed its first chunk line (it holds the lock then). */
function startHolding(out: string, extra: string[] = []): Promise<{ pid: number; child: ReturnType<typeof startCli>["child"]; done: Promise<CliResult> }> {
  const { child, done } = startCli(args(out, "--json", ...extra));
  return new Promise((resolve, reject) => {
    let buf = "";
    const onData = (d: Buffer): void => {
      buf += d.toString();
      if (/"event":"chunk"/.test(buf)) {
        child.stdout!.off("data", onData);
        resolve({ pid: child.pid!, child, done });
      }
    };
    child.stdout!.on("data", onData);
    done.then((r) => reject(new Error(`first job ended before its first chunk: ${r.code} ${r.stderr}`)));
  });
}

describe("one job per output", () => {
  it("20 trials: the second job (plain, --overwrite or --resume) is refused naming the holder; the store equals a single run's", async () => {
    const modes = [[], ["--overwrite"], ["--resume"]];
    for (let trial = 0; trial < 20; trial++) {
      const out = join(dir, `t${trial}.zarr`);
      const first = await startHolding(out);
      first.child.kill("SIGSTOP"); // keeps the lock held whatever the machine's speed
      expect(first.child.exitCode).toBeNull();
      const second = await runCli(args(out, ...modes[trial % 3]!));
      first.child.kill("SIGCONT");
      const a = await first.done;
      expect(a.code, a.stderr).toBe(0);
      expect(second.code).not.toBe(0);
      const lines = second.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^dasflow: .*t${trial}\\.zarr: output is locked by another dasflow job \\(pid ${first.pid} on host \\S+, started \\d{4}-\\d\\d-\\d\\dT[^)]*\\)`));
      expect(treeDiff(ref, treeBytes(out))).toEqual([]);
      expect(existsSync(`${out}.lock`), "lock released").toBe(false);
    }
  }, 1_200_000); // 40 process starts: minutes on a loaded 2-core machine

  it("a SIGKILLed holder's lock is taken over at once, saying so, and the job resumes to the same store", async () => {
    const out = join(dir, "killed.zarr");
    const first = await startHolding(out);
    first.child.kill("SIGKILL");
    expect((await first.done).signal).toBe("SIGKILL");
    expect(existsSync(`${out}.lock`)).toBe(true);
    const r = await runCli(args(out, "--resume"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`taking over a stale lock \\(pid ${first.pid} on host \\S+, started [^;]+; pid ${first.pid} is no longer running\\)`));
    expect(treeDiff(ref, treeBytes(out))).toEqual([]);
    expect(readdirSync(dir).filter((e) => e.startsWith("killed.zarr.lock"))).toEqual([]);
  });
});

describe("convert holds the lock too", () => {
  it("convert --overwrite onto an output another job holds is refused and touches nothing", async () => {
    const out = join(dir, "conv.zarr");
    mkdirSync(out);
    writeFileSync(join(out, "marker"), "mine");
    const held = await acquireOutputLock(out);
    try {
      const r = await runCli(["convert", rec, out, "--overwrite"]);
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim()).toMatch(new RegExp(`^dasflow: .*conv\\.zarr: output is locked by another dasflow job \\(pid ${process.pid} on host `));
      expect(readdirSync(out)).toEqual(["marker"]);
    } finally {
      await held.release();
    }
  });
});

describe("lock rules (in-process)", () => {
  const errOf = (p: Promise<unknown>): Promise<unknown> => p.then(() => null, (e: unknown) => e);

  it("a holder on another host is respected until its lock goes stale, then taken over", async () => {
    const out = join(dir, "remote.zarr");
    const lock = lockPath(out);
    mkdirSync(lock);
    writeFileSync(join(lock, "holder.json"), JSON.stringify({ pid: 1, host: "elsewhere.example", started: "2026-01-01T00:00:00.000Z", partition: null }));
    const err = await errOf(acquireOutputLock(out));
    expect(isDasflowError(err, "UsageError")).toBe(true);
    expect(String(err)).toMatch(/locked by another dasflow job \(pid 1 on host elsewhere\.example, started 2026-01-01T00:00:00\.000Z\)/);
    const old = (Date.now() - STALE_MS - 5000) / 1000;
    utimesSync(lock, old, old);
    const warnings: string[] = [];
    const held = await acquireOutputLock(out, undefined, { warn: (l) => warnings.push(l) });
    expect(warnings.join("\n")).toMatch(/taking over a stale lock \(pid 1 on host elsewhere\.example.*not refreshed for \d+ s\)/);
    await held.release();
    expect(existsSync(lock)).toBe(false);
  });

  it("a holder with this hostname but another pid namespace (a container) is judged by mtime, not by our pids", async () => {
    const out = join(dir, "container.zarr");
    const lock = lockPath(out);
    mkdirSync(lock);
    const dead = 2 ** 22 + 12345; // above pid_max's default: no such process here
    writeFileSync(join(lock, "holder.json"), JSON.stringify({ pid: dead, host: hostname(), started: "2026-01-01T00:00:00.000Z", partition: null, pidns: "pid:[1]" }));
    expect(String(await errOf(acquireOutputLock(out)))).toMatch(new RegExp(`locked by another dasflow job \\(pid ${dead} on host `));
    rmSync(lock, { recursive: true });
    mkdirSync(lock);
    writeFileSync(join(lock, "holder.json"), JSON.stringify({ pid: dead, host: hostname(), started: "2026-01-01T00:00:00.000Z", partition: null, pidns: readlinkSync("/proc/self/ns/pid") }));
    const warnings: string[] = [];
    const held = await acquireOutputLock(out, undefined, { warn: (l) => warnings.push(l) });
    expect(warnings.join("\n")).toMatch(new RegExp(`taking over a stale lock \\(pid ${dead} .*; pid ${dead} is no longer running\\)`));
    await held.release();
  });

  it("partitions lock separately, and exclude a whole-output job (both ways)", async () => {
    const out = join(dir, "parts.zarr");
    const p0 = await acquireOutputLock(out, { index: 0, count: 2 });
    const p1 = await acquireOutputLock(out, { index: 1, count: 2 });
    expect(String(await errOf(acquireOutputLock(out, { index: 1, count: 2 })))).toMatch(/partition 1\/2/);
    expect(String(await errOf(acquireOutputLock(out)))).toMatch(/locked by another dasflow job \(pid \d+ .*partition [01]\/2\)/);
    await p0.release();
    await p1.release();
    const whole = await acquireOutputLock(out);
    expect(String(await errOf(acquireOutputLock(out, { index: 0, count: 2 })))).toMatch(/locked by another dasflow job/);
    await whole.release();
    expect(readdirSync(dir).filter((e) => e.startsWith("parts.zarr"))).toEqual([]);
  });
});
