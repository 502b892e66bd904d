/**
 * Kaiser window parameter from a stopband attenuation (Kaiser's empirical formulas).
 */

/** Kaiser β for a stopband attenuation of `a` dB, as `scipy.signal.kaiser_beta`. */
export function kaiserBeta(a: number): number {
  if (a > 50) return 0.1102 * (a - 8.7);
  if (a > 21) return 0.5842 * (a - 21) ** 0.4 + 0.07886 * (a - 21);
  return 0;
}

/**
 * Attenuation in dB of a Kaiser-windowed FIR with `numtaps` taps and transition `width`
 * (normalised, 1 = Nyquist), as `scipy.signal.kaiser_atten`.
 */
export function kaiserAtten(numtaps: number, width: number): number {
  return 2.285 * (numtaps - 1) * Math.PI * width + 7.95;
}
