/**
 * miniseedLayout(): records of many files as one (time, channel) array. Channels are the
 * distinct NET.STA.LOC.CHA codes in natural order (numbers inside codes compare as numbers:
 * DAS2 before DAS10); every channel must have the same sampling interval and the same
 * timeline. Records that follow each other within half a sample (or the caller's tolerance)
 * are one run; a larger step between records is a gap, kept as tie points of the time
 * coordinate; records that overlap are an error.
 */
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { type Rational, ratEq, ratInt, ratToNumber, ratToString } from "../../src/core/coords/rational.js";
import { formatIso } from "../../src/core/coords/time.js";
import { DasflowError } from "../../src/core/errors.js";
import type { RecordInfo } from "./records.js";

/** A record placed on the array's time axis. */
export interface PlacedRecord extends RecordInfo {
  readonly row0: number;
}

export interface MiniseedLayout {
  readonly channels: readonly string[];
  /** Per channel, its records in time order. */
  readonly records: readonly (readonly PlacedRecord[])[];
  readonly time: InterpCoordinate;
  readonly interval: Rational;
  readonly encodings: readonly number[];
}

interface Run {
  start: bigint;
  samples: number;
}

export function miniseedLayout(all: readonly RecordInfo[], where: string, tolerance?: bigint): MiniseedLayout {
  const fail = (m: string): never => {
    throw new DasflowError("FormatError", m, { path: where });
  };
  const byCode = new Map<string, RecordInfo[]>();
  for (const r of all) {
    if (r.samples === 0) continue;
    let list = byCode.get(r.codes);
    if (!list) byCode.set(r.codes, (list = []));
    list.push(r);
  }
  if (byCode.size === 0) fail("no miniSEED record holds samples");
  const channels = [...byCode.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const first = byCode.get(channels[0]!)![0]!;
  const interval = first.interval ?? fail(`${first.file}: channel ${first.codes} has no sample rate`);
  const dtNs = ratToNumber(interval);
  const tol = tolerance !== undefined ? Number(tolerance) : dtNs / 2;
  let reference: Run[] | null = null;
  const records: PlacedRecord[][] = [];
  const encodings = new Set<number>();
  for (const code of channels) {
    const list = byCode.get(code)!.sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
    const runs: Run[] = [];
    const placed: PlacedRecord[] = [];
    let row = 0;
    for (const r of list) {
      if (r.interval === null || !ratEq(r.interval, interval)) {
        fail(`${r.file}: channel ${code} is sampled every ${r.interval ? ratToString(r.interval) : "?"} ns, channel ${channels[0]} every ${ratToString(interval)} ns (a common sample rate is required)`);
      }
      encodings.add(r.encoding);
      const last = runs[runs.length - 1];
      if (last) {
        const expected = Number(last.start) + last.samples * dtNs;
        const diff = Number(r.startNs) - expected;
        if (diff < -tol) fail(`${r.file}: channel ${code} has records that overlap at ${formatIso(r.startNs)}`);
        if (diff <= tol) last.samples += r.samples;
        else runs.push({ start: r.startNs, samples: r.samples });
      } else runs.push({ start: r.startNs, samples: r.samples });
      placed.push({ ...r, row0: row });
      row += r.samples;
    }
    if (reference === null) reference = runs;
    else {
      const ref = reference;
      const k = runs.findIndex((x, i) => !ref[i] || ref[i]!.start !== x.start || ref[i]!.samples !== x.samples);
      if (k >= 0 || runs.length !== ref.length) {
        const at = k >= 0 ? runs[k]! : ref[runs.length]!;
        fail(`channel ${code} does not share the timeline of ${channels[0]}: its ${k >= 0 ? `run from ${formatIso(at.start)} (${at.samples} samples)` : "records"} differ (${runs.length} vs ${ref.length} continuous runs)`);
      }
    }
    records.push(placed);
  }
  const time = InterpCoordinate.concat(reference!.map((r) => InterpCoordinate.regular(r.samples, ratInt(r.start), interval, "ns")));
  return { channels, records, time, interval, encodings: [...encodings] };
}
