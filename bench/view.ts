/**
 * `npm run bench -- --view`: the live waterfall at full size — `dasflow simulate` publishing
 * CHANNELS × RATE float32 on 127.0.0.1, `dasflow view` on that stream, and Debian's chromium
 * (headless, via playwright-core) showing the page. After a warm-up it measures, over SECONDS:
 * frames drawn per second in the page, the latency from a message's header time (its newest
 * sample) to its pixels (the page's own `Date.now() − newestMs` per frame), and the CPU of the
 * view server and the publisher as a share of one core (/proc/PID/stat), plus frames the server
 * dropped for a slow browser.
 *
 *   npm run bench -- --view [--channels 10000] [--rate 1000] [--chunk 100] [--seconds 20] [--warmup 5] [--json]
 *
 * The targets: ≥ 10 frames/s, ≤ 1 s publish → pixels, view server ≤ 50 % of one core.
 *
 * With `--recording PATH` (e.g. the demo's `dasflow-demo/recording`) it browses a recording
 * instead: the time from navigation to the first full view drawn, then ZOOMS zooms to 1 s × 500 m
 * at seeded places and back to the full view, each timed in the page from request to pixels.
 * Targets: first view ≤ 1 s, zoom ≤ 300 ms.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { formatRows, median } from "./harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, "..", "src", "cli", "main.js");
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const TICKS = 100; // clock ticks per second of /proc/PID/stat on Linux

/** Seconds of CPU a process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** A free TCP port on 127.0.0.1 (for the publisher to bind). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves with the first stdout line matching `re` (its first group), rejects when the child exits first. */
function waitForLine(child: ChildProcess, re: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      buf += d.toString();
      const m = re.exec(buf);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`${what} exited (${code}) before printing ${re}: ${err.trim()}`)));
  });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
}

export async function runViewBench(argv: string[]): Promise<void> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      channels: { type: "string", default: "10000" },
      rate: { type: "string", default: "1000" },
      chunk: { type: "string", default: "100" },
      seconds: { type: "string", default: "20" },
      warmup: { type: "string", default: "5" },
      json: { type: "boolean", default: false },
      recording: { type: "string" },
      zooms: { type: "string", default: "10" },
    },
  });
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`view bench: skipped (${CHROMIUM} is not installed; apt-get install chromium)`);
    return;
  }
  if (a.recording !== undefined) return browseBench(a.recording, Number(a.zooms), a.json);
  const channels = Number(a.channels);
  const rate = Number(a.rate);
  const seconds = Number(a.seconds);
  const warmup = Number(a.warmup);
  const port = await freePort();
  const address = `tcp://127.0.0.1:${port}`;
  const children: ChildProcess[] = [];
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-bench-chromium-"));
  let browser: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | null = null;
  try {
    const sim = spawn(process.execPath, [cli, "simulate", "--channels", String(channels), "--rate", String(rate), "--chunk", String(a.chunk), "--address", address, "--duration", String(warmup + seconds + 60)], { stdio: ["ignore", "ignore", "pipe"] });
    children.push(sim);
    const view = spawn(process.execPath, [cli, "view", address, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(view);
    const url = await waitForLine(view, /view: (http:\/\/\S+)/, "dasflow view");
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, viewport: { width: 1400, height: 900 }, args: ARGS });
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (globalThis as any).dasflowView?.framesDrawn > 3, null, { timeout: 120_000 });
    await new Promise((r) => setTimeout(r, warmup * 1000));
    const f0 = await page.evaluate(() => {
      const d = (globalThis as any).dasflowView;
      d.latencies.length = 0;
      return d.framesDrawn as number;
    });
    const cpu0 = { view: cpuSeconds(view.pid!), sim: cpuSeconds(sim.pid!) };
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const got = await page.evaluate(() => {
      const d = (globalThis as any).dasflowView;
      return { frames: d.framesDrawn as number, latencies: [...d.latencies] as number[], status: d.status };
    });
    const wall = (performance.now() - w0) / 1e3;
    const cpu1 = { view: cpuSeconds(view.pid!), sim: cpuSeconds(sim.pid!) };
    const fps = (got.frames - f0) / wall;
    const lat = got.latencies;
    const result = {
      channels, rate, mbPerSecond: (channels * rate * 4) / 1e6, seconds: wall, load: os.loadavg()[0] ?? NaN,
      fps, latencyMedianMs: median(lat), latencyP95Ms: percentile(lat, 0.95), latencyMaxMs: Math.max(...lat),
      viewCpuPercent: (100 * (cpu1.view - cpu0.view)) / wall, simulateCpuPercent: (100 * (cpu1.sim - cpu0.sim)) / wall,
      status: got.status,
    };
    if (a.json) console.log(JSON.stringify(result));
    else {
      console.log(`view bench: ${channels} channels × ${rate} Hz float32 (${result.mbPerSecond.toFixed(0)} MB/s), ${wall.toFixed(1)} s after ${warmup} s warm-up, load ${result.load.toFixed(2)}`);
      console.log(formatRows(["measure", "value", "goal"], [
        ["frames drawn per second", `${fps.toFixed(1)}`, "≥ 10"],
        ["publish → pixels, median", `${result.latencyMedianMs.toFixed(0)} ms`, "≤ 1000 ms"],
        ["publish → pixels, p95 / max", `${result.latencyP95Ms.toFixed(0)} / ${result.latencyMaxMs.toFixed(0)} ms`, ""],
        ["view server CPU", `${result.viewCpuPercent.toFixed(0)} % of one core`, "≤ 50 %"],
        ["simulate (publisher) CPU", `${result.simulateCpuPercent.toFixed(0)} % of one core`, ""],
        ["page status: lag, gaps, frames dropped", got.status ? `${got.status.lagMs} ms, ${got.status.gaps}, ${got.status.dropped}` : "none yet", ""],
      ]));
    }
  } finally {
    await browser?.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode !== null ? Promise.resolve() : new Promise((r) => c.once("exit", r)))));
  }
}

/** One browse request timed in the page: request → tile drawn, ms. */
async function timedWindow(page: import("playwright-core").Page, w: { t0: number; t1: number; c0: number; c1: number }): Promise<number> {
  const before = await page.evaluate(() => (globalThis as any).dasflowView.tilesDrawn as number);
  await page.evaluate((win) => (globalThis as any).dasflowView.setWindow(win), w);
  await page.waitForFunction((n) => (globalThis as any).dasflowView.tilesDrawn > n, before, { timeout: 60_000 });
  return page.evaluate(() => {
    const d = (globalThis as any).dasflowView;
    return d.tileMs[d.tileMs.length - 1] as number;
  });
}

async function browseBench(recording: string, zooms: number, json: boolean): Promise<void> {
  const children: ChildProcess[] = [];
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-bench-chromium-"));
  let browser: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | null = null;
  try {
    const view = spawn(process.execPath, [cli, "view", recording, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(view);
    const url = await waitForLine(view, /view: (http:\/\/\S+)/, "dasflow view");
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, viewport: { width: 1400, height: 900 }, args: ARGS });
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (globalThis as any).dasflowView?.tilesDrawn > 0, null, { timeout: 120_000 });
    // performance.now() in the page counts from navigation start: the first view as the user waits for it.
    const first = await page.evaluate(() => {
      const d = (globalThis as any).dasflowView;
      return { ms: d.tileMs[0] + d.requestedAt, request: d.tileMs[0] };
    });
    const info = await page.evaluate(() => (globalThis as any).dasflowView.lastTile);
    const arr = await page.evaluate(() => (globalThis as any).dasflowView.info?.array ?? null);
    const nt: number = arr?.nt ?? info.t1;
    const nch: number = arr?.nch ?? info.c1;
    const dtMs: number = arr?.dtMs ?? 1;
    const dx = arr && nch > 1 ? Math.abs(arr.x1 - arr.x0) / (nch - 1) : 1;
    const rows = Math.min(nt, Math.round(1000 / dtMs));
    const cols = Math.min(nch, Math.max(1, Math.round(500 / dx)));
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const zoom: number[] = [];
    const back: number[] = [];
    for (let i = 0; i < zooms; i++) {
      const t0 = Math.floor(rand() * (nt - rows));
      const c0 = Math.floor(rand() * (nch - cols));
      zoom.push(await timedWindow(page, { t0, t1: t0 + rows, c0, c1: c0 + cols }));
      back.push(await timedWindow(page, { t0: 0, t1: nt, c0: 0, c1: nch }));
    }
    const result = { zooms: zoom.map((z) => Math.round(z)), recording, nt, nch, firstViewMs: first.ms, firstTileRequestMs: first.request, zoomMedianMs: median(zoom), zoomMaxMs: Math.max(...zoom), backMedianMs: median(back), backMaxMs: Math.max(...back), load: os.loadavg()[0] ?? NaN };
    if (json) console.log(JSON.stringify(result));
    else {
      console.log(`view bench (browse): ${recording}, ${nt} samples × ${nch} channels, ${zooms} zooms to ${rows} samples × ${cols} channels (1 s × 500 m), load ${result.load.toFixed(2)}`);
      console.log(formatRows(["measure", "value", "goal"], [
        ["first full view (navigation → pixels)", `${first.ms.toFixed(0)} ms`, "≤ 1000 ms"],
        ["  of which its tile request → pixels", `${first.request.toFixed(0)} ms`, ""],
        ["zoom to 1 s × 500 m, median / max", `${result.zoomMedianMs.toFixed(0)} / ${result.zoomMaxMs.toFixed(0)} ms`, "≤ 300 ms"],
        ["back to the full view, median / max", `${result.backMedianMs.toFixed(0)} / ${result.backMaxMs.toFixed(0)} ms`, ""],
      ]));
    }
  } finally {
    await browser?.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode !== null ? Promise.resolve() : new Promise((r) => c.once("exit", r)))));
  }
}
