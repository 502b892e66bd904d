/**
 * StreamFeed: a ZeroMQ stream (dasflow, ASN or xdas protocol) as a view source. Chunks go
 * through the optional pipeline into the live ring as they arrive; nothing waits for a browser.
 * An endpoint that sends nothing is reported after `silenceMs` (ZeroMQ connects silently, so
 * "unreachable" is "nothing heard"); an ended stream is reported and subscribed to again, so a
 * restarted publisher shows up without restarting the view.
 */
import type { Atom } from "../core/atom.js";
import { collectPicks, hasPickSource } from "../../atoms/picks/collectPicks.js";
import { ZmqSubscriber } from "../../io/zmq/subscriber.js";
import type { ZmqProtocol } from "../../io/zmq/streamProtocol.js";
import type { DataArray } from "../core/dataArray.js";
import type { LiveRing } from "./liveRing.js";
import type { ViewPick } from "./overlays.js";
import { RateMeter, type SourceStatus, type ViewSource } from "./viewSource.js";

export interface StreamFeedOptions {
  address: string;
  protocol?: ZmqProtocol;
  ring: LiveRing;
  atom?: Atom | null;
  /** Report a stream silent for this long (default 5000 ms). */
  silenceMs?: number;
  onMessage?: (line: string) => void;
}

export class StreamFeed implements ViewSource {
  readonly kind = "stream";
  readonly ring: LiveRing;
  private readonly o: StreamFeedOptions;
  private readonly abort = new AbortController();
  private sub: ZmqSubscriber | null = null;
  private loop: Promise<void> | null = null;
  private readonly meter = new RateMeter();
  private base = { chunks: 0, samples: 0, gaps: 0, missing: 0, malformed: 0 };
  private message: string | null = null;
  private lastHeard = Date.now();
  private silenceTimer: NodeJS.Timeout | null = null;
  private picks: ViewPick[] = [];

  constructor(o: StreamFeedOptions) {
    this.o = o;
    this.ring = o.ring;
  }

  array(): null {
    return null;
  }

  async overview(): Promise<null> {
    return null;
  }

  overviewReady(): boolean {
    return false;
  }

  takePicks(): ViewPick[] {
    return this.picks.splice(0);
  }

  async start(): Promise<void> {
    this.sub = this.subscriber(); // validates the address now, so a bad one fails the command
    this.sub.open();
    this.loop = this.run();
    const silence = this.o.silenceMs ?? 5000;
    this.silenceTimer = setInterval(() => {
      if (Date.now() - this.lastHeard >= silence && this.message === null) this.note(`no data from ${this.o.address} for ${Math.round(silence / 1000)} s (is the publisher running? protocol ${this.o.protocol ?? "dasflow"})`);
    }, Math.min(1000, silence));
  }

  status(): SourceStatus {
    const s = this.sub?.status;
    return {
      kind: "stream",
      source: this.o.address,
      chunks: this.base.chunks + (s?.chunks ?? 0),
      samples: this.base.samples + (s?.samples ?? 0),
      rate: this.meter.rate(),
      lagMs: s?.lagMs ?? null,
      gaps: this.base.gaps + (s?.gaps ?? 0),
      missing: this.base.missing + (s?.missing ?? 0),
      malformed: this.base.malformed + (s?.malformed ?? 0),
      message: this.message,
      length: null,
    };
  }

  async close(): Promise<void> {
    this.abort.abort();
    if (this.silenceTimer) clearInterval(this.silenceTimer);
    await this.loop?.catch(() => undefined);
    await this.sub?.close();
  }

  private subscriber(): ZmqSubscriber {
    return new ZmqSubscriber({
      address: this.o.address,
      ...(this.o.protocol ? { protocol: this.o.protocol } : {}),
      signal: this.abort.signal,
      // A viewer that falls behind loses messages (reported as gaps) rather than queueing gigabytes.
      receiveHighWaterMark: 100,
      onStatus: () => {
        this.lastHeard = Date.now();
      },
    });
  }

  private async run(): Promise<void> {
    const atom = this.o.atom ?? null;
    const picking = atom !== null && hasPickSource(atom);
    while (!this.abort.signal.aborted) {
      const sub = this.sub!;
      try {
        for await (const { data } of sub.chunks()) {
          if (this.message !== null) this.note(null);
          this.lastHeard = Date.now();
          this.meter.add(data.shape[0] ?? 0);
          const y = atom ? atom.call(data) : data;
          this.show(y);
          if (picking) for (const p of collectPicks(atom!)) this.picks.push({ t: Number(p.onTime) / 1e6, x: p.distance, ch: p.channel });
          // Queued messages resolve at once: let the page, the sockets and the timers run between chunks.
          await new Promise<void>((r) => setImmediate(r));
        }
        const s = sub.status;
        if (this.abort.signal.aborted) break;
        this.note(`stream ${this.o.address} ended${s.publisherError ? ` (publisher error: ${s.publisherError})` : ""}; waiting for it to start again`);
      } catch (err) {
        this.note(`stream ${this.o.address}: ${(err as Error).message.split("\n")[0]}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
      const s = sub.status;
      this.base = { chunks: this.base.chunks + s.chunks, samples: this.base.samples + s.samples, gaps: this.base.gaps + s.gaps, missing: this.base.missing + s.missing, malformed: this.base.malformed + s.malformed };
      if (this.abort.signal.aborted) break;
      atom?.reset();
      this.sub = this.subscriber();
    }
  }

  private show(y: DataArray): void {
    try {
      this.ring.push(y);
    } catch (err) {
      this.note(`cannot display the stream: ${(err as Error).message.split("\n")[0]}`);
    }
  }

  private note(line: string | null): void {
    if (line === this.message) return;
    this.message = line;
    if (line !== null) this.o.onMessage?.(line);
  }
}
