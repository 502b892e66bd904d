/** Base of atoms without state (element-wise ones): nothing held back, nothing to save. */
import type { DataArray } from "../src/dataArray.js";
import { DasflowError } from "../src/errors.js";
import type { AtomState } from "../src/state/stateValue.js";
import type { Atom } from "./atom.js";

export abstract class StatelessAtom implements Atom {
  abstract readonly name: string;
  readonly mixesChannels: boolean = false;
  abstract call(x: DataArray): DataArray;

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
