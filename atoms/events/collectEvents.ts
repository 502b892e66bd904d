/**
 * collectEvents: drains the events of every event source inside an atom (itself, or any atom
 * of a Sequential, nested) — the events' side channel, as `collectPicks` is the picks'.
 *
 * ```ts
 * atom.call(chunk);
 * catalogue.append(collectEvents(atom));
 * ```
 */
import type { Atom } from "../../src/core/atom.js";
import { Sequential } from "../sequential.js";
import { type DasEvent, isEventSource } from "./event.js";

/** The events not taken yet of every event source in `atom`, in pipeline order. */
export function collectEvents(atom: Atom): DasEvent[] {
  const out: DasEvent[] = [];
  visit(atom, out);
  return out;
}

/** True when `atom` holds at least one event source. */
export function hasEventSource(atom: Atom): boolean {
  if (isEventSource(atom)) return true;
  return atom instanceof Sequential && atom.atoms.some(hasEventSource);
}

function visit(atom: Atom, out: DasEvent[]): void {
  if (isEventSource(atom)) for (const e of atom.takeEvents()) out.push(e);
  if (atom instanceof Sequential) for (const a of atom.atoms) visit(a, out);
}
