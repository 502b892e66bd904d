/**
 * Base of the element-wise atoms (`square`, `scale`, `abs`): one kernel `apply(x, out, n)`,
 * called with a fresh output by `call`, and on the input itself by `callInPlace` when the
 * caller gives its chunk up — `Sequential` does so with an intermediate it owns, which saves
 * the allocation and first touch of a new output per chunk.
 */
import type { DataArray, FloatArray } from "../src/core/dataArray.js";
import { allocOutput } from "./kernels/allocOutput.js";
import { StatelessAtom } from "./stateless.js";

export abstract class ElementwiseAtom extends StatelessAtom {
  readonly freshOutput = true;

  /** out[0…n) = f(x[0…n)); `out` may be `x`. */
  protected abstract apply(x: FloatArray, out: FloatArray, n: number): void;

  call(x: DataArray): DataArray {
    const d = x.data;
    const out = allocOutput(d, d.length);
    this.apply(d, out, d.length);
    return x.with(out);
  }

  callInPlace(x: DataArray): DataArray {
    const d = x.data;
    this.apply(d, d, d.length);
    return x;
  }
}
