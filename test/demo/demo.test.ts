/**
 * `dasflow demo --small` end to end, as a user runs it: the summary line, every output file,
 * and — independently of the demo's own scoring — its picks against the injected truth.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pngjs from "pngjs";
import { Command, CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerDemo } from "../../src/cli/commands/demo.js";
import { isDasflowError } from "../../src/core/errors.js";
import { openInput } from "../../io/openInput.js";
import { type CliResult, runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-demo-"));
const out = join(dir, "demo");
let run: CliResult;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  run = await runCli(["demo", "--small", "--out", out]);
}, 120_000);

interface Truth {
  t0: string;
  channels: number;
  earthquakes: { p_ns: number[]; s_ns: number[] }[];
  faults: { dead: number[]; flat: number[] };
}

describe("dasflow demo --small", () => {
  it("prints the summary with the DESIGN.md line: picks: N (events injected: M)", () => {
    expect(run.code, run.stderr).toBe(0);
    const m = /^picks: (\d+) \(events injected: (\d+)\)$/m.exec(run.stdout);
    expect(m, run.stdout).not.toBeNull();
    const lines = readFileSync(join(out, "picks.csv"), "utf8").trim().split("\n");
    expect(Number(m![1])).toBe(lines.length - 1);
    expect(Number(m![2])).toBe(2);
    expect(run.stdout).toMatch(/found 2 of 2 injected events/);
    expect(run.stdout).toMatch(/processed .*processed\.zarr \[2500, 300\] in [\d.]+ s: [\d.]+ MB\/s/);
    // It ends with the command that views the result.
    expect(run.stdout.trim().split("\n").pop()).toBe(`view it in a browser: dasflow view ${join(out, "processed.zarr")}`);
  });

  it("writes the recording (2 ASN files), the Zarr output, the truth and four waterfalls", async () => {
    expect(readdirSync(join(out, "recording")).sort()).toEqual(["000000.hdf5", "000005.hdf5"]);
    const rec = await openInput(join(out, "recording"));
    expect([rec.format, ...rec.backend.shape]).toEqual(["asn", 10_000, 300]);
    const z = await openInput(join(out, "processed.zarr"));
    expect(z.backend.shape).toEqual([2500, 300]); // decimated by 4
    expect(existsSync(join(out, "pipeline.yaml"))).toBe(true);
    for (const name of ["raw.png", "raw-event.png", "processed.png", "processed-event.png"]) {
      const png = pngjs.PNG.sync.read(readFileSync(join(out, name)));
      expect([png.width, png.height]).toEqual([1000, 800]);
    }
  });

  it("picks the injected earthquake on most live channels near its true arrival (checked here against truth.json)", () => {
    const truth = JSON.parse(readFileSync(join(out, "truth.json"), "utf8")) as Truth;
    const t0 = BigInt(Date.parse(truth.t0)) * 1_000_000n;
    const byChannel = new Map<number, number[]>();
    for (const line of readFileSync(join(out, "picks.csv"), "utf8").trim().split("\n").slice(1)) {
      const [ch, , on] = line.split(",");
      const iso = on!;
      const ns = BigInt(Date.parse(iso.slice(0, 19) + "Z")) * 1_000_000n + BigInt(iso.slice(20, 29)) - t0;
      const l = byChannel.get(Number(ch)) ?? [];
      l.push(Number(ns));
      byChannel.set(Number(ch), l);
    }
    const eq = truth.earthquakes[0]!;
    const silent = new Set([...truth.faults.dead, ...truth.faults.flat]);
    let live = 0;
    let hitS = 0;
    let hitP = 0;
    const errors: number[] = [];
    for (let c = 0; c < truth.channels; c++) {
      if (silent.has(c)) continue;
      live++;
      const near = (t: number): number | null => {
        const d = (byChannel.get(c) ?? []).map((p) => p - t).filter((d) => d >= -100e6 && d <= 400e6);
        return d.length ? d.reduce((a, b) => (Math.abs(a) < Math.abs(b) ? a : b)) : null;
      };
      const ds = near(eq.s_ns[c]!);
      const dp = near(eq.p_ns[c]!);
      if (ds !== null) {
        hitS++;
        errors.push(Math.abs(ds) / 1e6);
      }
      if (dp !== null) hitP++;
    }
    expect(hitS / live).toBeGreaterThan(0.9);
    expect(hitP / live).toBeGreaterThan(0.5);
    errors.sort((a, b) => a - b);
    expect(errors[Math.floor(errors.length / 2)]).toBeLessThan(150); // median |S pick − truth| in ms
  });

  it("ends with coincidence: events.csv, the events line, and fits near the truth (checked here against truth.json)", async () => {
    const m = /^events: found (\d+) of (\d+), false (\d+) \((\d+) events/m.exec(run.stdout);
    expect(m, run.stdout).not.toBeNull();
    // The small scene (1.2 km of fibre, 10 s) is the hard case for association: its vehicle's
    // 240 m track is crossed by the earthquake's P and S at the start of the detector, and the
    // three stay one event (the P front is too flat on 1.2 km to split off, see the README's
    // known limits). The scoring credits an event to one source, so the vehicle counts as
    // missed; the earthquake is found once and nothing is false.
    expect(Number(m![2])).toBe(2);
    expect(Number(m![1])).toBeGreaterThanOrEqual(1);
    expect(Number(m![3])).toBe(0);
    expect(run.stdout).toMatch(/found {3}earthquake 1 in 1 event\(s\)/);
    const rows = readFileSync(join(out, "events.csv"), "utf8").trim().split("\n");
    expect(rows[0]).toMatch(/^start,end,peak_time,peak_value,channels,/);
    expect(rows.length - 1).toBe(Number(m![4]));
    const truth = JSON.parse(readFileSync(join(out, "truth.json"), "utf8")) as Truth & { earthquakes: { along: number }[] };
    const head = rows[0]!.split(",");
    const events = rows.slice(1).map((r) => Object.fromEntries(r.split(",").map((v, i) => [head[i]!, v])));
    // The event spans the earthquake's apex (no apex is fitted: its onsets are near flat on 1.2 km).
    const along = truth.earthquakes[0]!.along;
    expect(events.some((e) => Number(e["distance_min_m"]) <= along && Number(e["distance_max_m"]) >= along)).toBe(true);
  });

  it("refuses bad arguments with one line and a non-zero exit", async () => {
    writeFileSync(join(dir, "a-file"), "x\n");
    const r = await runCli(["demo", "--out", join(dir, "a-file", "demo"), "--small"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toMatch(/^dasflow: .*a-file\/demo: cannot create the demo directory: ENOTDIR$/);
    const cases: [string[], RegExp][] = [
      [["demo", "--seed", "-1"], /--seed must be an integer ≥ 0/],
      [["demo", "--channels", "1", "--out", join(dir, "c1")], /channels must be an integer ≥ 2, got 1/],
      [["demo", "--duration", "0.0001", "--out", join(dir, "d0")], /duration must be a positive whole number of samples/],
      [["demo", "--duration", "abc"], /--duration must be a number > 0/],
      [["demo", "--chunk", "0"], /--chunk must be an integer ≥ 1/],
      [["demo", "--files", "0"], /--files must be an integer ≥ 1/],
    ];
    for (const [args, re] of cases) expect(await inProcess(args), String(re)).toMatch(re);
    expect(existsSync(join(dir, "c1"))).toBe(false);
  });
});

/** Runs the demo command in this process; resolves to the error message (commander's or the DasflowError's). */
async function inProcess(args: string[]): Promise<string> {
  let printed = "";
  const program = new Command().exitOverride().configureOutput({ writeErr: (s) => (printed += s), writeOut: () => {} });
  registerDemo(program);
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) return printed || err.message;
    if (isDasflowError(err)) return err.message;
    throw err;
  }
  throw new Error(`no error for ${args.join(" ")}`);
}
