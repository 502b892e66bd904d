/** Block reads touch only the bytes of their time range (positioned reads counted). */
import { afterEach, describe, expect, it, vi } from "vitest";
import { PositionedFile } from "../../io/binary/positionedFile.js";
import { segyFormat } from "../../io/segy/format.js";
import { tdmsFormat } from "../../io/tdms/format.js";
import { writeSegy } from "./segyWriter.js";
import { idasProps, writeTdms } from "./tdmsWriter.js";
import { tmpFile } from "./tmp.js";

afterEach(() => vi.restoreAllMocks());

function countBytes(): { bytes: number } {
  const c = { bytes: 0 };
  const readInto = PositionedFile.prototype.readInto;
  const readSync = PositionedFile.prototype.readSyncInto;
  // `read` goes through `readInto`: counting there counts every asynchronous read once.
  vi.spyOn(PositionedFile.prototype, "readInto").mockImplementation(function (this: PositionedFile, out, offset, what) {
    c.bytes += out.length;
    return readInto.call(this, out, offset, what);
  });
  vi.spyOn(PositionedFile.prototype, "readSyncInto").mockImplementation(function (this: PositionedFile, out, outOffset, length, offset, what) {
    c.bytes += length;
    return readSync.call(this, out, outOffset, length, offset, what);
  });
  return c;
}

describe("bytes read per block", () => {
  it("TDMS interleaved: a 100-row block of a 20 000-row file reads 100 rows", async () => {
    const nch = 8;
    const ch = Array.from({ length: nch }, (_, c) => `/'M'/'${c}'`);
    const chunk = Array.from({ length: 5000 }, (_, r) => Array.from({ length: nch }, (_, c) => (r + c) % 1000));
    const path = tmpFile("big.tdms", writeTdms({ channels: ch, interleaved: true, rootProps: idasProps({ fs: 1000, dx: 1, x0: 0, seconds: 3786825600n, fractions: 0n }), segments: [{ chunks: [chunk, chunk, chunk, chunk], meta: "full" }] }));
    const src = await tdmsFormat.open(path);
    const c = countBytes();
    await src.backend.readBlock([[7000, 7100], [0, nch]]);
    await src.backend.close?.();
    expect(c.bytes).toBe(100 * nch * 2);
  });

  it("SEG-Y long traces: a 10-row block reads 10 samples per trace", async () => {
    const n = 50_000;
    const traces = Array.from({ length: 12 }, (_, t) => Array.from({ length: n }, (_, k) => (t + k) % 100));
    const path = tmpFile("long.sgy", writeSegy({ traces, code: 5, dtUs: 1000, time: [2020, 1, 0, 0, 0] }));
    const src = await segyFormat.open(path);
    const c = countBytes();
    await src.backend.readBlock([[1000, 1010], [0, 12]]);
    await src.backend.close?.();
    expect(c.bytes).toBe(12 * 10 * 4);
  });
});
