/**
 * staLta: the STA/LTA characteristic function of seismology (short-term over long-term average
 * of the squared signal), per channel, with ObsPy's semantics — `recursive` is
 * `recursive_sta_lta`, `classic` is `classic_sta_lta` (its C version). Along time it streams
 * exactly: any chunking + `flush()` gives the monolithic output bit for bit, because the warm-up
 * (the zeroed first outputs) counts samples from the start of the stream, not of the chunk.
 *
 * ```ts
 * const cf = new StaLta({ method: "classic", nsta: 50, nlta: 500 }).call(x); // (time, distance)
 * ```
 *
 * Memory: `recursive` keeps two float64 per channel; `classic` also keeps the last `nlta`
 * samples per channel (in the input's precision: nlta × channels × 4 bytes for float32).
 *
 * Differences from ObsPy, only for signals shorter than the windows (a stream cannot know its
 * length in advance): ObsPy's `classic_sta_lta` refuses fewer than `nlta` samples, where we
 * return zeros; its `recursive_sta_lta` zeroes the first `nlta` outputs only when the signal is
 * longer than `nlta` (and leaves output 0 uninitialised otherwise), where we always zero them.
 * Computation is in float64; the output has the input's dtype.
 */
import { z } from "../src/core/zod.js";
import type { DataArray, FloatArray } from "../src/core/dataArray.js";
import { DasflowError } from "../src/core/errors.js";
import { type StateDefinition, defineState } from "../src/core/state/stateDefinition.js";
import type { AtomState } from "../src/core/state/stateValue.js";
import type { Atom } from "../src/core/atom.js";
import { allocOutput } from "./kernels/allocOutput.js";
import { classicStaLtaKernel } from "./kernels/staLtaClassic.js";
import { recursiveStaLtaKernel } from "./kernels/staLtaRecursive.js";
import { allocLike, layoutOf } from "./layout.js";
import { defineOp } from "./pipeline/opDefinition.js";

/** `recursive` (ObsPy `recursive_sta_lta`) or `classic` (ObsPy `classic_sta_lta`). */
export type StaLtaMethod = "recursive" | "classic";

export interface StaLtaOptions {
  method?: StaLtaMethod;
  /** Short-term window in samples (integer ≥ 1). */
  nsta: number;
  /** Long-term window in samples (integer > nsta). */
  nlta: number;
  /** Dim along which the averages run (default `time`, streamed). */
  dim?: string;
}

/** Per-stream running state: everything needed to continue exactly. */
interface StaLtaStream {
  signals: number;
  /** Samples seen so far along the dim. */
  count: number;
  sta: Float64Array;
  lta: Float64Array;
  /** classic only: the last nlta samples per channel, slot (i mod nlta)·signals + c. */
  ring: FloatArray | null;
}

export class StaLta implements Atom {
  /** Every call allocates its output. */
  readonly freshOutput = true;
  readonly name = "staLta";
  readonly method: StaLtaMethod;
  readonly nsta: number;
  readonly nlta: number;
  readonly dim: string;
  private stream: StaLtaStream | null = null;
  /** The state: the running sums (and the classic ring) once a stream started, for this method and these windows. */
  private readonly state: StateDefinition<{ stream: StaLtaStream | null }>;

  constructor(options: StaLtaOptions) {
    this.method = options.method ?? "recursive";
    if (this.method !== "recursive" && this.method !== "classic") {
      throw new DasflowError("SpecError", `staLta: method must be "recursive" or "classic", got ${JSON.stringify(this.method)}`);
    }
    const { nsta, nlta } = options;
    if (!Number.isInteger(nsta) || nsta < 1) throw new DasflowError("SpecError", `staLta: nsta must be an integer ≥ 1 (samples), got ${nsta}`);
    if (!Number.isInteger(nlta) || nlta <= nsta) {
      throw new DasflowError("SpecError", `staLta: nlta must be an integer > nsta (${nsta}) (samples), got ${nlta}`);
    }
    if (nlta > 2 ** 30) throw new DasflowError("SpecError", `staLta: nlta must be ≤ 2^30 samples, got ${nlta}`);
    this.nsta = nsta;
    this.nlta = nlta;
    this.dim = options.dim ?? "time";
    this.state = defineState({
      op: this.name,
      config: { method: this.method, nsta, nlta },
      fields: {
        stream: z
          .object({
            signals: z.number().int().min(0),
            count: z.number().int().min(0),
            sta: z.instanceof(Float64Array),
            lta: z.instanceof(Float64Array),
            ring: z.union([z.instanceof(Float64Array), z.instanceof(Float32Array)]).nullable(),
          })
          .nullable(),
      },
      mismatch: (st) =>
        `staLta: state of ${String(st["op"])} (${String(st["method"])}, nsta ${String(st["nsta"])}, nlta ${String(st["nlta"])}) does not fit this atom (${this.method}, nsta ${nsta}, nlta ${nlta})`,
      malformed: () => this.malformed(),
    });
  }

  private malformed(): string {
    return `staLta: malformed state (needs signals, count, sta, lta${this.method === "classic" ? ", ring of nlta × signals" : ""})`;
  }

  get mixesChannels(): boolean {
    return this.dim !== "time";
  }

  call(x: DataArray): DataArray {
    const L = layoutOf(this.name, x, this.dim);
    if (L.streamed) this.checkChunk(x.data, L.signals, L.n);
    if (L.n === 0) return x.with(allocLike(x.data, 0));
    // Along a non-streamed dim each chunk holds whole signals: a fresh state per call. The
    // classic ring takes the precision of the stream's first chunk that holds samples.
    const s = L.streamed ? (this.stream ??= this.newStream(x.data, L.signals)) : this.newStream(x.data, L.signals);
    const src = L.axis === 0 ? x.data : transpose(x.data, L.signals, L.n);
    const dst = allocOutput(x.data, x.data.length); // the kernels write every element
    if (this.method === "recursive") {
      recursiveStaLtaKernel(src, dst, L.n, L.signals, s.sta, s.lta, s.count, this.nsta, this.nlta);
    } else {
      classicStaLtaKernel(src, dst, L.n, L.signals, s.sta, s.lta, s.ring!, s.count, this.nsta, this.nlta);
    }
    s.count += L.n;
    return x.with(L.axis === 0 ? dst : transpose(dst, L.n, L.signals));
  }

  private newStream(like: FloatArray, signals: number): StaLtaStream {
    return {
      signals,
      count: 0,
      sta: new Float64Array(signals),
      lta: new Float64Array(signals),
      ring: this.method === "classic" ? allocLike(like, this.nlta * signals) : null,
    };
  }

  private checkChunk(data: FloatArray, signals: number, n: number): void {
    const s = this.stream;
    if (s === null) return;
    if (s.signals !== signals) {
      throw new DasflowError("ShapeError", `staLta: chunk has ${signals} channels but the stream started with ${s.signals}`);
    }
    if (s.ring instanceof Float32Array && data instanceof Float64Array && n > 0) {
      throw new DasflowError("ShapeError", "staLta: a float64 chunk arrived in a float32 stream (the kept samples are float32); convert the input once, before the stream starts");
    }
  }

  flush(): DataArray | null {
    return null;
  }

  reset(): void {
    this.stream = null;
  }

  getState(): AtomState {
    const s = this.stream;
    return this.state.write({ stream: s === null ? null : { signals: s.signals, count: s.count, sta: s.sta.slice(), lta: s.lta.slice(), ring: s.ring === null ? null : s.ring.slice() } });
  }

  setState(state: AtomState): void {
    const st = this.state.read(state).stream;
    if (st === null) {
      this.stream = null;
      return;
    }
    const { signals, sta, lta, ring } = st;
    const ok = sta.length === signals && lta.length === signals && (this.method === "recursive" ? ring === null : ring !== null && ring.length === this.nlta * signals);
    if (!ok) throw new DasflowError("StateError", this.malformed());
    this.stream = { signals, count: st.count, sta: sta.slice(), lta: lta.slice(), ring: ring === null ? null : ring.slice() };
  }
}

/** (rows, cols) row-major → (cols, rows), same precision. */
function transpose(a: FloatArray, rows: number, cols: number): FloatArray {
  const out = allocLike(a, a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]!;
  return out;
}


export const staLtaOp = defineOp({
  op: "staLta",
  schema: () => z.strictObject({
    method: z.enum(["recursive", "classic"]).default("recursive"),
    nsta: z.number().int().min(1),
    nlta: z.number().int().min(2),
    dim: z.string().default("time"),
  }),
  build: (o) => new StaLta(o),
});
