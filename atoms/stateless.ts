/** Base of atoms without state (element-wise ones): nothing held back, nothing to save. */
import type { DataArray } from "../src/core/dataArray.js";
import { type StateDefinition, defineState } from "../src/core/state/stateDefinition.js";
import type { AtomState } from "../src/core/state/stateValue.js";
import type { Atom } from "../src/core/atom.js";

export abstract class StatelessAtom implements Atom {
  abstract readonly name: string;
  readonly mixesChannels: boolean = false;
  abstract call(x: DataArray): DataArray;
  private stateDef: StateDefinition<Record<string, never>> | null = null;

  flush(): DataArray | null {
    return null;
  }

  reset(): void {}

  getState(): AtomState {
    return this.stateDefinition().write({});
  }

  setState(state: AtomState): void {
    this.stateDefinition().read(state);
  }

  /** The state: just the op (built on first use: `name` is the subclass's). */
  private stateDefinition(): StateDefinition<Record<string, never>> {
    const mismatch = (st: AtomState): string => `${this.name}: got the state of ${String(st["op"])}`;
    return (this.stateDef ??= defineState({ op: this.name, config: {}, fields: {}, mismatch, malformed: mismatch }));
  }
}
