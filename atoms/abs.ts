/** abs: |x| element-wise. */
import { z } from "zod";
import type { DataArray } from "../src/dataArray.js";
import { allocLike } from "./layout.js";
import { defineOp } from "./pipeline/opDefinition.js";
import { StatelessAtom } from "./stateless.js";

export class Abs extends StatelessAtom {
  readonly name = "abs";

  call(x: DataArray): DataArray {
    const d = x.data;
    const out = allocLike(d, d.length);
    for (let i = 0; i < d.length; i++) out[i] = Math.abs(d[i]!);
    return x.with(out);
  }
}

export const absOp = defineOp({
  op: "abs",
  schema: z.strictObject({}),
  build: () => new Abs(),
});
