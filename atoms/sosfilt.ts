/**
 * sosfilt: IIR filter as a cascade of second-order sections — SciPy's `sosfilt`, streamed:
 * along time the delays carry across chunks. Sections are numerically safer than (b, a) for
 * high orders and narrow bands, so designed filters default to them.
 */
import { z } from "../src/core/zod.js";
import type { FloatArray } from "../src/core/dataArray.js";
import { normalizeSos } from "./design/normalizeSos.js";
import { sosfiltZi } from "./design/sosfiltZi.js";
import { IirAtom, type ZiMode } from "./iirAtom.js";
import { sosfiltAxis0, sosfiltAxis1 } from "./kernels/sosfiltKernel.js";
import { defineOp } from "./pipeline/opDefinition.js";

export interface SosFiltOptions {
  /** Rows `[b0, b1, b2, a0, a1, a2]`. */
  sos: readonly (readonly number[])[];
  dim?: string;
  zi?: ZiMode;
}

export class SosFilt extends IirAtom {
  readonly name = "sosfilt";
  /** Flat coefficients, 6 per section, a0 = 1. */
  readonly sos: Float64Array;
  protected readonly order: number;

  constructor(options: SosFiltOptions) {
    super(options);
    this.sos = normalizeSos(options.sos, "sosfilt");
    this.order = 2 * (this.sos.length / 6);
  }

  protected ziSteady(): Float64Array {
    const rows: number[][] = [];
    for (let s = 0; s < this.sos.length / 6; s++) rows.push(Array.from(this.sos.subarray(6 * s, 6 * s + 6)));
    return Float64Array.from(sosfiltZi(rows).flat());
  }

  protected runAxis0(x: FloatArray, y: FloatArray, z: Float64Array, n: number, signals: number, scratch: Float64Array): void {
    sosfiltAxis0(this.sos, x, y, z, n, signals, scratch);
  }

  protected runAxis1(x: FloatArray, y: FloatArray, z: Float64Array, signals: number, n: number): void {
    sosfiltAxis1(this.sos, x, y, z, signals, n);
  }
}

export const sosfiltOp = defineOp({
  op: "sosfilt",
  schema: () => z.strictObject({
    sos: z.array(z.array(z.number().finite()).length(6)).min(1),
    dim: z.string().default("time"),
    zi: z.enum(["zeros", "steady"]).default("zeros"),
  }),
  build: (o) => new SosFilt(o),
});
