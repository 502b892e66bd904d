/**
 * Partial: a stateless, chunk-local function as an atom, with its extra arguments bound
 * (like xdas's `Partial`). Only for functions that act on each sample or each time row on
 * its own — a function that looks along time would break the chunking invariant.
 */
import type { DataArray } from "../src/dataArray.js";
import { DasflowError } from "../src/errors.js";
import type { AtomState } from "../src/state/stateValue.js";
import type { Atom } from "./atom.js";

export class Partial<A extends unknown[]> implements Atom {
  readonly name: string;
  readonly mixesChannels: boolean;
  private readonly fn: (x: DataArray, ...args: A) => DataArray;
  private readonly args: A;

  constructor(fn: (x: DataArray, ...args: A) => DataArray, ...args: A) {
    this.fn = fn;
    this.args = args;
    this.name = `partial(${fn.name || "anonymous"})`;
    // A function may well combine channels; say so, so the runner never splits it.
    this.mixesChannels = true;
  }

  call(x: DataArray): DataArray {
    return this.fn(x, ...this.args);
  }

  flush(): DataArray | null {
    return null;
  }

  reset(): void {}

  getState(): AtomState {
    return { op: this.name };
  }

  setState(state: AtomState): void {
    if (state["op"] !== this.name) throw new DasflowError("StateError", `${this.name}: got the state of ${String(state["op"])}`);
  }
}
