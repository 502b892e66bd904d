import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeState, encodeState } from "../../src/core/state/codec.js";
import type { StateValue } from "../../src/core/state/stateValue.js";

const key = fc.string().filter((k) => k !== "__proto__");
const leaf: fc.Arbitrary<StateValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.string(),
  fc.bigInt(),
  fc.float64Array().map((a) => a as StateValue),
  fc.float32Array().map((a) => a as StateValue),
  fc.int32Array().map((a) => a as StateValue),
  fc.bigInt64Array().map((a) => a as StateValue),
  fc.uint8Array().map((a) => a as StateValue),
);
const { tree } = fc.letrec<{ tree: StateValue }>((tie) => ({
  tree: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("tree"), { maxLength: 4 }), fc.dictionary(key, tie("tree"), { maxKeys: 4 })),
}));

describe("state codec", () => {
  it("round-trips any plain state exactly (NaN payloads, -0, typed arrays, bigints)", () => {
    fc.assert(
      fc.property(fc.dictionary(key, tree), (s) => {
        expect(decodeState(encodeState(s))).toEqual(s);
      }),
      { numRuns: 300 },
    );
    const z = new Float64Array([-0, NaN, Infinity, 5e-324]);
    const back = decodeState(encodeState({ z }))["z"] as Float64Array;
    expect(Object.is(back[0], -0)).toBe(true);
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(z.buffer));
  });

  it("decodes from a Node Buffer (a view into a shared pool) without reading outside it", () => {
    const bytes = encodeState({ z: new Float64Array([1.5, -2]) });
    const pooled = Buffer.concat([Buffer.from("junk-before"), Buffer.from(bytes)]).subarray(11);
    expect(decodeState(pooled)).toEqual({ z: new Float64Array([1.5, -2]) });
  });

  it("rejects what is not a state", () => {
    expect(() => decodeState(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/not a dasflow state/);
    const good = encodeState({ a: new Float64Array(4) });
    expect(() => decodeState(good.subarray(0, good.length - 3))).toThrow(/truncated/);
    expect(() => encodeState({ f: (() => 1) as unknown as StateValue })).toThrow(/plain data only/);
    const wrongVersion = good.slice();
    wrongVersion[4] = 99;
    expect(() => decodeState(wrongVersion)).toThrow(/unsupported state version 99/);
  });
});
