/**
 * A vehicle driving along the fibre at constant speed — the most common signal on urban and
 * roadside DAS: a slowly moving track across the waterfall made of
 * - the quasi-static strain of its load (a low-frequency, two-lobed strain-rate pulse a few
 *   metres wide that travels with it), and
 * - the narrow-band surface waves it radiates (engine and tyres, a tone with a slow vibrato),
 *   propagating away from it on both sides at the surface-wave speed and fading with distance,
 *   which draws the characteristic chevron pattern around the track.
 *
 * The truth is its position over time: `position(v, t)`, and per channel the time it passes.
 *
 * ```ts
 * const car: Vehicle = { start: 300, speed: 20, amplitude: 4, decay: 15, waveSpeed: 300,
 *   frequency: 18, load: 6, width: 10 };
 * vehiclePosition(car, 10); // 500 m after 10 s
 * passTime(car, 700);       // 20 s
 * ```
 */

/** One vehicle. Times in seconds after the first sample; distances in metres. */
export interface Vehicle {
  /** Fibre coordinate at time 0. */
  readonly start: number;
  /** Speed along the fibre, m/s (negative: driving towards smaller distances). */
  readonly speed: number;
  /** Peak surface-wave amplitude next to the vehicle (noise standard deviations). */
  readonly amplitude: number;
  /** e-folding distance of the surface waves' amplitude, m. */
  readonly decay: number;
  /** Surface-wave propagation speed, m/s. */
  readonly waveSpeed: number;
  /** Dominant frequency of the radiated waves, Hz. */
  readonly frequency: number;
  /** Peak quasi-static strain-rate amplitude of the load (noise standard deviations). */
  readonly load: number;
  /** Half-width of the load's strain bump, m. */
  readonly width: number;
}

/** Fibre coordinate of the vehicle at time t. */
export function vehiclePosition(v: Vehicle, t: number): number {
  return v.start + v.speed * t;
}

/** Time at which the vehicle is at fibre coordinate x (may lie outside the recording). */
export function passTime(v: Vehicle, x: number): number {
  return (x - v.start) / v.speed;
}

/** Beyond this many decay lengths (and load widths) a vehicle adds nothing. */
const REACH = 7;
/** Vibrato of the tone: ±4 % at 0.3 Hz (an engine changing speed a little). */
const VIBRATO_DEPTH = 0.04;
const VIBRATO_RATE = 0.3;

/** Phase (radians) of the vehicle's tone at time t: a frequency-modulated oscillator. */
function tonePhase(v: Vehicle, t: number): number {
  const wm = 2 * Math.PI * VIBRATO_RATE;
  return 2 * Math.PI * v.frequency * (t + (VIBRATO_DEPTH / wm) * Math.sin(wm * t));
}

/**
 * Adds the vehicle to rows [n0, n0 + n) of a row-major (n, channels) block; `positions` are
 * the channels' fibre coordinates (increasing, regular: `x0 + c·dx`), `gain` their coupling.
 */
export function addVehicle(
  buf: Float32Array | Float64Array, n0: number, n: number, rate: number,
  v: Vehicle, positions: Float64Array, gain: Float64Array,
): void {
  const nch = positions.length;
  const x0 = positions[0]!;
  const dx = nch > 1 ? positions[1]! - x0 : 1;
  const reach = REACH * Math.max(v.decay, v.width);
  const invWidth2 = 1 / (2 * v.width * v.width);
  for (let k = n0; k < n0 + n; k++) {
    const t = k / rate;
    const xv = vehiclePosition(v, t);
    const cLo = Math.max(0, Math.ceil((xv - reach - x0) / dx));
    const cHi = Math.min(nch - 1, Math.floor((xv + reach - x0) / dx));
    const off = (k - n0) * nch;
    for (let c = cLo; c <= cHi; c++) {
      const d = positions[c]! - xv;
      const ad = Math.abs(d);
      // The waves heard at distance |d| left the vehicle |d| / waveSpeed ago.
      const wave = v.amplitude * Math.exp(-ad / v.decay) * Math.sin(tonePhase(v, t - ad / v.waveSpeed));
      // Strain rate of a Gaussian strain bump moving at the vehicle's speed: ∂/∂t of exp(−d²/2w²).
      const load = v.load * (d / v.width) * Math.exp(-d * d * invWidth2) * Math.sign(v.speed);
      buf[off + c] = buf[off + c]! + gain[c]! * (wave + load);
    }
  }
}
