/** abs: |x| element-wise. */
import { z } from "zod";
import type { DataArray } from "../src/dataArray.js";
import { allocOutput } from "./kernels/allocOutput.js";
import { absInto } from "./kernels/elementwise.js";
import { defineOp } from "./pipeline/opDefinition.js";
import { StatelessAtom } from "./stateless.js";

export class Abs extends StatelessAtom {
  readonly name = "abs";

  call(x: DataArray): DataArray {
    const d = x.data;
    const out = allocOutput(d, d.length);
    absInto(d, out, d.length);
    return x.with(out);
  }
}

export const absOp = defineOp({
  op: "abs",
  schema: z.strictObject({}),
  build: () => new Abs(),
});
