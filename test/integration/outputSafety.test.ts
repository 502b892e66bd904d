/**
 * Output-side data safety of `dasflow run` and `dasflow convert` (child processes, real files):
 * `--overwrite` replaces only a dasflow store and never an input, the removal of an old store is
 * crash-safe, `--picks` never clobbers a file that is not this job's picks file, and `--resume`
 * on a finished job is a success (a retried Kubernetes/SLURM task).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, treeBytes, treeDiff } from "../helpers/cli.js";
import { writeRecording } from "../helpers/recording.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-safety-"));
const rec = join(dir, "rec");
const pipe = join(dir, "p.yaml");
const trig = join(dir, "trig.yaml");
const coinc = join(dir, "coinc.yaml");
let inputs: Map<string, Buffer>;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  await writeRecording(rec, { files: 3, samplesPerFile: 200, channels: 8 });
  writeFileSync(pipe, "atoms:\n  - op: sosfilt\n    sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6]]\n  - op: square\n");
  writeFileSync(trig, "atoms:\n  - op: staLta\n    method: classic\n    nsta: 5\n    nlta: 40\n  - op: trigger\n    on: 1.5\n    off: 1.1\n");
  writeFileSync(coinc, "atoms:\n  - op: staLta\n    method: classic\n    nsta: 5\n    nlta: 40\n  - op: trigger\n    on: 1.5\n    off: 1.1\n  - op: coincidence\n    minChannels: 2\n");
  inputs = treeBytes(rec);
});

const run = (out: string, ...extra: string[]) => runCli(["run", "--pipeline", pipe, "--input", rec, "--output", out, "--chunk", "64", ...extra]);
const runTrig = (out: string, ...extra: string[]) => runCli(["run", "--pipeline", trig, "--input", rec, "--output", out, "--chunk", "64", ...extra]);

function refused(r: { code: number | null; stderr: string }, re: RegExp): void {
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.code).not.toBeNull();
  expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(re);
}

function inputsIntact(): void {
  expect(treeDiff(inputs, treeBytes(rec))).toEqual([]);
}

describe("--overwrite replaces only a dasflow store, never an input", () => {
  it("refuses the input directory, its parent and a path inside a Zarr input; the inputs stay", async () => {
    refused(await run(rec, "--overwrite"), new RegExp(`${basename(rec)}: refusing to replace the output: it contains the input .*000\\.hdf5`));
    inputsIntact();
    // The parent holds the inputs (and this test's other files).
    refused(await run(dir, "--overwrite"), /refusing to replace the output: it contains the input/);
    inputsIntact();
    expect(existsSync(pipe)).toBe(true);
    // An input file itself.
    refused(await run(join(rec, "001.hdf5"), "--overwrite"), /001\.hdf5: refusing to replace the output: it is the input/);
    inputsIntact();

    const zin = join(dir, "zin.zarr");
    expect((await runCli(["convert", rec, zin])).code).toBe(0);
    const zinBytes = treeBytes(zin);
    const inside = join(zin, "sub.zarr");
    refused(await runCli(["run", "--pipeline", pipe, "--input", zin, "--output", inside, "--chunk", "64"]), /sub\.zarr: refusing to write the output: it lies inside the input .*zin\.zarr/);
    refused(await runCli(["run", "--pipeline", pipe, "--input", zin, "--output", zin, "--chunk", "64", "--overwrite"]), /zin\.zarr: refusing to replace the output: it is the input/);
    expect(treeDiff(zinBytes, treeBytes(zin))).toEqual([]);
  });

  it("refuses a plain directory with unrelated files, and a store holding a file dasflow did not write", async () => {
    const plain = join(dir, "plain");
    mkdirSync(plain);
    writeFileSync(join(plain, "precious.txt"), "irreplaceable");
    refused(await run(plain, "--overwrite"), /plain: refusing to replace the output: it holds precious\.txt, which dasflow did not write/);
    expect(readFileSync(join(plain, "precious.txt"), "utf8")).toBe("irreplaceable");

    const store = join(dir, "mixed.zarr");
    expect((await run(store)).code).toBe(0);
    writeFileSync(join(store, "notes.md"), "mine");
    refused(await run(store, "--overwrite"), /mixed\.zarr: refusing to replace the output: it holds notes\.md, which dasflow did not write/);
    expect(readFileSync(join(store, "notes.md"), "utf8")).toBe("mine");

    // A Zarr store of another program (no dasflow mark) is not ours either.
    const foreign = join(dir, "foreign.zarr");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "zarr.json"), JSON.stringify({ zarr_format: 3, node_type: "group", attributes: {} }));
    refused(await run(foreign, "--overwrite"), /foreign\.zarr: refusing to replace the output: it is not a dasflow store/);
    expect(existsSync(join(foreign, "zarr.json"))).toBe(true);
  });

  it("replaces a dasflow store (also an unfinished one, and an empty directory)", async () => {
    const ref = join(dir, "ref.zarr");
    expect((await run(ref)).code).toBe(0);
    const again = join(dir, "again.zarr");
    cpSync(ref, again, { recursive: true });
    const o = await run(again, "--overwrite");
    expect(o.code, o.stderr).toBe(0);
    expect(treeDiff(treeBytes(ref), treeBytes(again))).toEqual([]);

    const killed = join(dir, "killed.zarr");
    expect((await runCli(["run", "--pipeline", pipe, "--input", rec, "--output", killed, "--chunk", "64", "--checkpoint-every", "1"], { DASFLOW_CRASH_AT: "checkpoint-renamed:3" })).signal).toBe("SIGKILL");
    const k = await run(killed, "--overwrite");
    expect(k.code, k.stderr).toBe(0);
    expect(treeDiff(treeBytes(ref), treeBytes(killed))).toEqual([]);
    const empty = join(dir, "empty.zarr");
    mkdirSync(empty);
    expect((await run(empty, "--overwrite")).code).toBe(0);
    expect(treeDiff(treeBytes(ref), treeBytes(empty))).toEqual([]);
  });

  it("convert --overwrite refuses an input directory and unrelated files, replaces its own store", async () => {
    refused(await runCli(["convert", rec, rec, "--overwrite"]), /refusing to replace the output: it contains the input/);
    inputsIntact();
    expect(readdirSync(rec).sort()).toEqual(["000.hdf5", "001.hdf5", "002.hdf5"]);
    const plain = join(dir, "cplain");
    mkdirSync(plain);
    writeFileSync(join(plain, "precious.txt"), "x");
    refused(await runCli(["convert", rec, plain, "--overwrite"]), /cplain: refusing to replace the output: it holds precious\.txt/);
    expect(readdirSync(plain)).toEqual(["precious.txt"]);
    const out = join(dir, "conv.zarr");
    expect((await runCli(["convert", rec, out])).code).toBe(0);
    const first = treeBytes(out);
    const again = await runCli(["convert", rec, out, "--overwrite"]);
    expect(again.code, again.stderr).toBe(0);
    expect(treeDiff(first, treeBytes(out))).toEqual([]);
  });

  it("a kill while the old store is being removed leaves either it or nothing at the output, and the next run cleans up", async () => {
    const ref = join(dir, "aside-ref.zarr");
    expect((await run(ref)).code).toBe(0);
    const out = join(dir, "aside.zarr");
    cpSync(ref, out, { recursive: true });
    const crash = await runCli(["run", "--pipeline", pipe, "--input", rec, "--output", out, "--chunk", "32", "--overwrite"], { DASFLOW_CRASH_AT: "store-aside:1" });
    expect(crash.signal).toBe("SIGKILL");
    // The old store was moved aside whole: nothing half-removed claims to be it.
    expect(existsSync(out)).toBe(false);
    // (The killed job's lock, `aside.zarr.lock`, is not part of the store; the next run takes it over.)
    const asideOf = (): string[] => readdirSync(dirname(out)).filter((n) => n.includes("aside.zarr") && !["aside.zarr", "aside-ref.zarr"].includes(n) && !n.endsWith(".lock"));
    expect(asideOf().length).toBe(1);
    const r = await run(out, "--resume");
    expect(r.code, r.stderr).toBe(0);
    expect(asideOf()).toEqual([]);
    expect(existsSync(`${out}.lock`)).toBe(false);
    expect(treeDiff(treeBytes(ref), treeBytes(out))).toEqual([]);
  });
});

describe("--picks never clobbers a file that is not this job's picks file", () => {
  it("refuses an input file and an unrelated file, even with --overwrite", async () => {
    const input = join(rec, "002.hdf5");
    refused(await runTrig(join(dir, "pk1.zarr"), "--picks", input), /002\.hdf5: refusing to write the picks file: it is the input/);
    refused(await runTrig(join(dir, "pk1.zarr"), "--picks", input, "--overwrite"), /002\.hdf5: refusing to write the picks file: it is the input/);
    inputsIntact();
    const notes = join(dir, "notes.csv");
    writeFileSync(notes, "my,own,table\n1,2,3\n");
    refused(await runTrig(join(dir, "pk2.zarr"), "--picks", notes, "--overwrite"), /notes\.csv: refusing to replace the picks file: it is not a dasflow picks file/);
    expect(readFileSync(notes, "utf8")).toBe("my,own,table\n1,2,3\n");
    expect(existsSync(join(dir, "pk2.zarr"))).toBe(false);
  });

  it("rewrites this job's own picks file with --overwrite, refuses it without", async () => {
    const picks = join(dir, "mine.csv");
    const a = await runTrig(join(dir, "pk3.zarr"), "--picks", picks);
    expect(a.code, a.stderr).toBe(0);
    const first = readFileSync(picks);
    expect(first.toString().split("\n").length).toBeGreaterThan(2);
    refused(await runTrig(join(dir, "pk4.zarr"), "--picks", picks), /mine\.csv: refusing to replace the picks file: it exists; use --overwrite/);
    const b = await runTrig(join(dir, "pk3.zarr"), "--picks", picks, "--overwrite");
    expect(b.code, b.stderr).toBe(0);
    expect(readFileSync(picks).equals(first)).toBe(true);
    // Killed midway, the job continues its own picks file, and only that one.
    const k = await runCli(["run", "--pipeline", trig, "--input", rec, "--output", join(dir, "pk3.zarr"), "--chunk", "64", "--picks", picks, "--overwrite", "--checkpoint-every", "1"], { DASFLOW_CRASH_AT: "checkpoint-renamed:4" });
    expect(k.signal).toBe("SIGKILL");
    const other = join(dir, "other-picks.csv");
    const d = await runTrig(join(dir, "pk3.zarr"), "--picks", other, "--resume");
    expect(d.code).not.toBe(0);
    expect(d.stderr).toMatch(/cannot resume: the picks file differs: the checkpoint wrote .*mine\.csv, this run .*other-picks\.csv/);
    const c = await runTrig(join(dir, "pk3.zarr"), "--picks", picks, "--resume");
    expect(c.code, c.stderr).toBe(0);
    expect(readFileSync(picks).equals(first)).toBe(true);
  });
});

describe("--events never clobbers a file that is not this job's event catalogue", () => {
  const runEvents = (out: string, ...extra: string[]) => runCli(["run", "--pipeline", coinc, "--input", rec, "--output", out, "--chunk", "64", ...extra]);

  it("refuses an input file and unrelated files (CSV or JSON lines), even with --overwrite", async () => {
    refused(await runEvents(join(dir, "ev1.zarr"), "--events", join(rec, "001.hdf5"), "--overwrite"), /001\.hdf5: refusing to write the events file: it is the input/);
    inputsIntact();
    const notes = join(dir, "notes.jsonl");
    writeFileSync(notes, '{"mine": true}\n');
    refused(await runEvents(join(dir, "ev2.zarr"), "--events", notes, "--overwrite"), /notes\.jsonl: refusing to replace the events file: it is not a dasflow events file/);
    expect(readFileSync(notes, "utf8")).toBe('{"mine": true}\n');
    expect(existsSync(join(dir, "ev2.zarr"))).toBe(false);
  });

  it("rewrites this job's own catalogue with --overwrite, refuses it without", async () => {
    const events = join(dir, "mine-events.csv");
    const a = await runEvents(join(dir, "ev3.zarr"), "--events", events);
    expect(a.code, a.stderr).toBe(0);
    const first = readFileSync(events);
    refused(await runEvents(join(dir, "ev4.zarr"), "--events", events), /mine-events\.csv: refusing to replace the events file: it exists; use --overwrite/);
    const b = await runEvents(join(dir, "ev3.zarr"), "--events", events, "--overwrite");
    expect(b.code, b.stderr).toBe(0);
    expect(readFileSync(events).equals(first)).toBe(true);
  });
});

describe("--resume on a finished job", () => {
  it("exits 0 and says the job is complete", async () => {
    const out = join(dir, "done.zarr");
    expect((await run(out)).code).toBe(0);
    const before = treeBytes(out);
    const r = await run(out, "--resume");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/done\.zarr is complete \(nothing to resume\)/);
    const j = await run(out, "--resume", "--json");
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout.trim().split("\n").pop()!)).toMatchObject({ event: "summary", complete: true });
    expect(treeDiff(before, treeBytes(out))).toEqual([]);
    // A different pipeline is still refused: "complete" is only said of this very job.
    const other = join(dir, "other.yaml");
    writeFileSync(other, "atoms:\n  - op: square\n");
    const d = await runCli(["run", "--pipeline", other, "--input", rec, "--output", out, "--chunk", "64", "--resume"]);
    expect(d.code).not.toBe(0);
    expect(d.stderr).toMatch(/cannot resume: the pipeline differs/);
  });
});
