/** square: x² element-wise (the energy of a signal), in the input's precision. */
import { z } from "zod";
import type { DataArray } from "../src/dataArray.js";
import { allocLike } from "./layout.js";
import { defineOp } from "./pipeline/opDefinition.js";
import { StatelessAtom } from "./stateless.js";

export class Square extends StatelessAtom {
  readonly name = "square";

  call(x: DataArray): DataArray {
    const d = x.data;
    const out = allocLike(d, d.length);
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      out[i] = v * v;
    }
    return x.with(out);
  }
}

export const squareOp = defineOp({
  op: "square",
  schema: z.strictObject({}),
  build: () => new Square(),
});
