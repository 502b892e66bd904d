/** Every op of the pipeline spec. A new atom adds its `OpDefinition` here. */
import { absOp } from "../abs.js";
import { lfilterOp } from "../lfilter.js";
import { scaleOp } from "../scale.js";
import { sosfiltOp } from "../sosfilt.js";
import { squareOp } from "../square.js";
import { staLtaOp } from "../staLta.js";
import { triggerOp } from "../trigger.js";
import { downsampleOp } from "../downsample.js";
import { upsampleOp } from "../upsample.js";
import { decimateOp } from "../decimate.js";
import { resamplePolyOp } from "../resamplePoly.js";
import { firfilterOp } from "../firfilter.js";
import { iirfilterOp } from "../iirfilter.js";
import { stftOp } from "../spectral/stft.js";
import { bandEnergyOp } from "../spectral/bandEnergy.js";
import { coincidenceOp } from "../coincidence.js";
import type { OpDefinition } from "./opDefinition.js";

export const OPS: ReadonlyMap<string, OpDefinition> = new Map<string, OpDefinition>(
  ([lfilterOp, sosfiltOp, squareOp, absOp, scaleOp, staLtaOp, triggerOp, downsampleOp, upsampleOp, decimateOp, resamplePolyOp, firfilterOp, iirfilterOp, stftOp, bandEnergyOp, coincidenceOp] as OpDefinition[]).map((d) => [d.op, d]),
);
