/**
 * SEED identifiers for DAS channels written as miniSEED: one trace per fibre channel, the
 * channel's index in the station code (`stationPrefix` + zero-padded index filling the five
 * characters), network `XX` (the FDSN code for temporary/experimental data) unless given, an
 * empty location, and a channel code whose band letter follows the sampling rate (SEED 2.4
 * appendix A, short-period bands), instrument `S` (linear strain) and orientation `1`.
 *
 * ```ts
 * const codes = seedCodes({ network: "DA" }, 1000, 2000);   // channel "GS1", stations 00000…01999
 * codes.station(17);                                        // "00017"
 * ```
 */
import { DasflowError } from "../../src/core/errors.js";

/** User options for the identifiers (all optional). */
export interface SeedCodeOptions {
  network?: string;
  /** Characters before the channel index in the station code (the index fills the rest of its 5). */
  stationPrefix?: string;
  location?: string;
  /** Three characters; default band letter from the rate + `S1`. */
  channel?: string;
}

/** The identifiers of one output: fixed network, location and channel; the station per fibre channel. */
export interface SeedCodes {
  readonly network: string;
  readonly location: string;
  readonly channel: string;
  station(index: number): string;
}

const CODE = /^[A-Z0-9]*$/;
const STATION = /^[A-Z0-9-]*$/;

/** SEED band code for a sampling rate in Hz (short-period instruments). */
export function bandCode(rateHz: number): string {
  if (rateHz >= 5000) return "J";
  if (rateHz >= 1000) return "G";
  if (rateHz >= 250) return "D";
  if (rateHz >= 80) return "E";
  if (rateHz >= 10) return "S";
  if (rateHz > 1) return "M";
  if (rateHz > 0.5) return "L";
  if (rateHz > 0.05) return "V";
  return "U";
}

function check(value: string, field: string, max: number, pattern: RegExp, exact = false): string {
  if ((exact ? value.length !== max : value.length > max) || !pattern.test(value)) {
    const size = exact ? `exactly ${max}` : `at most ${max}`;
    throw new DasflowError("UsageError", `miniSEED ${field} code must be ${size} characters of A–Z, 0–9, got "${value}"`);
  }
  return value;
}

/** Validated identifiers for `channels` fibre channels sampled at `rateHz`. */
export function seedCodes(o: SeedCodeOptions, rateHz: number, channels: number): SeedCodes {
  const network = check(o.network ?? "XX", "network", 2, CODE);
  if (network.length === 0) throw new DasflowError("UsageError", "miniSEED network code must not be empty");
  const location = check(o.location ?? "", "location", 2, STATION);
  const channel = check(o.channel ?? `${bandCode(rateHz)}S1`, "channel", 3, CODE, true);
  const prefix = check(o.stationPrefix ?? "", "station prefix", 4, STATION);
  const digits = 5 - prefix.length;
  if (channels > 10 ** digits) {
    throw new DasflowError(
      "UsageError",
      `${channels} channels do not fit in miniSEED station codes: ${digits} digits after the prefix "${prefix}" number at most ${10 ** digits} channels`,
    );
  }
  return { network, location, channel, station: (i) => `${prefix}${String(i).padStart(digits, "0")}` };
}
