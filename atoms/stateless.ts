/** Base of atoms without state (element-wise ones): nothing held back, nothing to save. */
import type { DataArray } from "../src/core/dataArray.js";
import { DasflowError } from "../src/core/errors.js";
import type { AtomState } from "../src/core/state/stateValue.js";
import type { Atom } from "../src/core/atom.js";

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
