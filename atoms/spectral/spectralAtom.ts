/**
 * What the spectral atoms (`stft`, `bandEnergy`) share: the framer drives `call` and `flush`
 * the same way for both, and their state is the framer's and the channel dim's. A subclass
 * says only how many values a frame gives per channel, how to write them from the frame's
 * spectrum, and how to shape the output.
 */
import type { Rational } from "../../src/core/coords/rational.js";
import type { DataArray, FloatArray } from "../../src/core/dataArray.js";
import { type StateDefinition, defineState, stateValue } from "../../src/core/state/stateDefinition.js";
import type { AtomState, StateValue } from "../../src/core/state/stateValue.js";
import type { Atom } from "../../src/core/atom.js";
import { allocLike } from "../layout.js";
import { ChannelAxis } from "./channelAxis.js";
import { type FramingOptions, StftFramer } from "./framer.js";

/** A spectral atom: frames cut by a `StftFramer`, each turned into values per channel. */
export abstract class SpectralAtom implements Atom {
  abstract readonly name: string;
  readonly mixesChannels = false;
  readonly framer: StftFramer;
  protected readonly channelAxis = new ChannelAxis();
  /** The configuration key states carry (`framingKey`), set by the subclass's constructor. */
  protected abstract readonly config: string;
  private stateDef: StateDefinition<{ framer: StateValue; channels: StateValue }> | null = null;

  constructor(name: string, options: FramingOptions) {
    this.framer = new StftFramer(name, options);
  }

  /** Values one frame gives per channel. */
  protected abstract valuesPerFrame(): number;
  /** Writes frame `frame`, channel `c` of `out` from `this.framer.spectrum`. */
  protected abstract frameWriter(out: FloatArray, signals: number): (frame: number, c: number) => void;
  /** The output chunk of the frames at `times`. */
  protected abstract result(out: FloatArray, times: Rational[], signals: number): DataArray;
  /** Called once the first chunk fixed the sampling rate, before any frame is written. */
  protected prepare(): void {}

  call(x: DataArray): DataArray {
    const f = this.framer;
    const { signals, n, frames, data, time } = f.begin(this.name, x);
    this.prepare();
    this.channelAxis.see(x);
    const out = allocLike(x.data, frames * this.valuesPerFrame() * signals);
    const times = f.push(data, n, time, this.frameWriter(out, signals));
    return this.result(out, times, signals);
  }

  /** Frames completed by the end padding (boundary "zeros"); null when there are none. */
  flush(): DataArray | null {
    const f = this.framer;
    const rows = f.tailRows();
    const frames = f.framesAfter(rows);
    if (frames === 0) return null;
    const signals = f.signalCount;
    const out = f.allocLikeStream(frames * this.valuesPerFrame() * signals);
    const times = f.push(null, rows, null, this.frameWriter(out, signals));
    return this.result(out, times, signals);
  }

  reset(): void {
    this.framer.reset();
    this.channelAxis.reset();
  }

  getState(): AtomState {
    return this.stateDefinition().write({ framer: this.framer.getState(), channels: this.channelAxis.getState() });
  }

  setState(state: AtomState): void {
    const { framer, channels } = this.stateDefinition().read(state);
    this.framer.setState(this.name, framer);
    this.channelAxis.setState(this.name, channels);
  }

  /** The state: the framer's and the channel dim's, for this op and configuration (built on first use: both are the subclass's). */
  private stateDefinition(): StateDefinition<{ framer: StateValue; channels: StateValue }> {
    const mismatch = (st: AtomState): string => `${this.name}: state of ${String(st["op"])} (${String(st["config"])}) does not fit this atom (${this.config})`;
    return (this.stateDef ??= defineState({ op: this.name, config: { config: this.config }, fields: { framer: stateValue(), channels: stateValue() }, mismatch, malformed: mismatch }));
  }
}
