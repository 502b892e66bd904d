/** How an op of the pipeline spec is validated and built: each atom file exports one. */
import type { z } from "zod";
import type { Atom } from "../../src/core/atom.js";

export interface OpDefinition<S extends z.ZodType = z.ZodType> {
  /** The `op` name in the spec. */
  readonly op: string;
  /** Options schema (without `op`); strict, so a misspelt option is an error. */
  readonly schema: S;
  /** An op that must come earlier in the pipeline (coincidence reads a trigger's picks). */
  readonly after?: string;
  /** Builds the atom from validated options. */
  build(options: z.infer<S>): Atom;
}

/** Typed helper so each atom file gets its options type inferred. */
export function defineOp<S extends z.ZodType>(def: OpDefinition<S>): OpDefinition<S> {
  return def;
}
