/**
 * SdsWriter: a (time, distance) stream as miniSEED day files in an SDS archive
 * (`ROOT/YEAR/NET/STA/CHAN.D/NET.STA.LOC.CHAN.D.YEAR.DAY`), one trace per fibre channel — the
 * layout SeisComP and ObsPy's SDS client read.
 *
 * Records end at the same samples for every channel and wherever the chunks fall: a record is
 * closed when full, at midnight (a day file holds only its day's samples), at a gap in the
 * time coordinate, and at the end. So the archive is the same for any chunking, and a job
 * killed anywhere and reopened with `SdsWriter.open(root, { resumeAt })` continues to
 * byte-identical files (see sdsProgress.ts). Each record's start time is exact to the µs,
 * taken from the exact time coordinate, so nothing drifts over a day.
 *
 * Steim-2 records hold as many samples as their differences allow, which differs from channel
 * to channel; to keep records ending at the same samples for every channel (one record count
 * per day file, one resume point), each record holds as many samples as the least compressible
 * channel's fits, and the other channels' records are padded with empty frames.
 *
 * ```ts
 * const w = new SdsWriter("sds/", { network: "DA", recordLength: 4096 });
 * for (const chunk of chunks) await w.write(chunk);
 * await w.close();
 * ```
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Rational, floorDiv, ratAdd, ratCmp, ratEq, ratScale, ratSub, rational } from "../../src/core/coords/rational.js";
import { formatIso } from "../../src/core/coords/time.js";
import type { FloatArray } from "../../src/core/dataArray.js";
import { DasflowError, isDasflowError } from "../../src/core/errors.js";
import type { Chunk, Writer } from "../../src/core/stream.js";
import { type MiniseedEncoding, type RecordLength, encodeRecord, samplesPerRecord } from "./recordEncoder.js";
import { rateFields, rateHz } from "./sampleRate.js";
import {
  type RationalJson, SDS_HISTORY, type SdsGeneration, type SdsLayout, prunePending, readDays, readLayout, readPending, readProgress,
  writeDays, writeLayout, writePending, writeProgress,
} from "./sdsProgress.js";
import { type SeedCodeOptions, type SeedCodes, seedCodes } from "./seedCodes.js";

export interface SdsWriterOptions extends SeedCodeOptions {
  /** 512 or 4096 bytes (default 4096). */
  recordLength?: RecordLength;
  /** Sample encoding (default: float64 for float64 data, else float32). Steim-2 needs integers in the int32 range. */
  encoding?: MiniseedEncoding;
  /** Index of the first chunk to expect (default 0): a job resumed before any sample reached the archive. */
  startAt?: number;
}

export interface SdsWriteResult {
  root: string;
  channels: number;
  /** Records written per channel, all days together. */
  records: number;
  /** Day files per channel. */
  days: string[];
}

const DAY_NS = 86_400_000_000_000n;
const toJson = (r: Rational | null): RationalJson | null => (r ? { num: `${r.num}`, den: `${r.den}` } : null);
const fromJson = (r: RationalJson | null): Rational | null => (r ? rational(BigInt(r.num), BigInt(r.den)) : null);

function floorRat(r: Rational): bigint {
  return floorDiv(r.num, r.den);
}

function ceilRat(r: Rational): bigint {
  return -floorDiv(-r.num, r.den);
}

/** `YYYY.DDD` of the day holding time `t` (ns). */
export function dayKey(t: Rational): string {
  const day = floorDiv(floorRat(t), DAY_NS);
  const d = new Date(Number(day) * 86_400_000);
  const doy = Math.round((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  return `${d.getUTCFullYear()}.${String(doy).padStart(3, "0")}`;
}

/** The SDS path of one channel's day file, relative to the root. */
export function sdsPath(codes: SeedCodes, channelIndex: number, day: string): string {
  const [year] = day.split(".");
  const sta = codes.station(channelIndex);
  const chan = `${codes.channel}.D`;
  return path.join(year!, codes.network, sta, chan, `${codes.network}.${sta}.${codes.location}.${chan}.${day}`);
}

interface Layout {
  readonly channels: number;
  readonly float64: boolean;
  readonly encoding: MiniseedEncoding;
  readonly dt: Rational;
  readonly rate: readonly [number, number];
  readonly codes: SeedCodes;
  readonly perRecord: number;
  readonly json: SdsLayout;
}

export class SdsWriter implements Writer<SdsWriteResult> {
  readonly root: string;
  private readonly options: SdsWriterOptions;
  private readonly recordLength: RecordLength;
  private layout: Layout | null = null;
  private pending: FloatArray | null = null;
  private pendingCount = 0;
  private pendingStart: Rational | null = null;
  private expected: Rational | null = null;
  private days: Record<string, number> = {};
  private ownDays: string[] = [];
  private history: SdsGeneration[] = [];
  private nextChunk = 0;
  private outbox = new Map<string, Uint8Array[]>();
  private touched = new Set<string>();
  /** Directories whose entries changed since the last sync (new files or subdirectories). */
  private changedDirs = new Set<string>();

  constructor(root: string, options: SdsWriterOptions = {}) {
    this.root = root;
    this.options = options;
    this.recordLength = options.recordLength ?? 4096;
    this.nextChunk = options.startAt ?? 0;
    if (this.recordLength !== 512 && this.recordLength !== 4096) {
      throw new DasflowError("UsageError", `miniSEED record length must be 512 or 4096 bytes, got ${String(this.recordLength)}`);
    }
  }

  /** Reopens an archive this writer kind was writing, to continue with chunk `resumeAt`. */
  static async open(root: string, options: { resumeAt: number }): Promise<SdsWriter> {
    const layout = readLayout(root);
    const progress = readProgress(root);
    if (!layout || !progress) throw new DasflowError("ResumeError", "no SDS writer progress record to resume from", { path: root, reason: "NoProgressRecord" });
    const gen = progress.history.find((g) => g.chunks === options.resumeAt);
    if (!gen) {
      const have = progress.history.map((g) => g.chunks).join(", ");
      throw new DasflowError("ResumeError", `no SDS progress record for chunk ${options.resumeAt} (have ${have || "none"})`, { path: root });
    }
    const w = new SdsWriter(root, { network: layout.network, location: layout.location, channel: layout.channel, stationPrefix: layout.stationPrefix, recordLength: layout.recordLength, encoding: layout.encoding });
    w.setLayout(layout);
    w.ownDays = readDays(root);
    // Day files back to the generation: records written after it are cut, days begun after it removed.
    for (const day of w.ownDays) {
      const records = gen.days[day];
      for (let c = 0; c < layout.channels; c++) {
        const file = path.join(root, sdsPath(w.layout!.codes, c, day));
        if (records === undefined) await fs.promises.rm(file, { force: true });
        else if (fs.existsSync(file)) await fs.promises.truncate(file, records * layout.recordLength);
      }
    }
    w.days = { ...gen.days };
    w.pendingCount = gen.pendingCount;
    w.pendingStart = fromJson(gen.pendingStart);
    w.expected = fromJson(gen.expected);
    if (gen.pendingCount > 0) readPending(root, gen.chunks, w.pending!);
    w.history = progress.history.filter((g) => g.chunks <= gen.chunks);
    w.nextChunk = gen.chunks;
    await writeProgress(root, { done: false, history: w.history });
    await prunePending(root, w.history);
    return w;
  }

  async write(chunk: Chunk): Promise<void> {
    const x = chunk.data;
    if (x.dims.length !== 2 || x.dims[0] !== "time" || x.dims[1] !== "distance") {
      throw new DasflowError("ShapeError", `miniSEED output needs (time, distance) chunks, got dims [${x.dims.join(", ")}]`, { path: this.root });
    }
    if (chunk.index !== this.nextChunk) {
      throw new DasflowError("UsageError", `chunk ${chunk.index} arrived, expected chunk ${this.nextChunk}`, { path: this.root });
    }
    const [nt, nch] = x.shape as [number, number];
    const time = x.coords["time"];
    if (!time) throw new DasflowError("CoordinateError", "miniSEED output needs a time coordinate", { path: this.root });
    if (nt > 0) {
      const layout = this.layout ?? (await this.start(nch, x.data instanceof Float64Array, time.step));
      if (nch !== layout.channels || (x.data instanceof Float64Array) !== layout.float64) {
        throw new DasflowError("ShapeError", `chunk ${chunk.index} has ${nch} channels of ${x.data instanceof Float64Array ? "float64" : "float32"}, the archive ${layout.channels} of ${layout.float64 ? "float64" : "float32"}`, { path: this.root });
      }
      let i = 0;
      while (i < nt) {
        const t = time.at(i);
        if (this.expected && !ratEq(t, this.expected)) {
          if (ratCmp(t, this.expected) < 0) throw new DasflowError("CoordinateError", `time runs backwards at sample ${i} of chunk ${chunk.index}`, { path: this.root });
          await this.closeRecords(); // a gap: the next record starts at its own time
        }
        const run = this.runLength(time, i, layout.dt, chunk.index);
        await this.append(x.data, i, run, t, layout);
        i += run;
        this.expected = ratAdd(time.at(i - 1), layout.dt);
      }
    }
    this.nextChunk = chunk.index + 1;
    await this.flushOut();
  }

  /** Durable up to the last chunk written: day files fsynced, then a progress generation. */
  async sync(): Promise<void> {
    await this.flushOut();
    await this.fsyncTouched();
    if (!this.layout) return;
    const gen: SdsGeneration = { chunks: this.nextChunk, days: { ...this.days }, pendingCount: this.pendingCount, pendingStart: toJson(this.pendingStart), expected: toJson(this.expected) };
    if (gen.pendingCount > 0) await writePending(this.root, gen.chunks, this.pendingView());
    this.history = [...this.history.filter((g) => g.chunks < gen.chunks), gen].slice(-SDS_HISTORY);
    await writeProgress(this.root, { done: false, history: this.history });
    await prunePending(this.root, this.history);
  }

  async close(): Promise<SdsWriteResult> {
    await this.closeRecords();
    await this.sync();
    if (this.layout) await writeProgress(this.root, { done: true, history: this.history });
    const days = Object.keys(this.days).sort();
    return { root: this.root, channels: this.layout?.channels ?? 0, records: Object.values(this.days).reduce((a, b) => a + b, 0), days };
  }

  async abort(): Promise<void> {
    this.outbox.clear(); // what is on disk stays; the last sync's generation resumes it
  }

  private async start(channels: number, float64: boolean, step: Rational | null): Promise<Layout> {
    if (!step || step.num <= 0n) throw new DasflowError("CoordinateError", "miniSEED output needs a regular, known sampling interval", { path: this.root });
    const rate = rateFields(step);
    const codes = seedCodes(this.options, rateHz(rate), channels);
    const json: SdsLayout = {
      channels, float64, dt: toJson(step)!, rate: [rate[0], rate[1]], network: codes.network, location: codes.location,
      channel: codes.channel, stationPrefix: this.options.stationPrefix ?? "", recordLength: this.recordLength,
      encoding: this.options.encoding ?? (float64 ? "float64" : "float32"),
    };
    await writeLayout(this.root, json);
    return this.setLayout(json);
  }

  private setLayout(json: SdsLayout): Layout {
    const dt = fromJson(json.dt)!;
    const codes = seedCodes({ network: json.network, location: json.location, channel: json.channel, stationPrefix: json.stationPrefix }, rateHz(json.rate), json.channels);
    // Archives from before `encoding` was recorded hold floats of the data's type.
    const encoding = json.encoding ?? (json.float64 ? "float64" : "float32");
    const perRecord = samplesPerRecord(json.recordLength, encoding);
    this.layout = { channels: json.channels, float64: json.float64, encoding, dt, rate: json.rate, codes, perRecord, json };
    this.pending = json.float64 ? new Float64Array(perRecord * json.channels) : new Float32Array(perRecord * json.channels);
    return this.layout;
  }

  /** Rows from `i` on that continue at the sampling interval (to the next tie point). */
  private runLength(time: NonNullable<Chunk["data"]["coords"][string]>, i: number, dt: Rational, index: number): number {
    const ties = time.tieIndices;
    let k = 0;
    while (k < ties.length && ties[k]! <= i) k++;
    if (k === ties.length) return 1;
    const j = ties[k]!;
    const step = ratScale(ratSub(time.at(j), time.at(i)), 1n, BigInt(j - i));
    if (ratEq(step, dt)) return j - i + 1;
    if (j - i === 1) return 1;
    throw new DasflowError("CoordinateError", `the sampling interval changes in chunk ${index} (${step.num}/${step.den} ns, the archive's is ${dt.num}/${dt.den} ns)`, { path: this.root });
  }

  /** Adds `n` continuous rows from `row` (first at time `t`), closing records as they fill or reach midnight. */
  private async append(data: FloatArray, row: number, n: number, t: Rational, layout: Layout): Promise<void> {
    const nch = layout.channels;
    const pending = this.pending!;
    let next = t;
    while (n > 0) {
      if (this.pendingCount === 0) this.pendingStart = next;
      const midnight = (floorDiv(floorRat(this.pendingStart!), DAY_NS) + 1n) * DAY_NS;
      const untilMidnight = ceilRat(ratScale(ratSub(rational(midnight), next), layout.dt.den, layout.dt.num));
      const take = Math.min(layout.perRecord - this.pendingCount, n, Number(untilMidnight));
      for (let r = 0; r < take; r++) {
        const src = (row + r) * nch;
        const dst = this.pendingCount + r;
        for (let c = 0; c < nch; c++) pending[c * layout.perRecord + dst] = data[src + c]!;
      }
      this.pendingCount += take;
      row += take;
      n -= take;
      next = ratAdd(next, ratScale(layout.dt, BigInt(take)));
      if (take === Number(untilMidnight)) await this.closeRecords();
      else if (this.pendingCount === layout.perRecord) await this.closeRecord();
    }
  }

  /** Encodes every held sample, in as many records as that takes. */
  private async closeRecords(): Promise<void> {
    while (this.layout && this.pendingCount > 0) await this.closeRecord();
  }

  /** Encodes held samples as one record per channel, into the outbox: all of them, or for Steim-2 as many as fit. */
  private async closeRecord(): Promise<void> {
    const layout = this.layout;
    if (!layout || this.pendingCount === 0) return;
    const day = dayKey(this.pendingStart!);
    if (!this.ownDays.includes(day)) await this.beginDay(day, layout);
    const sequence = (this.days[day] ?? 0) + 1;
    const bytes = new Uint8Array(layout.channels * this.recordLength);
    const per = layout.perRecord;
    const record = (c: number, n: number): number => {
      const codes = { network: layout.codes.network, station: layout.codes.station(c), location: layout.codes.location, channel: layout.codes.channel };
      const samples = this.pending!.subarray(c * per, c * per + n);
      try {
        return encodeRecord(bytes, c * this.recordLength, { codes, sequence, start: this.pendingStart!, rate: layout.rate, samples, recordLength: this.recordLength, encoding: layout.encoding });
      } catch (err) {
        if (!isDasflowError(err, "FormatError")) throw err;
        const i = samples.findIndex((v) => (v | 0) !== v);
        const at = formatIso(floorRat(ratAdd(this.pendingStart!, ratScale(layout.dt, BigInt(i)))));
        throw new DasflowError("UsageError", `miniSEED -O encoding=steim2 needs 32-bit integers, channel ${c} holds ${samples[i]} at ${at} (-O encoding=float32 or float64 writes floats)`, { path: this.root });
      }
    };
    const fits = Array.from({ length: layout.channels }, (_, c) => record(c, this.pendingCount));
    const n = fits.reduce((a, b) => Math.min(a, b));
    for (let c = 0; c < layout.channels; c++) {
      if (fits[c] !== n) record(c, n); // Steim-2: only as many samples as every channel's record holds
      const file = path.join(this.root, sdsPath(layout.codes, c, day));
      const list = this.outbox.get(file);
      const rec = bytes.subarray(c * this.recordLength, (c + 1) * this.recordLength);
      if (list) list.push(rec);
      else this.outbox.set(file, [rec]);
    }
    this.days[day] = sequence;
    if (n < this.pendingCount) {
      for (let c = 0; c < layout.channels; c++) this.pending!.copyWithin(c * per, c * per + n, c * per + this.pendingCount);
      this.pendingCount -= n;
      this.pendingStart = ratAdd(this.pendingStart!, ratScale(layout.dt, BigInt(n)));
    } else {
      this.pendingCount = 0;
      this.pendingStart = null;
    }
  }

  /** A new day: refuse files that exist (not ours), then record the day durably before creating any. */
  private async beginDay(day: string, layout: Layout): Promise<void> {
    for (let c = 0; c < layout.channels; c++) {
      const file = path.join(this.root, sdsPath(layout.codes, c, day));
      if (fs.existsSync(file)) throw new DasflowError("UsageError", "miniSEED day file exists and was not written by this job; refusing to append to it", { path: file });
    }
    this.ownDays = [...this.ownDays, day];
    await writeDays(this.root, this.ownDays);
  }

  private async flushOut(): Promise<void> {
    for (const [file, parts] of this.outbox) {
      const dir = path.dirname(file);
      if (!this.touched.has(file) && !fs.existsSync(file)) {
        // A new file, maybe in new directories: their entries must reach the disk too.
        const first = await fs.promises.mkdir(dir, { recursive: true });
        for (let d = dir; first !== undefined && d.length >= first.length; d = path.dirname(d)) this.changedDirs.add(path.dirname(d));
        this.changedDirs.add(dir);
      }
      await fs.promises.appendFile(file, parts.length === 1 ? parts[0]! : Buffer.concat(parts));
      this.touched.add(file);
    }
    this.outbox.clear();
  }

  private async fsyncTouched(): Promise<void> {
    for (const file of [...this.touched, ...this.changedDirs]) {
      const fh = await fs.promises.open(file, "r");
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    this.touched.clear();
    this.changedDirs.clear();
  }

  private pendingView(): FloatArray {
    const layout = this.layout!;
    const out = layout.float64 ? new Float64Array(this.pending!.length) : new Float32Array(this.pending!.length);
    out.set(this.pending!);
    return out;
  }
}
