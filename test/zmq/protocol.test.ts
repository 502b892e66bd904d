/** The dasflow message codec: exact round trips and clear errors for every malformed field. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataArray } from "../../src/core/dataArray.js";
import { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import { ratFromNumber, ratInt, rational } from "../../src/core/coords/rational.js";
import { isDasflowError } from "../../src/core/errors.js";
import { decodeMessage, encodeData, encodeEnd, encodeHeartbeat, parseWire, ratWire } from "../../io/zmq/protocol.js";
import { synthesize } from "../../src/synthetic/generator.js";

const T0 = 1_704_067_200_000_000_000n;

function roundTrip(x: DataArray): DataArray {
  const frames = encodeData(x, { stream: "s", seq: 3 });
  const msg = decodeMessage(frames.map((f) => Buffer.from(f))); // copies, as if off the wire
  if (msg.type !== "data") throw new Error("not data");
  expect(msg.header.seq).toBe(3);
  expect(msg.header.stream).toBe("s");
  return msg.array;
}

function expectExact(a: DataArray, b: DataArray): void {
  expect(a.equals(b)).toBe(true);
  for (const d of a.dims) expect(a.coords[d]?.step).toEqual(b.coords[d]?.step);
}

describe("dasflow protocol: round trips", () => {
  it("float32 and float64 chunks with regular coordinates", () => {
    const x = synthesize({ channels: 7, rate: 1000, seed: 1 }, 13);
    expectExact(roundTrip(x), x);
    const y = synthesize({ channels: 7, rate: 1000, seed: 1, dtype: "float64", x0: 12.5, dx: 0.1 }, 13);
    expectExact(roundTrip(y), y);
  });

  it("a chunk starting off the ns grid (3 kHz) keeps its exact rational t0 and dt", () => {
    const x = synthesize({ channels: 3, rate: 3000, seed: 2 }, 10).isel({ time: { start: 1 } });
    expect(x.coords["time"]!.at(0).den).toBe(3n);
    const h = JSON.parse(encodeData(x, { stream: "s", seq: 0 })[0].toString());
    expect(h.t0).toBe(`${T0 * 3n + 1_000_000n}/3`);
    expect(h.dt).toBe("1000000/3");
    expectExact(roundTrip(x), x);
  });

  it("time with a gap inside the chunk and distance with a ROI jump travel as tie points", () => {
    const a = synthesize({ channels: 4, rate: 100, seed: 3 }, 5);
    const b = synthesize({ channels: 4, rate: 100, seed: 3, t0: T0 + 1_000_000_000n }, 6);
    const gapped = DataArray.concat([a, b], "time");
    const dist = new InterpCoordinate(4, [0, 1, 2, 3], [ratInt(0), ratInt(2), ratFromNumber(40.5), ratFromNumber(42.5)], "m");
    const x = gapped.with(gapped.data, gapped.shape, { distance: dist });
    const h = JSON.parse(encodeData(x, { stream: "s", seq: 0 })[0].toString());
    expect(h.timeTies.indices).toEqual([0, 4, 5, 10]);
    expect(h.distance.indices).toEqual([0, 1, 2, 3]);
    expectExact(roundTrip(x), x);
  });

  it("0-sample and 1-sample chunks, (distance, time) layout, and attributes", () => {
    const x = synthesize({ channels: 5, rate: 500, seed: 4 }, 3);
    expectExact(roundTrip(x.isel({ time: { start: 0, stop: 0 } })), x.isel({ time: { start: 0, stop: 0 } }));
    expectExact(roundTrip(x.isel({ time: { start: 2 } })), x.isel({ time: { start: 2 } }));
    const t = new DataArray(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3], ["distance", "time"], {
      distance: InterpCoordinate.regular(2, ratInt(0), ratInt(5), "m"),
      time: InterpCoordinate.regular(3, ratInt(T0), ratInt(1000n), "ns"),
    }, { gauge: 10, name: "strain", big: 2n ** 70n, list: Float64Array.of(1.5, 2) });
    const back = roundTrip(t);
    expectExact(back, t);
    expect(back.attrs).toEqual({ gauge: 10, name: "strain", big: (2n ** 70n).toString(), list: [1.5, 2] });
  });

  it("random arrays, coordinates and dtypes round-trip exactly (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 1000n }),
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
        fc.double({ noNaN: true, noDefaultInfinity: true, min: 1e-3, max: 1e3 }),
        fc.boolean(),
        (nt, nx, t0, dtNum, dtDen, x0, dx, f64) => {
          const n = nt * nx;
          const data = f64 ? new Float64Array(n) : new Float32Array(n);
          for (let i = 0; i < n; i++) data[i] = Math.sin(i * 12.9898 + Number(t0 % 1000n)) * 1e3;
          const x = new DataArray(data, [nt, nx], ["time", "distance"], {
            time: InterpCoordinate.regular(nt, ratInt(t0), rational(dtNum, dtDen), "ns"),
            distance: InterpCoordinate.regular(nx, ratFromNumber(x0), ratFromNumber(dx), "m"),
          });
          const y = roundTrip(x);
          return y.equals(x) && (nt === 0 || y.coords["time"]!.step!.num * x.coords["time"]!.step!.den === x.coords["time"]!.step!.num * y.coords["time"]!.step!.den);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("end-of-stream and heartbeat messages", () => {
    const end = decodeMessage(encodeEnd({ stream: "a", seq: 12 }));
    expect(end).toEqual({ type: "end", header: { dasflow: 1, stream: "a", type: "end", seq: 12 } });
    const failed = decodeMessage(encodeEnd({ stream: "a", seq: 2 }, "disk full"));
    expect(failed.type === "end" && failed.header.error).toBe("disk full");
    const hb = decodeMessage(encodeHeartbeat({ stream: "a", seq: 5 }, 42n));
    expect(hb).toEqual({ type: "heartbeat", header: { dasflow: 1, stream: "a", type: "heartbeat", seq: 5, time: "42" } });
  });

  it("wire values: exact floats as numbers, others as fractions; decimal text accepted", () => {
    expect(ratWire(ratFromNumber(0.1))).toBe(0.1);
    expect(ratWire(rational(1n, 3n))).toBe("1/3");
    expect(ratWire(ratInt(2n ** 80n))).toBe(2 ** 80); // exactly a float64
    expect(ratWire(ratInt(2n ** 80n + 1n))).toBe((2n ** 80n + 1n).toString());
    expect(parseWire("0.25", "f")).toEqual(rational(1n, 4n));
    expect(parseWire("-12", "f")).toEqual(ratInt(-12n));
    expect(parseWire(0.1, "f")).toEqual(ratFromNumber(0.1));
  });
});

describe("dasflow protocol: malformed messages are FormatErrors naming the cause", () => {
  const x = synthesize({ channels: 3, rate: 100, seed: 1 }, 4);
  const [header, data] = encodeData(x, { stream: "s", seq: 0 });
  const h = JSON.parse(header.toString());
  const withHeader = (patch: Record<string, unknown>): Buffer[] => [Buffer.from(JSON.stringify({ ...h, ...patch })), data];
  const cases: [string, Buffer[], RegExp][] = [
    ["no frames", [], /empty message/],
    ["header not JSON", [Buffer.from("{not json"), data], /header frame is not JSON/],
    ["header not an object", [Buffer.from("[1,2]"), data], /not a JSON object/],
    ["wrong protocol version", withHeader({ dasflow: 2 }), /field "dasflow" must be protocol version 1, got 2/],
    ["unknown type", withHeader({ type: "blob" }), /field "type"/],
    ["missing stream", withHeader({ stream: 5 }), /field "stream"/],
    ["negative seq", withHeader({ seq: -1 }), /field "seq"/],
    ["wrong dtype", withHeader({ dtype: "int8" }), /field "dtype" must be "float32" or "float64", got "int8"/],
    ["bad shape", withHeader({ shape: [4] }), /field "shape"/],
    ["dims without time", withHeader({ dims: ["a", "b"] }), /field "dims"/],
    ["data frame too short", [header, data.subarray(0, 10)], /data frame has 10 bytes, but shape \[4, 3\] of float32 needs 48/],
    ["data frame too long", [header, Buffer.concat([data, Buffer.alloc(4)])], /has 52 bytes/],
    ["missing data frame", [header], /2 frames/],
    ["bad t0", withHeader({ t0: "yesterday" }), /field "t0"/],
    ["zero dt", withHeader({ dt: "0" }), /field "dt" must be a positive interval/],
    ["bad distance", withHeader({ distance: { indices: [0, 1], values: [0] } }), /field "distance.values"/],
    ["distance tie points out of order", withHeader({ distance: { indices: [0, 0, 2], values: [0, 1, 2], step: 1 } }), /field "distance"/],
    ["end with data frame", [encodeEnd({ stream: "s", seq: 0 })[0], data], /1 frame/],
    ["heartbeat without time", [Buffer.from(JSON.stringify({ dasflow: 1, stream: "s", type: "heartbeat", seq: 0 }))], /field "time"/],
  ];
  for (const [name, frames, re] of cases) {
    it(name, () => {
      let err: unknown;
      try {
        decodeMessage(frames);
      } catch (e) {
        err = e;
      }
      expect(isDasflowError(err, "FormatError")).toBe(true);
      expect((err as Error).message).toMatch(re);
    });
  }

  it("encoding refuses arrays that are not 2-D time chunks", () => {
    const oneD = new DataArray(new Float32Array(3), [3], ["time"], {});
    expect(() => encodeData(oneD, { stream: "s", seq: 0 })).toThrow(/2-D/);
    const noTime = new DataArray(new Float32Array(4), [2, 2], ["a", "b"], {});
    expect(() => encodeData(noTime, { stream: "s", seq: 0 })).toThrow(/"time" dim/);
  });
});
