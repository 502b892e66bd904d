/**
 * ArraySource: a recording or a Zarr store as a view source. A recording is opened once and
 * browsed (pan, zoom). A Zarr store is also followed: its metadata is polled, and the samples
 * appended since the last poll are read and folded into a live ring, so a store that `run` or
 * `subscribe` is writing scrolls like a stream — read-only, so the writing job is unaffected.
 * A store that disappears is reported and polled until it comes back.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { openInput } from "../../io/openInput.js";
import { openZarr } from "../../io/zarr/reader.js";
import type { Atom } from "../core/atom.js";
import { collectPicks, hasPickSource } from "../../atoms/picks/collectPicks.js";
import { DataArray } from "../core/dataArray.js";
import type { LazySource } from "../core/lazySource.js";
import type { LiveRing } from "./liveRing.js";
import type { ViewPick } from "./overlays.js";
import { RateMeter, type SourceStatus, type ViewSource } from "./viewSource.js";
import { Overview, checkLayout } from "./windowTiles.js";

export interface ArraySourceOptions {
  path: string;
  /** Follow a growing Zarr store into this ring (null: browse only). */
  ring: LiveRing | null;
  atom?: Atom | null;
  pollMs?: number;
  /** Overview resolution (rows × cols). */
  overviewRows?: number;
  overviewCols?: number;
  onMessage?: (line: string) => void;
}

/** Samples read per poll at most (a far-behind follower skips to the newest display window). */
const FOLLOW_READ = 8_000_000;

export class ArraySource implements ViewSource {
  readonly kind: "store" | "recording";
  readonly ring: LiveRing | null;
  private readonly o: ArraySourceOptions;
  private src: LazySource | null = null;
  private ov: Promise<Overview | null> | null = null;
  private ovLength = 0;
  private fed = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private message: string | null = null;
  private readonly meter = new RateMeter();
  private chunks = 0;
  private picks: ViewPick[] = [];
  private closed = false;
  private stamp = "";
  private ready = false;

  constructor(kind: "store" | "recording", o: ArraySourceOptions) {
    this.kind = kind;
    this.o = o;
    this.ring = kind === "store" ? o.ring : null;
  }

  array(): LazySource | null {
    return this.src;
  }

  overview(): Promise<Overview | null> {
    const src = this.src;
    if (!src) return Promise.resolve(null);
    const nt = src.backend.shape[0]!;
    // A store that grew by more than a tenth since the overview was made gets a new one.
    if (this.ov === null || nt > this.ovLength * 1.1 + 1) {
      this.ovLength = nt;
      this.ready = false;
      this.ov = Overview.compute(src, this.o.overviewRows ?? 2048, this.o.overviewCols ?? 1024, () => this.closed).then((o) => {
        this.ready = o !== null;
        return o;
      }).catch((err: unknown) => {
        this.note(`cannot read ${this.o.path}: ${(err as Error).message.split("\n")[0]}`);
        this.ov = null;
        return null;
      });
    }
    return this.ov;
  }

  overviewReady(): boolean {
    const nt = this.src?.backend.shape[0] ?? 0;
    return this.ready && this.ov !== null && !(nt > this.ovLength * 1.1 + 1);
  }

  takePicks(): ViewPick[] {
    return this.picks.splice(0);
  }

  /** Opens the input (errors here fail the command: a typo should not start a server). */
  async start(): Promise<void> {
    this.src = this.kind === "store" ? await openZarr(this.o.path) : await openInput(this.o.path);
    checkLayout(this.src, this.o.path);
    if (this.kind === "store" && this.ring) {
      // Show the newest display window at once, then follow.
      const L = this.src.backend.shape[0]!;
      this.fed = Math.max(0, L - this.ringSamples());
      await this.feed(this.src, L);
      this.timer = setInterval(() => void this.poll(), this.o.pollMs ?? 500);
    }
  }

  status(): SourceStatus {
    return {
      kind: this.kind,
      source: this.o.path,
      chunks: this.chunks,
      samples: this.fed,
      rate: this.meter.rate(),
      // Lag means something only while the store grows.
      lagMs: this.ring && this.ring.newestNs > 0 && this.meter.rate() > 0 ? Date.now() - this.ring.newestNs / 1e6 : null,
      gaps: 0,
      missing: 0,
      malformed: 0,
      message: this.message,
      length: this.src ? this.src.backend.shape[0]! : null,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.src?.backend.close?.();
  }

  /** Samples that fill the ring's display window. */
  private ringSamples(): number {
    const r = this.ring!;
    const src = this.src!;
    const time = src.coords["time"];
    const dtNs = time?.step ? Number(time.step.num) / Number(time.step.den) : 1e6;
    const perRow = Math.max(1, Math.round(1e9 / dtNs / 50));
    return r.capacity * perRow;
  }

  private async poll(): Promise<void> {
    if (this.polling || this.closed) return;
    this.polling = true;
    try {
      // Reopen only when the metadata changed (a writer replaces zarr.json as the store grows).
      const stamp = metadataStamp(this.o.path);
      if (this.src && stamp === this.stamp) return;
      const next = await openZarr(this.o.path);
      this.stamp = stamp;
      const L = next.backend.shape[0]!;
      if (this.message !== null) this.note(null);
      const old = this.src;
      this.src = next;
      if (old && old !== next) await old.backend.close?.();
      if (L < this.fed) this.fed = Math.max(0, L - this.ringSamples()); // rewritten from scratch
      if (L > this.fed) await this.feed(next, L);
    } catch (err) {
      this.src = null;
      this.note(`store ${this.o.path} is gone or unreadable (${(err as Error).message.split("\n")[0]}); still watching`);
    } finally {
      this.polling = false;
    }
  }

  /** Reads samples [fed, L) into the ring. */
  private async feed(src: LazySource, L: number): Promise<void> {
    const nch = src.backend.shape[1]!;
    const slab = Math.max(1, Math.floor(FOLLOW_READ / Math.max(1, nch)));
    if (L - this.fed > this.ringSamples()) this.fed = L - this.ringSamples();
    const time = src.coords["time"];
    const dist = src.coords["distance"];
    if (!time) throw new Error("the store has no time coordinate");
    const atom = this.o.atom ?? null;
    while (this.fed < L && !this.closed) {
      const b = Math.min(L, this.fed + slab);
      const data = await src.backend.readBlock([[this.fed, b], [0, nch]]);
      const coords = { time: time.take(this.fed, b - this.fed), ...(dist ? { distance: dist } : {}) };
      const x = new DataArray(data, [b - this.fed, nch], ["time", "distance"], coords, {});
      const y = atom ? atom.call(x) : x;
      this.ring!.push(y);
      if (atom && hasPickSource(atom)) for (const p of collectPicks(atom)) this.picks.push({ t: Number(p.onTime) / 1e6, x: p.distance, ch: p.channel });
      this.meter.add(b - this.fed);
      this.chunks++;
      this.fed = b;
    }
  }

  private note(line: string | null): void {
    if (line === this.message) return;
    this.message = line;
    if (line !== null) this.o.onMessage?.(line);
  }
}

/** Size and mtime of the store's metadata files: changes whenever the writer appends. */
function metadataStamp(path: string): string {
  const parts: string[] = [];
  for (const f of ["zarr.json", "data/zarr.json", "time/zarr.json", ".zgroup", "data/.zarray"]) {
    try {
      const s = statSync(join(path, f));
      parts.push(`${f}:${s.size}:${s.mtimeMs}`);
    } catch {
      // absent in this layout
    }
  }
  if (parts.length === 0) throw new Error("no Zarr metadata");
  return parts.join("|");
}
