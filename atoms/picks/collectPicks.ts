/**
 * collectPicks: drains the picks of every pick source inside an atom (itself, or any atom of a
 * Sequential, nested), so a runner or the CLI finds triggers wherever they sit in a pipeline.
 *
 * ```ts
 * const atom = pipeline({ atoms: [{ op: "staLta", nsta: 50, nlta: 500 }, { op: "trigger", on: 3, off: 1 }] });
 * atom.call(chunk);
 * writer.write(collectPicks(atom));
 * ```
 */
import type { Atom } from "../../src/core/atom.js";
import { Sequential } from "../sequential.js";
import { isPickSource, type Pick } from "../../src/core/pick.js";

/** The picks not taken yet of every pick source in `atom`, in pipeline order. */
export function collectPicks(atom: Atom): Pick[] {
  const out: Pick[] = [];
  visit(atom, out);
  return out;
}

/** True when `atom` holds at least one pick source. */
export function hasPickSource(atom: Atom): boolean {
  if (isPickSource(atom)) return true;
  return atom instanceof Sequential && atom.atoms.some(hasPickSource);
}

function visit(atom: Atom, out: Pick[]): void {
  if (isPickSource(atom)) for (const p of atom.takePicks()) out.push(p);
  if (atom instanceof Sequential) for (const a of atom.atoms) visit(a, out);
}
