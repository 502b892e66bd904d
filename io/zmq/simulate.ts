/**
 * simulate(): a stand-in for a DAS instrument — synthetic data (coloured noise, moving
 * wavefronts, occasional events; `src/synthetic`) published chunk by chunk in real time in the
 * dasflow, ASN OptoDAS or xdas protocol. `dasflow simulate` calls it.
 *
 * It runs until `maxChunks` chunks, `durationMs`, or `signal` aborts; then (dasflow) it sends
 * the end-of-stream message. In real time, chunk k covers [t0 + k·chunk·dt, …) with t0 the wall
 * clock at the start, and is published when its last sample is due, so a subscriber's lag is the
 * transport and processing time.
 *
 * ```ts
 * await simulate({ channels: 1000, rate: 1000, chunk: 100, address: "tcp://127.0.0.1:5556",
 *                  maxChunks: 600, onReady: (endpoint) => console.log("publishing on", endpoint) });
 * ```
 */
import type { Nanoseconds } from "../../src/core/coords/time.js";
import { DasflowError } from "../../src/core/errors.js";
import { DEFAULT_SYNTHETIC_T0, SyntheticDas, type SyntheticOptions } from "../../src/synthetic/generator.js";
import { ZmqPublisher, type ZmqPublisherOptions } from "./publisher.js";
import type { ZmqProtocol } from "./streamProtocol.js";

export interface SimulateOptions {
  channels: number;
  /** Sampling rate, Hz. */
  rate: number;
  /** Samples per message. */
  chunk: number;
  protocol?: ZmqProtocol;
  /** Endpoint to bind (default tcp://127.0.0.1:5556). */
  address?: string;
  /** Pace the messages at the sampling rate (default true); false publishes as fast as possible. */
  realtime?: boolean;
  maxChunks?: number;
  durationMs?: number;
  signal?: AbortSignal;
  seed?: number;
  /** Time of the first sample (default: the wall clock in real time, else 2024-01-01T00:00:00Z). */
  t0?: Nanoseconds;
  x0?: number;
  dx?: number;
  dtype?: SyntheticOptions["dtype"];
  /** Noise, wavefront and event settings of the synthetic data. */
  synthetic?: Pick<SyntheticOptions, "noise" | "wavefronts" | "events" | "attrs">;
  /** Publisher settings: waitForSubscribers, slowSubscriber, sendHighWaterMark, heartbeatMs, stream, curve, allowRemote. */
  publisher?: Omit<ZmqPublisherOptions, "address" | "protocol">;
  /** Called once bound, with the actual endpoint (useful with port `*`). */
  onReady?: (endpoint: string) => void;
  /** Called after each message. */
  onStatus?: (status: Readonly<SimulatorStatus>) => void;
}

export interface SimulatorStatus {
  endpoint: string;
  chunks: number;
  samples: number;
  subscribers: number;
  /** How late the last message went out relative to its real-time schedule, ms. */
  behindMs: number;
  /** Events injected so far. */
  events: number;
}

export interface SimulateResult {
  endpoint: string;
  chunks: number;
  samples: number;
  events: number;
  wavefronts: number;
  endReason: "maxChunks" | "duration" | "signal";
}

/** Publishes synthetic DAS data until maxChunks, durationMs or the signal. */
export async function simulate(options: SimulateOptions): Promise<SimulateResult> {
  const o = options;
  if (!Number.isInteger(o.chunk) || o.chunk < 1) throw new DasflowError("UsageError", `simulate: chunk must be an integer ≥ 1 (samples per message), got ${o.chunk}`);
  if (o.maxChunks !== undefined && !(Number.isInteger(o.maxChunks) && o.maxChunks >= 0)) {
    throw new DasflowError("UsageError", `simulate: maxChunks must be a non-negative integer, got ${o.maxChunks}`);
  }
  const realtime = o.realtime ?? true;
  // Validate the generator's options before binding anything.
  new SyntheticDas({ channels: o.channels, rate: o.rate, dx: o.dx, dtype: o.dtype, ...o.synthetic });
  const publisher = new ZmqPublisher({ ...o.publisher, address: o.address, protocol: o.protocol });
  const status: SimulatorStatus = { endpoint: "", chunks: 0, samples: 0, subscribers: 0, behindMs: 0, events: 0 };
  let endReason: SimulateResult["endReason"] = "maxChunks";
  let gen: SyntheticDas | null = null;
  try {
    status.endpoint = await publisher.open();
    o.onReady?.(status.endpoint);
    const wanted = o.publisher?.waitForSubscribers ?? 0;
    if (wanted > 0) await abortable(publisher.waitForSubscribers(wanted), o.signal);
    const t0 = o.t0 ?? (realtime ? BigInt(Date.now()) * 1_000_000n : DEFAULT_SYNTHETIC_T0);
    gen = new SyntheticDas({ channels: o.channels, rate: o.rate, seed: o.seed, t0, x0: o.x0, dx: o.dx, dtype: o.dtype, ...o.synthetic });
    const start = performance.now();
    const period = (1000 * o.chunk) / o.rate;
    for (let k = 0; ; k++) {
      if (o.signal?.aborted) {
        endReason = "signal";
        break;
      }
      if (o.maxChunks !== undefined && k >= o.maxChunks) break;
      if (o.durationMs !== undefined && performance.now() - start >= o.durationMs) {
        endReason = "duration";
        break;
      }
      const chunk = gen.next(o.chunk);
      if (realtime) {
        const due = start + (k + 1) * period;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait, o.signal);
        status.behindMs = Math.max(0, performance.now() - due);
        if (o.signal?.aborted) {
          endReason = "signal";
          break;
        }
      }
      await publisher.publish(chunk);
      status.chunks++;
      status.samples += o.chunk;
      status.subscribers = publisher.subscribers;
      status.events = gen.events.length;
      o.onStatus?.(status);
    }
  } catch (err) {
    await publisher.abort(err);
    if (o.signal?.aborted && isAbort(err)) {
      return { endpoint: status.endpoint, chunks: 0, samples: 0, events: 0, wavefronts: 0, endReason: "signal" };
    }
    throw err;
  }
  await publisher.close();
  return { endpoint: status.endpoint, chunks: status.chunks, samples: status.samples, events: gen?.events.length ?? 0, wavefronts: gen?.wavefronts ?? 0, endReason };
}

class AbortedError extends Error {}

function isAbort(err: unknown): boolean {
  return err instanceof AbortedError;
}

/** Waits `ms`, or less if the signal aborts (then resolves; the caller checks the signal). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** `p`, or a rejection when the signal aborts first. */
function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortedError("aborted"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
