/** scale: x · factor element-wise (unit conversion, gain). */
import { z } from "../src/core/zod.js";
import type { FloatArray } from "../src/core/dataArray.js";
import { DasflowError } from "../src/core/errors.js";
import { ElementwiseAtom } from "./elementwiseAtom.js";
import { scaleInto } from "./kernels/elementwise.js";
import { defineOp } from "./pipeline/opDefinition.js";

export class Scale extends ElementwiseAtom {
  readonly name = "scale";
  readonly factor: number;

  constructor(options: { factor: number }) {
    super();
    if (!Number.isFinite(options.factor)) throw new DasflowError("SpecError", `scale: factor must be a finite number, got ${options.factor}`);
    this.factor = options.factor;
  }

  protected apply(x: FloatArray, out: FloatArray, n: number): void {
    scaleInto(x, out, n, this.factor);
  }
}

export const scaleOp = defineOp({
  op: "scale",
  schema: () => z.strictObject({ factor: z.number().finite() }),
  build: (o) => new Scale(o),
});
