/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded through splitmix32) for
 * synthetic data: the same seed gives the same numbers on every platform and Node version,
 * which `Math.random` does not.
 *
 * ```ts
 * const rng = new Prng(42);
 * rng.uint32(); rng.uniform(); rng.gaussian();
 * ```
 */

/** xoshiro128** on four 32-bit words. */
export class Prng {
  // A typed array keeps the words untagged: as object fields, values ≥ 2^30 would be boxed.
  private readonly s = new Uint32Array(4);

  /** Seeds from any integer (negative and > 2^32 values are folded, never rejected). */
  constructor(seed: number | bigint = 0) {
    let x = typeof seed === "bigint" ? Number(BigInt.asUintN(32, seed) ^ BigInt.asUintN(32, seed >> 32n)) : foldNumber(seed);
    const next = (): number => {
      // splitmix32: spreads a small seed over the whole state so nearby seeds give unrelated streams.
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    const st = this.s;
    for (let i = 0; i < 4; i++) st[i] = next();
    if ((st[0]! | st[1]! | st[2]! | st[3]!) === 0) st[0] = 1; // the all-zero state is a fixed point
  }

  /** Next 32-bit unsigned integer. */
  uint32(): number {
    const st = this.s;
    const s0 = st[0]!;
    const s1 = st[1]!;
    const s2 = st[2]! ^ s0;
    const s3 = st[3]! ^ s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    st[0] = s0 ^ s3;
    st[1] = s1 ^ s2;
    st[2] = s2 ^ (s1 << 9);
    st[3] = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /**
   * Approximately standard normal: the sum of the four bytes of one 32-bit draw, centred and
   * scaled (Irwin–Hall). One draw and no transcendental function per sample, which is what a
   * 10-million-samples-per-second generator can afford; tails stop at ±3.45 σ.
   */
  gaussian(): number {
    const u = this.uint32();
    return ((u & 255) + ((u >>> 8) & 255) + ((u >>> 16) & 255) + (u >>> 24) - 510) * IRWIN_HALL_SCALE;
  }

  /**
   * Fills `out[offset .. offset + n)` with what n calls of `gaussian()` would return, with the
   * state in locals (several times faster than the calls in a loop of millions of samples).
   */
  gaussians(out: Float64Array, offset: number, n: number): void {
    const st = this.s;
    let s0 = st[0]! | 0;
    let s1 = st[1]! | 0;
    let s2 = st[2]! | 0;
    let s3 = st[3]! | 0;
    const end = offset + n;
    for (let i = offset; i < end; i++) {
      const m = Math.imul(s1, 5);
      const u = Math.imul((m << 7) | (m >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      out[i] = ((u & 255) + ((u >>> 8) & 255) + ((u >>> 16) & 255) + (u >>> 24) - 510) * IRWIN_HALL_SCALE;
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
  }

  /** Exponentially distributed with the given mean (waiting times of a Poisson process). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.uniform());
  }
}

/** 1 / standard deviation of the sum of four uniform bytes: sqrt(4 · (256² − 1) / 12). */
const IRWIN_HALL_SCALE = 1 / Math.sqrt((4 * (256 * 256 - 1)) / 12);

function foldNumber(seed: number): number {
  if (!Number.isFinite(seed)) return 0;
  const i = Math.trunc(seed);
  return (i >>> 0) ^ (Math.floor(i / 4294967296) >>> 0);
}
