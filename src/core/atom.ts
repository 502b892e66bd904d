/**
 * The Atom: one streaming step of a pipeline. Feed it chunks along time with `call`, end the
 * stream with `flush`; for any chunking the concatenated outputs equal one call on the whole
 * array followed by `flush` (the invariant every atom is tested for).
 *
 * ```ts
 * const atom = new SosFilt({ sos });
 * const parts = chunks.map((c) => atom.call(c));
 * const tail = atom.flush();            // null when nothing is held back
 * const saved = atom.getState();        // plain data: checkpoint it, then atom.setState(saved)
 * ```
 */
import type { DataArray } from "./dataArray.js";
import type { AtomState } from "./state/stateValue.js";

export type { AtomState } from "./state/stateValue.js";

export interface Atom {
  /** The op name of the pipeline spec (`"sosfilt"`), used in messages. */
  readonly name: string;
  /**
   * True when an output channel depends on other input channels (an atom along distance):
   * the runner then cannot split the channels across workers or partitions.
   */
  readonly mixesChannels: boolean;
  /**
   * Processes one chunk; may return a chunk of 0 samples along time. Keeps no reference to
   * `x.data` once it returns (what it holds back, it copies): the caller recycles the buffer.
   */
  call(x: DataArray): DataArray;
  /**
   * Optional: `call` for a chunk whose data the caller gives up, so the result may be written
   * into `x.data` (no new output). `Sequential` uses it for intermediates it owns.
   */
  callInPlace?(x: DataArray): DataArray;
  /**
   * True when `call` (and `callInPlace`) always return data that nothing else references — a
   * new array, or a given-up input — so the caller owns it and may give it up in turn.
   */
  readonly freshOutput?: boolean;
  /**
   * Optional: `Sequential` calls it once with the atoms before this one, so an atom that
   * consumes another's side output (coincidence reads a trigger's picks) can find it.
   */
  attachUpstream?(before: readonly Atom[]): void;
  /** End of stream: what is held back (delays, phases), or null when nothing is. */
  flush(): DataArray | null;
  /** Back to the initial state, as if newly built. */
  reset(): void;
  /** Everything needed to continue exactly; plain data, not shared with the atom. */
  getState(): AtomState;
  /** Restores a state from `getState` (`setState(getState())` changes nothing). */
  setState(state: AtomState): void;
}
