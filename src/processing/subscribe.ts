/**
 * subscribe(): a live job — subscribe to a stream, run each chunk through a pipeline as it
 * arrives, write the result (any Writer: Zarr, memory…) and/or publish it again. It ends at
 * the end-of-stream message, after `maxChunks` / `durationMs` / `idleTimeoutMs`, or when
 * `signal` aborts (wire SIGINT/SIGTERM to it with `abortOnSignals()`), always by flushing the
 * atoms and closing the outputs cleanly. `dasflow subscribe` calls it and prints `onStatus`
 * (chunks, lag, gaps) as its status line.
 *
 * ```ts
 * const stop = abortOnSignals();
 * const { result, status } = await subscribe({
 *   address: "tcp://127.0.0.1:5556", pipeline: "atoms: [{op: square}]",
 *   output: new ZarrWriter("live.zarr"), signal: stop.signal, onStatus: (s) => console.log(s.chunks, s.lagMs, s.gaps),
 * });
 * stop.dispose();
 * ```
 */
import { type PipelineSpec, pipeline } from "../../atoms/pipeline/pipeline.js";
import { Sequential } from "../../atoms/sequential.js";
import { type PublisherResult, ZmqPublisher, type ZmqPublisherOptions } from "../../io/zmq/publisher.js";
import { type SubscriberStatus, ZmqSubscriber, type ZmqSubscriberOptions } from "../../io/zmq/subscriber.js";
import type { Atom } from "../core/atom.js";
import type { Chunk, Writer } from "../core/stream.js";
import { process } from "./process.js";

export interface SubscribeOptions<R = unknown> extends ZmqSubscriberOptions {
  /** The processing: an atom, a spec object, or spec text (JSON/YAML); default none (pass-through). */
  pipeline?: Atom | PipelineSpec | string;
  /** Where the processed chunks go. */
  output?: Writer<R>;
  /** Publish the processed chunks too (a new stream). */
  publish?: ZmqPublisherOptions;
  /** Called once the republishing socket is bound. */
  onPublishing?: (endpoint: string) => void;
}

export interface SubscribeResult<R> {
  /** The output writer's result (null without an output). */
  result: R | null;
  /** The republisher's result (null without `publish`). */
  published: PublisherResult | null;
  status: SubscriberStatus;
}

/** Runs a live job to its end; see the module comment for how it ends. */
export async function subscribe<R = unknown>(options: SubscribeOptions<R>): Promise<SubscribeResult<R>> {
  const { pipeline: spec, output, publish, onPublishing, ...subOptions } = options;
  const atom: Atom = spec === undefined ? new Sequential([]) : typeof spec === "object" && "call" in spec ? spec : pipeline(spec);
  const subscriber = new ZmqSubscriber(subOptions);
  const publisher = publish ? new ZmqPublisher(publish) : null;
  if (publisher) onPublishing?.(await publisher.open());
  subscriber.open();
  const writer = new FanOutWriter<R>(output ?? null, publisher);
  const [result, published] = await process(atom, subscriber, writer);
  return { result, published, status: subscriber.status as SubscriberStatus };
}

/** Writes every chunk to the output and the publisher; closes both. */
class FanOutWriter<R> implements Writer<[R | null, PublisherResult | null]> {
  constructor(
    private readonly output: Writer<R> | null,
    private readonly publisher: ZmqPublisher | null,
  ) {}

  async write(chunk: Chunk): Promise<void> {
    await Promise.all([this.output?.write(chunk), this.publisher?.write(chunk)]);
  }

  async close(): Promise<[R | null, PublisherResult | null]> {
    const [r, p] = await Promise.all([this.output ? this.output.close() : null, this.publisher ? this.publisher.close() : null]);
    return [r, p];
  }

  async abort(error: unknown): Promise<void> {
    await Promise.all([this.output?.abort?.(error), this.publisher?.abort(error)]);
  }
}

/** An AbortSignal raised by SIGINT/SIGTERM (the first one; a second one exits as usual). */
export function abortOnSignals(signals: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"]): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = (): void => {
    dispose();
    controller.abort();
  };
  const dispose = (): void => {
    for (const s of signals) globalThis.process.off(s, handler);
  };
  for (const s of signals) globalThis.process.once(s, handler);
  return { signal: controller.signal, dispose };
}
