/**
 * The CLI imports only the module of the command being run, and heavy packages only where they
 * are used: the command table picks the right modules, every command still registers, runs and
 * prints its help when loaded alone, errors stay one line, and short commands (and
 * `import("dasflow")`) load none of the heavy packages they do not need.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS, commandNamesFor, commandsFor } from "../../src/cli/commandTable.js";
import { CLI, ROOT, runCli } from "../helpers/cli.js";
import { writeRecording } from "../helpers/recording.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-lazy-cli-"));
const rec = join(dir, "rec");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await writeRecording(rec, { files: 2, samplesPerFile: 100, channels: 4, t0: 1_704_067_200_000_000_000n, dt: 4_000_000n });
  writeFileSync(join(dir, "ok.yaml"), "atoms:\n  - op: square\n");
});

const ALL = ["run", "info", "convert", "formats", "plot", "demo", "simulate", "subscribe", "validate", "view"];

describe("command table", () => {
  it("names every command, in help order", () => {
    expect(Object.keys(COMMANDS)).toEqual(ALL);
  });
  it("picks the command named, or all of them, or none for --version", () => {
    expect(commandNamesFor(["run", "--pipeline", "p.yaml"])).toEqual(["run"]);
    expect(commandNamesFor(["--json", "info", "x.h5"])).toEqual(["info"]);
    expect(commandNamesFor(["help", "plot"])).toEqual(["plot"]);
    expect(commandNamesFor(["--version"])).toEqual([]);
    expect(commandNamesFor(["-V"])).toEqual([]);
    expect(commandNamesFor([])).toEqual(ALL);
    expect(commandNamesFor(["--help"])).toEqual(ALL);
    expect(commandNamesFor(["--version", "--help"])).toEqual(ALL);
    expect(commandNamesFor(["help"])).toEqual(ALL);
    expect(commandNamesFor(["frobnicate"])).toEqual(ALL); // commander then suggests a name
    expect(commandNamesFor(["constructor"])).toEqual(ALL); // not an inherited property
  });
  it("loads each command on its own and it registers under its name", async () => {
    for (const name of ALL) {
      const program = new Command();
      for (const register of await commandsFor([name])) register(program);
      expect(program.commands.map((c) => c.name())).toEqual([name]);
    }
  });
});

describe("the lazy CLI", () => {
  it("--help lists every command", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const name of ALL) expect(r.stdout).toMatch(new RegExp(`^\\s+${name}\\b`, "m"));
  });
  it("each command prints its own help when loaded alone", async () => {
    const helps = await Promise.all(ALL.map((name) => runCli([name, "--help"])));
    helps.forEach((r, i) => {
      expect(r.code, ALL[i]).toBe(0);
      expect(r.stdout, ALL[i]).toMatch(new RegExp(`^Usage: dasflow ${ALL[i]}\\b`, "m"));
    });
    const h = await runCli(["help", "info"]);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^Usage: dasflow info/m);
  });
  it("runs commands loaded alone: info, validate, formats, run", async () => {
    const info = await runCli(["info", rec, "--json"]);
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout).shape).toEqual([200, 4]);
    const v = await runCli(["validate", join(dir, "ok.yaml")]);
    expect(v.stdout).toMatch(/atoms\[0\] square/);
    expect((await runCli(["formats"])).stdout).toMatch(/^asn\s/m);
    const run = await runCli(["run", "--pipeline", join(dir, "ok.yaml"), "--input", rec, "--output", join(dir, "out.zarr"), "--chunk", "50", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/"event":"summary"/);
  });
  it("errors are still one line with a non-zero exit", async () => {
    const missing = await runCli(["info", join(dir, "nope.h5")]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/^dasflow: .*nope\.h5/);
    const unknown = await runCli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^dasflow: unknown command 'frobnicate'/);
    const badOption = await runCli(["run", "--pipeline", join(dir, "ok.yaml"), "--input", rec, "--output", join(dir, "o2.zarr"), "--chunk", "0"]);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/^dasflow: .*--chunk must be an integer ≥ 1/);
  });
});

/** The packages under node_modules a node process loads (ESM and CommonJS), by name. */
function packagesLoaded(args: string[]): Set<string> {
  // A module hook (in Node's hook thread) reports each ESM URL; CommonJS modules, loaded by
  // require or by import, are the keys of the require cache at exit.
  const hook = `export async function load(url, context, next) { if (url.includes("/node_modules/")) process.stderr.write("LOADED " + url + "\\n"); return next(url, context); }`;
  const preload = [
    `import { createRequire, register } from "node:module";`,
    `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`,
    `const cache = createRequire(process.cwd() + "/").cache;`,
    `process.on("exit", () => { for (const k of Object.keys(cache)) process.stderr.write("LOADED " + k + "\\n"); });`,
  ].join("\n");
  const r = spawnSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(preload)}`, ...args], { cwd: ROOT, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  const names = new Set<string>();
  for (const m of r.stderr.matchAll(/^LOADED .*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) names.add(m[1]!);
  return names;
}

describe("start-up loads only what the command needs", () => {
  const HEAVY = ["h5wasm", "zarrita", "@zarrita/storage", "numcodecs", "zeromq", "zod", "yaml", "ws", "pngjs", "seisplotjs", "cli-progress", "fft.js"];
  it("--version and --help load commander only", () => {
    expect([...packagesLoaded([CLI, "--version"])]).toEqual(["commander"]);
    expect([...packagesLoaded([CLI, "--help"])]).toEqual(["commander"]);
  });
  it("info on HDF5 files loads h5wasm but no Zarr, ZeroMQ, schema or plotting package", () => {
    const loaded = packagesLoaded([CLI, "info", rec]);
    expect(loaded.has("h5wasm")).toBe(true);
    expect(HEAVY.filter((p) => p !== "h5wasm" && loaded.has(p))).toEqual([]);
  });
  it('import("dasflow") loads no HDF5, Zarr, ZeroMQ, web-socket, PNG, progress-bar, YAML, schema, FFT, glob, lock or checksum package', () => {
    const loaded = packagesLoaded(["--input-type=module", "-e", `await import(${JSON.stringify(join(ROOT, "dist", "src", "index.js"))})`]);
    const lazy = ["h5wasm", "zarrita", "@zarrita/storage", "numcodecs", "zeromq", "ws", "pngjs", "seisplotjs", "cli-progress", "yaml", "zod", "fft.js", "tinyglobby", "proper-lockfile", "crc-32"];
    expect(lazy.filter((p) => loaded.has(p))).toEqual([]);
  });
});
