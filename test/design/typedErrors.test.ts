/**
 * Filter design refuses bad arguments with typed errors: a SpecError (so callers branch on
 * `isDasflowError(err, "SpecError")`, not on the text), its message unchanged.
 */
import { describe, expect, it } from "vitest";
import { butter, cheby1, firwin, getWindow, iirfilter, zpk2sos } from "../../atoms/design/index.js";
import { isDasflowError } from "../../src/core/errors.js";

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("filter design errors", () => {
  const cases: [string, () => unknown, string][] = [
    ["order", () => butter(0, 0.2), "filter order must be an integer >= 1, got 0"],
    ["cutoff", () => butter(4, 1.2), "normalised cutoff must satisfy 0 < Wn < 1 (1 is Nyquist; pass fs to give Hz), got 1.2"],
    ["ripple", () => iirfilter(4, 0.2, { btype: "lowpass", ftype: "cheby1" }), "cheby1 filter needs the passband ripple rp (dB)"],
    ["firwin", () => firwin(0, 0.2), "numtaps must be an integer >= 1, got 0"],
    ["window", () => getWindow("nope" as never, 8), "unknown window 'nope' (expected hamming, hann, blackman, boxcar or ['kaiser', beta])"],
    ["pairing", () => zpk2sos({ z: [], p: [], k: 1 } as never, { pairing: "odd" as never }), "pairing must be 'nearest', 'keep_odd' or 'minimal', got 'odd'"],
  ];
  for (const [what, f, message] of cases) {
    it(`${what}: a SpecError with the same message`, () => {
      const err = thrown(f);
      expect(isDasflowError(err, "SpecError")).toBe(true);
      expect((err as Error).message).toBe(message);
    });
  }
  it("cheby1 without rp is typed too", () => {
    expect(isDasflowError(thrown(() => cheby1(4, undefined as never, 0.2)), "SpecError")).toBe(true);
  });
});
