/** scale: x · factor element-wise (unit conversion, gain). */
import { z } from "zod";
import type { DataArray } from "../src/dataArray.js";
import { DasflowError } from "../src/errors.js";
import { allocOutput } from "./kernels/allocOutput.js";
import { scaleInto } from "./kernels/elementwise.js";
import { defineOp } from "./pipeline/opDefinition.js";
import { StatelessAtom } from "./stateless.js";

export class Scale extends StatelessAtom {
  readonly name = "scale";
  readonly factor: number;

  constructor(options: { factor: number }) {
    super();
    if (!Number.isFinite(options.factor)) throw new DasflowError("SpecError", `scale: factor must be a finite number, got ${options.factor}`);
    this.factor = options.factor;
  }

  call(x: DataArray): DataArray {
    const d = x.data;
    const f = this.factor;
    const out = allocOutput(d, d.length);
    scaleInto(d, out, d.length, f);
    return x.with(out);
  }
}

export const scaleOp = defineOp({
  op: "scale",
  schema: z.strictObject({ factor: z.number().finite() }),
  build: (o) => new Scale(o),
});
