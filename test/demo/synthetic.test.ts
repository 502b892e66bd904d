/** Realistic synthetic recordings: deterministic, chunking-independent, the truth where the signal is, faults, 1/f noise, ASN files. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { openInput } from "../../io/openInput.js";
import { isDasflowError } from "../../src/core/errors.js";
import { ColouredNoise } from "../../src/synthetic/colouredNoise.js";
import { arrival, hypocentralDistance } from "../../src/synthetic/earthquake.js";
import { RealisticDas } from "../../src/synthetic/realisticDas.js";
import { DEMO_SCENE, SMALL_SCENE, type SceneOptions, drawScene } from "../../src/synthetic/scene.js";
import { writeSyntheticRecording } from "../../src/synthetic/syntheticRecording.js";
import { sceneTruth } from "../../src/synthetic/truth.js";
import { passTime, vehiclePosition } from "../../src/synthetic/vehicle.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-synth-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY: SceneOptions = { channels: 40, duration: 3, rate: 1000, dx: 4, seed: 5, earthquakes: 1, vehicles: 1 };

describe("scene", () => {
  it("is deterministic from the seed, and the seed matters", () => {
    const a = drawScene(DEMO_SCENE);
    const b = drawScene(DEMO_SCENE);
    expect(a).toEqual(b);
    expect(drawScene({ ...DEMO_SCENE, seed: 2 }).earthquakes[0]).not.toEqual(a.earthquakes[0]);
    expect(a.earthquakes).toHaveLength(2);
    expect(a.vehicles).toHaveLength(2);
    expect(a.faults.dead.length + a.faults.flat.length + a.faults.noisy.length).toBeGreaterThan(5);
  });

  it("earthquakes: P before S, faster and smaller; S − P about a second at the apex; a hyperbolic moveout", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const s = drawScene({ ...DEMO_SCENE, seed });
      for (const eq of s.earthquakes) {
        expect(eq.vp).toBeGreaterThan(eq.vs);
        expect(eq.ampP).toBeLessThan(eq.ampS);
        const apexSp = arrival(eq, "S", eq.along) - arrival(eq, "P", eq.along);
        expect(apexSp).toBeGreaterThan(0.85);
        expect(apexSp).toBeLessThan(1.35);
        // Hyperbola: (t − origin)² · v² − (x − along)² is the same constant for every x.
        const k = (x: number): number => (arrival(eq, "P", x) - eq.origin) ** 2 * eq.vp ** 2 - (x - eq.along) ** 2;
        expect(k(0) / k(7996)).toBeCloseTo(1, 9);
        expect(hypocentralDistance(eq, eq.along)).toBeCloseTo(Math.hypot(eq.offset, eq.depth), 6);
        // The arrivals fall inside the recording, after the STA/LTA warm-up.
        expect(arrival(eq, "P", eq.along)).toBeGreaterThan(3);
        expect(arrival(eq, "S", 0)).toBeLessThan(58);
      }
    }
  });

  it("refuses bad options with the field named", () => {
    const bad: [SceneOptions, RegExp][] = [
      [{ ...TINY, channels: 1 }, /channels must be an integer ≥ 2/],
      [{ ...TINY, duration: 0.0005 }, /duration must be a positive whole number of samples/],
      [{ ...TINY, dx: -1 }, /dx must be a positive number/],
      [{ ...TINY, earthquakes: 1.5 }, /earthquakes must be an integer/],
      [{ ...TINY, faults: { dead: 0.9 } }, /faults.dead must be a fraction/],
    ];
    for (const [o, re] of bad) {
      let err: unknown;
      try {
        drawScene(o);
      } catch (e) {
        err = e;
      }
      expect(isDasflowError(err, "UsageError")).toBe(true);
      expect((err as Error).message).toMatch(re);
    }
  });
});

describe("RealisticDas", () => {
  it("any chunking gives the same samples bit for bit (property)", () => {
    const scene = drawScene(TINY);
    const whole = new RealisticDas(scene).next(scene.samples);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 1, maxLength: 8 }), (cuts) => {
        const gen = new RealisticDas(scene);
        const parts: Float32Array[] = [];
        let done = 0;
        for (const c of cuts) {
          const n = Math.min(c, scene.samples - done);
          parts.push(gen.next(n).data as Float32Array);
          done += n;
        }
        parts.push(gen.next(scene.samples - done).data as Float32Array);
        const joined = new Float32Array(whole.data.length);
        let off = 0;
        for (const p of parts) {
          joined.set(p, off);
          off += p.length;
        }
        expect(Buffer.from(joined.buffer).equals(Buffer.from(whole.data.buffer, whole.data.byteOffset, whole.data.byteLength))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it("without noise, each earthquake starts on every channel exactly at its true P arrival", () => {
    const scene = drawScene({ ...TINY, vehicles: 0, noise: { white: 0, coloured: 0 }, faults: { dead: 0, flat: 0, noisy: 0 } });
    const x = new RealisticDas(scene).next(scene.samples);
    const truth = sceneTruth(scene);
    const nch = scene.channels;
    for (let c = 0; c < nch; c++) {
      let first = -1;
      for (let t = 0; t < scene.samples; t++) if (x.data[t * nch + c] !== 0) {
        first = t;
        break;
      }
      const tp = Number(truth.earthquakes[0]!.p[c]! - scene.t0) / 1e6; // ms = samples at 1 kHz
      expect(first).toBe(Math.floor(tp) + 1 === Math.ceil(tp) ? Math.ceil(tp) : Math.ceil(tp));
    }
  });

  it("dead channels are zero, flat ones constant, noisy ones much noisier", () => {
    const scene = drawScene({ ...TINY, channels: 200, faults: { dead: 0.02, flat: 0.02, noisy: 0.02 } });
    const x = new RealisticDas(scene).next(2000);
    const nch = scene.channels;
    const std = (c: number): number => {
      let s = 0;
      let s2 = 0;
      for (let t = 0; t < 2000; t++) {
        const v = x.data[t * nch + c]!;
        s += v;
        s2 += v * v;
      }
      return Math.sqrt(s2 / 2000 - (s / 2000) ** 2);
    };
    for (const c of scene.faults.dead) for (let t = 0; t < 2000; t++) expect(x.data[t * nch + c]).toBe(0);
    scene.faults.flat.forEach((c, i) => {
      for (let t = 0; t < 2000; t++) expect(x.data[t * nch + c]).toBe(Math.fround(scene.faults.flatValues[i]!));
    });
    const typical = std(scene.faults.noisy[0]! === 0 ? 1 : 0);
    for (const c of scene.faults.noisy) expect(std(c)).toBeGreaterThan(3 * typical);
  });

  it("a vehicle's energy travels with it along the fibre", () => {
    const scene = drawScene({ ...TINY, channels: 300, duration: 4, earthquakes: 0, noise: { white: 0, coloured: 0 }, faults: { dead: 0, flat: 0, noisy: 0 } });
    const x = new RealisticDas(scene).next(scene.samples);
    const v = scene.vehicles[0]!;
    for (const t of [500, 1500, 3500]) {
      let best = 0;
      let at = -1;
      for (let c = 0; c < scene.channels; c++) {
        const e = Math.abs(x.data[t * scene.channels + c]!);
        if (e > best) [best, at] = [e, c];
      }
      expect(Math.abs(scene.x0 + at * scene.dx - vehiclePosition(v, t / 1000))).toBeLessThan(40);
    }
    expect(passTime(v, vehiclePosition(v, 2.5))).toBeCloseTo(2.5, 12);
  });
});

describe("ColouredNoise", () => {
  it("has a 1/f spectrum between its corners: about ten times the power per Hz at 1 Hz as at 10 Hz", () => {
    const nch = 64;
    const n = 8192;
    const rate = 1000;
    const noise = new ColouredNoise({ channels: nch, rate, seed: 9 });
    const x = new Float64Array(n * nch);
    noise.addTo(x, n);
    // Hann-windowed single-bin DFT, averaged over channels.
    const power = (f: number): number => {
      let sum = 0;
      for (let c = 0; c < nch; c++) {
        let re = 0;
        let im = 0;
        for (let t = 0; t < n; t++) {
          const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / n);
          const ph = (2 * Math.PI * f * t) / rate;
          re += w * x[t * nch + c]! * Math.cos(ph);
          im -= w * x[t * nch + c]! * Math.sin(ph);
        }
        sum += re * re + im * im;
      }
      return sum / nch;
    };
    const ratio = (power(1.0986328125) + power(1.220703125)) / (power(10.986328125) + power(12.20703125));
    expect(ratio).toBeGreaterThan(5);
    expect(ratio).toBeLessThan(20);
  });
});

describe("writeSyntheticRecording", () => {
  it("writes ASN files that openInput reads back as one recording with the generator's exact samples", async () => {
    const out = join(dir, "rec");
    const rec = await writeSyntheticRecording(out, { ...TINY, files: 3, step: 137 });
    expect(rec.files.map((f) => f.slice(out.length + 1))).toEqual(["000000.hdf5", "000001.hdf5", "000002.hdf5"]);
    const src = await openInput(out);
    expect(src.format).toBe("asn");
    expect(src.backend.shape).toEqual([3000, 40]);
    expect(src.coords.time!.ns(0)).toBe(1_704_067_200_000_000_000n);
    expect(src.coords.time!.ns(2999)).toBe(1_704_067_202_999_000_000n);
    expect(src.coords.distance!.value(39)).toBe(156);
    expect(src.attrs["gaps"] ?? []).toEqual([]);
    const all = await src.backend.readBlock([[0, 3000], [0, 40]]);
    const expected = new RealisticDas(drawScene(TINY)).next(3000).data;
    expect(Buffer.from(all.buffer, all.byteOffset, all.byteLength).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))).toBe(true);
    expect(rec.truth.earthquakes[0]!.p).toHaveLength(40);
    await src.backend.close?.();
  });

  it("refuses a bad file count or an unwritable directory", async () => {
    await expect(writeSyntheticRecording(join(dir, "x"), { ...TINY, files: 0 })).rejects.toThrow(/files must be an integer/);
    writeFileSync(join(dir, "a-file"), "not a directory\n");
    await expect(writeSyntheticRecording(join(dir, "a-file", "rec"), TINY)).rejects.toThrow(/a-file\/rec: cannot create the recording directory/);
  });

  it("the small demo scene keeps its documented size", () => {
    const s = drawScene(SMALL_SCENE);
    expect([s.channels, s.samples, s.earthquakes.length, s.vehicles.length]).toEqual([300, 10_000, 1, 1]);
  });
});
