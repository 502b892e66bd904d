/**
 * StreamGuard: what a live job may write. The first chunk fixes the stream's layout (dims,
 * channels, sample type, distance coordinate); a well-formed message with another layout (4
 * channels in an 8-channel stream, float64 in a float32 one, a moved ROI) is rejected and
 * counted instead of killing the job — and when `limit` such messages come in a row the layout
 * change is taken as real and the job ends cleanly. A message whose first sample is not after
 * the last sample written (times going backwards: a restarted or replaying source) is dropped
 * and counted as a discontinuity, so the output's time never runs backwards.
 *
 * ```ts
 * const guard = new StreamGuard(5);
 * const v = guard.admit(array);   // { ok: true } | { ok: false, kind: "layout" | "time", reason }
 * ```
 */
import type { DataArray } from "../../src/core/dataArray.js";
import type { InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";

/** Default: this many messages in a row with another layout end the job (a brief glitch does not). */
export const DEFAULT_LAYOUT_CHANGE_LIMIT = 5;

export type Verdict = { ok: true } | { ok: false; kind: "layout" | "time"; reason: string; persistent: boolean };

interface Layout {
  dims: string;
  channels: string;
  dtype: string;
  distance: InterpCoordinate | null;
}

export class StreamGuard {
  private layout: Layout | null = null;
  private lastNs: bigint | null = null;
  private inARow = 0;

  constructor(private readonly limit: number = DEFAULT_LAYOUT_CHANGE_LIMIT) {}

  /** Whether `array` may be written next; a rejected one leaves the guard as it was (but counts towards `limit`). */
  admit(array: DataArray): Verdict {
    const mine = layoutOf(array);
    if (this.layout === null) this.layout = mine;
    const diff = describeDifference(this.layout, mine);
    if (diff !== null) {
      this.inARow++;
      return { ok: false, kind: "layout", reason: diff, persistent: this.inARow >= this.limit };
    }
    this.inARow = 0;
    const time = array.coords["time"];
    if (time && time.length > 0) {
      const first = time.ns(0);
      if (this.lastNs !== null && first <= this.lastNs) {
        return { ok: false, kind: "time", reason: `time goes back: message starts at ${first} ns, the last sample written is at ${this.lastNs} ns`, persistent: false };
      }
      this.lastNs = time.ns(time.length - 1);
    }
    return { ok: true };
  }
}

function layoutOf(a: DataArray): Layout {
  return {
    dims: a.dims.join(", "),
    channels: a.shape.slice(1).join(" × "),
    dtype: a.data instanceof Float64Array ? "float64" : "float32",
    distance: a.coords["distance"] ?? null,
  };
}

function describeDifference(want: Layout, got: Layout): string | null {
  if (got.dims !== want.dims) return `dims [${got.dims}], the stream has [${want.dims}]`;
  if (got.channels !== want.channels) return `${got.channels} channels, the stream has ${want.channels}`;
  if (got.dtype !== want.dtype) return `${got.dtype} samples, the stream has ${want.dtype}`;
  if (want.distance && got.distance && !got.distance.equals(want.distance)) {
    return `distance ${got.distance.value(0)}…${got.distance.value(got.distance.length - 1)} m, the stream has ${want.distance.value(0)}…${want.distance.value(want.distance.length - 1)} m`;
  }
  return null;
}
