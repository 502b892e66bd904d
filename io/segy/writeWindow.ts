/**
 * writeSegyFile(): one (time, distance) window as a SEG-Y rev 2.0 file, big-endian, one trace
 * per channel, IEEE floats (format code 5 for float32, 6 for float64), fixed-length traces.
 *
 * Headers (bytes 1-based, as the standard numbers them):
 * - textual header (3200 bytes, ASCII as rev 2 allows): what wrote it, the exact start time
 *   to the ns, the interval, the first distance and its step;
 * - binary header: traces per ensemble (3213), sample interval in µs (3217; 0 and the rev-2
 *   extended float64 at 3269 when not a whole number of µs ≤ 65535), samples per trace (3221;
 *   0 and the extended count at 3261 when > 65535), format code (3225), metres (3255),
 *   byte-order constant 0x01020304 (3297), revision 2.0 (3501), fixed-length traces (3503),
 *   UTC time basis (3511), traces in the file (3513) and the first trace's offset (3521);
 * - each trace header: sequence numbers (1, 5, 13: the channel, 1-based), field record
 *   (9: the window, 1-based), the channel's distance as receiver group X (81) with the
 *   coordinate scalar (71) that makes it an exact integer (−10^k divides), samples (115) and
 *   interval (117), the start time in whole UTC seconds (157–166, time basis 4 at 167) and —
 *   SEG-Y has no finer field — the remaining nanoseconds as an int32 in bytes 233–236 (bytes
 *   rev 1 leaves unassigned; dasflow's SEG-Y reader adds them back).
 * A window whose time coordinate has a gap cannot be one set of regular traces: refused.
 */
import * as fs from "node:fs";
import { ratScale, ratSub, ratToNumber } from "../../src/core/coords/rational.js";
import { formatIso } from "../../src/core/coords/time.js";
import type { DataArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import { BINARY_BYTES, TEXT_BYTES, TRACE_HEADER_BYTES } from "./binaryHeader.js";

/** The coordinate scalar (1, or −10^k) and integers that give `xs` exactly, or null when none fits an int32. */
export function coordinateScalar(xs: Float64Array): { scalar: number; values: Int32Array } | null {
  for (let k = 0; k <= 4; k++) {
    const f = 10 ** k;
    const values = new Int32Array(xs.length);
    let ok = true;
    for (let i = 0; i < xs.length && ok; i++) {
      const v = Math.round(xs[i]! * f);
      ok = Math.abs(v) <= 2 ** 31 - 1 && (k === 0 ? v : v / f) === xs[i];
      values[i] = v;
    }
    if (ok) return { scalar: k === 0 ? 1 : -f, values };
  }
  return null;
}

/** Writes `window` to `file` (replacing it); `index` is the window's number (0-based). */
export async function writeSegyFile(file: string, window: DataArray, index: number): Promise<void> {
  const [nt, nch] = window.shape as [number, number];
  const time = window.coords.time;
  if (!time || nt === 0) throw new DasflowError("CoordinateError", "SEG-Y output needs samples with a time coordinate", { path: file });
  if (nt > 1 && !time.isRegular()) {
    throw new DasflowError("CoordinateError", `a SEG-Y file holds regular traces, but window ${index} has a gap or an irregular sampling (use -O window=N so that windows end at the gap)`, { path: file });
  }
  const step = nt > 1 ? ratScale(ratSub(time.at(nt - 1), time.at(0)), 1n, BigInt(nt - 1)) : time.step;
  const dtNs = step ? ratToNumber(step) : 0;
  const us = dtNs / 1000;
  const shortUs = Number.isInteger(us) && us <= 65535 ? us : 0;
  const float64 = window.dtype === "float64";
  const size = float64 ? 8 : 4;
  const traceBytes = TRACE_HEADER_BYTES + nt * size;
  const out = new Uint8Array(TEXT_BYTES + BINARY_BYTES + nch * traceBytes);
  const dv = new DataView(out.buffer);
  const t0 = time.ns(0);
  const seconds = t0 >= 0n ? t0 / 1_000_000_000n : -((-t0 + 999_999_999n) / 1_000_000_000n);
  const subNs = Number(t0 - seconds * 1_000_000_000n);
  const date = new Date(Number(seconds) * 1000);
  const doy = Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  const xs = window.coords.distance?.toFloat64Array() ?? Float64Array.from({ length: nch }, (_, i) => i);
  const gx = coordinateScalar(xs) ?? { scalar: 1, values: Int32Array.from(xs, Math.round) };

  const lines = [
    "dasflow SEG-Y rev 2.0: one trace per DAS channel, big-endian IEEE floats",
    `window ${index}, first sample ${formatIso(t0)} (ns in trace bytes 233-236)`,
    `sample interval ${dtNs} ns, ${nt} samples per trace, ${nch} traces`,
    `distance of trace 1: ${xs[0] ?? 0} m (receiver group X, bytes 81-84, scalar at 71-72)`,
  ];
  for (let i = 0; i < 40; i++) {
    const card = i === 39 ? "C40 END TEXTUAL HEADER" : `C${String(i + 1).padStart(2, " ")} ${lines[i] ?? ""}`;
    for (let j = 0; j < 80; j++) out[i * 80 + j] = j < card.length ? card.charCodeAt(j) & 0x7f : 0x20;
  }

  const b = TEXT_BYTES;
  dv.setInt16(b + 12, Math.min(nch, 32767));
  dv.setUint16(b + 16, shortUs);
  dv.setUint16(b + 20, nt <= 65535 ? nt : 0);
  dv.setInt16(b + 24, float64 ? 6 : 5);
  dv.setInt16(b + 54, 1); // metres
  dv.setInt32(b + 60, nt);
  dv.setFloat64(b + 68, shortUs ? 0 : us);
  dv.setUint32(b + 96, 0x01020304);
  out[b + 300] = 2;
  out[b + 301] = 0;
  dv.setInt16(b + 302, 1); // fixed-length traces
  dv.setInt16(b + 310, 4); // UTC
  dv.setBigUint64(b + 312, BigInt(nch));
  dv.setBigUint64(b + 320, BigInt(TEXT_BYTES + BINARY_BYTES));

  const data = window.data;
  for (let c = 0; c < nch; c++) {
    const h = TEXT_BYTES + BINARY_BYTES + c * traceBytes;
    dv.setInt32(h, c + 1);
    dv.setInt32(h + 4, c + 1);
    dv.setInt32(h + 8, index + 1);
    dv.setInt32(h + 12, c + 1);
    dv.setInt16(h + 28, 1); // trace identification: seismic data
    dv.setInt16(h + 70, gx.scalar);
    dv.setInt32(h + 80, gx.values[c]!);
    dv.setUint16(h + 114, nt <= 65535 ? nt : 0);
    dv.setUint16(h + 116, shortUs);
    dv.setInt16(h + 156, date.getUTCFullYear());
    dv.setInt16(h + 158, doy);
    dv.setInt16(h + 160, date.getUTCHours());
    dv.setInt16(h + 162, date.getUTCMinutes());
    dv.setInt16(h + 164, date.getUTCSeconds());
    dv.setInt16(h + 166, 4);
    dv.setInt32(h + 232, subNs);
    // Samples: channel c is column c of the row-major window.
    let o = h + TRACE_HEADER_BYTES;
    if (float64) for (let r = 0; r < nt; r++, o += 8) dv.setFloat64(o, data[r * nch + c]!);
    else for (let r = 0; r < nt; r++, o += 4) dv.setFloat32(o, data[r * nch + c]!);
  }
  await fs.promises.writeFile(file, out);
}
