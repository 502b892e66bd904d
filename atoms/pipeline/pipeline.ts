/**
 * pipeline(): builds a Sequential from a pipeline spec — an object, or JSON/YAML text —
 * `{ atoms: [{ op: "sosfilt", sos: [...] }, { op: "square" }] }`. Every error names the
 * atom, its op and the field: `atoms[2] (decimate): q: must be an integer ≥ 1, got 0`.
 *
 * ```ts
 * const atom = pipeline(`
 * atoms:
 *   - op: lfilter
 *     b: [0.5, 0.5]
 *     a: [1]
 *   - op: square
 * `);
 * ```
 */
import { createRequire } from "node:module";
import type * as Yaml from "yaml";
import type { z } from "zod";
import { DasflowError } from "../../src/core/errors.js";
import type { Atom } from "../../src/core/atom.js";
import { Sequential } from "../sequential.js";
import { OPS } from "./ops.js";

/** One atom of a spec: its op and options. */
export interface AtomSpec {
  op: string;
  [option: string]: unknown;
}

/** A pipeline spec (DESIGN.md): the atoms in order, plus optional descriptive fields. */
export interface PipelineSpec {
  atoms: AtomSpec[];
  name?: string;
  description?: string;
}

/** Parses (if text) and validates a spec, then builds its atoms. */
export function pipeline(spec: PipelineSpec | string, source = "pipeline"): Sequential {
  return new Sequential(validateSpec(spec, source).map(buildAtom));
}

/** A validated spec: each atom's op and options with defaults filled in. */
export interface ValidatedAtom {
  op: string;
  options: Record<string, unknown>;
}

/** Checks a spec without building it; returns the atoms with defaults applied. */
export function validateSpec(spec: PipelineSpec | string, source = "pipeline"): ValidatedAtom[] {
  let obj: unknown = spec;
  if (typeof spec === "string") {
    try {
      // yaml (~70 modules) loads at the first text spec, not with `import("dasflow")`.
      const { parse } = createRequire(import.meta.url)("yaml") as typeof Yaml;
      obj = parse(spec);
    } catch (err) {
      throw new DasflowError("SpecError", `not valid YAML/JSON: ${(err as Error).message.split("\n")[0]}`, { path: source });
    }
  }
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
    throw new DasflowError("SpecError", `a pipeline is an object with a list "atoms", got ${describe(obj)}`, { path: source });
  }
  const known = new Set(["atoms", "name", "description"]);
  for (const k of Object.keys(obj)) {
    if (!known.has(k)) throw new DasflowError("SpecError", `unknown top-level field "${k}" (expected atoms, name, description)`, { path: source });
  }
  const atoms = (obj as { atoms?: unknown }).atoms;
  if (!Array.isArray(atoms)) {
    throw new DasflowError("SpecError", `"atoms" must be a list of {op: ...} objects, got ${describe(atoms)}`, { path: source });
  }
  const out = atoms.map((a, i) => validateAtom(a, i, source));
  out.forEach((v, i) => {
    const need = OPS.get(v.op)!.after;
    if (need !== undefined && !out.slice(0, i).some((u) => u.op === need)) {
      throw new DasflowError("SpecError", `atoms[${i}] (${v.op}): needs a ${need} before it in the pipeline`, { path: source });
    }
  });
  return out;
}

function validateAtom(a: unknown, i: number, source: string): ValidatedAtom {
  const where = `atoms[${i}]`;
  if (typeof a !== "object" || a === null || Array.isArray(a)) {
    throw new DasflowError("SpecError", `${where}: must be an object with an "op", got ${describe(a)}`, { path: source });
  }
  const { op, ...rest } = a as Record<string, unknown>;
  if (typeof op !== "string") throw new DasflowError("SpecError", `${where}: "op" must be a string, got ${describe(op)}`, { path: source });
  const def = OPS.get(op);
  if (!def) {
    throw new DasflowError("SpecError", `${where}: unknown op "${op}" (known: ${[...OPS.keys()].sort().join(", ")})`, { path: source });
  }
  const parsed = def.schema.safeParse(rest);
  if (!parsed.success) {
    // A misspelt option also makes the real one look missing: report the misspelling.
    const issues = parsed.error.issues;
    const issue = issues.find((i) => i.code === "unrecognized_keys") ?? issues[0]!;
    throw new DasflowError("SpecError", `${where} (${op}): ${formatIssue(issue, rest)}`, { path: source });
  }
  // Build once now so that semantic checks inside the atom (a[0] = 0, cutoff ≥ Nyquist…)
  // surface as spec errors with the atom's position.
  try {
    def.build(parsed.data);
  } catch (err) {
    throw new DasflowError("SpecError", `${where} (${op}): ${stripPrefix((err as Error).message, op)}`, { path: source, cause: err });
  }
  return { op, options: parsed.data as Record<string, unknown> };
}

function buildAtom(v: ValidatedAtom): Atom {
  return OPS.get(v.op)!.build(v.options);
}

function stripPrefix(msg: string, op: string): string {
  return msg.startsWith(`${op}: `) ? msg.slice(op.length + 2) : msg;
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  const s = JSON.stringify(v);
  return typeof v === "object" ? "an object" : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let v = obj;
  for (const k of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");
}

/** A zod issue in the words of the spec: field, what it must be, what it got. */
function formatIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const field = formatPath(issue.path);
  const got = describe(valueAt(input, issue.path));
  const prefix = field ? `${field}: ` : "";
  switch (issue.code) {
    case "invalid_type":
      if (got === "nothing") return `${prefix}required ${issue.expected} is missing`;
      return `${prefix}must be ${issue.expected === "int" ? "an integer" : `a ${issue.expected}`}, got ${got}`;
    case "too_small":
      if (issue.origin === "array") return `${prefix}needs at least ${String(issue.minimum)} item(s), got ${got === "a list" ? (valueAt(input, issue.path) as unknown[]).length : got}`;
      return `${prefix}must be ${issue.inclusive ? "≥" : ">"} ${String(issue.minimum)}, got ${got}`;
    case "too_big":
      if (issue.origin === "array") return `${prefix}has at most ${String(issue.maximum)} item(s)`;
      return `${prefix}must be ${issue.inclusive ? "≤" : "<"} ${String(issue.maximum)}, got ${got}`;
    case "invalid_value":
      return `${prefix}must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${got}`;
    case "unrecognized_keys":
      return `unknown option${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    default:
      return `${prefix}${issue.message}, got ${got}`;
  }
}
