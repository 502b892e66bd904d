/**
 * One browser connected to the view server. It asks for a live view (newest rows of the ring)
 * or a window of the array, a trace or a box spectrum; the session answers with display tiles
 * (8-bit codes, never raw samples) and small JSON messages.
 *
 * Bounded: a live frame is only sent when the socket's send buffer is nearly empty; otherwise
 * the frame is dropped (counted) and the next one carries every row since the last one sent,
 * up to one screen — so a slow or stalled browser costs a fixed amount of memory and nothing
 * upstream waits for it. Browse requests are served one at a time, the newest wins.
 */
import type { WebSocket } from "ws";
import { bandEnergy } from "./bandEnergy.js";
import { type TileMode, clipLevel, hasNegative, quantise, tileValues } from "./tiles.js";
import type { ViewSource } from "./viewSource.js";
import type { Tile } from "./tiles.js";
import { DIRECT_BUDGET, type SampleWindow, clampWindow, readBox, readPreview, readTrace, windowTile } from "./windowTiles.js";

/** Send buffer above which live frames are dropped. */
const SEND_LIMIT = 1 << 20;
/** Re-estimate the live colour clip this often (ms). */
const CLIP_EVERY_MS = 5000;
/** Box spectra read at most this many samples per channel and channels. */
const BOX_SAMPLES = 65536;
const BOX_CHANNELS = 64;

/** A binary message: u32 little-endian header length, the JSON header, then the payload. */
export function frame(header: object, payload: Uint8Array): Buffer {
  const h = Buffer.from(JSON.stringify(header));
  const out = Buffer.allocUnsafe(4 + h.length + payload.length);
  out.writeUInt32LE(h.length, 0);
  h.copy(out, 4);
  out.set(payload, 4 + h.length);
  return out;
}

interface LiveState {
  rows: number;
  mode: TileMode;
  clipPct: number;
  sent: number;
  generation: number;
  clip: number | null;
  signed: boolean;
  clipAt: number;
}

interface BrowseRequest {
  id: number;
  window: SampleWindow;
  rows: number;
  cols: number;
  mode: TileMode;
  clipPct: number;
}

export class Session {
  /** Live frames dropped because this browser was behind. */
  dropped = 0;
  framesSent = 0;
  private live: LiveState | null = null;
  private pending: BrowseRequest | null = null;
  private busy = false;
  private closed = false;
  /** Wakes a browse that waits for the overview when a newer request arrives. */
  private supersede: (() => void) | null = null;

  constructor(
    private readonly ws: WebSocket,
    private readonly source: ViewSource,
  ) {}

  /** Counters for tests and diagnostics. */
  stats(): { framesSent: number; dropped: number; buffered: number } {
    return { framesSent: this.framesSent, dropped: this.dropped, buffered: this.ws.bufferedAmount };
  }

  close(): void {
    this.closed = true;
    this.live = null;
    this.pending = null;
  }

  /** Sends JSON unless the socket is gone or backed up (then: dropped, return false). */
  sendJson(msg: object, droppable = false): boolean {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return false;
    if (droppable && this.ws.bufferedAmount > SEND_LIMIT) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  /** Handles one message from the browser. */
  async handle(text: string): Promise<void> {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(text) as Record<string, unknown>;
    } catch {
      this.sendJson({ type: "error", message: "unreadable message from the page" });
      return;
    }
    const mode: TileMode = m.mode === "rms" ? "rms" : "peak";
    const clipPct = num(m.clipPct, 99, 50, 100);
    switch (m.type) {
      case "live":
        if (!this.source.ring) return void this.sendJson({ type: "error", message: "this source is a recording: it has no live view" });
        this.live = { rows: Math.floor(num(m.rows, 600, 1, this.source.ring.capacity)), mode, clipPct, sent: -1, generation: -1, clip: null, signed: true, clipAt: 0 };
        this.pushLive();
        return;
      case "browse":
        this.live = null;
        this.pending = { id: num(m.id, 0), window: { t0: num(m.t0, 0), t1: num(m.t1, 0), c0: num(m.c0, 0), c1: num(m.c1, 0) }, rows: Math.floor(num(m.rows, 600, 1, 8192)), cols: Math.floor(num(m.cols, 800, 1, 8192)), mode, clipPct };
        if (!this.busy) await this.serveBrowse();
        else this.supersede?.();
        return;
      case "trace":
        return this.trace(m);
      case "box":
        return this.box(m);
      default:
        this.sendJson({ type: "error", message: `unknown request "${String(m.type)}"` });
    }
  }

  /** Sends the rows completed since the last frame (called on every tick). */
  pushLive(): void {
    const L = this.live;
    const ring = this.source.ring;
    if (!L || !ring || !ring.layout || this.closed) return;
    const end = ring.complete;
    if (end <= ring.oldest) return;
    let full = L.generation !== ring.generation;
    if (!full && end <= L.sent) return;
    if (this.ws.bufferedAmount > SEND_LIMIT) {
      this.dropped++;
      return;
    }
    const lo = Math.max(ring.oldest, end - L.rows);
    const now = Date.now();
    if (L.clip === null || full || now - L.clipAt > CLIP_EVERY_MS) {
      const v = ring.values(L.mode, lo, end);
      const c = clipLevel(v, L.clipPct);
      const signed = L.mode === "peak" && hasNegative(v);
      L.clipAt = now;
      // Small changes keep the old clip: a new clip repaints the whole screen.
      if (L.clip === null || c > L.clip * 1.25 || c < L.clip * 0.8 || signed !== L.signed) {
        L.clip = c;
        L.signed = signed;
        full = true;
      }
    }
    if (L.sent < lo) full = true;
    const r0 = full ? lo : L.sent;
    const codes = quantise(ring.values(L.mode, r0, end), L.signed, L.clip);
    const lay = ring.layout;
    const header = {
      type: "live", full, r0, r1: end, cols: lay.cols, clip: L.clip, signed: L.signed, mode: L.mode, generation: ring.generation,
      originMs: Number(lay.originNs) / 1e6, rowMs: lay.rowNs / 1e6, newestMs: ring.rowEndNs(end - 1) / 1e6 - lay.dtNs / 1e6,
      nch: lay.nch, chPerCol: lay.chPerCol, x0: lay.x0, x1: lay.x1, dtMs: lay.dtNs / 1e6,
    };
    this.ws.send(frame(header, codes));
    this.framesSent++;
    L.sent = end;
    L.generation = ring.generation;
  }

  private async serveBrowse(): Promise<void> {
    this.busy = true;
    try {
      while (this.pending && !this.closed) {
        const req = this.pending;
        this.pending = null;
        const src = this.source.array();
        if (!src) {
          this.sendJson({ type: "error", id: req.id, message: "the array is not readable right now (see the status bar)" });
          continue;
        }
        const [nt, nch] = [src.backend.shape[0]!, src.backend.shape[1]!];
        const w = clampWindow(req.window, nt, nch);
        if (w.t1 <= w.t0 || w.c1 <= w.c0) {
          this.sendJson({ type: "error", id: req.id, message: "empty window" });
          continue;
        }
        const started = performance.now();
        const stale = (): boolean => this.pending !== null || this.closed;
        const wide = (w.t1 - w.t0) * (w.c1 - w.c0) > DIRECT_BUDGET;
        let ov = null;
        if (wide) {
          if (!this.source.overviewReady()) {
            // The overview reads the whole array once: first, a quick look from sampled rows.
            const p = await readPreview(src, w, req.rows, req.cols, stale);
            if (p) this.sendTile(req, w, p, { fromOverview: false, preview: true, ms: performance.now() - started });
          }
          // The overview goes on in the background; a newer request (a zoom) does not wait for it.
          const superseded = new Promise<"superseded">((r) => (this.supersede = () => r("superseded")));
          const got = await Promise.race([this.source.overview(), superseded]);
          this.supersede = null;
          if (got === "superseded") continue;
          ov = got;
        }
        const r = await windowTile(src, w, req.rows, req.cols, ov, stale);
        if (!r) continue; // superseded by a newer request
        this.sendTile(req, w, r.tile, { fromOverview: r.fromOverview, preview: false, ms: performance.now() - started });
      }
    } catch (err) {
      this.sendJson({ type: "error", message: `cannot read the window: ${(err as Error).message.split("\n")[0]}` });
    } finally {
      this.busy = false;
    }
  }

  private sendTile(req: BrowseRequest, w: SampleWindow, tile: Tile, extra: { fromOverview: boolean; preview: boolean; ms: number }): void {
    const values = tileValues(tile, req.mode);
    const clip = clipLevel(values, req.clipPct);
    const signed = req.mode === "peak" && hasNegative(values);
    const header = { type: "tile", id: req.id, window: w, rows: tile.rows, cols: tile.cols, clip, signed, mode: req.mode, ...extra };
    if (!this.closed && this.ws.readyState === this.ws.OPEN) this.ws.send(frame(header, quantise(values, signed, clip)));
  }

  private async trace(m: Record<string, unknown>): Promise<void> {
    const id = num(m.id, 0);
    const channel = Math.floor(num(m.channel, 0));
    const ring = this.source.ring;
    if (m.live === true && ring?.layout) {
      const tr = ring.trace(channel);
      const stride = Math.max(1, Math.ceil(tr.values.length / 4000));
      const min: number[] = [];
      const max: number[] = [];
      for (let i = 0; i < tr.values.length; i += stride) {
        let lo = Infinity;
        let hi = -Infinity;
        for (let k = i; k < Math.min(tr.values.length, i + stride); k++) {
          lo = Math.min(lo, tr.values[k]!);
          hi = Math.max(hi, tr.values[k]!);
        }
        min.push(lo);
        max.push(hi);
      }
      const t0Ms = tr.timesNs.length ? tr.timesNs[0]! / 1e6 : 0;
      const t1Ms = tr.timesNs.length ? tr.timesNs[tr.timesNs.length - 1]! / 1e6 : 0;
      this.sendJson({ type: "trace", id, channel, t0Ms, t1Ms, min, max });
      return;
    }
    const src = this.source.array();
    if (!src) return void this.sendJson({ type: "error", id, message: "no array to read a trace from" });
    const nt = src.backend.shape[0]!;
    const nch = src.backend.shape[1]!;
    if (channel < 0 || channel >= nch) return void this.sendJson({ type: "error", id, message: `channel ${channel} outside 0…${nch - 1}` });
    const w = clampWindow({ t0: num(m.t0, 0), t1: num(m.t1, nt), c0: channel, c1: channel + 1 }, nt, nch);
    try {
      const tr = await readTrace(src, channel, w.t0, w.t1, 4000);
      this.sendJson({ type: "trace", id, channel, t0: w.t0, t1: w.t1, min: [...tr.min], max: [...tr.max] });
    } catch (err) {
      this.sendJson({ type: "error", id, message: `cannot read the trace: ${(err as Error).message.split("\n")[0]}` });
    }
  }

  private async box(m: Record<string, unknown>): Promise<void> {
    const id = num(m.id, 0);
    let got: { data: Float32Array; nt: number; channels: number[] };
    let fs: number;
    try {
      const ring = this.source.ring;
      if (m.live === true && ring?.layout) {
        got = ring.box(num(m.t0Ms, 0) * 1e6, num(m.t1Ms, 0) * 1e6, num(m.c0, 0), num(m.c1, 0), BOX_CHANNELS);
        fs = 1e9 / ring.layout.dtNs;
      } else {
        const src = this.source.array();
        if (!src) return void this.sendJson({ type: "error", id, message: "no array to read the box from" });
        const time = src.coords["time"];
        fs = time?.step ? 1e9 / (Number(time.step.num) / Number(time.step.den)) : 1;
        const w = clampWindow({ t0: num(m.t0, 0), t1: num(m.t1, 0), c0: num(m.c0, 0), c1: num(m.c1, 0) }, src.backend.shape[0]!, src.backend.shape[1]!);
        got = await readBox(src, w, BOX_SAMPLES, BOX_CHANNELS);
      }
    } catch (err) {
      return void this.sendJson({ type: "error", id, message: `cannot read the box: ${(err as Error).message.split("\n")[0]}` });
    }
    if (got.nt < 4 || got.channels.length === 0) return void this.sendJson({ type: "error", id, message: "the box holds too few samples for a spectrum (live: only the last seconds are kept raw)" });
    const b = bandEnergy(got.data, got.nt, got.channels.length, fs, 24);
    this.sendJson({ type: "spectrum", id, ...b, nt: got.nt, channels: got.channels.length, fs });
  }
}

function num(v: unknown, dflt: number, lo = -Infinity, hi = Infinity): number {
  const n = typeof v === "number" && Number.isFinite(v) ? v : dflt;
  return Math.min(hi, Math.max(lo, n));
}
