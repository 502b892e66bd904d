/** square: x² element-wise (the energy of a signal), in the input's precision. */
import { z } from "zod";
import type { DataArray } from "../src/dataArray.js";
import { allocOutput } from "./kernels/allocOutput.js";
import { squareInto } from "./kernels/elementwise.js";
import { defineOp } from "./pipeline/opDefinition.js";
import { StatelessAtom } from "./stateless.js";

export class Square extends StatelessAtom {
  readonly name = "square";

  call(x: DataArray): DataArray {
    const d = x.data;
    const out = allocOutput(d, d.length);
    squareInto(d, out, d.length);
    return x.with(out);
  }
}

export const squareOp = defineOp({
  op: "square",
  schema: z.strictObject({}),
  build: () => new Square(),
});
