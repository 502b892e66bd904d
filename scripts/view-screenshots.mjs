// Screenshots of `dasflow view` for the README: a live stream and a recording (the demo's output).
// Usage: npm run build && node scripts/view-screenshots.mjs [DEMO_DIR]
//   DEMO_DIR: a `dasflow demo` output directory (default: runs `dasflow demo --small` into a temp dir).
// Needs Debian's chromium at /usr/bin/chromium (playwright-core downloads no browser).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../", import.meta.url));
const { startView } = await import(join(root, "dist/src/view/server.js"));
const { simulate } = await import(join(root, "dist/io/zmq/simulate.js"));
const images = join(root, "docs", "images");
const profile = mkdtempSync(join(tmpdir(), "dasflow-shots-"));
let demo = process.argv[2];
if (!demo) {
  demo = join(profile, "demo");
  execFileSync(process.execPath, [join(root, "dist/src/cli/main.js"), "demo", "--small", "--out", demo], { stdio: "inherit" });
}
const browser = await chromium.launchPersistentContext(join(profile, "chromium"), {
  executablePath: "/usr/bin/chromium", headless: true, viewport: { width: 1400, height: 800 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

/** Click a channel (fraction across) and drag a box (fractions), then wait for both answers. */
async function interact(page, click, box) {
  const ob = await page.locator("#overlay").boundingBox();
  await page.mouse.click(ob.x + click[0] * ob.width, ob.y + click[1] * ob.height);
  await page.waitForFunction(() => window.dasflowView.trace !== null, null, { timeout: 60_000 });
  await page.mouse.move(ob.x + box[0] * ob.width, ob.y + box[1] * ob.height);
  await page.mouse.down();
  await page.mouse.move(ob.x + box[2] * ob.width, ob.y + box[3] * ob.height, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => window.dasflowView.spectrum !== null, null, { timeout: 60_000 });
}

try {
  // 1. A recording: the demo's raw ASN files, with the picks of its pipeline (picks.csv next to them).
  {
    const v = await startView({ source: join(demo, "recording"), port: 0 });
    const page = await browser.newPage();
    await page.goto(v.url);
    await page.waitForFunction(() => window.dasflowView?.tilesDrawn > 0, null, { timeout: 60_000 });
    await interact(page, [0.3, 0.5], [0.15, 0.25, 0.45, 0.55]);
    await page.screenshot({ path: join(images, "view-recording.png") });
    await page.close();
    await v.close();
  }
  // 2. A live stream: `dasflow simulate` (2,000 channels at 1 kHz) in this process.
  {
    const abort = new AbortController();
    let endpoint;
    const sim = simulate({ channels: 2000, rate: 1000, chunk: 100, address: "tcp://127.0.0.1:*", signal: abort.signal, onReady: (e) => (endpoint = e) });
    while (!endpoint) await new Promise((r) => setTimeout(r, 50));
    const v = await startView({ source: endpoint, port: 0 });
    const page = await browser.newPage();
    await page.goto(v.url);
    await page.waitForFunction(() => window.dasflowView?.framesDrawn > 120, null, { timeout: 120_000 });
    await interact(page, [0.6, 0.3], [0.2, 0.1, 0.5, 0.3]);
    await page.waitForFunction(() => window.dasflowView?.framesDrawn > 150, null, { timeout: 60_000 });
    await page.screenshot({ path: join(images, "view-live.png") });
    await page.close();
    await v.close();
    abort.abort();
    await sim;
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`wrote ${join(images, "view-recording.png")} and ${join(images, "view-live.png")}`);
