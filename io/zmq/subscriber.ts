/**
 * ZmqSubscriber: a Loader whose chunks arrive live on a ZeroMQ SUB socket — from a dasflow
 * publisher, an ASN OptoDAS instrument or an xdas `ZMQPublisher`. Use it with `process()`: the
 * iteration ends at an end-of-stream message (dasflow), after `maxChunks`, after `durationMs`,
 * after `idleTimeoutMs` of silence, or when `signal` aborts — and `process()` then flushes the
 * atoms and closes the output as at the end of a file.
 *
 * Nothing is lost silently: dasflow sequence numbers (or, for ASN and xdas, the continuity of
 * the time coordinate) reveal missing messages, reported as gaps (count, first missing); the
 * chunks after a gap carry their own t0, so the time coordinate shows the hole. A subscriber that
 * joins a running stream starts cleanly at the next whole message. Malformed messages (bad JSON,
 * wrong size, unknown dtype…) are counted and skipped; well-formed ones with another layout, or
 * whose times go back, are rejected and counted too (see StreamGuard), never passed on.
 *
 * ```ts
 * const sub = new ZmqSubscriber({ address: "tcp://127.0.0.1:5556", onStatus: (s) => console.log(s.chunks, s.gaps) });
 * const y = await process(pipeline(spec), sub, new MemoryWriter()); // until end of stream
 * sub.status; // { chunks, samples, gaps, missing, firstMissing, malformed, lagMs, endReason, … }
 * ```
 */
import type * as zmq from "zeromq";
import type { DataArray } from "../../src/core/dataArray.js";
import type { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, ratRound, ratSub, ratToNumber } from "../../src/core/coords/rational.js";
import { DasflowError } from "../../src/core/errors.js";
import type { Chunk, Loader } from "../../src/core/stream.js";
import { DEFAULT_ADDRESS, checkConnectAddress } from "./address.js";
import { type AsnHeader, asnDistance, asnMessageSize, decodeAsnData, looksLikeAsnHeader, parseAsnHeader } from "./asnProtocol.js";
import { type CurveClientOptions, checkCurveKey, generateCurveKeyPair } from "./curve.js";
import { decodeMessage } from "./protocol.js";
import { type ZmqProtocol, checkProtocol } from "./streamProtocol.js";
import { DEFAULT_LAYOUT_CHANGE_LIMIT, StreamGuard } from "./streamGuard.js";
import { decodeXdasMessage } from "./xdasMessage.js";
import { zeromq } from "./zeromq.js";

/** Options of a subscriber; only the address matters for a local dasflow stream. */
export interface ZmqSubscriberOptions {
  /** Endpoint to connect to (default tcp://127.0.0.1:5556). */
  address?: string;
  protocol?: ZmqProtocol;
  /** dasflow: only this stream id (default: the first stream heard; others are ignored). */
  stream?: string;
  /**
   * Messages ZeroMQ queues here while the job is busy (default 1000). Beyond that the publisher
   * drops this subscriber's messages (or waits, if it publishes with `slowSubscriber: "block"`).
   */
  receiveHighWaterMark?: number;
  /** Stop after this many chunks. */
  maxChunks?: number;
  /** Stop this many ms after the first `chunks()` call. */
  durationMs?: number;
  /** Stop after this many ms without any message (heartbeats count); default: wait forever. */
  idleTimeoutMs?: number;
  /** Stop when aborted (e.g. on SIGINT). */
  signal?: AbortSignal;
  /** CURVE: the publisher's public key (and this subscriber's key pair, else an ephemeral one). */
  curve?: CurveClientOptions;
  /**
   * Messages in a row with a layout other than the stream's (channels, sample type, distance)
   * that end the job (default 5); fewer are rejected and counted, and the job goes on.
   */
  layoutChangeLimit?: number;
  /** Called after each chunk and each gap, malformed message or end. */
  onStatus?: (status: Readonly<SubscriberStatus>) => void;
}

/** One hole in the stream. */
export interface StreamGap {
  /** Chunks received before the hole. */
  afterChunk: number;
  /** First missing sequence number (dasflow), null where the protocol has none. */
  firstMissing: number | null;
  /** Missing messages (estimated from the time jump for ASN and xdas). */
  count: number;
  /** Length of the hole in ns, where the times tell it. */
  durationNs: bigint | null;
}

/** Why the iteration ended. */
export type EndReason = "end" | "maxChunks" | "duration" | "idle" | "signal" | "layoutChanged";

/** Live counters of a subscriber. */
export interface SubscriberStatus {
  protocol: ZmqProtocol;
  address: string;
  /** Stream id (dasflow) once known. */
  stream: string | null;
  chunks: number;
  samples: number;
  heartbeats: number;
  /** First sequence number received (a late joiner starts above 0). */
  firstSeq: number | null;
  /** Gap events, the messages missing in total, and the very first missing sequence number. */
  gaps: number;
  missing: number;
  firstMissing: number | null;
  lastGap: StreamGap | null;
  /** Malformed messages skipped, and the last one's reason. */
  malformed: number;
  lastMalformed: string | null;
  /** Well-formed messages rejected for another layout than the stream's, and the last one's reason. */
  rejected: number;
  lastRejected: string | null;
  /** Messages dropped because their time went back (never written), and the last one's reason. */
  discontinuities: number;
  lastDiscontinuity: string | null;
  /** Messages of other streams, or ASN data before any header. */
  ignored: number;
  /** The stream went back (a restarted publisher): sequence 0 again, or earlier times. */
  restarts: number;
  /** Wall clock minus the time of the last sample received, in ms (meaningful for live data). */
  lagMs: number | null;
  endReason: EndReason | null;
  /** The publisher's error, when its job failed and it ended the stream. */
  publisherError: string | null;
}

const POLL_MS = 100;

export class ZmqSubscriber implements Loader {
  readonly chunkCount = null;
  readonly protocol: ZmqProtocol;
  readonly address: string;
  private readonly options: ZmqSubscriberOptions;
  private socket: zmq.Subscriber | null = null;
  private started = false;
  private readonly state: SubscriberStatus;
  private expectedSeq: number | null = null;
  private expectedTime: Rational | null = null;
  private asnHeader: AsnHeader | null = null;
  private asnDistance: InterpCoordinate | null = null;
  private readonly guard: StreamGuard;

  constructor(options: ZmqSubscriberOptions = {}) {
    this.options = options;
    this.protocol = checkProtocol(options.protocol ?? "dasflow");
    this.address = checkConnectAddress(options.address ?? DEFAULT_ADDRESS);
    if (options.layoutChangeLimit !== undefined && !(Number.isInteger(options.layoutChangeLimit) && options.layoutChangeLimit >= 1)) {
      throw new DasflowError("UsageError", `subscriber option layoutChangeLimit must be an integer ≥ 1, got ${options.layoutChangeLimit}`);
    }
    this.guard = new StreamGuard(options.layoutChangeLimit ?? DEFAULT_LAYOUT_CHANGE_LIMIT);
    for (const k of ["receiveHighWaterMark", "maxChunks", "durationMs", "idleTimeoutMs"] as const) {
      const v = options[k];
      if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new DasflowError("UsageError", `subscriber option ${k} must be a non-negative integer, got ${v}`);
    }
    if (options.curve) {
      checkCurveKey(options.curve.serverKey, "curve.serverKey");
      if (options.curve.publicKey !== undefined) checkCurveKey(options.curve.publicKey, "curve.publicKey");
      if (options.curve.secretKey !== undefined) checkCurveKey(options.curve.secretKey, "curve.secretKey");
    }
    this.state = {
      protocol: this.protocol,
      address: this.address,
      stream: options.stream ?? null,
      chunks: 0,
      samples: 0,
      heartbeats: 0,
      firstSeq: null,
      gaps: 0,
      missing: 0,
      firstMissing: null,
      lastGap: null,
      malformed: 0,
      lastMalformed: null,
      rejected: 0,
      lastRejected: null,
      discontinuities: 0,
      lastDiscontinuity: null,
      ignored: 0,
      restarts: 0,
      lagMs: null,
      endReason: null,
      publisherError: null,
    };
  }

  /** The counters so far (a snapshot). */
  get status(): Readonly<SubscriberStatus> {
    return { ...this.state };
  }

  /** Connects (once). Connecting before the publisher starts is how no message is missed. */
  open(): void {
    if (this.socket !== null) return;
    const o = this.options;
    const socket = new (zeromq().Subscriber)({ linger: 0, receiveHighWaterMark: o.receiveHighWaterMark ?? 1000 });
    if (o.curve) {
      const own = o.curve.publicKey !== undefined && o.curve.secretKey !== undefined ? { publicKey: o.curve.publicKey, secretKey: o.curve.secretKey } : generateCurveKeyPair();
      socket.curveServerKey = o.curve.serverKey;
      socket.curvePublicKey = own.publicKey;
      socket.curveSecretKey = own.secretKey;
    }
    socket.subscribe(); // everything: ASN's welcome message too, which must be subscribed before connecting
    try {
      socket.connect(this.address);
    } catch (err) {
      socket.close();
      throw new DasflowError("IOError", `cannot connect: ${(err as Error).message}`, { path: this.address, cause: err });
    }
    this.socket = socket;
  }

  /**
   * The chunks as they arrive, indexed from `start` (a resumed live job continues its numbering;
   * the stream itself always continues from the next message). A subscriber streams once.
   */
  async *chunks(start = 0): AsyncIterable<Chunk> {
    if (this.started) throw new DasflowError("UsageError", "a ZmqSubscriber streams once; make a new one to subscribe again", { path: this.address });
    this.started = true;
    this.open();
    const o = this.options;
    const t0 = Date.now();
    let lastHeard = t0;
    let index = start;
    try {
      for (;;) {
        const now = Date.now();
        const reason = this.stopReason(now, t0, lastHeard);
        if (reason !== null) {
          this.state.endReason = reason;
          break;
        }
        let wait = POLL_MS;
        if (o.durationMs !== undefined) wait = Math.min(wait, t0 + o.durationMs - now);
        if (o.idleTimeoutMs !== undefined) wait = Math.min(wait, lastHeard + o.idleTimeoutMs - now);
        const frames = await this.receive(Math.max(1, wait));
        if (frames === null) continue;
        lastHeard = Date.now();
        const out = await this.handle(frames);
        if (out === "end") {
          this.state.endReason = "end";
          break;
        }
        if (out === null) continue;
        const verdict = this.guard.admit(out);
        if (!verdict.ok) {
          this.refuse(verdict.kind, verdict.reason);
          if (verdict.persistent) {
            this.state.endReason = "layoutChanged";
            break;
          }
          continue;
        }
        this.accept(out);
        yield { index: index++, data: out };
      }
    } finally {
      this.report();
      await this.close();
    }
  }

  /** Closes the socket. */
  async close(): Promise<void> {
    this.socket?.close();
    this.socket = null;
  }

  private stopReason(now: number, t0: number, lastHeard: number): EndReason | null {
    const o = this.options;
    if (o.signal?.aborted) return "signal";
    if (o.maxChunks !== undefined && this.state.chunks >= o.maxChunks) return "maxChunks";
    if (o.durationMs !== undefined && now - t0 >= o.durationMs) return "duration";
    if (o.idleTimeoutMs !== undefined && now - lastHeard >= o.idleTimeoutMs) return "idle";
    return null;
  }

  /** One message, or null when none came within `ms` (polling keeps signal/duration responsive). */
  private async receive(ms: number): Promise<Buffer[] | null> {
    const socket = this.socket!;
    socket.receiveTimeout = ms;
    try {
      return await socket.receive();
    } catch (err) {
      if ((err as { code?: string }).code === "EAGAIN") return null;
      throw new DasflowError("IOError", `receive failed: ${(err as Error).message}`, { path: this.address, cause: err });
    }
  }

  /** A chunk to yield, "end", or null (heartbeat, header, skipped message). */
  private async handle(frames: Buffer[]): Promise<DataArray | "end" | null> {
    try {
      switch (this.protocol) {
        case "dasflow":
          return this.handleDasflow(frames);
        case "asn":
          return this.handleAsn(frames);
        case "xdas":
          return this.handleTimed(await decodeXdasMessage(one(frames)));
      }
    } catch (err) {
      this.state.malformed++;
      this.state.lastMalformed = err instanceof Error ? err.message : String(err);
      this.report();
      return null;
    }
  }

  private handleDasflow(frames: Buffer[]): DataArray | "end" | null {
    const msg = decodeMessage(frames);
    const stream = msg.header.stream;
    if (this.state.stream === null) this.state.stream = stream;
    else if (stream !== this.state.stream) {
      this.state.ignored++;
      return null;
    }
    const seq = msg.header.seq;
    switch (msg.type) {
      case "heartbeat":
        this.state.heartbeats++;
        // The next sequence number: data lost just before a pause shows up here, not only at the next chunk.
        if (this.expectedSeq !== null && seq > this.expectedSeq) this.gap(this.expectedSeq, seq - this.expectedSeq, null);
        if (this.expectedSeq !== null) this.expectedSeq = Math.max(this.expectedSeq, seq);
        return null;
      case "end":
        if (this.expectedSeq !== null && seq > this.expectedSeq) this.gap(this.expectedSeq, seq - this.expectedSeq, null);
        if (msg.header.error !== undefined) this.state.publisherError = msg.header.error;
        return "end";
      case "data":
        if (this.expectedSeq === null) this.state.firstSeq = seq;
        else if (seq > this.expectedSeq) this.gap(this.expectedSeq, seq - this.expectedSeq, this.timeJump(msg.array));
        else if (seq < this.expectedSeq) {
          if (seq !== 0) throw new DasflowError("FormatError", `dasflow message: sequence number ${seq} repeats or goes back (expected ${this.expectedSeq})`);
          this.state.restarts++; // a restarted publisher numbers from 0 again
        }
        this.expectedSeq = seq + 1;
        return msg.array;
    }
  }

  private handleAsn(frames: Buffer[]): DataArray | null {
    const frame = one(frames);
    const size = this.asnHeader === null ? -1 : asnMessageSize(this.asnHeader);
    if (frame.byteLength !== size && looksLikeAsnHeader(frame)) {
      const header = parseAsnHeader(frame);
      const text = JSON.stringify(header);
      if (this.asnHeader === null || text !== JSON.stringify(this.asnHeader)) {
        this.asnHeader = header;
        this.asnDistance = asnDistance(header);
        this.expectedTime = null; // a new layout: times restart their continuity check
      }
      return null;
    }
    if (this.asnHeader === null) {
      this.state.ignored++; // data before the welcome message: cannot be decoded yet
      return null;
    }
    return this.handleTimed(decodeAsnData(this.asnHeader, frame, this.asnDistance!));
  }

  /** Protocols without sequence numbers: a hole shows as a jump of the time coordinate. */
  private handleTimed(array: DataArray): DataArray | null {
    const time = array.coords["time"];
    if (time && time.length > 0) {
      const jump = this.timeJump(array);
      if (jump !== null && time.step !== null) {
        const dt = ratToNumber(time.step);
        const ns = ratToNumber(jump);
        if (ns > dt / 2) {
          const perMessage = dt * time.length;
          this.gap(null, Math.max(1, Math.round(ns / perMessage)), jump);
        } else if (ns < -dt / 2) this.state.restarts++;
      }
    }
    return array;
  }

  /** How far this chunk starts after where the previous one ended (null if unknown). */
  private timeJump(array: DataArray): Rational | null {
    const time = array.coords["time"];
    if (!time || time.length === 0 || this.expectedTime === null) return null;
    return ratSub(time.tieValues[0]!, this.expectedTime);
  }

  private gap(firstMissing: number | null, count: number, jump: Rational | null): void {
    const s = this.state;
    const g: StreamGap = { afterChunk: s.chunks, firstMissing, count, durationNs: jump === null ? null : ratRound(jump) };
    s.gaps++;
    s.missing += count;
    if (s.firstMissing === null && firstMissing !== null) s.firstMissing = firstMissing;
    s.lastGap = g;
    this.report();
  }

  private refuse(kind: "layout" | "time", reason: string): void {
    if (kind === "layout") {
      this.state.rejected++;
      this.state.lastRejected = reason;
    } else {
      this.state.discontinuities++;
      this.state.lastDiscontinuity = reason;
    }
    this.report();
  }

  private accept(array: DataArray): void {
    const s = this.state;
    s.chunks++;
    const time = array.coords["time"];
    const nt = time?.length ?? 0;
    s.samples += nt;
    if (time && nt > 0) {
      this.expectedTime = time.next() ?? null;
      const lastNs = time.ns(nt - 1);
      s.lagMs = Date.now() - Number(lastNs / 1_000_000n) - Number(lastNs % 1_000_000n) / 1e6;
    }
    this.report();
  }

  private report(): void {
    this.options.onStatus?.(this.status);
  }
}

/** The one frame of a single-frame protocol. */
function one(frames: Buffer[]): Buffer {
  if (frames.length !== 1) throw new DasflowError("FormatError", `expected a single-frame message, got ${frames.length} frames`);
  return frames[0]!;
}
