/**
 * An atom's state, declared once next to the atom: the fields it holds (a zod shape), stamped
 * with the op and the configuration the atom was built with. `setState` reads a state through
 * its definition — checked and typed — instead of casting fields out of a record, so a state
 * of another atom, of another configuration, or with a field of the wrong kind is refused with
 * a StateError naming the atom.
 *
 * ```ts
 * const def = defineState({
 *   op: "staLta", config: { nsta: 10, nlta: 100 },
 *   fields: { signals: z.number().int(), sums: z.instanceof(Float64Array).nullable() },
 *   mismatch: (s) => `staLta: state of ${String(s["op"])} does not fit this atom`,
 *   malformed: () => "staLta: malformed state",
 * });
 * const saved = def.write({ signals: 3, sums: null });   // { op, nsta, nlta, signals, sums }
 * const { signals, sums } = def.read(saved);              // typed
 * ```
 */
import type { z as Z } from "zod";
import { lazySchema, z } from "../zod.js";
import { DasflowError } from "../errors.js";
import type { AtomState, StateValue } from "./stateValue.js";

/** How an atom's state is written and read back. */
export interface StateDefinition<T> {
  /** A state of `fields`, stamped with the op and the configuration. */
  write(fields: T): AtomState;
  /** The fields of `state`, checked: stamped by this op and configuration, each field of its kind. */
  read(state: AtomState): T;
}

/** What a state holds and how a mismatch is said. */
export interface StateDeclaration<S extends Z.ZodRawShape> {
  op: string;
  /**
   * Configuration the state is only valid for (compared with `===`), stamped into it. A key
   * whose value is `undefined` is not stamped, and a state that carries it does not fit: so an
   * option can stay out of the states of its default (the byte format of older states).
   */
  config: Readonly<Record<string, string | number | boolean | null | undefined>>;
  fields: S;
  /** The message when the state was made by another op or configuration. */
  mismatch: (state: AtomState) => string;
  /** The message when a field does not fit; `path` leads to the first value that does not (field first). */
  malformed: (state: AtomState, path: readonly PropertyKey[]) => string;
}

/**
 * Any plain state value, left for a sub-engine (a kernel, a coordinate) to check when it takes
 * it back with its own `setState`: the atom's definition still refuses a missing one.
 */
export const stateValue = lazySchema(() => z.custom<StateValue>((v) => v !== undefined));

/** A nested atom's whole state (a record), left for that atom's own definition to check. */
export const atomState = lazySchema(() => z.custom<AtomState>((v) => typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v)));

/** Any number, NaN and ±Infinity included (`z.number()` refuses them, and a state may hold them: a peak of an infinite ratio). */
export const anyNumber = lazySchema(() => z.custom<number>((v) => typeof v === "number"));

/** The state definition of one atom (one configuration). */
export function defineState<S extends Z.ZodRawShape>(d: StateDeclaration<S>): StateDefinition<Z.infer<Z.ZodObject<S>>> {
  type T = Z.infer<Z.ZodObject<S>>;
  const schema = z.object(d.fields);
  const stampKeys = ["op", ...Object.keys(d.config)];
  const stamps = Object.fromEntries(Object.entries(d.config).filter(([, v]) => v !== undefined)) as Record<string, StateValue>;
  return {
    write(fields: T): AtomState {
      return { op: d.op, ...stamps, ...(fields as Record<string, StateValue>) };
    },
    read(state: AtomState): T {
      if (state["op"] !== d.op || Object.entries(d.config).some(([k, v]) => state[k] !== v)) throw new DasflowError("StateError", d.mismatch(state));
      const rest = Object.fromEntries(Object.entries(state).filter(([k]) => !stampKeys.includes(k)));
      const parsed = schema.safeParse(rest);
      if (!parsed.success) throw new DasflowError("StateError", d.malformed(state, parsed.error.issues[0]?.path ?? []));
      return parsed.data;
    },
  };
}

/**
 * `value` checked against `schema`: how a sub-engine (a grouper, a history ring) reads back the
 * part of an atom's state it owns, when the atom hands it over. A StateError with
 * `message(path)` when it does not fit, `path` leading to the first value that does not.
 */
export function readState<T>(schema: Z.ZodType<T>, value: unknown, message: (path: readonly PropertyKey[]) => string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DasflowError("StateError", message(parsed.error.issues[0]?.path ?? []));
  return parsed.data;
}
