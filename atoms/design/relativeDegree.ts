/**
 * Relative degree (excess of poles over zeros) of a zpk system.
 */
import { DasflowError } from "../../src/core/errors.js";
import type { Zpk } from "./types.js";

/** Number of zeros at infinity; throws for an improper system (more zeros than poles). */
export function relativeDegree({ z, p }: Pick<Zpk, "z" | "p">): number {
  const degree = p.length - z.length;
  if (degree < 0) {
    throw new DasflowError("SpecError",
      `improper transfer function: ${z.length} zeros but only ${p.length} poles (need at least as many poles as zeros)`,
    );
  }
  return degree;
}
