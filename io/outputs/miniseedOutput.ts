/**
 * The `miniseed` output format: an SDS archive of miniSEED day files (`io/miniseed/sdsWriter.ts`),
 * one trace per fibre channel, with its identifiers from `-O` options.
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { DasflowError, isDasflowError } from "../../src/core/errors.js";
import type { Chunk, Writer } from "../../src/core/stream.js";
import { SdsWriter, type SdsWriterOptions } from "../miniseed/sdsWriter.js";
import { seedCodes } from "../miniseed/seedCodes.js";
import { readDays, readLayout } from "../miniseed/sdsProgress.js";
import { sdsPath } from "../miniseed/sdsWriter.js";
import { rateHz } from "../miniseed/sampleRate.js";
import type { OutputFormat, OutputWriteResult } from "../outputFormat.js";
import { OptionReader } from "../outputOptions.js";
import { markOutput } from "./marker.js";

/** SdsWriter with the common result shape. */
class SdsOutput implements Writer<OutputWriteResult> {
  readonly releasesChunks = true;
  constructor(private readonly w: SdsWriter) {}
  write(chunk: Chunk): Promise<void> {
    return this.w.write(chunk);
  }
  sync(): Promise<void> {
    return this.w.sync();
  }
  abort(): Promise<void> {
    return this.w.abort();
  }
  async close(): Promise<OutputWriteResult> {
    const r = await this.w.close();
    return { path: r.root, files: r.days.length * r.channels };
  }
}

/** Day files this job began before its first sync (listed in its own day record): no generation knows them. */
async function removeUnrecordedDays(root: string): Promise<void> {
  const layout = readLayout(root);
  if (!layout) return;
  const codes = seedCodes(layout, rateHz(layout.rate), layout.channels);
  for (const day of readDays(root)) {
    for (let c = 0; c < layout.channels; c++) await fs.promises.rm(nodePath.join(root, sdsPath(codes, c, day)), { force: true });
  }
}

export const miniseedOutput: OutputFormat<SdsWriterOptions> = {
  name: "miniseed",
  description: "miniSEED in an SDS archive (YEAR/NET/STA/CHAN.D/NET.STA.LOC.CHAN.D.YEAR.DAY), one trace per channel, float32/float64 or Steim-2 records, exact µs record times",
  extensions: [".sds"],
  options: {
    network: "network code, 1–2 characters (default XX)",
    "station-prefix": "characters before the channel index in the 5-character station code (default none: 00000, 00001, …)",
    location: "location code, 0–2 characters (default empty)",
    channel: "3-character channel code (default band letter from the rate + S1, e.g. GS1 at 1 kHz)",
    record: "record length in bytes: 512 or 4096 (default 4096)",
    encoding: "float32, float64 or steim2 (Steim-2 compressed integers; needs integer input written unchanged, as by convert of int8…int32 data); default steim2 for such input, else the data's float type",
  },
  entries: [/^\d{4}$/],
  parseOptions(raw) {
    const r = new OptionReader("miniseed", raw, Object.keys(this.options));
    const o: SdsWriterOptions = {
      network: r.string("network"), stationPrefix: r.string("station-prefix"), location: r.string("location"), channel: r.string("channel"),
      recordLength: r.choice("record", ["512", "4096"]) === "512" ? 512 : 4096,
      encoding: r.choice("encoding", ["float32", "float64", "steim2"]),
    };
    seedCodes(o, 1000, 1); // the codes themselves, before anything is written
    return o;
  },
  check(o, layout) {
    if (o.encoding === "steim2" && !layout.integers) {
      throw new DasflowError("UsageError", `output format miniseed: -O encoding=steim2 needs integer samples (int8…int32 input written unchanged, as by convert), this data is ${layout.dtype}`);
    }
    seedCodes({ ...o, channel: o.channel ?? "GS1" }, 1000, layout.channels);
    if (layout.channels < 1) throw new DasflowError("UsageError", "miniSEED output needs at least one channel");
  },
  async create(path, o, ctx) {
    await markOutput(path, "miniseed", ctx.durable);
    // Integer input (convert of int8…int32 data) is written as Steim-2 unless another encoding is asked for.
    return new SdsOutput(new SdsWriter(path, { ...o, encoding: o.encoding ?? (ctx.integers ? "steim2" : undefined) }));
  },
  async open(path, o, at) {
    try {
      return new SdsOutput(await SdsWriter.open(path, at));
    } catch (err) {
      if (isDasflowError(err, "ResumeError") && err.reason === "NoProgressRecord") {
        // Checkpointed past chunks that all held 0 samples (a pipeline holding samples back): nothing to restore.
        if (at.resumeAt > 0) {
          await removeUnrecordedDays(path);
          return new SdsOutput(new SdsWriter(path, { ...o, startAt: at.resumeAt }));
        }
        // Killed before the first sync: nothing of the archive is recorded (the job restarts it).
        throw new DasflowError("ResumeError", "no progress record of the SDS archive", { path, reason: "NoProgressRecord" });
      }
      throw err;
    }
  },
};
