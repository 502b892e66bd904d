/** The pipeline spec: JSON and YAML, and every bad input a clear error naming atom, op and field. */
import { describe, expect, it } from "vitest";
import { pipeline, validateSpec } from "../../atoms/pipeline/pipeline.js";
import { LFilter } from "../../atoms/lfilter.js";
import { SosFilt } from "../../atoms/sosfilt.js";
import { DataArray } from "../../src/core/dataArray.js";
import { isDasflowError } from "../../src/core/errors.js";

function specError(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(isDasflowError(err, "SpecError") || isDasflowError(err, "ShapeError")).toBe(true);
    return (err as Error).message;
  }
  throw new Error("expected an error");
}

describe("pipeline spec", () => {
  it("builds the same atoms from an object, JSON text and YAML text", () => {
    const obj = { atoms: [{ op: "lfilter", b: [0.5, 0.5], a: [1, -0.2] }, { op: "square" }, { op: "scale", factor: 2 }] };
    const yaml = "atoms:\n  - op: lfilter\n    b: [0.5, 0.5]\n    a: [1, -0.2]\n  - op: square\n  - {op: scale, factor: 2}\n";
    const x = DataArray.regular(Float64Array.from({ length: 20 }, (_, i) => Math.sin(i)), [10, 2], { t0: 0n, dt: 1n });
    const ref = pipeline(obj).call(x);
    expect(pipeline(JSON.stringify(obj)).call(x).equals(ref)).toBe(true);
    expect(pipeline(yaml).call(x).equals(ref)).toBe(true);
  });

  it("fills defaults", () => {
    const [a] = validateSpec({ atoms: [{ op: "sosfilt", sos: [[1, 0, 0, 1, 0, 0]] }] });
    expect(a!.options).toEqual({ sos: [[1, 0, 0, 1, 0, 0]], dim: "time", zi: "zeros" });
  });

  it("names the atom, the op and the field on error", () => {
    const cases: [unknown, RegExp][] = [
      [{ atoms: [{ op: "square" }, { op: "frobnicate" }] }, /atoms\[1\]: unknown op "frobnicate" \(known: .*lfilter.*\)/],
      [{ atoms: [{ op: "lfilter", b: [1, 2] }] }, /atoms\[0\] \(lfilter\): a: required array is missing/],
      [{ atoms: [{ op: "lfilter", b: [1, 2], a: [0, 1] }] }, /atoms\[0\] \(lfilter\): a\[0\] must be non-zero/],
      [{ atoms: [{ op: "lfilter", b: [], a: [1] }] }, /atoms\[0\] \(lfilter\): b: needs at least 1 item\(s\), got 0/],
      [{ atoms: [{ op: "lfilter", b: [1, "x"], a: [1] }] }, /atoms\[0\] \(lfilter\): b\[1\]: must be a number, got "x"/],
      [{ atoms: [{ op: "sosfilt", sos: [[1, 0, 0, 1, 0]] }] }, /atoms\[0\] \(sosfilt\): sos\[0\]: /],
      [{ atoms: [{ op: "sosfilt", sos: [[1, 0, 0, 0, 0, 0]] }] }, /atoms\[0\] \(sosfilt\): sos\[0\] has a0 = 0/],
      [{ atoms: [{ op: "sosfilt", sos: [[1, 0, 0, 1, 0, 0]], zi: "warm" }] }, /zi: must be one of "zeros", "steady", got "warm"/],
      [{ atoms: [{ op: "scale", factr: 2 }] }, /atoms\[0\] \(scale\): unknown option "factr"/],
      [{ atoms: [{ op: "square" }], extra: 1 }, /unknown top-level field "extra"/],
      [{ stages: [] }, /unknown top-level field "stages"/],
      [{}, /"atoms" must be a list/],
      ["atoms: [op: square", /not valid YAML\/JSON/],
      [{ atoms: ["square"] }, /atoms\[0\]: must be an object with an "op"/],
    ];
    for (const [spec, re] of cases) expect(specError(() => pipeline(spec as never))).toMatch(re);
  });

  it("prefixes errors with the spec's source", () => {
    expect(specError(() => pipeline({ atoms: [{ op: "nope" }] }, "jobs/p.yaml"))).toMatch(/^jobs\/p\.yaml: atoms\[0\]/);
  });
});

describe("atoms refuse unfit arrays", () => {
  const x2 = DataArray.regular(new Float64Array(6), [3, 2], { t0: 0n, dt: 1n });
  it("a 1-D input", () => {
    const x1 = new DataArray(new Float64Array(3), [3], ["time"]);
    expect(specError(() => new LFilter({ b: [1], a: [1] }).call(x1))).toMatch(/lfilter: needs a 2-D \(time, distance\) array, got 1-D with dims \[time\]/);
  });
  it("a dim the array lacks", () => {
    expect(specError(() => new SosFilt({ sos: [[1, 0, 0, 1, 0, 0]], dim: "depth" }).call(x2))).toMatch(/sosfilt: dim "depth" not in the array's dims \[time, distance\]/);
  });
  it("a change of channel count mid-stream", () => {
    const f = new LFilter({ b: [1, 1], a: [1] });
    f.call(x2);
    const x3 = DataArray.regular(new Float64Array(9), [3, 3], { t0: 0n, dt: 1n });
    expect(specError(() => f.call(x3))).toMatch(/chunk has 3 signals .* started with 2/);
  });
  it("a state from another atom", () => {
    const f = new LFilter({ b: [1, 1], a: [1] });
    expect(() => f.setState(new SosFilt({ sos: [[1, 0, 0, 1, 0, 0]] }).getState())).toThrow(/does not fit/);
  });
});
