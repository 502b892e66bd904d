/**
 * Live-streaming throughput: a publisher process sends synthetic DAS data in real time
 * (default 10,000 channels × 1 kHz float32 = 40 MB/s, chunks of 100 samples) over ZeroMQ on
 * 127.0.0.1; this process subscribes, runs decimate + band-pass (sosfilt) on each chunk as it
 * arrives and writes the result to a Zarr store. Reports the sustained input rate, the messages
 * lost (from the sequence numbers; the publisher drops for a slow subscriber, so any shortfall
 * would show) and the latency per chunk: from the moment a chunk's last sample is due at the
 * instrument to the moment its processed output is written (p50, p99, max).
 *
 *   npx tsc -p tsconfig.json --outDir /tmp/dasflow-dist && node /tmp/dasflow-dist/bench/zmq.js
 *   node dist/bench/zmq.js --channels 10000 --rate 1000 --chunk 100 --seconds 30 --output zarr --json
 *
 * The publisher pre-generates one second of data and cycles it (with advancing times), so that
 * generating the signal does not compete with the pipeline for the machine's cores.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { pipeline } from "../atoms/pipeline/pipeline.js";
import { InterpCoordinate } from "../src/core/coords/interpCoordinate.js";
import { ratAdd, ratInt, ratScale } from "../src/core/coords/rational.js";
import type { DataArray } from "../src/core/dataArray.js";
import { process as run } from "../src/processing/process.js";
import type { Chunk, Loader, Writer } from "../src/core/stream.js";
import { SyntheticDas } from "../src/synthetic/generator.js";
import type { Compression } from "../io/zarr/compression.js";
import { ZarrWriter } from "../io/zarr/writer.js";
import { ZmqPublisher } from "../io/zmq/publisher.js";
import { ZmqSubscriber } from "../io/zmq/subscriber.js";

const { values: args } = parseArgs({
  options: {
    role: { type: "string", default: "subscriber" },
    address: { type: "string", default: "tcp://127.0.0.1:*" },
    channels: { type: "string", default: "10000" },
    rate: { type: "string", default: "1000" },
    chunk: { type: "string", default: "100" },
    seconds: { type: "string", default: "30" },
    q: { type: "string", default: "4" },
    output: { type: "string", default: "zarr" }, // zarr | none
    compression: { type: "string", default: "blosc-lz4" }, // of the Zarr store: blosc-lz4 | none | …
    json: { type: "boolean", default: false },
  },
});
const channels = Number(args.channels);
const rate = Number(args.rate);
const chunk = Number(args.chunk);
const seconds = Number(args.seconds);
const q = Number(args.q);
const totalChunks = Math.round((seconds * rate) / chunk);

// butter(4, [0.05, 0.4], 'band', output='sos'): a band-pass at the decimated rate.
const BANDPASS = [
  [0.030485269849154194, 0.06097053969830839, 0.030485269849154194, 1.0, -0.5431821824862355, 0.13542631909363015],
  [1.0, 2.0, 1.0, 1.0, -0.5074208990908371, 0.5432909615041781],
  [1.0, -2.0, 1.0, 1.0, -1.6846147291414004, 0.7161294156396198],
  [1.0, -2.0, 1.0, 1.0, -1.880089527696397, 0.9045868431052027],
];

/** Child process: one second of synthetic data, published in real time in a loop. */
async function publisher(): Promise<void> {
  const gen = new SyntheticDas({ channels, rate, seed: 1 });
  const cycle: DataArray[] = [];
  for (let i = 0; i < Math.max(1, Math.round(rate / chunk)); i++) cycle.push(gen.next(chunk));
  const pub = new ZmqPublisher({ address: args.address, waitForSubscribers: 1, subscriberTimeoutMs: 60_000, lingerMs: 10_000 });
  const endpoint = await pub.open();
  globalThis.process.send?.({ endpoint });
  await pub.waitForSubscribers(1);
  const t0 = ratInt(BigInt(Date.now()) * 1_000_000n);
  const dt = gen.dt;
  const start = performance.now();
  const period = (1000 * chunk) / rate;
  let maxBehind = 0;
  for (let k = 0; k < totalChunks; k++) {
    const due = start + (k + 1) * period;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    maxBehind = Math.max(maxBehind, performance.now() - due);
    const src = cycle[k % cycle.length]!;
    const time = InterpCoordinate.regular(chunk, ratAdd(t0, ratScale(dt, BigInt(k * chunk))), dt, "ns");
    await pub.publish(src.with(src.data, src.shape, { time }));
  }
  const result = await pub.close();
  globalThis.process.send?.({ done: result, maxBehindMs: maxBehind });
}

/** This process: subscribe → decimate + band-pass → Zarr, timing every chunk. */
async function subscriber(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(globalThis.process.execPath, [self, "--role", "publisher", ...argvWithout("role")], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const messages: Record<string, unknown>[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-bench-zmq-"));
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      child.on("message", (m: Record<string, unknown>) => {
        messages.push(m);
        if (typeof m["endpoint"] === "string") resolve(m["endpoint"]);
      });
      child.on("exit", (code) => reject(new Error(`publisher exited with ${code}`)));
    });
    const sub = new ZmqSubscriber({ address: endpoint, idleTimeoutMs: 10_000 });
    sub.open();
    const due = new Map<number, number>(); // chunk index → wall time (ms since epoch) its last sample was due
    const loader = new TapLoader(sub, due);
    const output: Writer<unknown> = args.output === "zarr" ? new ZarrWriter(path.join(dir, "live.zarr"), { durable: false, compression: args.compression as Compression }) : new NullWriter();
    const latencies: number[] = [];
    const writer = new TimedWriter(output, due, latencies);
    const atom = pipeline({ atoms: [{ op: "decimate", q }, { op: "sosfilt", sos: BANDPASS }] });
    const t = performance.now();
    await run(atom, loader, writer);
    const wall = (performance.now() - t) / 1000;
    const streamWall = (performance.now() - loader.firstArrival) / 1000;
    await new Promise<void>((r) => (child.exitCode !== null ? r() : child.on("exit", () => r())));
    const s = sub.status;
    const bytes = s.samples * channels * 4;
    latencies.sort((a, b) => a - b);
    const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
    const done = messages.find((m) => m["done"] !== undefined) ?? {};
    const report = {
      channels,
      rate,
      chunk,
      seconds,
      pipeline: `decimate q=${q} + sosfilt 4 sections`,
      output: args.output === "zarr" ? `zarr (${args.compression})` : args.output,
      chunksSent: (done["done"] as { messages?: number } | undefined)?.messages ?? null,
      chunksReceived: s.chunks,
      gaps: s.gaps,
      missing: s.missing,
      malformed: s.malformed,
      inputMBps: Number((bytes / 1e6 / streamWall).toFixed(1)),
      requiredMBps: (channels * rate * 4) / 1e6,
      latencyMs: { p50: round(pct(50)), p99: round(pct(99)), max: round(latencies.at(-1) ?? NaN) },
      publisherMaxBehindMs: round(Number(done["maxBehindMs"] ?? NaN)),
      wallSeconds: round(wall),
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map(round),
    };
    if (args.json) console.log(JSON.stringify(report));
    else {
      console.log(`zmq live bench: ${channels} channels × ${rate} Hz float32 (${report.requiredMBps} MB/s), chunks of ${chunk}, ${seconds} s, ${report.pipeline} → ${report.output}`);
      console.log(`  sent ${report.chunksSent} chunks, received ${s.chunks}, gaps ${s.gaps}, missing ${s.missing}, malformed ${s.malformed}`);
      console.log(`  sustained input ${report.inputMBps} MB/s; latency per chunk p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`);
      console.log(`  publisher at most ${report.publisherMaxBehindMs} ms behind schedule; load average ${report.loadAverage.join(" ")} on ${report.cpus} cores`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    child.kill();
  }
}

/** Passes the chunks through, noting when each one was due at the instrument. */
class TapLoader implements Loader {
  readonly chunkCount = null;
  /** performance.now() when the first chunk arrived. */
  firstArrival = 0;
  constructor(
    private readonly inner: ZmqSubscriber,
    private readonly due: Map<number, number>,
  ) {}

  async *chunks(start = 0): AsyncIterable<Chunk> {
    for await (const c of this.inner.chunks(start)) {
      if (c.index === start) this.firstArrival = performance.now();
      const next = c.data.coords["time"]!.next()!;
      this.due.set(c.index, Number(next.num / next.den) / 1e6);
      yield c;
    }
  }

  async close(): Promise<void> {
    await this.inner.close();
  }
}

/** Records, for each written chunk, the wall time since its input was due. */
class TimedWriter implements Writer<unknown> {
  constructor(
    private readonly inner: Writer<unknown>,
    private readonly due: Map<number, number>,
    private readonly latencies: number[],
  ) {}

  async write(c: Chunk): Promise<void> {
    await this.inner.write(c);
    const d = this.due.get(c.index);
    if (d !== undefined) {
      this.latencies.push(performance.timeOrigin + performance.now() - d);
      this.due.delete(c.index);
    }
  }

  close(): Promise<unknown> {
    return this.inner.close();
  }
}

class NullWriter implements Writer<null> {
  async write(): Promise<void> {}
  async close(): Promise<null> {
    return null;
  }
}

function argvWithout(name: string): string[] {
  const out: string[] = [];
  const argv = globalThis.process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) i++;
    else out.push(argv[i]!);
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

if (args.role === "publisher") await publisher();
else await subscriber();
