/** Sequential: atoms applied one after another; itself an atom whose state is its children's. */
import { recycleBuffer } from "../src/core/buffers/bufferPool.js";
import { DataArray } from "../src/core/dataArray.js";
import { z } from "../src/core/zod.js";
import { DasflowError } from "../src/core/errors.js";
import { type StateDefinition, atomState, defineState } from "../src/core/state/stateDefinition.js";
import type { AtomState } from "../src/core/state/stateValue.js";
import type { Atom } from "../src/core/atom.js";
import { STREAM_DIM } from "./layout.js";

export class Sequential implements Atom {
  readonly name = "sequential";
  readonly atoms: readonly Atom[];
  /** The state: each child's own, in order (each checked by the child's `setState`). */
  private readonly state: StateDefinition<{ children: AtomState[] }> = defineState({
    op: "sequential",
    config: {},
    fields: { children: z.array(atomState()) },
    mismatch: (st) => `not a sequential state (op: ${String(st["op"])})`,
    malformed: (st) => `not a sequential state (op: ${String(st["op"])})`,
  });

  constructor(atoms: readonly Atom[]) {
    this.atoms = [...atoms];
    this.atoms.forEach((a, i) => a.attachUpstream?.(this.atoms.slice(0, i)));
  }

  get mixesChannels(): boolean {
    return this.atoms.some((a) => a.mixesChannels);
  }

  /**
   * The caller's chunk is never written; an intermediate that an atom returned fresh is owned
   * here and given up to the next atom, which may then work in place (`callInPlace`).
   */
  call(x: DataArray): DataArray {
    return this.run(x, false);
  }

  /**
   * `call` on a chunk whose data the caller gives up: the first atoms may write over it
   * (`callInPlace`), so a filter at the head of the pipeline needs no new chunk-sized array.
   * The caller still recycles `x.data` itself when the result is not a view of it.
   */
  callInPlace(x: DataArray): DataArray {
    return this.run(x, true);
  }

  private run(x: DataArray, given: boolean): DataArray {
    let y = x;
    let owned = given;
    for (const a of this.atoms) {
      if (owned && a.callInPlace !== undefined) {
        y = a.callInPlace(y);
      } else {
        const next = a.call(y);
        // An owned intermediate the next atom has consumed (not returned a view of) is dead: its buffer goes back to the pool
        // (the caller's own buffer stays the caller's to recycle).
        if (owned && next.data.buffer !== y.data.buffer && y.data.buffer !== x.data.buffer) recycleBuffer(y.data.buffer);
        y = next;
      }
      owned = a.freshOutput === true;
    }
    return y;
  }

  /** Flushes each atom in turn, passing what it releases through the atoms after it. */
  flush(): DataArray | null {
    let pending: DataArray | null = null;
    for (const a of this.atoms) {
      const passed: DataArray | null = pending === null ? null : a.call(pending);
      const tail = a.flush();
      pending = passed === null ? tail : tail === null ? passed : DataArray.concat([passed, tail], STREAM_DIM);
    }
    return pending;
  }

  reset(): void {
    for (const a of this.atoms) a.reset();
  }

  getState(): AtomState {
    return this.state.write({ children: this.atoms.map((a) => a.getState()) });
  }

  /** Each child takes its state in turn; when one refuses, the children before it get their previous states back. */
  setState(state: AtomState): void {
    const { children } = this.state.read(state);
    if (children.length !== this.atoms.length) {
      throw new DasflowError("StateError", `state has ${children.length} atoms, the pipeline has ${this.atoms.length}`);
    }
    const before = this.atoms.map((a) => a.getState());
    let i = 0;
    try {
      for (; i < children.length; i++) this.atoms[i]!.setState(children[i]!);
    } catch (err) {
      for (let j = 0; j < i; j++) this.atoms[j]!.setState(before[j]!);
      throw err;
    }
  }
}
