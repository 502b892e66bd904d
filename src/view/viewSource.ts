/**
 * What the view server asks of a source: a live ring (streams, growing stores), an opened
 * array to pan and zoom over (recordings, stores), and a status for the status bar. Messages
 * are one line each; `onMessage` prints them in the terminal, the page shows them too.
 */
import type { LazySource } from "../core/lazySource.js";
import type { LiveRing } from "./liveRing.js";
import type { ViewPick } from "./overlays.js";
import type { Overview } from "./windowTiles.js";

/** Counters for the status bar. */
export interface SourceStatus {
  kind: "stream" | "store" | "recording";
  source: string;
  chunks: number;
  samples: number;
  /** Samples per second received over the last few seconds. */
  rate: number;
  lagMs: number | null;
  gaps: number;
  missing: number;
  malformed: number;
  /** The last one-line problem or note (unreachable stream, store deleted …), null when fine. */
  message: string | null;
  /** Time samples in the array (recordings, stores). */
  length: number | null;
}

export interface ViewSource {
  readonly kind: SourceStatus["kind"];
  /** The live display memory (streams, stores); null for a static recording. */
  readonly ring: LiveRing | null;
  /** The array to browse (recordings, stores), null for a stream or a store not readable now. */
  array(): LazySource | null;
  /** The coarse whole-array view, awaited when a wide window is asked for. */
  overview(): Promise<Overview | null>;
  /** True once the overview of the current array is computed (a wide window then costs nothing). */
  overviewReady(): boolean;
  status(): SourceStatus;
  /** Picks found live by the view's pipeline, taken once. */
  takePicks(): ViewPick[];
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Samples per second over a sliding span, from (time, count) observations. */
export class RateMeter {
  private readonly marks: { at: number; n: number }[] = [];
  private total = 0;

  add(n: number, at = Date.now()): void {
    this.total += n;
    this.marks.push({ at, n: this.total });
    while (this.marks.length > 2 && at - this.marks[0]!.at > 5000) this.marks.shift();
  }

  rate(now = Date.now()): number {
    if (this.marks.length < 2) return 0;
    const a = this.marks[0]!;
    const b = this.marks[this.marks.length - 1]!;
    if (now - b.at > 5000) return 0;
    return b.at > a.at ? ((b.n - a.n) * 1000) / (b.at - a.at) : 0;
  }
}
