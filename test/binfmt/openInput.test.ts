/** openInput on inputs of the binary formats: detection, directories as one recording, mixed directories. */
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openInput } from "../../io/openInput.js";
import { ROOT } from "../helpers/cli.js";
import { writeSegy } from "./segyWriter.js";
import { idasProps, writeTdms } from "./tdmsWriter.js";
import { tmpDir } from "./tmp.js";

const CH = ["/'Measurement'/'0'", "/'Measurement'/'1'"];
const rows = (n: number, first: number): number[][] => Array.from({ length: n }, (_, r) => [first + r, -(first + r)]);
/** A 2-channel iDAS TDMS file of `n` rows at 1 kHz starting `startMs` ms after 2020-01-01. */
function tdmsFile(dir: string, name: string, n: number, first: number, startMs: number): void {
  const seconds = 3786825600n + BigInt(Math.floor(startMs / 1000)); // 2020-01-01 in seconds since 1904
  const fractions = (BigInt(startMs % 1000) << 64n) / 1000n;
  writeFileSync(join(dir, name), writeTdms({ channels: CH, interleaved: true, rootProps: idasProps({ fs: 1000, dx: 1, x0: 0, seconds, fractions }), segments: [{ chunks: [rows(n, first)], meta: "full" }] }));
}

describe("openInput with the binary formats", () => {
  it("a directory of TDMS files is one recording in time order, a gap shown as tie points", async () => {
    const dir = tmpDir();
    tdmsFile(dir, "b.tdms", 10, 10, 10); // follows a.tdms exactly
    tdmsFile(dir, "a.tdms", 10, 0, 0);
    tdmsFile(dir, "c.tdms", 10, 20, 1000); // 980 ms later: a gap
    writeFileSync(join(dir, "a.tdms_index"), new Uint8Array([0x54, 0x44, 0x53, 0x68, 0, 0, 0, 0])); // NI's index file: skipped
    const src = await openInput(dir, { onWarning: () => {} });
    expect(src.format).toBe("tdms");
    expect(src.backend.shape).toEqual([30, 2]);
    const data = await src.backend.readBlock([[5, 25], [0, 2]]);
    await src.backend.close?.();
    expect(Array.from(data)).toEqual(rows(20, 5).flat());
    const t = src.coords["time"]!;
    expect(t.tieIndices).toEqual([0, 19, 20, 29]);
    expect(t.ns(20) - t.ns(0)).toBe(1_000_000_000n);
    expect(src.files.map((f) => f.slice(-6))).toEqual(["a.tdms", "b.tdms", "c.tdms"]);
  });

  it("a directory mixing formats names the file the first file's format does not read", async () => {
    const dir = tmpDir();
    tdmsFile(dir, "a.tdms", 4, 0, 0);
    writeFileSync(join(dir, "b.sgy"), writeSegy({ traces: [[1, 2], [3, 4]], code: 5, dtUs: 1000, time: [2020, 1, 0, 0, 0] }));
    await expect(openInput(dir)).rejects.toThrow(/b\.sgy: not tdms like .*a\.tdms \(tdms: no "TDSm" tag.*it is segy/);
  });

  it("files of one format with different channels are refused, naming the file", async () => {
    const dir = tmpDir();
    tdmsFile(dir, "a.tdms", 4, 0, 0);
    writeFileSync(join(dir, "b.tdms"), writeTdms({ channels: CH, interleaved: true, rootProps: idasProps({ fs: 1000, dx: 2, x0: 0, seconds: 3786825600n, fractions: 0n }), segments: [{ chunks: [rows(4, 0)], meta: "full" }] }));
    await expect(openInput(dir, { onWarning: () => {} })).rejects.toThrow(/b\.tdms: .*a\.tdms and .*b\.tdms have different (channel counts|distance coordinates)/);
  });

  it("--engine pins a format; detection picks each real file's plug-in", async () => {
    const dir = tmpDir();
    const sgy = join(dir, "x.data"); // no telling extension
    copyFileSync(join(ROOT, "fixtures", "realdata", "segy_small_channel_patch", "small_channel_patch.sgy"), sgy);
    expect((await openInput(sgy)).format).toBe("segy");
    expect((await openInput([sgy], { engine: "segy" })).format).toBe("segy");
    await expect(openInput(sgy, { engine: "tdms" })).rejects.toThrow(/x\.data: TDMS lead-in at byte 0: tag is/);
  });
});
