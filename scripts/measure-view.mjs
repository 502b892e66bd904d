// Measures `dasflow view` in a real browser (numbers for the README and the issue; not a test).
//   node scripts/measure-view.mjs live [CHANNELS] [SECONDS]   simulate CHANNELS (default 10000) at 1 kHz + view:
//        frames/s drawn, publish-to-pixels latency (from the time of the newest sample drawn), view server CPU
//   node scripts/measure-view.mjs replay [CHANNELS] [SECONDS] the same, but the stream is one pre-generated chunk
//        republished every 100 ms with fresh times (isolates the view from the cost of generating the data)
//   node scripts/measure-view.mjs recording PATH              time to the first full view and to a 1 s × 500 m zoom
// Needs `npm run build` and Debian's chromium at /usr/bin/chromium.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../", import.meta.url));
const cli = join(root, "dist/src/cli/main.js");
const [what, arg, secondsArg] = process.argv.slice(2);

function start(args) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => process.stderr.write(`[${args[0]}] ${d}`));
  const url = new Promise((resolve) => child.stdout.on("data", () => { const m = /view: (\S+)/.exec(out); if (m) resolve(m[1]); }));
  return { child, url };
}
const freePort = () => new Promise((resolve) => { const s = createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); }); });
/** CPU seconds (user + system) of a process so far, from /proc. */
function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (CLK_TCK = 100 on Linux)
}
/** Resident memory of a process, MB. */
const rssMb = (pid) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024);
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };

const profile = mkdtempSync(join(tmpdir(), "dasflow-measure-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium", headless: true, viewport: { width: 1400, height: 800 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const children = [];
try {
  const page = await browser.newPage();
  if (what === "live" || what === "replay") {
    const channels = Number(arg ?? 10000);
    const seconds = Number(secondsArg ?? 20);
    const address = `tcp://127.0.0.1:${await freePort()}`;
    let stopReplay = null;
    let sim = null;
    if (what === "live") {
      sim = start(["simulate", "--channels", String(channels), "--rate", "1000", "--chunk", "100", "--address", address]);
      children.push(sim.child);
    } else {
      const { ZmqPublisher } = await import(join(root, "dist/io/zmq/publisher.js"));
      const { DataArray } = await import(join(root, "dist/src/core/dataArray.js"));
      const pub = new ZmqPublisher({ address });
      await pub.open();
      const data = Float32Array.from({ length: 100 * channels }, (_, i) => Math.sin(i * 0.37) * ((i * 7919) % 13));
      let k = 0;
      let on = true;
      const t00 = BigInt(Date.now()) * 1_000_000n;
      const start0 = performance.now();
      const loop = (async () => {
        while (on) {
          const due = start0 + (k + 1) * 100;
          await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
          await pub.write({ index: k, data: DataArray.regular(data, [100, channels], { t0: t00 + BigInt(k * 100) * 1_000_000n, dt: 1_000_000n, x0: 0, dx: 1 }) });
          k++;
        }
      })();
      stopReplay = async () => { on = false; await loop; await pub.close(); };
    }
    const view = start(["view", address, "--port", "0"]);
    children.push(view.child);
    await page.goto(await view.url);
    await page.waitForFunction(() => window.dasflowView?.framesDrawn > 20, null, { timeout: 120_000 });
    const f0 = await page.evaluate(() => ({ n: window.dasflowView.framesDrawn, lat: window.dasflowView.latencies.length }));
    const c0 = cpuSeconds(view.child.pid);
    const m0 = rssMb(view.child.pid);
    const w0 = performance.now();
    await page.waitForTimeout(seconds * 1000);
    const c1 = cpuSeconds(view.child.pid);
    const m1 = rssMb(view.child.pid);
    const w1 = performance.now();
    const simCpu = sim ? cpuSeconds(sim.child.pid) : null;
    if (stopReplay) await stopReplay();
    const r = await page.evaluate(() => ({ n: window.dasflowView.framesDrawn, lat: window.dasflowView.latencies.slice(-200), status: window.dasflowView.status }));
    const lat = r.lat.slice(-Math.min(r.lat.length, r.n - f0.n));
    console.log(JSON.stringify({
      source: what === "live" ? "dasflow simulate" : "replay of one chunk", channels, rateHz: 1000, seconds: +((w1 - w0) / 1000).toFixed(1),
      framesPerSecond: +((r.n - f0.n) / ((w1 - w0) / 1000)).toFixed(1),
      latencyMs: { median: pct(lat, 50), p95: pct(lat, 95), max: Math.max(...lat) },
      viewServerRssMb: { start: m0, end: m1 },
      viewServerCpuPercentOfOneCore: +((100 * (c1 - c0)) / ((w1 - w0) / 1000)).toFixed(1),
      stream: { samplesPerSecondReceived: Math.round(r.status.rate), lagMs: r.status.lagMs, gaps: r.status.gaps, missing: r.status.missing, droppedFrames: r.status.dropped },
      ...(simCpu !== null ? { simulateCpuSecondsTotal: simCpu } : {}),
      load: readFileSync("/proc/loadavg", "utf8").trim(),
    }));
  } else if (what === "recording") {
    const view = start(["view", arg, "--port", "0"]);
    children.push(view.child);
    const url = await view.url;
    const t0 = performance.now();
    await page.goto(url);
    await page.waitForFunction(() => window.dasflowView?.tilesDrawn > 0, null, { timeout: 600_000 });
    const firstView = performance.now() - t0;
    const first = await page.evaluate(() => ({ tileMs: window.dasflowView.tileMs[0], header: window.dasflowView.lastTile, pageReadyMs: performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd, drawnAtMs: performance.now() }));
    await page.waitForFunction(() => window.dasflowView.lastTile?.preview === false, null, { timeout: 600_000 });
    const exactView = performance.now() - t0;
    // Zoom to 1 s × 500 m in the middle of the recording.
    const info = await page.evaluate(() => window.dasflowView.status.length);
    const zooms = [];
    for (const frac of [0.5, 0.25, 0.75]) {
      const n = await page.evaluate(() => window.dasflowView.tilesDrawn);
      await page.evaluate(([f, nt]) => {
        const a = window.dasflowView; // 1 kHz, 1 m channels in the demo: 1000 samples × 500 channels
        a.setWindow({ t0: Math.floor(nt * f), t1: Math.floor(nt * f) + 1000, c0: 700, c1: 1200 });
      }, [frac, info]);
      await page.waitForFunction((k) => window.dasflowView.tilesDrawn > k, n, { timeout: 120_000 });
      zooms.push(await page.evaluate(() => window.dasflowView.tileMs[window.dasflowView.tileMs.length - 1]));
    }
    const back = await page.evaluate(() => window.dasflowView.tilesDrawn);
    await page.click("#btn-full");
    await page.waitForFunction((k) => window.dasflowView.tilesDrawn > k, back, { timeout: 120_000 });
    const full = await page.evaluate(() => ({ ms: window.dasflowView.tileMs[window.dasflowView.tileMs.length - 1], fromOverview: window.dasflowView.lastTile.fromOverview }));
    console.log(JSON.stringify({
      recording: arg, samples: info, firstFullViewMs: Math.round(firstView), firstViewWasPreview: first.header.preview === true, firstTileServerMs: Math.round(first.header.ms),
      firstTileRequestToDrawMs: Math.round(first.tileMs), pageReadyMs: Math.round(first.pageReadyMs ?? -1), firstDrawnAtPageMs: Math.round(first.drawnAtMs), everySampleFullViewMs: Math.round(exactView),
      zoom1s500mMs: zooms.map(Math.round), backToFullViewMs: Math.round(full.ms), fromOverview: full.fromOverview,
      load: readFileSync("/proc/loadavg", "utf8").trim(),
    }));
  } else {
    console.error("usage: node scripts/measure-view.mjs live [CHANNELS] [SECONDS] | recording PATH");
    process.exitCode = 2;
  }
} finally {
  for (const c of children) c.kill("SIGTERM");
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
