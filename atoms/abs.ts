/** abs: |x| element-wise. */
import { z } from "../src/core/zod.js";
import type { FloatArray } from "../src/core/dataArray.js";
import { ElementwiseAtom } from "./elementwiseAtom.js";
import { absInto } from "./kernels/elementwise.js";
import { defineOp } from "./pipeline/opDefinition.js";

export class Abs extends ElementwiseAtom {
  readonly name = "abs";

  protected apply(x: FloatArray, out: FloatArray, n: number): void {
    absInto(x, out, n);
  }
}

export const absOp = defineOp({
  op: "abs",
  schema: () => z.strictObject({}),
  build: () => new Abs(),
});
