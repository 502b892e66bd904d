/**
 * ZmqPublisher: a Writer that publishes each processed chunk on a ZeroMQ XPUB socket, in the
 * dasflow protocol (default), the ASN OptoDAS protocol or xdas's NetCDF messages. `close()`
 * sends the end-of-stream message (dasflow), so subscribers flush and stop.
 *
 * Delivery and slow subscribers (explicit options):
 * - `waitForSubscribers: n` holds the first message until n subscriptions arrived (XPUB sees
 *   them), so nothing is lost to ZeroMQ's "slow joiner" effect at the start of a stream.
 * - `sendHighWaterMark` messages are queued per subscriber; when a subscriber falls that far
 *   behind, `slowSubscriber: "drop"` (default, PUB semantics) drops its messages — it sees a
 *   sequence gap and reports it — while `"block"` (XPUB_NODROP) makes `write()` wait, slowing
 *   the whole job down to the slowest subscriber instead of losing data.
 * - The end-of-stream message is never dropped that way: `close()` repeats it until every
 *   subscriber has left (they unsubscribe when they stop), for at most `lingerMs`.
 *
 * ```ts
 * const pub = new ZmqPublisher({ address: "tcp://127.0.0.1:*", waitForSubscribers: 1 });
 * await pub.open();                       // pub.endpoint: "tcp://127.0.0.1:41234"
 * await process(atom, loader, pub);       // each chunk published, then end of stream
 * ```
 */
import type * as zmq from "zeromq";
import type { DataArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { Chunk, Writer } from "../../src/core/stream.js";
import { DEFAULT_ADDRESS, checkBindAddress } from "./address.js";
import { type AsnHeader, asnHeaderFor, encodeAsnData } from "./asnProtocol.js";
import { type CurveServerOptions, authorizeClients, checkCurveKey } from "./curve.js";
import { encodeData, encodeEnd, encodeHeartbeat } from "./protocol.js";
import { type ZmqProtocol, checkProtocol } from "./streamProtocol.js";
import { encodeXdasMessage } from "./xdasMessage.js";
import { zeromq } from "./zeromq.js";

/** Options of a publisher; every one has a default. */
export interface ZmqPublisherOptions {
  /** Endpoint to bind (default tcp://127.0.0.1:5556; `tcp://127.0.0.1:*` picks a free port). */
  address?: string;
  protocol?: ZmqProtocol;
  /** Stream id carried by every dasflow message (default "dasflow"). */
  stream?: string;
  /** dasflow heartbeat period in ms (default 1000; 0 disables). */
  heartbeatMs?: number;
  /** Messages queued per subscriber before the slow-subscriber policy applies (default 1000). */
  sendHighWaterMark?: number;
  /** What a subscriber that is `sendHighWaterMark` messages behind costs: its messages (`drop`) or the publisher's pace (`block`). */
  slowSubscriber?: "drop" | "block";
  /** Hold the first message until this many subscriptions (default 0). */
  waitForSubscribers?: number;
  /** How long to wait for them before failing (ms, default 30000). */
  subscriberTimeoutMs?: number;
  /** How long queued messages may still be delivered after close (ms, default 5000). */
  lingerMs?: number;
  /** CURVE: the publisher's secret key and optionally the allowed client keys. */
  curve?: CurveServerOptions;
  /** Allow binding an interface other than loopback (default false). */
  allowRemote?: boolean;
}

/** What `close()` resolves to. */
export interface PublisherResult {
  endpoint: string;
  /** Data messages sent. */
  messages: number;
  /** Time samples sent. */
  samples: number;
}

export class ZmqPublisher implements Writer<PublisherResult> {
  readonly protocol: ZmqProtocol;
  readonly stream: string;
  private readonly options: ZmqPublisherOptions;
  private socket: zmq.XPublisher | null = null;
  private opening: Promise<string> | null = null;
  private bound = "";
  private seq = 0;
  private samples = 0;
  private subscriptions = 0;
  private readonly waiters = new Set<() => void>();
  private sending: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private asnHeader: string | null = null;
  private releaseZap: (() => void) | null = null;
  private closed = false;
  private firstSent = false;

  constructor(options: ZmqPublisherOptions = {}) {
    this.options = options;
    this.protocol = checkProtocol(options.protocol ?? "dasflow");
    this.stream = options.stream ?? "dasflow";
    checkBindAddress(options.address ?? DEFAULT_ADDRESS, options);
    for (const k of ["heartbeatMs", "sendHighWaterMark", "waitForSubscribers", "subscriberTimeoutMs", "lingerMs"] as const) {
      const v = options[k];
      if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new DasflowError("UsageError", `publisher option ${k} must be a non-negative integer, got ${v}`);
    }
    if (options.slowSubscriber !== undefined && options.slowSubscriber !== "drop" && options.slowSubscriber !== "block") {
      throw new DasflowError("UsageError", `publisher option slowSubscriber must be "drop" or "block", got ${JSON.stringify(options.slowSubscriber)}`);
    }
    if (options.curve) checkCurveKey(options.curve.secretKey, "curve.secretKey");
  }

  /** Binds the socket (once); resolves to the bound endpoint with its actual port. */
  open(): Promise<string> {
    this.opening ??= this.bind();
    return this.opening;
  }

  /** The bound endpoint (after `open()`). */
  get endpoint(): string {
    return this.bound;
  }

  /** Subscriptions currently known (one per connected subscriber of a whole stream). */
  get subscribers(): number {
    return this.subscriptions;
  }

  /** Resolves once `n` subscriptions arrived; a IOError after `timeoutMs`. */
  async waitForSubscribers(n: number, timeoutMs = this.options.subscriberTimeoutMs ?? 30_000): Promise<void> {
    await this.open();
    if (this.subscriptions >= n) return;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (this.subscriptions >= n) done(null);
      };
      const timer = setTimeout(() => done(new DasflowError("IOError", `no ${n} subscriber(s) within ${timeoutMs} ms (have ${this.subscriptions})`, { path: this.bound })), timeoutMs);
      const done = (err: Error | null): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (err) reject(err);
        else resolve();
      };
      this.waiters.add(check);
    });
  }

  async write(chunk: Chunk): Promise<void> {
    await this.publish(chunk.data);
  }

  /** Publishes one chunk (chunks of 0 samples carry nothing and are skipped). */
  async publish(array: DataArray): Promise<void> {
    if (this.closed) throw new DasflowError("IOError", "publisher is closed", { path: this.bound });
    await this.open();
    if (!this.firstSent) {
      const n = this.options.waitForSubscribers ?? 0;
      if (n > 0) await this.waitForSubscribers(n);
      this.firstSent = true;
    }
    const nt = array.dims.includes("time") ? array.size("time") : 0;
    if (nt === 0) return;
    switch (this.protocol) {
      case "dasflow":
        await this.send(encodeData(array, { stream: this.stream, seq: this.seq }));
        break;
      case "asn": {
        const header = JSON.stringify(asnHeaderFor(array) satisfies AsnHeader);
        if (header !== this.asnHeader) {
          // New subscribers get it as the welcome message; current ones as a message.
          this.asnHeader = header;
          this.socket!.welcomeMessage = header;
          await this.send([header]);
        }
        await this.send([encodeAsnData(array)]);
        break;
      }
      case "xdas":
        await this.send([await encodeXdasMessage(array)]);
        break;
    }
    this.seq++;
    this.samples += nt;
  }

  /** Sends raw frames as they are (tests use it to inject malformed or out-of-sequence messages). */
  async sendFrames(frames: ReadonlyArray<Buffer | string>): Promise<void> {
    await this.open();
    await this.send(frames);
  }

  /** Ends the stream: the end-of-stream message (dasflow), then closes the socket. */
  async close(): Promise<PublisherResult> {
    return this.finish(null);
  }

  /** The job failed: subscribers get an end-of-stream message carrying the error. */
  async abort(error: unknown): Promise<void> {
    await this.finish(error instanceof Error ? error.message : String(error));
  }

  private async finish(error: string | null): Promise<PublisherResult> {
    if (!this.closed) {
      this.closed = true;
      this.stopHeartbeat();
      if (this.socket !== null) {
        if (this.protocol === "dasflow") await this.sendEnd(error);
        await this.sending;
        this.socket.close(); // queued messages still go out for lingerMs
        this.socket = null;
      }
      this.releaseZap?.();
      this.releaseZap = null;
    }
    return { endpoint: this.bound, messages: this.seq, samples: this.samples };
  }

  /**
   * The end of stream must not be lost like a data message to a slow subscriber: it is sent
   * again every 50 ms until every subscriber has gone (a subscriber unsubscribes when it stops
   * at the end of stream), for at most lingerMs. Subscribers stop at the first one they get.
   */
  private async sendEnd(error: string | null): Promise<void> {
    const frames = encodeEnd({ stream: this.stream, seq: this.seq }, error ?? undefined);
    const deadline = Date.now() + (this.options.lingerMs ?? 5000);
    for (;;) {
      await this.send(frames, deadline).catch(() => undefined);
      if (this.subscriptions === 0 || Date.now() >= deadline) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async bind(): Promise<string> {
    const o = this.options;
    const socket = new (zeromq().XPublisher)({
      linger: o.lingerMs ?? 5000,
      sendHighWaterMark: o.sendHighWaterMark ?? 1000,
      noDrop: o.slowSubscriber === "block",
    });
    // Every subscription and unsubscription reaches us, so subscribers can be counted.
    socket.verbosity = "allSubsUnsubs";
    if (o.curve) {
      socket.curveServer = true;
      socket.curveSecretKey = o.curve.secretKey;
      if (o.curve.authorizedKeys !== undefined) {
        const { domain, release } = await authorizeClients(o.curve.authorizedKeys);
        this.releaseZap = release;
        socket.zapDomain = domain;
      }
    }
    const address = o.address ?? DEFAULT_ADDRESS;
    try {
      await socket.bind(address);
    } catch (err) {
      socket.close();
      this.releaseZap?.();
      throw new DasflowError("IOError", `cannot bind: ${(err as Error).message}`, { path: address, cause: err });
    }
    this.socket = socket;
    this.bound = socket.lastEndpoint ?? address;
    void this.watchSubscriptions(socket);
    const hb = o.heartbeatMs ?? 1000;
    if (this.protocol === "dasflow" && hb > 0) {
      this.heartbeat = setInterval(() => {
        // Only when idle: a heartbeat says "nothing to send", and must not pile up behind blocked sends.
        if (this.inFlight === 0) this.send(encodeHeartbeat({ stream: this.stream, seq: this.seq })).catch(() => undefined);
      }, hb);
      this.heartbeat.unref();
    }
    return this.bound;
  }

  private async watchSubscriptions(socket: zmq.XPublisher): Promise<void> {
    try {
      for await (const [msg] of socket) {
        if (msg === undefined || msg.length === 0) continue;
        if (msg[0] === 1) this.subscriptions++;
        else if (msg[0] === 0) this.subscriptions = Math.max(0, this.subscriptions - 1);
        for (const w of [...this.waiters]) w();
      }
    } catch {
      // The socket was closed.
    }
  }

  /**
   * Sends one message after the previous ones (a zeromq socket takes one send at a time).
   * Where XPUB_NODROP refuses a message (a subscriber's queue is full) it is offered again
   * until it goes, or until `deadline` (ms since the epoch) passes.
   */
  private send(frames: ReadonlyArray<Buffer | string>, deadline?: number): Promise<void> {
    this.inFlight++;
    const next = this.sending.then(() => this.sendNow(frames, deadline)).finally(() => this.inFlight--);
    this.sending = next.catch(() => undefined);
    return next;
  }

  private async sendNow(frames: ReadonlyArray<Buffer | string>, deadline?: number): Promise<void> {
    for (let wait = 1; ; wait = Math.min(2 * wait, 50)) {
      if (this.socket === null) throw new DasflowError("IOError", "publisher is closed", { path: this.bound });
      try {
        await this.socket.send(frames as Array<Buffer | string>);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== "EAGAIN") throw new DasflowError("IOError", `send failed: ${(err as Error).message}`, { path: this.bound, cause: err });
        if (deadline !== undefined && Date.now() > deadline) {
          throw new DasflowError("IOError", "a subscriber's queue stayed full: message not delivered", { path: this.bound });
        }
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}
