/**
 * Real sockets on 127.0.0.1 (free ports picked by the OS): round trips in the three protocols,
 * a live job equal to the in-memory job bit for bit, gaps, malformed messages, late joiners,
 * slow subscribers and how a live job ends.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { DataArray } from "../../src/core/dataArray.js";
import { process } from "../../src/processing/process.js";
import { MemoryLoader } from "../../io/memory/loader.js";
import { MemoryWriter } from "../../io/memory/writer.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { encodeData, encodeHeartbeat, encodeEnd } from "../../io/zmq/protocol.js";
import { simulate } from "../../io/zmq/simulate.js";
import { subscribe } from "../../src/processing/subscribe.js";
import { ZmqSubscriber, type SubscriberStatus } from "../../io/zmq/subscriber.js";
import { SyntheticDas, synthesize } from "../../src/synthetic/generator.js";
import { FREE_LOCAL_PORT, SocketScope, drain, joined, split, withTimeout } from "./helpers.js";

const T0 = 1_704_067_200_000_000_000n;
const SOS = [
  [0.00041659920440659937, 0.0008331984088131987, 0.00041659920440659937, 1.0, -1.4796742169311934, 0.5558215432824889],
  [1.0, 2.0, 1.0, 1.0, -1.7009643319435257, 0.7884997398152979],
];

const scope = new SocketScope();
afterEach(() => scope.closeAll());

describe("round trips over sockets", () => {
  it("dasflow: chunks of any length (0-sample ones skipped), exact data and coordinates, ends at end of stream", async () => {
    const x = synthesize({ channels: 16, rate: 1000, seed: 1, dtype: "float64" }, 300);
    const parts = split(x, [1, 0, 100, 37, 0, 162]);
    const pub = await scope.publisher({ waitForSubscribers: 1 });
    const sub = scope.subscriber({ address: pub.endpoint });
    const sending = (async () => {
      for (const p of parts) await pub.publish(p);
      return pub.close();
    })();
    const got = await withTimeout(drain(sub), 10_000, "dasflow stream");
    expect(await sending).toEqual({ endpoint: pub.endpoint, messages: 4, samples: 300 });
    expect(got.map((c) => c.shape[0])).toEqual([1, 100, 37, 162]);
    expect(joined(got).equals(x)).toBe(true);
    const s = sub.status;
    expect(s).toMatchObject({ endReason: "end", chunks: 4, samples: 300, firstSeq: 0, gaps: 0, missing: 0, malformed: 0, stream: "dasflow" });
  });

  it("ASN: header as welcome message and re-sent when the layout changes; late joiner gets the welcome", async () => {
    const x = synthesize({ channels: 8, rate: 500, seed: 2, x0: 20, dx: 4 }, 64);
    const parts = split(x, [10, 10, 10, 7, 7, 20]);
    const pub = await scope.publisher({ protocol: "asn" });
    await pub.publish(parts[0]!); // nobody listens yet: sets the welcome message
    const sub = scope.subscriber({ address: pub.endpoint, protocol: "asn", maxChunks: 5 });
    const receiving = drain(sub);
    await withTimeout(pub.waitForSubscribers(1), 5000, "subscription");
    for (const p of parts.slice(1)) await pub.publish(p);
    const got = await withTimeout(receiving, 10_000, "asn stream");
    expect(got.map((c) => c.shape[0])).toEqual([10, 10, 7, 7, 20]);
    expect(joined(got).equals(x.isel({ time: { start: 10 } }))).toBe(true);
    expect(sub.status).toMatchObject({ endReason: "maxChunks", gaps: 0, malformed: 0, ignored: 0 });
  });

  it("xdas: each message a NetCDF4 file; exact round trip", async () => {
    const x = synthesize({ channels: 5, rate: 200, seed: 3, dx: 1.5 }, 40);
    const parts = split(x, [15, 1, 24]);
    const pub = await scope.publisher({ protocol: "xdas", waitForSubscribers: 1 });
    const sub = scope.subscriber({ address: pub.endpoint, protocol: "xdas", maxChunks: 3 });
    const receiving = drain(sub);
    for (const p of parts) await pub.publish(p);
    const got = await withTimeout(receiving, 10_000, "xdas stream");
    expect(joined(got).equals(x)).toBe(true);
    expect(sub.status).toMatchObject({ endReason: "maxChunks", chunks: 3, gaps: 0 });
  });
});

describe("live job: simulator → subscriber → pipeline", () => {
  const spec = { atoms: [{ op: "sosfilt", sos: SOS }, { op: "decimate", q: 3 }, { op: "square" }] };

  for (const protocol of ["dasflow", "asn", "xdas"] as const) {
    it(`${protocol}: equals processing the same data from memory in one piece, bit for bit (flush included)`, async () => {
      const o = { channels: 24, rate: 1000, seed: 11, t0: T0 } as const;
      const chunks = 12;
      const chunk = 25;
      let bound: (endpoint: string) => void = () => undefined;
      const ready = new Promise<string>((resolve) => (bound = resolve));
      // The subscriber connects once the simulator is bound; the simulator waits for its subscription.
      const running = simulate({ ...o, chunk, protocol, address: FREE_LOCAL_PORT, maxChunks: chunks, realtime: true, publisher: { waitForSubscribers: 1, lingerMs: 1000 }, onReady: (e) => bound(e) });
      const endpoint = await withTimeout(ready, 5000, "simulator bound");
      const statuses: SubscriberStatus[] = [];
      const live = subscribe({
        address: endpoint,
        protocol,
        pipeline: spec,
        output: new MemoryWriter(),
        maxChunks: protocol === "dasflow" ? undefined : chunks, // ASN and xdas have no end-of-stream message
        onStatus: (s) => statuses.push(s as SubscriberStatus),
      });
      const [{ result, status }, sim] = await withTimeout(Promise.all([live, running]), 15_000, "live job");
      expect(sim).toMatchObject({ chunks, samples: chunks * chunk, endReason: "maxChunks" });
      expect(status).toMatchObject({ chunks, samples: chunks * chunk, gaps: 0, malformed: 0, endReason: protocol === "dasflow" ? "end" : "maxChunks" });
      expect(statuses.length).toBeGreaterThanOrEqual(chunks);
      expect(statuses.at(-1)!.lagMs).not.toBeNull();
      const reference = await process(pipeline(spec), new MemoryLoader(synthesize(o, chunks * chunk), { chunk: chunks * chunk }), new MemoryWriter());
      expect(result!.shape).toEqual(reference.shape);
      expect(result!.equals(reference)).toBe(true);
    });
  }

  it("simulator → subscriber → pipeline → Zarr writes the same store as the in-memory job, byte for byte", async () => {
    const o = { channels: 16, rate: 500, seed: 13, t0: T0 } as const;
    const chunks = 10;
    const chunk = 30;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-zmq-zarr-"));
    try {
      let bound: (endpoint: string) => void = () => undefined;
      const ready = new Promise<string>((resolve) => (bound = resolve));
      const running = simulate({ ...o, chunk, address: FREE_LOCAL_PORT, maxChunks: chunks, realtime: false, publisher: { waitForSubscribers: 1, slowSubscriber: "block", lingerMs: 1000 }, onReady: (e) => bound(e) });
      const endpoint = await withTimeout(ready, 5000, "simulator bound");
      const live = subscribe({ address: endpoint, pipeline: spec, output: new ZarrWriter(path.join(dir, "live.zarr"), { chunk: 8, durable: false }) });
      const [{ status }] = await withTimeout(Promise.all([live, running]), 15_000, "live job to Zarr");
      expect(status).toMatchObject({ chunks, gaps: 0, endReason: "end" });
      const x = synthesize(o, chunks * chunk);
      await process(pipeline(spec), new MemoryLoader(x, { chunk: chunks * chunk }), new ZarrWriter(path.join(dir, "memory.zarr"), { chunk: 8, durable: false }));
      const files = (root: string): string[] => (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(root, f)).isFile()).sort();
      const live_ = path.join(dir, "live.zarr");
      const mem = path.join(dir, "memory.zarr");
      const arrays = files(mem).filter((f) => f !== "zarr.json"); // the group's attributes may carry the run's wall-clock time
      expect(arrays.length).toBeGreaterThan(10);
      expect(files(live_).filter((f) => f !== "zarr.json")).toEqual(arrays);
      for (const f of arrays) expect(fs.readFileSync(path.join(live_, f)).equals(fs.readFileSync(path.join(mem, f))), f).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("republishes the processed stream (subscribe → pipeline → publish), ending with end of stream", async () => {
    const x = synthesize({ channels: 6, rate: 100, seed: 12 }, 90);
    const source = await scope.publisher({ waitForSubscribers: 1 });
    let bound: (endpoint: string) => void = () => undefined;
    const ready = new Promise<string>((r) => (bound = r));
    const job = subscribe({
      address: source.endpoint,
      pipeline: { atoms: [{ op: "scale", factor: 2 }] },
      publish: { address: FREE_LOCAL_PORT, stream: "doubled", waitForSubscribers: 1, lingerMs: 1000 },
      onPublishing: (e) => bound(e),
    });
    const out = await withTimeout(ready, 5000, "republisher bound");
    const downstream = scope.subscriber({ address: out });
    const got = drain(downstream);
    for (const p of split(x, [30, 30, 30])) await source.publish(p);
    await source.close();
    const [{ published }, chunks] = await withTimeout(Promise.all([job, got]), 10_000, "republish");
    expect(published).toMatchObject({ messages: 3, samples: 90 });
    const y = joined(chunks);
    expect(Array.from(y.data)).toEqual(Array.from(x.data, (v) => Math.fround(v * 2)));
    expect(y.coords["time"]!.equals(x.coords["time"]!)).toBe(true);
    expect(downstream.status).toMatchObject({ stream: "doubled", endReason: "end" });
  });
});

describe("nothing lost silently", () => {
  it("skipped sequence numbers are reported (count, first missing) and the time coordinate shows the hole", async () => {
    const gen = new SyntheticDas({ channels: 4, rate: 100, seed: 4 });
    const c = Array.from({ length: 10 }, () => gen.next(10));
    const pub = await scope.publisher({ waitForSubscribers: 1, heartbeatMs: 0 });
    const statuses: SubscriberStatus[] = [];
    const sub = scope.subscriber({ address: pub.endpoint, onStatus: (s) => statuses.push(s as SubscriberStatus) });
    const receiving = drain(sub);
    await withTimeout(pub.waitForSubscribers(1), 5000, "subscription");
    const send = (seq: number): Promise<void> => pub.sendFrames(encodeData(c[seq]!, { stream: "dasflow", seq }));
    await send(0);
    await send(1);
    await send(4); // 2 and 3 lost
    await send(5);
    await pub.sendFrames(encodeHeartbeat({ stream: "dasflow", seq: 8 })); // 6 and 7 lost before a pause
    await send(8);
    await pub.sendFrames(encodeEnd({ stream: "dasflow", seq: 10 })); // 9 lost at the end
    const got = await withTimeout(receiving, 5000, "gappy stream");
    expect(got.length).toBe(5);
    const s = sub.status;
    expect(s).toMatchObject({ gaps: 3, missing: 5, firstMissing: 2, endReason: "end", chunks: 5 });
    const gapEvents = statuses.map((x) => x.lastGap).filter((g, i, all) => g !== null && g !== all[i - 1]);
    expect(gapEvents).toEqual([
      { afterChunk: 2, firstMissing: 2, count: 2, durationNs: 200_000_000n },
      { afterChunk: 4, firstMissing: 6, count: 2, durationNs: null },
      { afterChunk: 5, firstMissing: 9, count: 1, durationNs: null },
    ]);
    const t = joined(got).coords["time"]!;
    expect(t.tieIndices).toEqual([0, 19, 20, 39, 40, 49]);
    expect(t.ns(20) - t.ns(19)).toBe(210_000_000n); // 2 chunks of 10 samples at 100 Hz missing: 21 intervals
  });

  it("ASN and xdas gaps are found from the times (no sequence numbers)", async () => {
    const gen = new SyntheticDas({ channels: 3, rate: 100, seed: 5 });
    const c = Array.from({ length: 6 }, () => gen.next(10));
    for (const protocol of ["asn", "xdas"] as const) {
      const pub = await scope.publisher({ protocol, waitForSubscribers: 1 });
      const sub = scope.subscriber({ address: pub.endpoint, protocol, maxChunks: 4 });
      const receiving = drain(sub);
      for (const i of [0, 1, 4, 5]) await pub.publish(c[i]!);
      await withTimeout(receiving, 10_000, `${protocol} gappy stream`);
      expect(sub.status).toMatchObject({ gaps: 1, missing: 2, firstMissing: null, lastGap: { afterChunk: 2, firstMissing: null, count: 2, durationNs: 200_000_000n } });
    }
  });

  it("malformed frames (wrong size, bad header JSON, wrong dtype, wrong frame count) are counted and skipped", async () => {
    const x = synthesize({ channels: 4, rate: 100, seed: 6 }, 30);
    const parts = split(x, [10, 10, 10]);
    const pub = await scope.publisher({ waitForSubscribers: 1 });
    const sub = scope.subscriber({ address: pub.endpoint });
    const receiving = drain(sub);
    await withTimeout(pub.waitForSubscribers(1), 5000, "subscription");
    const [h1, d1] = encodeData(parts[1]!, { stream: "dasflow", seq: 1 });
    const header = JSON.parse(h1.toString());
    await pub.publish(parts[0]!);
    await pub.sendFrames([h1, d1.subarray(0, 12)]); // wrong size
    await pub.sendFrames([Buffer.from("{\"dasflow\": 1, oops"), d1]); // bad JSON
    await pub.sendFrames([Buffer.from(JSON.stringify({ ...header, dtype: "complex64" })), d1]); // wrong dtype
    await pub.sendFrames([h1]); // data header without its data frame
    await pub.sendFrames([h1, d1]); // the good seq 1
    await pub.sendFrames(encodeData(parts[2]!, { stream: "dasflow", seq: 2 }));
    await pub.close();
    const got = await withTimeout(receiving, 5000, "malformed stream");
    expect(joined(got).equals(x)).toBe(true);
    const s = sub.status;
    expect(s).toMatchObject({ malformed: 4, gaps: 0, chunks: 3, endReason: "end" });
    expect(s.lastMalformed).toMatch(/2 frames/);
  });

  it("a late joiner starts cleanly at the next whole chunk (no gap reported)", async () => {
    const gen = new SyntheticDas({ channels: 8, rate: 1000, seed: 7 });
    const pub = await scope.publisher({ heartbeatMs: 0 });
    const sent: DataArray[] = [];
    for (let i = 0; i < 5; i++) {
      const c = gen.next(20);
      sent.push(c);
      await pub.publish(c); // nobody listens: these are gone
    }
    const sub = scope.subscriber({ address: pub.endpoint, maxChunks: 4 });
    const receiving = drain(sub);
    await withTimeout(pub.waitForSubscribers(1), 5000, "subscription");
    for (let i = 0; i < 4; i++) {
      const c = gen.next(20);
      sent.push(c);
      await pub.publish(c);
    }
    const got = await withTimeout(receiving, 5000, "late join");
    expect(sub.status).toMatchObject({ firstSeq: 5, gaps: 0, chunks: 4 });
    expect(joined(got).equals(joined(sent.slice(5)))).toBe(true);
  });

  it('slowSubscriber "block": a subscriber far slower than the publisher loses nothing', async () => {
    const gen = new SyntheticDas({ channels: 256, rate: 1000, seed: 8 });
    const pub = await scope.publisher({ waitForSubscribers: 1, slowSubscriber: "block", sendHighWaterMark: 2, heartbeatMs: 0 });
    const sub = scope.subscriber({ address: pub.endpoint, receiveHighWaterMark: 2 });
    const n = 60;
    const sending = (async () => {
      for (let i = 0; i < n; i++) await pub.publish(gen.next(100)); // 100 KB each, as fast as possible
      await pub.close();
    })();
    let count = 0;
    for await (const _ of sub.chunks()) {
      if (count++ % 10 === 0) await new Promise((r) => setTimeout(r, 20)); // a slow consumer
    }
    await withTimeout(sending, 10_000, "blocking publisher");
    expect(sub.status).toMatchObject({ chunks: n, gaps: 0, missing: 0, endReason: "end" });
  });

  it('slowSubscriber "drop" (default): a subscriber that falls behind sees gaps reported, not silence', async () => {
    const gen = new SyntheticDas({ channels: 2048, rate: 1000, seed: 9, events: { rate: 0 }, wavefronts: { rate: 0 } });
    const pub = await scope.publisher({ waitForSubscribers: 1, sendHighWaterMark: 2, heartbeatMs: 0 });
    const sub = scope.subscriber({ address: pub.endpoint, receiveHighWaterMark: 2 });
    const n = 150;
    const it = sub.chunks()[Symbol.asyncIterator]();
    await withTimeout(pub.waitForSubscribers(1), 5000, "subscription");
    // Consecutive 800 KB chunks (times always advance: a repeated chunk would be a discontinuity), 120 MB
    // in all, far more than the queues and socket buffers hold.
    for (let i = 0; i < n; i++) await pub.publish(gen.next(100));
    const closing = pub.close(); // the end of stream waits for room in the subscriber's queue
    let received = 0;
    for (let r = await withTimeout(it.next(), 5000, "first chunk"); !r.done; r = await withTimeout(it.next(), 5000, "chunk")) received++;
    await closing;
    const s = sub.status;
    expect(received).toBeLessThan(n);
    expect(s.missing).toBe(n - received);
    expect(s.discontinuities).toBe(0);
    expect(s.gaps).toBeGreaterThan(0);
    expect(s.endReason).toBe("end");
  });
});

describe("how a live subscription ends", () => {
  it("after durationMs, after idleTimeoutMs of silence, or when the signal aborts — and the job still flushes", async () => {
    const pub = await scope.publisher({ heartbeatMs: 20 });
    const t = Date.now();
    const byDuration = scope.subscriber({ address: pub.endpoint, durationMs: 300 });
    expect(await withTimeout(drain(byDuration), 3000, "duration")).toEqual([]);
    expect(byDuration.status.endReason).toBe("duration");
    expect(byDuration.status.heartbeats).toBeGreaterThan(3);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);

    const silent = await scope.publisher({ heartbeatMs: 0 });
    const byIdle = scope.subscriber({ address: silent.endpoint, idleTimeoutMs: 200 });
    await withTimeout(drain(byIdle), 3000, "idle");
    expect(byIdle.status.endReason).toBe("idle");

    const controller = new AbortController();
    const x = synthesize({ channels: 3, rate: 100, seed: 10 }, 20);
    const source = await scope.publisher({ waitForSubscribers: 1 });
    const job = subscribe({ address: source.endpoint, signal: controller.signal, pipeline: { atoms: [{ op: "decimate", q: 4 }] }, output: new MemoryWriter() });
    await withTimeout(source.waitForSubscribers(1), 5000, "subscription");
    await source.publish(x);
    await new Promise((r) => setTimeout(r, 150));
    controller.abort();
    const { result, status } = await withTimeout(job, 3000, "aborted job");
    expect(status.endReason).toBe("signal");
    const reference = await process(pipeline({ atoms: [{ op: "decimate", q: 4 }] }), new MemoryLoader(x, { chunk: 20 }), new MemoryWriter());
    expect(result!.equals(reference)).toBe(true);
  });

  it("a publisher's failure reaches the subscriber as an end of stream carrying the error", async () => {
    const pub = await scope.publisher({ waitForSubscribers: 1 });
    const sub = scope.subscriber({ address: pub.endpoint });
    const receiving = drain(sub);
    await withTimeout(pub.waitForSubscribers(1), 5000, "subscription");
    await pub.abort(new Error("disk full"));
    await withTimeout(receiving, 5000, "aborted stream");
    expect(sub.status).toMatchObject({ endReason: "end", publisherError: "disk full" });
  });

  it("a subscriber streams once; options and addresses are checked", async () => {
    const sub = new ZmqSubscriber({ address: "tcp://127.0.0.1:1", durationMs: 10 });
    await drain(sub);
    await expect(drain(sub)).rejects.toThrow(/streams once/);
    expect(() => new ZmqSubscriber({ address: "http://x" })).toThrow(/not a ZeroMQ address/);
    expect(() => new ZmqSubscriber({ address: "tcp://127.0.0.1:1", protocol: "mqtt" as never })).toThrow(/unknown stream protocol "mqtt"/);
    expect(() => new ZmqSubscriber({ address: "tcp://127.0.0.1:1", maxChunks: -1 })).toThrow(/maxChunks/);
  });
});
