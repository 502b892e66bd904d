/**
 * RealisticDas: renders a `Scene` into (time, distance) float32 chunks — the white noise
 * floor and the exact coordinates come from `SyntheticDas` (its own sources switched off),
 * then 1/f noise, the earthquakes, the vehicles and the faulty channels are added on top.
 * Sequential and seeded like `SyntheticDas`: `next(a)` then `next(b)` equals `next(a + b)`.
 *
 * ```ts
 * const gen = new RealisticDas(drawScene(SMALL_SCENE));
 * while (gen.remaining > 0) writeSomewhere(gen.next(Math.min(1000, gen.remaining)));
 * ```
 */
import type { DataArray } from "../core/dataArray.js";
import { DasflowError } from "../core/errors.js";
import { ChannelFaultInjector } from "./channelFaults.js";
import { ColouredNoise } from "./colouredNoise.js";
import { addEarthquake, arrival, earthquakeDuration } from "./earthquake.js";
import { SyntheticDas } from "./generator.js";
import type { Scene } from "./scene.js";
import { addVehicle } from "./vehicle.js";

export class RealisticDas {
  readonly scene: Scene;
  private readonly base: SyntheticDas;
  private readonly noise: ColouredNoise;
  private readonly faults: ChannelFaultInjector;
  private readonly positions: Float64Array;
  private readonly scratch: Float64Array;
  /** Per earthquake: the first and last sample it touches (the rest of the time it is skipped). */
  private readonly spans: (readonly [number, number])[];

  constructor(scene: Scene) {
    this.scene = scene;
    const s = scene;
    this.base = new SyntheticDas({
      channels: s.channels, rate: s.rate, seed: s.seed, t0: s.t0, x0: s.x0, dx: s.dx, dtype: "float32",
      noise: { amplitude: s.noise.white, colour: 0.3 },
      wavefronts: { rate: 0 },
      events: { rate: 0 },
    });
    this.noise = new ColouredNoise({ channels: s.channels, rate: s.rate, seed: s.seed * 7 + 5, amplitude: s.noise.coloured });
    this.faults = new ChannelFaultInjector(s.faults, s.channels, s.seed * 7 + 6);
    this.positions = new Float64Array(s.channels);
    for (let c = 0; c < s.channels; c++) this.positions[c] = s.x0 + c * s.dx;
    this.scratch = new Float64Array(3 * s.channels);
    const first = this.positions[0]!;
    const last = this.positions[s.channels - 1]!;
    this.spans = s.earthquakes.map((eq) => {
      const earliest = arrival(eq, "P", Math.min(Math.max(eq.along, first), last)); // at the apex
      const latest = Math.max(arrival(eq, "S", first), arrival(eq, "S", last)) + earthquakeDuration(eq);
      return [Math.floor(earliest * s.rate) - 1, Math.ceil(latest * s.rate) + 1] as const;
    });
  }

  /** Samples generated so far. */
  get position(): number {
    return this.base.position;
  }

  /** Samples left in the scene's duration. */
  get remaining(): number {
    return this.scene.samples - this.base.position;
  }

  /** The next `n` samples as a float32 (time, distance) DataArray (may run past the scene's duration). */
  next(n: number): DataArray {
    if (!Number.isInteger(n) || n < 0) throw new DasflowError("UsageError", `synthetic: chunk length must be a non-negative integer, got ${n}`);
    const s = this.scene;
    const n0 = this.base.position;
    const da = this.base.next(n);
    const buf = da.data;
    this.noise.addTo(buf, n);
    for (let i = 0; i < s.earthquakes.length; i++) {
      const [a, b] = this.spans[i]!;
      if (b < n0 || a >= n0 + n) continue;
      addEarthquake(buf, n0, n, s.rate, s.earthquakes[i]!, this.positions, s.gain, s.codaPhases, this.scratch);
    }
    for (const v of s.vehicles) addVehicle(buf, n0, n, s.rate, v, this.positions, s.gain);
    this.faults.apply(buf, n);
    return da;
  }
}
