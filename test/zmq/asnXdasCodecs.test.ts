/** ASN OptoDAS and xdas message codecs (no sockets): exact round trips and clear errors. */
import { describe, expect, it } from "vitest";
import { DataArray } from "../../src/core/dataArray.js";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { ratFromNumber, ratInt, rational } from "../../src/core/coords/rational.js";
import { isDasflowError } from "../../src/core/errors.js";
import { asnDistance, asnHeaderFor, decodeAsnData, encodeAsnData, looksLikeAsnHeader, parseAsnHeader, type AsnHeader } from "../../io/zmq/asnProtocol.js";
import { decodeXdasMessage, encodeXdasMessage } from "../../io/zmq/xdasMessage.js";
import { synthesize } from "../../src/synthetic/generator.js";

const T0 = 1_704_067_200_000_000_000n;
const headerBytes = (h: object): Buffer => Buffer.from(JSON.stringify(h));

describe("ASN OptoDAS codec", () => {
  it("a chunk round-trips exactly through header + data message", () => {
    const x = synthesize({ channels: 6, rate: 1000, seed: 1, x0: 30, dx: 2.5 }, 20);
    const h = asnHeaderFor(x);
    expect(h).toEqual({
      bytesPerPackage: 24,
      nPackagesPerMessage: 20,
      nChannels: 6,
      dataType: "float",
      dx: 2.5,
      dt: 0.001,
      dtUnit: "s",
      dxUnit: "m",
      roiTable: [{ roiStart: 12, roiEnd: 17, roiDec: 1 }],
    });
    const msg = encodeAsnData(x);
    expect(msg.byteLength).toBe(8 + 20 * 24);
    expect(msg.readBigInt64LE(0)).toBe(T0);
    const back = decodeAsnData(parseAsnHeader(headerBytes(h)), Buffer.from(msg));
    expect(back.equals(x)).toBe(true);
    expect(back.coords["time"]!.step).toEqual(x.coords["time"]!.step);
  });

  it("float64 and a 3 kHz rate (dt a fraction of a ns) round-trip", () => {
    const x = synthesize({ channels: 2, rate: 3000, seed: 2, dtype: "float64" }, 9);
    const back = decodeAsnData(parseAsnHeader(headerBytes(asnHeaderFor(x))), encodeAsnData(x));
    expect(back.equals(x)).toBe(true);
    expect(back.coords["time"]!.step).toEqual(rational(1_000_000n, 3n));
  });

  it("distance is (roiStart/roiDec + i)·dx, ROI after ROI, time t0 + i·dt", () => {
    const h: AsnHeader = {
      bytesPerPackage: 2 * 5,
      nPackagesPerMessage: 3,
      nChannels: 5,
      dataType: "short",
      dx: 4.08,
      dt: 0.5,
      dtUnit: "ms",
      roiTable: [
        { roiStart: 100, roiEnd: 104, roiDec: 2 }, // raw 100, 102, 104 → 3 channels from 50·dx
        { roiStart: 300, roiEnd: 302, roiDec: 2 }, // 2 channels from 150·dx
      ],
    };
    const d = asnDistance(h);
    expect(d.tieIndices).toEqual([0, 2, 3, 4]);
    const dx = ratFromNumber(4.08);
    expect(d.at(0)).toEqual(rational(dx.num * 50n, dx.den)); // exactly 50·dx
    expect(d.value(1)).toBeCloseTo(51 * 4.08, 9);
    expect(d.value(3)).toBeCloseTo(150 * 4.08, 9);
    const samples = Int16Array.from({ length: 15 }, (_, i) => i * 1000 - 7000);
    const msg = Buffer.alloc(8 + 30);
    msg.writeBigInt64LE(T0 + 5n);
    Buffer.from(samples.buffer).copy(msg, 8);
    const x = decodeAsnData(parseAsnHeader(headerBytes(h)), msg);
    expect(x.dtype).toBe("float32");
    expect(Array.from(x.data)).toEqual(Array.from(samples));
    expect(x.coords["time"]!.ns(2)).toBe(T0 + 5n + 1_000_000n);
  });

  it("an xdas-style header whose ROI does not account for the channels uses its start for all", () => {
    const h = parseAsnHeader(headerBytes({ bytesPerPackage: 16, nPackagesPerMessage: 1, nChannels: 4, dataType: "float", dx: 1, dt: 0.01, roiTable: [{ roiStart: 10, roiEnd: 100, roiDec: 1 }] }));
    expect(Array.from(asnDistance(h).toFloat64Array())).toEqual([10, 11, 12, 13]);
  });

  it("tells headers from data messages", () => {
    expect(looksLikeAsnHeader(headerBytes({ a: 1 }))).toBe(true);
    expect(looksLikeAsnHeader(encodeAsnData(synthesize({ channels: 2, rate: 10 }, 1)))).toBe(false);
  });

  const good = { bytesPerPackage: 8, nPackagesPerMessage: 2, nChannels: 2, dataType: "float", dx: 1, dt: 0.001, roiTable: [{ roiStart: 0, roiEnd: 1, roiDec: 1 }] };
  const bad: [string, Buffer, RegExp][] = [
    ["not JSON", Buffer.from("{oops}"), /header is not JSON/],
    ["unknown dataType", headerBytes({ ...good, dataType: "complex" }), /field "dataType"/],
    ["bytesPerPackage inconsistent", headerBytes({ ...good, bytesPerPackage: 7 }), /field "bytesPerPackage" must be nChannels × 4/],
    ["negative dt", headerBytes({ ...good, dt: -1 }), /field "dt"/],
    ["unknown dtUnit", headerBytes({ ...good, dtUnit: "fortnight" }), /field "dtUnit"/],
    ["empty roiTable", headerBytes({ ...good, roiTable: [] }), /field "roiTable"/],
    ["roiDec 0", headerBytes({ ...good, roiTable: [{ roiStart: 0, roiEnd: 1, roiDec: 0 }] }), /roiTable\[0\]\.roiDec/],
  ];
  for (const [name, bytes, re] of bad) {
    it(`header error: ${name}`, () => {
      let err: unknown;
      try {
        parseAsnHeader(bytes);
      } catch (e) {
        err = e;
      }
      expect(isDasflowError(err, "FormatError")).toBe(true);
      expect((err as Error).message).toMatch(re);
    });
  }

  it("a data message of the wrong size is a FormatError", () => {
    const h = parseAsnHeader(headerBytes(good));
    expect(() => decodeAsnData(h, Buffer.alloc(8 + 12))).toThrow(/data message has 20 bytes, the header announces 24/);
  });

  it("publishing refuses chunks the protocol cannot describe", () => {
    const x = synthesize({ channels: 3, rate: 100, x0: 0.5, dx: 2 }, 2);
    expect(() => asnHeaderFor(x)).toThrow(/not a non-negative multiple of the spacing/);
    const roi = x.with(x.data, x.shape, { distance: new InterpCoordinate(3, [0, 1, 2], [ratInt(0), ratInt(2), ratInt(10)], "m") });
    expect(() => asnHeaderFor(roi)).toThrow(/must be regular/);
    expect(() => encodeAsnData(x.isel({ time: { start: 0, stop: 0 } }))).toThrow(/at least one sample/);
  });
});

describe("xdas NetCDF4 messages", () => {
  it("a chunk round-trips exactly through the NetCDF bytes", async () => {
    const x = synthesize({ channels: 5, rate: 500, seed: 3, x0: 10, dx: 2 }, 12);
    const bytes = await encodeXdasMessage(x);
    expect(bytes.subarray(0, 8).toString("latin1")).toBe("\x89HDF\r\n\x1a\n");
    const back = await decodeXdasMessage(bytes);
    expect(back.dims).toEqual(["time", "distance"]);
    expect(back.equals(x)).toBe(true);
  });

  it("garbage bytes are a FormatError, not a crash", async () => {
    await expect(decodeXdasMessage(Buffer.from("definitely not hdf5"))).rejects.toSatisfy(
      (e: unknown) => isDasflowError(e, "FormatError") && /xdas message \(19 bytes\) is not an xdas NetCDF4 file/.test((e as Error).message),
    );
  });

  it("keeps a gap inside the chunk as time tie points", async () => {
    const a = synthesize({ channels: 2, rate: 100, seed: 4 }, 3);
    const b = synthesize({ channels: 2, rate: 100, seed: 4, t0: T0 + 5_000_000_000n }, 3);
    const x = DataArray.concat([a, b], "time");
    const back = await decodeXdasMessage(await encodeXdasMessage(x));
    expect(back.equals(x)).toBe(true);
    expect(back.coords["time"]!.tieIndices).toEqual([0, 2, 3, 5]);
  });
});
