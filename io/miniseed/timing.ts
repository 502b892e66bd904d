/**
 * Exact times of miniSEED 2 records: the fixed header's BTime (year, day of year, h:m:s and
 * 1/10 000 s), plus blockette 1001's µs when present, plus the header's time correction
 * (1/10 000 s) unless activity flag bit 1 says it was already applied — so record start
 * times have 100 µs (1 µs with blockette 1001) resolution, as the format states them.
 * The sample rate comes from the factor and multiplier as an exact fraction (blockette 100's
 * float32 rate when present).
 */
import { type Rational, rational } from "../../src/core/coords/rational.js";
import { intervalFromRate } from "../binary/rate.js";

export interface HeaderTimeFields {
  readonly startBTime: { year: number; jday: number; hour: number; min: number; sec: number; tenthMilli: number };
  readonly activityFlags: number;
  readonly timeCorrection: number;
  readonly sampRateFac: number;
  readonly sampRateMul: number;
  readonly blocketteList: readonly { type: number; body: DataView }[];
}

/** Start of a record in ns since the Unix epoch. */
export function recordStartNs(h: HeaderTimeFields): bigint {
  const b = h.startBTime;
  const ms = Date.UTC(b.year, 0, 1) + ((b.jday - 1) * 86400 + b.hour * 3600 + b.min * 60 + b.sec) * 1000;
  // Blockette 1001's µs is a signed byte (−50…+49); read it here, not as an unsigned one.
  const b1001 = h.blocketteList.find((x) => x.type === 1001);
  const us = b1001 ? b1001.body.getInt8(5) : 0;
  let ns = BigInt(ms) * 1_000_000n + BigInt(b.tenthMilli) * 100_000n + BigInt(us) * 1000n;
  if ((h.activityFlags & 0x02) === 0) ns += BigInt(h.timeCorrection) * 100_000n;
  return ns;
}

/** The sampling interval in ns as an exact fraction, or null for a rate of 0 (log records). */
export function recordIntervalNs(h: HeaderTimeFields, littleEndianHeader: boolean): Rational | null {
  const b100 = h.blocketteList.find((b) => b.type === 100);
  if (b100) {
    const rate = b100.body.getFloat32(4, littleEndianHeader);
    return rate > 0 ? intervalFromRate(rate) : null;
  }
  const f = BigInt(h.sampRateFac);
  const m = BigInt(h.sampRateMul);
  if (f === 0n || m === 0n) return null;
  // SEED: f>0,m>0: rate f·m; f>0,m<0: −f/m; f<0,m>0: −m/f; f<0,m<0: 1/(f·m). Interval = 1e9 / rate.
  const [num, den] = f > 0n ? (m > 0n ? [f * m, 1n] : [f, -m]) : m > 0n ? [m, -f] : [1n, f * m];
  return rational(1_000_000_000n * den, num);
}
