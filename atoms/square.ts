/** square: x² element-wise (the energy of a signal), in the input's precision. */
import { z } from "../src/core/zod.js";
import type { FloatArray } from "../src/core/dataArray.js";
import { ElementwiseAtom } from "./elementwiseAtom.js";
import { squareInto } from "./kernels/elementwise.js";
import { defineOp } from "./pipeline/opDefinition.js";

export class Square extends ElementwiseAtom {
  readonly name = "square";

  protected apply(x: FloatArray, out: FloatArray, n: number): void {
    squareInto(x, out, n);
  }
}

export const squareOp = defineOp({
  op: "square",
  schema: () => z.strictObject({}),
  build: () => new Square(),
});
