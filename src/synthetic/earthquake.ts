/**
 * An earthquake-like event seen by a straight fibre: a point source at a depth and a lateral
 * offset from the fibre radiates a P wave (faster, smaller, higher-pitched) and an S wave
 * (slower, larger, lower-pitched, followed by a scattered coda). Each reaches fibre position
 * x at `origin + r(x) / v`, with r the hypocentral distance — a hyperbolic moveout across the
 * fibre whose apex is the channel nearest the epicentre — and weakens as 1/r.
 *
 * The wave trains start sharply at the arrival (what a picker should find) and decay
 * exponentially; the arrival times are the injected truth.
 *
 * ```ts
 * const eq: Earthquake = { origin: 10, along: 4000, offset: 500, depth: 5000, vp: 4000, vs: 2300,
 *   ampP: 4, ampS: 12, freqP: 10, freqS: 6, decayP: 0.15, decayS: 0.35, coda: 0.3 };
 * arrival(eq, "P", 4000); // 10 + sqrt(500² + 5000²) / 4000 seconds
 * ```
 */

/** One event. Times in seconds after the recording's first sample; distances in metres. */
export interface Earthquake {
  /** Origin time. */
  readonly origin: number;
  /** Fibre coordinate of the point of the fibre nearest the epicentre. */
  readonly along: number;
  /** Horizontal distance of the epicentre from the fibre. */
  readonly offset: number;
  readonly depth: number;
  /** P and S velocities, m/s. */
  readonly vp: number;
  readonly vs: number;
  /** Peak amplitudes at the nearest channel (units of the noise's standard deviation). */
  readonly ampP: number;
  readonly ampS: number;
  /** Dominant frequencies, Hz. */
  readonly freqP: number;
  readonly freqS: number;
  /** e-folding decay times of the wave trains, s. */
  readonly decayP: number;
  readonly decayS: number;
  /** Relative amplitude of the S coda (scattered waves, three times longer than the S train). */
  readonly coda: number;
}

export type Phase = "P" | "S";

/** Hypocentral distance (m) from the event to fibre position x. */
export function hypocentralDistance(eq: Earthquake, x: number): number {
  const d = x - eq.along;
  return Math.sqrt(d * d + eq.offset * eq.offset + eq.depth * eq.depth);
}

/** Arrival time (s after the first sample) of a phase at fibre position x. */
export function arrival(eq: Earthquake, phase: Phase, x: number): number {
  return eq.origin + hypocentralDistance(eq, x) / (phase === "P" ? eq.vp : eq.vs);
}

/** Wave trains below exp(−9.2) ≈ 1e-4 of their peak are not added. */
const SUPPORT_DECAYS = 9.2;
/** Rise time of a wave train, in periods of its dominant frequency (a sharp but smooth onset). */
const RISE_PERIODS = 0.15;

/** How long after the S arrival the event still adds anything (s). */
export function earthquakeDuration(eq: Earthquake): number {
  return SUPPORT_DECAYS * Math.max(eq.decayS * 3, eq.decayP);
}

/**
 * Adds the event to rows [n0, n0 + n) of a row-major (n, channels) block. `positions` are the
 * channels' fibre coordinates, `gain` their coupling (multiplies the signal), `phases` three
 * random coda phases per channel (so the coda looks incoherent from channel to channel), and
 * `scratch` at least 3 × channels long.
 */
export function addEarthquake(
  buf: Float32Array | Float64Array, n0: number, n: number, rate: number,
  eq: Earthquake, positions: Float64Array, gain: Float64Array, phases: Float64Array, scratch: Float64Array,
): void {
  const nch = positions.length;
  // Per channel: P and S arrival and the 1/r amplitude factor, hoisted out of the row loop.
  const tp = scratch.subarray(0, nch);
  const ts = scratch.subarray(nch, 2 * nch);
  const spread = scratch.subarray(2 * nch, 3 * nch);
  let rMin = Infinity;
  let first = Infinity;
  let last = -Infinity;
  for (let c = 0; c < nch; c++) {
    const r = hypocentralDistance(eq, positions[c]!);
    rMin = Math.min(rMin, r);
    tp[c] = eq.origin + r / eq.vp;
    ts[c] = eq.origin + r / eq.vs;
    spread[c] = r;
    first = Math.min(first, tp[c]!);
    last = Math.max(last, ts[c]!);
  }
  for (let c = 0; c < nch; c++) spread[c] = (gain[c]! * rMin) / spread[c]!;
  const end = last + earthquakeDuration(eq);
  const kLo = Math.max(n0, Math.floor(first * rate));
  const kHi = Math.min(n0 + n - 1, Math.ceil(end * rate));
  const wp = 2 * Math.PI * eq.freqP;
  const ws = 2 * Math.PI * eq.freqS;
  const riseP = RISE_PERIODS / eq.freqP;
  const riseS = RISE_PERIODS / eq.freqS;
  const supP = SUPPORT_DECAYS * eq.decayP;
  const supS = SUPPORT_DECAYS * eq.decayS * 3;
  const decayCoda = eq.decayS * 3;
  for (let k = kLo; k <= kHi; k++) {
    const t = k / rate;
    const off = (k - n0) * nch;
    for (let c = 0; c < nch; c++) {
      const taup = t - tp[c]!;
      if (taup < 0) continue;
      let v = 0;
      if (taup < supP) v += eq.ampP * (1 - Math.exp(-taup / riseP)) * Math.exp(-taup / eq.decayP) * Math.sin(wp * taup);
      const taus = t - ts[c]!;
      if (taus >= 0 && taus < supS) {
        const env = 1 - Math.exp(-taus / riseS);
        v += eq.ampS * env * Math.exp(-taus / eq.decayS) * Math.sin(ws * taus);
        // The coda: the same band, random phases per channel, a slower decay.
        const p = 3 * c;
        const coda = Math.sin(ws * 0.9 * taus + phases[p]!) + Math.sin(ws * 1.13 * taus + phases[p + 1]!) + Math.sin(ws * 1.37 * taus + phases[p + 2]!);
        v += eq.ampS * eq.coda * env * (1 - Math.exp(-taus / eq.decayS)) * Math.exp(-taus / decayCoda) * coda;
      }
      buf[off + c] = buf[off + c]! + spread[c]! * v;
    }
  }
}
