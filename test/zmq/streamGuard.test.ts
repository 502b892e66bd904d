/**
 * A live job over real sockets on 127.0.0.1 survives well-formed messages it cannot write
 * (issue 13 item 10): another layout (4 channels in an 8-channel stream, float64 in a float32
 * one) is rejected and counted; a layout change that persists for `layoutChangeLimit` messages
 * ends the job cleanly with the output flushed and closed; times going backwards are dropped
 * and counted, never written. The output is compared with the good messages, sample for sample.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { pipeline } from "../../atoms/pipeline/pipeline.js";
import { openZarr } from "../../io/zarr/reader.js";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { subscribe } from "../../src/processing/subscribe.js";
import { DEFAULT_LAYOUT_CHANGE_LIMIT } from "../../io/zmq/streamGuard.js";
import { DataArray } from "../../src/core/dataArray.js";
import { synthesize } from "../../src/synthetic/generator.js";
import { startCli } from "../helpers/cli.js";
import { SocketScope, split, withTimeout } from "./helpers.js";

const scope = new SocketScope();
afterEach(() => scope.closeAll());
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-guard-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const T0 = 1_704_067_200_000_000_000n;
const SPEC = { atoms: [{ op: "sosfilt", sos: [[0.02, 0.04, 0.02, 1, -1.5, 0.6]] }, { op: "square" }] };
const x8 = synthesize({ channels: 8, rate: 1000, seed: 1, t0: T0, dtype: "float32" }, 400);
const parts = split(x8, [100, 100, 100, 100]);
/** Later in time than the stream, but 4 channels / float64: well-formed, another layout. */
const four = synthesize({ channels: 4, rate: 1000, seed: 2, t0: T0 + 10_000_000_000n, dtype: "float32" }, 100);
const wide = synthesize({ channels: 8, rate: 1000, seed: 3, t0: T0 + 10_000_000_000n, dtype: "float64" }, 100);

/** What the job should have written: the pipeline over the good messages only, in one piece. */
function expected(good: DataArray[]): Float32Array {
  const atom = pipeline(SPEC);
  const y = atom.call(DataArray.concat(good, "time"));
  return y.data as Float32Array;
}

async function written(out: string): Promise<{ shape: readonly number[]; data: Float32Array; time: bigint[] }> {
  const src = await openZarr(out);
  const shape = src.backend.shape;
  const data = (await src.backend.readBlock([[0, shape[0]!], [0, shape[1]!]])) as Float32Array;
  const t = src.coords.time!;
  return { shape, data, time: Array.from({ length: t.length }, (_, i) => t.ns(i)) };
}

async function run(messages: DataArray[], out: string, layoutChangeLimit?: number) {
  const pub = await scope.publisher({ waitForSubscribers: 1 });
  const job = subscribe({ address: pub.endpoint, pipeline: SPEC, output: new ZarrWriter(out, { durable: false }), ...(layoutChangeLimit ? { layoutChangeLimit } : {}) });
  const sending = (async () => {
    for (const m of messages) await pub.publish(m);
    await pub.close();
  })();
  const r = await withTimeout(job, 20_000, "live job");
  await sending;
  return r;
}

describe("a live job and messages it cannot write", () => {
  it("one message with 4 channels and one of float64 are rejected with their reasons; the job goes on", async () => {
    const out = path.join(dir, "oneoff.zarr");
    const r = await run([parts[0]!, four, parts[1]!, wide, parts[2]!, parts[3]!], out);
    expect(r.status).toMatchObject({ endReason: "end", chunks: 4, rejected: 2, discontinuities: 0, gaps: 0, malformed: 0 });
    expect(r.status.lastRejected).toBe("float64 samples, the stream has float32");
    const w = await written(out);
    expect(w.shape).toEqual([400, 8]);
    expect(w.data).toEqual(expected(parts));
    expect(w.time).toEqual(Array.from({ length: 400 }, (_, i) => x8.coords.time!.ns(i)));
  });

  it(`a layout change that persists (${DEFAULT_LAYOUT_CHANGE_LIMIT} messages in a row) ends the job cleanly, output flushed and closed`, async () => {
    const out = path.join(dir, "persist.zarr");
    const later = (k: number) => synthesize({ channels: 4, rate: 1000, seed: 4, t0: T0 + BigInt(k) * 100_000_000n + 1_000_000_000n, dtype: "float32" }, 100);
    const changed = Array.from({ length: DEFAULT_LAYOUT_CHANGE_LIMIT + 3 }, (_, k) => later(k));
    // A brief glitch first (fewer than the limit in a row), then the stream really changes.
    const glitch = Array.from({ length: DEFAULT_LAYOUT_CHANGE_LIMIT - 1 }, () => four);
    const r = await run([parts[0]!, ...glitch, parts[1]!, ...changed], out);
    expect(r.status).toMatchObject({ endReason: "layoutChanged", chunks: 2, rejected: 2 * DEFAULT_LAYOUT_CHANGE_LIMIT - 1 });
    expect(r.status.lastRejected).toBe("4 channels, the stream has 8");
    const w = await written(out);
    expect(w.shape).toEqual([200, 8]);
    expect(w.data).toEqual(expected(parts.slice(0, 2)));
  });

  it("a message whose time goes back is dropped and counted, never written", async () => {
    const out = path.join(dir, "back.zarr");
    const overlap = x8.isel({ time: { start: 150, stop: 250 } }); // starts before the last sample written
    const r = await run([parts[0]!, parts[1]!, parts[0]!, parts[2]!, overlap, parts[3]!], out);
    expect(r.status).toMatchObject({ endReason: "end", chunks: 4, rejected: 0, discontinuities: 2, gaps: 0 });
    expect(r.status.lastDiscontinuity).toMatch(/^time goes back: message starts at \d+ ns, the last sample written is at \d+ ns$/);
    const w = await written(out);
    expect(w.data).toEqual(expected(parts));
    for (let i = 1; i < w.time.length; i++) expect(w.time[i]! > w.time[i - 1]!).toBe(true);
  });
});

describe("dasflow subscribe (real process)", () => {
  it("says why it ended when the layout changed for good, exits 0, and leaves a readable store", async () => {
    const out = path.join(dir, "cli.zarr");
    const pub = await scope.publisher({ waitForSubscribers: 1 });
    const { done } = startCli(["subscribe", pub.endpoint, "--output", out, "--json"]);
    await pub.publish(parts[0]!);
    for (let k = 0; k < DEFAULT_LAYOUT_CHANGE_LIMIT; k++) await pub.publish(synthesize({ channels: 4, rate: 1000, seed: 5, t0: T0 + BigInt(k + 1) * 1_000_000_000n }, 50));
    const r = await withTimeout(done, 30_000, "dasflow subscribe");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/dasflow subscribe: the stream's layout changed \(4 channels, the stream has 8\) and stayed changed; ended after 1 chunks with the output flushed and closed/);
    const summary = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    expect(summary).toMatchObject({ event: "summary", endReason: "layoutChanged", chunks: 1, rejected: DEFAULT_LAYOUT_CHANGE_LIMIT });
    expect((await written(out)).data).toEqual(parts[0]!.data);
  });
});
