/**
 * lfilter: IIR filter from transfer-function coefficients (b, a), direct form II transposed —
 * SciPy's `lfilter`, streamed: along time the delays carry across chunks.
 *
 * ```ts
 * const hp = new LFilter({ b, a, dim: "time", zi: "steady" });
 * ```
 */
import { lazySchema, z } from "../src/core/zod.js";
import type { FloatArray } from "../src/core/dataArray.js";
import { lfilterZi } from "./design/lfilterZi.js";
import { normalizeBA } from "./design/normalizeBA.js";
import { IirAtom, type ZiMode } from "./iirAtom.js";
import { lfilterAxis0, lfilterAxis1 } from "./kernels/lfilterKernel.js";
import { defineOp } from "./pipeline/opDefinition.js";

export interface LFilterOptions {
  b: readonly number[];
  a: readonly number[];
  dim?: string;
  zi?: ZiMode;
}

export class LFilter extends IirAtom {
  readonly name = "lfilter";
  readonly b: Float64Array;
  readonly a: Float64Array;
  protected readonly order: number;

  constructor(options: LFilterOptions) {
    super(options);
    const { b, a } = normalizeBA(options.b, options.a, "lfilter");
    this.b = b;
    this.a = a;
    this.order = b.length - 1;
  }

  protected ziSteady(): Float64Array {
    return lfilterZi(Array.from(this.b), Array.from(this.a));
  }

  protected runAxis0(x: FloatArray, y: FloatArray, z: Float64Array, n: number, signals: number, scratch: Float64Array): void {
    lfilterAxis0(this.b, this.a, x, y, z, n, signals, scratch);
  }

  protected runAxis1(x: FloatArray, y: FloatArray, z: Float64Array, signals: number, n: number): void {
    lfilterAxis1(this.b, this.a, x, y, z, signals, n);
  }
}

const coefficients = lazySchema(() => z.array(z.number().finite()).min(1));

export const lfilterOp = defineOp({
  op: "lfilter",
  schema: () => z.strictObject({
    b: coefficients(),
    a: coefficients(),
    dim: z.string().default("time"),
    zi: z.enum(["zeros", "steady"]).default("zeros"),
  }),
  build: (o) => new LFilter(o),
});
