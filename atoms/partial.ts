/**
 * Partial: a stateless, chunk-local function as an atom, with its extra arguments bound
 * (like xdas's `Partial`). Only for functions that act on each sample or each time row on
 * its own — a function that looks along time would break the chunking invariant.
 */
import type { DataArray } from "../src/core/dataArray.js";
import { StatelessAtom } from "./stateless.js";

export class Partial<A extends unknown[]> extends StatelessAtom {
  readonly name: string;
  // A function may well combine channels; say so, so the runner never splits it.
  override readonly mixesChannels = true;
  private readonly fn: (x: DataArray, ...args: A) => DataArray;
  private readonly args: A;

  constructor(fn: (x: DataArray, ...args: A) => DataArray, ...args: A) {
    super();
    this.fn = fn;
    this.args = args;
    this.name = `partial(${fn.name || "anonymous"})`;
  }

  call(x: DataArray): DataArray {
    return this.fn(x, ...this.args);
  }
}
