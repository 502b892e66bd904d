/**
 * moveoutFit: the moveout of an event from its picks — the earliest onset per channel against
 * the channel's distance — fitted as a hyperbola (point source), a line (moving source), or
 * whichever fits (`auto`: the hyperbola when its apex lies along the picks and its median
 * absolute residual over all of them is under 0.8 times the line's), with outliers (noise
 * picks, a later phase) rejected: points more than k robust standard deviations (1.4826 × the
 * median absolute residual, at least 1 ms) off the fit are dropped and the fit repeated, k
 * growing from 1 to 3, until nothing changes. Events on more than 200
 * channels are fitted on every k-th channel's onset (at most 200).
 *
 * ```ts
 * const fit = moveoutFit(picks, "auto"); // { model: "hyperbola", time, distance, velocity, … }
 * ```
 */
import { type Pick, onsetOf } from "../../src/core/pick.js";
import type { MoveoutFit } from "./event.js";
import { fitHyperbola } from "./fitHyperbola.js";
import { fitLine } from "./fitLine.js";
import { fitPoints } from "./fitPoints.js";
import { lowerMedian } from "./lowerMedian.js";

/** Which model to fit; `none` fits nothing. */
export type FitChoice = "hyperbola" | "line" | "none" | "auto";

const MIN_SPREAD_S = 1e-3;
/** At most this many onsets are fitted: every k-th channel of the event, in channel order (a few hundred onsets pin a moveout down; more only cost time, and an event can span 10,000 channels). */
const MAX_POINTS = 200;

/** The fit of `picks` (null for `none`, or when too few points fit). */
export function moveoutFit(picks: readonly Pick[], choice: FitChoice): MoveoutFit | null {
  if (choice === "none" || picks.length === 0) return null;
  const pts = fitPoints(picks, MAX_POINTS);
  let ref = onsetOf(pts[0]!);
  for (const p of pts) if (onsetOf(p) < ref) ref = onsetOf(p);
  const x = new Float64Array(pts.length);
  const t = new Float64Array(pts.length);
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    x[i] = p.distance ?? p.channel;
    t[i] = Number(onsetOf(p) - ref) / 1e9;
  }
  const h = choice === "line" ? null : remembered(x, t, "hyperbola");
  const l = choice === "hyperbola" ? null : remembered(x, t, "line");
  let pick = h ?? l;
  if (choice === "auto" && h && l) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const margin = 0.1 * (hi - lo);
    // A hyperbola only when its apex lies along the picks and it fits all of them clearly
    // better (median absolute residual: robust to outliers, blind to which were rejected).
    const apexInside = h.distance >= lo - margin && h.distance <= hi + margin;
    pick = apexInside && medianAbsResidual(h, x, t) < 0.8 * medianAbsResidual(l, x, t) ? h : l;
  }
  if (pick === null) return null;
  return { ...pick, time: ref + BigInt(Math.round(pick.seconds * 1e9)) };
}

interface Fitted {
  model: "hyperbola" | "line";
  seconds: number;
  distance: number;
  velocity: number;
  delay: number;
  rms: number;
  used: number;
}

/**
 * The last few fits by model and points: association fits the same onsets more than once (a
 * fragment's line when it is split, then again when it is placed; the phase that carries an
 * event's moveout). A fit is a pure function of its points, so a remembered one is the same
 * bits; points compare bit for bit. One list per model, so that the cheap line fits do not push
 * the hyperbolas out.
 */
const RECENT: Record<"hyperbola" | "line", { x: Float64Array; t: Float64Array; fit: Fitted | null }[]> = { hyperbola: [], line: [] };
const RECENT_MAX = 8;

function remembered(x: Float64Array, t: Float64Array, model: "hyperbola" | "line"): Fitted | null {
  const recent = RECENT[model];
  for (const r of recent) if (sameBits(r.x, x) && sameBits(r.t, t)) return r.fit;
  const fit = robust(x, t, model);
  if (recent.length === RECENT_MAX) recent.shift();
  recent.push({ x: x.slice(), t: t.slice(), fit });
  return fit;
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function robust(x: Float64Array, t: Float64Array, model: "hyperbola" | "line"): Fitted | null {
  // Typed scratch reused by every round: a fit runs up to 15 rounds over up to 200 points.
  const n = x.length;
  const w = grown(n);
  let keep = w.keep.fill(1, 0, n);
  let next = w.next;
  const { xs, ts, res, kept } = w;
  let fit: Fitted | null = null;
  for (let round = 0; round < 15; round++) {
    let m = 0;
    for (let i = 0; i < n; i++) if (keep[i]) {
      xs[m] = x[i]!;
      ts[m] = t[i]!;
      m++;
    }
    fit = once(xs.subarray(0, m), ts.subarray(0, m), model, fit);
    if (fit === null) return null;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const r = Math.abs(t[i]! - predict(fit, x[i]!));
      res[i] = r;
      if (keep[i]) kept[k++] = r;
    }
    // The median by selection: the value a sort would put there, in O(k).
    const mad = lowerMedian(kept, k);
    // Tight at first (about the better half of the points, so that a minority phase cannot pull
    // the fit), then widening to 3 robust standard deviations.
    const factor = Math.min(3, 1 + 0.5 * round);
    const limit = Math.max(factor * 1.4826 * mad, MIN_SPREAD_S);
    let same = true;
    for (let i = 0; i < n; i++) {
      const v = res[i]! <= limit ? 1 : 0;
      next[i] = v;
      if (v !== keep[i]) same = false;
    }
    if (same && factor === 3) break;
    const prev = keep;
    keep = next;
    next = prev;
  }
  return fit;
}

function once(x: Float64Array, t: Float64Array, model: "hyperbola" | "line", prev: Fitted | null): Fitted | null {
  if (model === "line") {
    const f = fitLine(x, t);
    return f && Number.isFinite(f.v) ? { model, seconds: f.t0, distance: f.x0, velocity: f.v, delay: 0, rms: f.rms, used: x.length } : null;
  }
  // Each round refits nearly the same points: start from the previous round's fit.
  const f = fitHyperbola(x, t, prev ? { t0: prev.seconds, x0: prev.distance, v: prev.velocity, a: prev.delay, rms: prev.rms } : undefined);
  return f ? { model, seconds: f.t0, distance: f.x0, velocity: f.v, delay: f.a, rms: f.rms, used: x.length } : null;
}

function medianAbsResidual(f: Fitted, x: Float64Array, t: Float64Array): number {
  const n = x.length;
  const r = grown(n).res;
  for (let i = 0; i < n; i++) r[i] = Math.abs(t[i]! - predict(f, x[i]!));
  return lowerMedian(r, n);
}

/** Working arrays of the robust rounds, reused from fit to fit (grown on demand). */
const WORK = { keep: new Uint8Array(0), next: new Uint8Array(0), xs: new Float64Array(0), ts: new Float64Array(0), res: new Float64Array(0), kept: new Float64Array(0) };

function grown(n: number): typeof WORK {
  const w = WORK;
  if (w.xs.length < n) {
    const size = Math.max(n, 2 * w.xs.length);
    w.keep = new Uint8Array(size);
    w.next = new Uint8Array(size);
    w.xs = new Float64Array(size);
    w.ts = new Float64Array(size);
    w.res = new Float64Array(size);
    w.kept = new Float64Array(size);
  }
  return w;
}

function predict(f: Fitted, x: number): number {
  if (f.model === "line") return f.seconds + (x - f.distance) / f.velocity;
  const d = (x - f.distance) / f.velocity;
  return f.seconds - f.delay + Math.sqrt(f.delay * f.delay + d * d);
}

/** The fitted onset time (ns) at distance x, for drawing a fit. */
export function moveoutAt(fit: MoveoutFit, x: number): bigint {
  return fit.time + BigInt(moveoutOffset(fit, x));
}

/** The fitted onset at distance x minus `fit.time`, in whole ns (as a float64 integer). */
export function moveoutOffset(fit: MoveoutFit, x: number): number {
  const s = fit.model === "line"
    ? (x - fit.distance) / fit.velocity
    : -fit.delay + Math.sqrt(fit.delay * fit.delay + ((x - fit.distance) / fit.velocity) ** 2);
  return Math.round(s * 1e9);
}
