/**
 * The view page in a real browser (Debian chromium via playwright-core): a recording's waterfall
 * compared pixel by pixel with tiles computed here from the same array, picks where they are, a
 * click's trace, a box's spectrum; a live stream with an injected event; browsers that vanish or
 * stall mid-stream. Every wait is on what the page reports, never on the clock.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZmqPublisher } from "../../io/zmq/publisher.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { DataArray } from "../../src/core/dataArray.js";
import { formatIso } from "../../src/core/coords/time.js";
import { startView, type ViewServer } from "../../src/view/server.js";
import { lcg } from "../helpers/bitwise.js";
import { launchBrowser } from "./browser.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-view-"));
let browser: Awaited<ReturnType<typeof launchBrowser>>;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

// A recording: 500 Hz, 6 s, 1500 channels 2 m apart; a 50 Hz wave on channels 600–899, noise elsewhere.
const NT = 3000;
const NCH = 1500;
const T0 = 1_704_067_200_000_000_000n; // 2024-01-01T00:00:00Z
const DT = 2_000_000n;
const data = new Float32Array(NT * NCH);
{
  const r = lcg(3);
  for (let t = 0; t < NT; t++) for (let c = 0; c < NCH; c++) data[t * NCH + c] = r() + (c >= 600 && c < 900 ? 4 * Math.sin((2 * Math.PI * 50 * t) / 500) : 0);
}
const picks = [
  { ch: 100, t: 500 },
  { ch: 750, t: 1500 },
  { ch: 1400, t: 2800 },
];

async function writeStore(path: string): Promise<void> {
  const w = new ZarrWriter(path);
  const x = DataArray.regular(data, [NT, NCH], { t0: T0, dt: DT, x0: 100, dx: 2 });
  await w.write({ index: 0, data: x });
  await w.close();
}

/** numpy's percentile (linear) of |v| over the finite values. */
function percentileAbs(v: Float64Array, p: number): number {
  const s = Float64Array.from([...v].filter(Number.isFinite).map(Math.abs)).sort();
  const pos = (p / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(s.length - 1, lo + 1)]! - s[lo]!) * (pos - lo);
}

async function canvasBytes(page: Page, id: string): Promise<{ w: number; h: number; bytes: Buffer }> {
  const r = await page.evaluate((sel) => {
    const c = document.getElementById(sel) as HTMLCanvasElement;
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let s = "";
    for (let i = 0; i < d.length; i += 4) s += String.fromCharCode(d[i]!);
    return { w: c.width, h: c.height, b64: btoa(s) };
  }, id);
  return { w: r.w, h: r.h, bytes: Buffer.from(r.b64, "base64") };
}

describe("dasflow view: a recording", () => {
  let view: ViewServer;
  let page: Page;
  const store = join(dir, "rec", "store.zarr");

  beforeAll(async () => {
    await writeStore(store);
    const line = (p: { ch: number; t: number }): string => `${p.ch},${100 + 2 * p.ch},${formatIso(T0 + BigInt(p.t) * DT)}`;
    writeFileSync(join(dir, "rec", "picks.csv"), `channel,distance_m,on_time\n${picks.map(line).join("\n")}\n`);
    // An event catalogue (the sibling events.csv), with a malformed line that is skipped.
    const iso = (t: number): string => formatIso(T0 + BigInt(t) * DT);
    writeFileSync(join(dir, "rec", "events.csv"), `startTime,endTime,distanceStart,distanceEnd\n${iso(1000)},${iso(2000)},${100 + 2 * 300},${100 + 2 * 1200}\nnot,a,real,line\n`);
    view = await startView({ source: store, port: 0 });
    page = await browser.context.newPage();
    await page.goto(view.url);
    await page.waitForFunction(() => (window as any).dasflowView?.tilesDrawn > 0, null, { timeout: 60_000 });
    await page.selectOption("#cmap", "gray");
  });
  afterAll(async () => {
    await page?.close();
    await view?.close();
  });

  it("draws the waterfall: every pixel is the tile computed independently from the array", async () => {
    const h = await page.evaluate(() => (window as any).dasflowView.lastTile);
    expect(h.window).toEqual({ t0: 0, t1: NT, c0: 0, c1: NCH });
    expect(h.signed).toBe(true);
    const { rows, cols } = h;
    expect(rows).toBeGreaterThan(300);
    expect(cols).toBeGreaterThan(500);
    // Independent tile: each sample goes to pixel floor(t·rows/NT), floor(c·cols/NCH); peak = the extreme.
    const peak = new Float64Array(rows * cols).fill(NaN);
    for (let t = 0; t < NT; t++) {
      const rb = Math.floor((t * rows) / NT) * cols;
      for (let c = 0; c < NCH; c++) {
        const p = rb + Math.floor((c * cols) / NCH);
        const v = data[t * NCH + c]!;
        const q = peak[p]!;
        if (Number.isNaN(q) || Math.abs(v) > Math.abs(q) || (Math.abs(v) === Math.abs(q) && v > q)) peak[p] = v;
      }
    }
    // The server reports its clip (a percentile estimated from evenly strided pixels): close to the exact one.
    expect(Math.abs(h.clip / percentileAbs(peak, 99) - 1)).toBeLessThan(0.02);
    const { w, h: ch, bytes } = await canvasBytes(page, "wf");
    expect([w, ch]).toEqual([cols, rows]);
    let exact = 0;
    let worst = 0;
    for (let i = 0; i < rows * cols; i++) {
      const u = Math.max(-1, Math.min(1, peak[i]! / h.clip));
      const code = 1 + Math.round((u + 1) * 127);
      const grey = Math.round(((code - 1) * 255) / 254); // the gray map is the identity
      const d = Math.abs(bytes[i]! - grey);
      worst = Math.max(worst, d);
      if (d === 0) exact++;
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(exact / (rows * cols)).toBeGreaterThan(0.999);
  });

  it("draws the picks where they are", async () => {
    const drawn = await page.evaluate(() => (window as any).dasflowView.picksDrawn);
    const box = await page.evaluate(() => {
      const a = document.getElementById("area")!;
      return { w: a.clientWidth, h: a.clientHeight };
    });
    expect(drawn).toHaveLength(picks.length);
    for (const p of picks) {
      const x = ((p.ch + 0.5) / NCH) * box.w;
      const y = (p.t / NT) * box.h;
      expect(drawn.some((d: { x: number; y: number }) => Math.abs(d.x - x) < 1 && Math.abs(d.y - y) < 1)).toBe(true);
      const px = await page.evaluate(([px, py]) => {
        const c = document.getElementById("overlay") as HTMLCanvasElement;
        const k = window.devicePixelRatio || 1;
        return [...c.getContext("2d")!.getImageData(Math.round(px! * k), Math.round(py! * k), 1, 1).data];
      }, [x, y]);
      expect(px.slice(0, 3)).toEqual([255, 0, 255]);
    }
  });

  it("draws the events as boxes over their time and distance span", async () => {
    const box = await page.evaluate(() => {
      const a = document.getElementById("area")!;
      return { w: a.clientWidth, h: a.clientHeight };
    });
    // Left edge of the box (channel 300), halfway down its span: the event colour (green).
    const x = ((300 + 0.5) / NCH) * box.w;
    const y = (1500 / NT) * box.h;
    const green = await page.evaluate(([px, py]) => {
      const c = document.getElementById("overlay") as HTMLCanvasElement;
      const k = window.devicePixelRatio || 1;
      const d = c.getContext("2d")!.getImageData(Math.round(px! * k) - 2, Math.round(py! * k), 5, 1).data;
      let best = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! < 80) best = Math.max(best, d[i + 1]!);
      return best;
    }, [x, y]);
    expect(green).toBeGreaterThan(150);
    // Outside the events' span in time, that column is clear.
    const clear = await page.evaluate(([px, py]) => {
      const c = document.getElementById("overlay") as HTMLCanvasElement;
      const k = window.devicePixelRatio || 1;
      return c.getContext("2d")!.getImageData(Math.round(px! * k), Math.round(py! * k), 1, 1).data[3];
    }, [x, (2600 / NT) * box.h]);
    expect(clear).toBe(0);
  });

  it("a click on a channel shows that channel's trace", async () => {
    const want = 777;
    const ob = (await page.locator("#overlay").boundingBox())!;
    await page.mouse.click(ob.x + ((want + 0.5) / NCH) * ob.width, ob.y + ob.height / 2);
    await page.waitForFunction(() => (window as any).dasflowView.trace !== null, null, { timeout: 30_000 });
    const tr = await page.evaluate(() => (window as any).dasflowView.trace);
    // Mouse positions are whole CSS pixels (here about 0.6 channel each): the channel under the pointer.
    const ch = tr.channel;
    expect(Math.abs(ch - want)).toBeLessThanOrEqual(1);
    expect(tr.min).toHaveLength(NT); // 3000 samples ≤ 4000 points: one point per sample
    for (let t = 0; t < NT; t++) {
      expect(tr.min[t]).toBe(data[t * NCH + ch]);
      expect(tr.max[t]).toBe(data[t * NCH + ch]);
    }
    expect(await page.textContent("#trace-title")).toContain(`channel ${ch}`);
  });

  it("a box dragged over the 50 Hz channels gives a spectrum peaking at 50 Hz", async () => {
    const ob = (await page.locator("#overlay").boundingBox())!;
    const x0 = ob.x + (650 / NCH) * ob.width;
    const x1 = ob.x + (850 / NCH) * ob.width;
    await page.mouse.move(x0, ob.y + ob.height * 0.2);
    await page.mouse.down();
    await page.mouse.move((x0 + x1) / 2, ob.y + ob.height * 0.5);
    await page.mouse.move(x1, ob.y + ob.height * 0.8);
    await page.mouse.up();
    await page.waitForFunction(() => (window as any).dasflowView.spectrum !== null, null, { timeout: 30_000 });
    const s = await page.evaluate(() => (window as any).dasflowView.spectrum);
    const best = s.energy.indexOf(Math.max(...s.energy));
    expect(s.edges[best] <= 50 && 50 <= s.edges[best + 1]).toBe(true);
    expect(s.channels).toBeGreaterThan(10);
  });

  it("zooms with the wheel and reads the zoomed window", async () => {
    const before = await page.evaluate(() => (window as any).dasflowView.tilesDrawn);
    const ob = (await page.locator("#overlay").boundingBox())!;
    await page.mouse.move(ob.x + ob.width / 2, ob.y + ob.height / 2);
    await page.mouse.wheel(0, -300);
    await page.waitForFunction((n) => (window as any).dasflowView.tilesDrawn > n, before, { timeout: 30_000 });
    const h = await page.evaluate(() => (window as any).dasflowView.lastTile);
    expect(h.window.t1 - h.window.t0).toBeLessThan(NT);
    expect(h.window.t0).toBeGreaterThan(0);
  });
});

describe("dasflow view: a live stream", () => {
  it("shows an event published on the stream, and survives browsers that vanish or stall", async () => {
    const NCHL = 64;
    const pub = new ZmqPublisher({ address: "tcp://127.0.0.1:*", heartbeatMs: 200 });
    const endpoint = await pub.open();
    const view = await startView({ source: endpoint, port: 0 });
    const page = await browser.context.newPage();
    const r = lcg(5);
    const rate = 500;
    const len = 50;
    let k = 0;
    let burstChunk = -1;
    let stop = false;
    const t0 = BigInt(Date.now()) * 1_000_000n;
    const chunkAt = (i: number): DataArray => {
      const d = new Float32Array(len * NCHL);
      for (let j = 0; j < d.length; j++) d[j] = r();
      if (i === burstChunk) for (let t = 0; t < len; t++) for (let c = 20; c < 30; c++) d[t * NCHL + c] = 50;
      return DataArray.regular(d, [len, NCHL], { t0: t0 + BigInt(i * len) * 2_000_000n, dt: 2_000_000n, x0: 0, dx: 5 });
    };
    const publishing = (async () => {
      while (!stop) {
        await pub.write({ index: k, data: chunkAt(k) });
        k++;
        await new Promise((res) => setTimeout(res, 40));
      }
    })();
    try {
      await page.goto(view.url);
      await page.waitForFunction(() => (window as any).dasflowView?.framesDrawn > 3, null, { timeout: 60_000 });
      await page.selectOption("#cmap", "gray");
      burstChunk = k + 2;
      const burstMs = Number(t0 / 1_000_000n) + (burstChunk * len * 2);
      // Wait until the page has drawn rows past the end of the burst.
      await page.waitForFunction((ms) => (window as any).dasflowView.newestMs > ms + 200, burstMs, { timeout: 60_000 });
      const at = async (ch: number): Promise<{ code: number; px: number[] } | null> => page.evaluate(([ms, c]) => (window as any).dasflowView.liveAt(ms, c), [burstMs + 50, ch]);
      for (let ch = 20; ch < 30; ch++) {
        const p = (await at(ch))!;
        expect(p.code).toBe(255);
        expect(p.px.slice(0, 3)).toEqual([255, 255, 255]);
      }
      let saturated = 0;
      // The clip is the 99th percentile of the noise's pixels: few of them saturate, unlike the
      // burst's (the noise values depend on how many chunks were published, so count, don't pin).
      for (let ch = 40; ch < 64; ch++) if ((await at(ch))!.code === 255) saturated++;
      expect(saturated).toBeLessThan(6);
      // The status bar is refreshed on its own schedule: wait for the first one.
      await page.waitForFunction(() => (window as any).dasflowView.status !== null && (window as any).dasflowView.status !== undefined, null, { timeout: 60_000 });
      const st = await page.evaluate(() => (window as any).dasflowView.status);
      expect(st).toMatchObject({ kind: "stream", gaps: 0, malformed: 0 });

      // A browser that disconnects mid-frame, and one that stops reading (its frames are dropped).
      const gone = new WebSocket(view.url.replace("http", "ws") + "ws");
      await new Promise<void>((res) => gone.once("message", () => res()));
      gone.send(JSON.stringify({ type: "live", rows: 1024 }));
      await new Promise<void>((res) => gone.once("message", () => res()));
      gone.terminate();
      const stalled = new WebSocket(view.url.replace("http", "ws") + "ws");
      await new Promise<void>((res) => stalled.once("open", () => res()));
      (stalled as unknown as { _socket: { pause(): void } })._socket.pause();
      // Each request asks for a whole screen (1024 rows): 4,000 of them are far more than the
      // kernel's socket buffers hold unread (loopback buffers can take several MB).
      for (let i = 0; i < 4000; i++) stalled.send(JSON.stringify({ type: "live", rows: 1024 }));
      const drawn = await page.evaluate(() => (window as any).dasflowView.framesDrawn);
      await page.waitForFunction((n) => (window as any).dasflowView.framesDrawn > n + 20, drawn, { timeout: 60_000 });
      // Frames keep coming (the stream goes on), so the stalled socket's backlog grows past the
      // kernel's socket buffers and the server must start dropping; how soon depends on those
      // buffers and the machine's load, hence the generous bound.
      await expect.poll(() => Math.max(...view.stats().map((s) => s.dropped)), { timeout: 180_000, interval: 200 }).toBeGreaterThan(0);
      // The stalled browser's send buffer stays bounded (about one megabyte plus a frame).
      for (const s of view.stats()) expect(s.buffered).toBeLessThan(4 << 20);
      stalled.terminate();
      const again = await browser.context.newPage();
      await again.goto(view.url);
      await again.waitForFunction(() => (window as any).dasflowView?.framesDrawn > 2, null, { timeout: 60_000 });
      await again.close();
    } finally {
      stop = true;
      await publishing;
      await page.close();
      await view.close();
      await pub.close();
    }
  });
});

describe("dasflow view: a store being written", () => {
  it("follows the growing store: the page switches to live and shows the newest chunk", async () => {
    const store = join(dir, "growing.zarr");
    const nch = 32;
    const len = 100;
    const t0 = 1_704_067_200_000_000_000n;
    const chunk = (k: number, v: number): DataArray =>
      DataArray.regular(new Float32Array(len * nch).fill(v), [len, nch], { t0: t0 + BigInt(k * len) * 1_000_000n, dt: 1_000_000n, x0: 0, dx: 1 });
    const w = new ZarrWriter(store);
    await w.write({ index: 0, data: chunk(0, 1) });
    await w.sync(); // what the runner does at each checkpoint: the chunk becomes visible
    const view = await startView({ source: store, port: 0 });
    const page = await browser.context.newPage();
    try {
      await page.goto(view.url);
      await page.waitForFunction(() => (window as any).dasflowView?.tilesDrawn > 0, null, { timeout: 60_000 });
      // The writer appends; the viewer only reads (the store's bytes are the writer's alone).
      for (let k = 1; k <= 5; k++) {
        await w.write({ index: k, data: chunk(k, k % 2 ? -1 : 1) });
        await w.sync();
      }
      const lastMs = Number(t0 / 1_000_000n) + 6 * len - 1;
      await page.waitForFunction((ms) => (window as any).dasflowView.mode === "live" && (window as any).dasflowView.newestMs >= ms - 20, lastMs, { timeout: 60_000 });
      const at = await page.evaluate((ms) => (window as any).dasflowView.liveAt(ms, 5), lastMs - 50);
      expect(at.code).toBe(1); // chunk 5 holds −1: the low end of the signed map (clip = |±1|)
      const before = await page.evaluate((ms) => (window as any).dasflowView.liveAt(ms, 5), lastMs - 150);
      expect(before.code).toBe(255); // chunk 4 holds +1
    } finally {
      await page.close();
      await view.close();
      await w.close();
    }
  });
});
