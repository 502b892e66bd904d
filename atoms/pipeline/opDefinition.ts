/** How an op of the pipeline spec is validated and built: each atom file exports one. */
import type { z } from "zod";
import type { Atom } from "../../src/core/atom.js";

export interface OpDefinition<S extends z.ZodType = z.ZodType> {
  /** The `op` name in the spec. */
  readonly op: string;
  /** Options schema (without `op`); strict, so a misspelt option is an error. Built at its first read. */
  readonly schema: S;
  /** An op that must come earlier in the pipeline (coincidence reads a trigger's picks). */
  readonly after?: string;
  /** Builds the atom from validated options. */
  build(options: z.infer<S>): Atom;
}

/** What an atom file declares: as an OpDefinition, but the schema is made by a function (zod loads at its first use, not at import). */
export interface OpDeclaration<S extends z.ZodType> extends Omit<OpDefinition<S>, "schema"> {
  schema: () => S;
}

/** Typed helper so each atom file gets its options type inferred; the schema is built once, when first read. */
export function defineOp<S extends z.ZodType>(decl: OpDeclaration<S>): OpDefinition<S> {
  const make = decl.schema;
  let schema: S | undefined;
  return Object.defineProperty({ ...decl }, "schema", { get: () => (schema ??= make()), enumerable: true }) as unknown as OpDefinition<S>;
}
