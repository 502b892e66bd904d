/** `dasflow plot` as a user runs it: a real multi-file ASN recording and a Zarr store, and every wrong argument. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pngjs from "pngjs";
import { Command, CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerPlot } from "../../src/cli/commands/plot.js";
import { isDasflowError } from "../../src/core/errors.js";
import { writeSyntheticRecording } from "../../src/synthetic/syntheticRecording.js";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-plotcli-"));
const rec = join(dir, "rec");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await writeSyntheticRecording(rec, { channels: 60, duration: 2, files: 2, seed: 3, earthquakes: 1, vehicles: 1 });
  writeFileSync(join(dir, "a-file"), "not a directory\n");
  mkdirSync(join(dir, "taken.png")); // a directory where the image should go
});

function oneLineError(r: { code: number | null; stderr: string }, re: RegExp): void {
  expect(r.code, String(re)).not.toBe(0);
  expect(r.code).not.toBeNull();
  expect(r.stderr.trim().split("\n")[0]).toMatch(re);
}

describe("dasflow plot", () => {
  it("draws a window of a recording as PNG and reports what it drew", async () => {
    const out = join(dir, "w.png");
    const r = await runCli(["plot", rec, "-o", out, "--time", "0.5/1.5", "--distance", "40/200", "--width", "600", "--height", "500", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.window).toEqual({ time: [500, 1501], distance: [10, 51] });
    expect(s.samplesRead).toBe(1001 * 41);
    expect(s.cmap).toBe("seismic");
    const png = pngjs.PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([600, 500]);
  });

  it("overlays picks and writes SVG", async () => {
    const picks = join(dir, "p.csv");
    writeFileSync(picks, "channel,distance_m,on_time\n5,20,2024-01-01T00:00:01Z\n");
    const out = join(dir, "w.svg");
    const r = await runCli(["plot", rec, "-o", out, "--picks", picks, "--cmap", "gray"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote .*w\.svg \(1000 x 800\): 60 channels x 2000 samples, gray .*, 1 picks/);
    expect(readFileSync(out, "utf8")).toContain("<svg");
  });

  it("a wrong argument is one line on stderr and a non-zero exit, and writes nothing (real processes)", async () => {
    const out = join(dir, "never.png");
    const cases: [string[], RegExp][] = [
      [["plot", join(dir, "missing"), "-o", out], /^dasflow: .*missing: no such file or directory$/],
      [["plot", rec, "-o", out, "--time", "5/9"], /^dasflow: --time 5\/9: no samples in that window \(the input spans .* 0 to 1.999 s\)$/],
      [["plot", rec, "-o", join(dir, "a-file", "w.png")], /^dasflow: .*a-file\/w\.png: cannot write the image: its directory does not exist or is not writable \(ENOTDIR\)$/],
      [["plot", rec, "-o", out, "--clip", "120"], /--clip must be a percentile in \(0, 100\]/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    results.forEach((r, k) => oneLineError(r, cases[k]![1]));
    expect(existsSync(out)).toBe(false);
  });

  it("every other wrong argument is refused with a message naming it (in process)", async () => {
    const out = join(dir, "never.png");
    const cases: [string[], RegExp][] = [
      [["plot", rec, "-o", out, "--time", "1.5/0.5"], /the end is before the start/],
      [["plot", rec, "-o", out, "--time", "soon"], /--time must be START\/END/],
      [["plot", rec, "-o", out, "--time", "1/soon"], /"soon" is neither an ISO time nor a number of seconds/],
      [["plot", rec, "-o", out, "--distance", "1e9/"], /no channels in that window/],
      [["plot", rec, "-o", join(dir, "taken.png")], /taken\.png: cannot write the image: EISDIR/],
      [["plot", rec, "-o", join(dir, "no-dir", "w.png")], /cannot write the image/],
      [["plot", rec, "-o", join(dir, "w.gif")], /must end in .png or .svg/],
      [["plot", rec, "-o", out, "--clip", "abc"], /--clip must be a percentile/],
      [["plot", rec, "-o", out, "--cmap", "jet"], /argument 'jet' is invalid/],
      [["plot", rec, "-o", out, "--reduce", "mean"], /argument 'mean' is invalid/],
      [["plot", rec, "-o", out, "--width", "0"], /--width must be an integer ≥ 1/],
      [["plot", rec, "-o", out, "--width", "20"], /width must be an integer number of pixels in \[100, 20000\]/],
      [["plot", rec, "-o", out, "--engine", "nope"], /unknown engine "nope" \(engines: /],
      [["plot", rec, "-o", out, "--picks", join(dir, "nope.csv")], /nope\.csv: no such picks file/],
      [["plot", rec], /required option '-o, --output <file>' not specified/],
      [["plot", "-o", out], /missing required argument 'in'/],
    ];
    for (const [args, re] of cases) expect(await inProcess(args), String(re)).toMatch(re);
    expect(existsSync(out)).toBe(false);
  });
});

/** Runs the plot command in this process; resolves to the error message (commander's or the DasflowError's). */
async function inProcess(args: string[]): Promise<string> {
  let printed = "";
  const program = new Command().exitOverride().configureOutput({ writeErr: (s) => (printed += s), writeOut: () => {} });
  registerPlot(program);
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) return printed || err.message;
    if (isDasflowError(err)) return err.message;
    throw err;
  }
  throw new Error(`no error for ${args.join(" ")}`);
}
