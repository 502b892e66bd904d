/**
 * Sample types of binary DAS formats and how they are delivered: integers of up to 16 bits,
 * float32 and IBM floats become float32 (exact); 32-bit integers and float64 become float64
 * (exact); 64-bit integers become float64 (exact up to 2^53 in magnitude).
 */
import type { Dtype } from "../../src/core/dataArray.js";

export type SampleType = "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64" | "float32" | "float64" | "ibm32";

/** Bytes per sample. */
export function sampleSize(t: SampleType): number {
  switch (t) {
    case "int8":
    case "uint8":
      return 1;
    case "int16":
    case "uint16":
      return 2;
    case "int64":
    case "uint64":
    case "float64":
      return 8;
    default:
      return 4;
  }
}

/** True for integer types whose every value int32 holds (HDF5 and binary type names alike). */
export function int32Holds(t: string): boolean {
  return t === "int8" || t === "uint8" || t === "int16" || t === "uint16" || t === "int32";
}

/** The float type that holds every value of `t` exactly (see module doc). */
export function deliveredDtype(t: SampleType): Dtype {
  return t === "int8" || t === "uint8" || t === "int16" || t === "uint16" || t === "float32" || t === "ibm32" ? "float32" : "float64";
}
