/**
 * `-O key=value` options of an output format: parsed from the command line into a record, then
 * read by the format with checks that name the offending key (`dasflow: <path>: …` on error).
 *
 * ```ts
 * const raw = parseFormatOptions(["network=DA", "record=512"]);
 * const o = new OptionReader("miniseed", raw, ["network", "record"]);
 * o.choice("record", ["512", "4096"]);
 * ```
 */
import { DasflowError } from "../src/core/errors.js";

/** `["a=1", "b=x"]` → `{ a: "1", b: "x" }`; a repeated key or one without `=` is refused. */
export function parseFormatOptions(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new DasflowError("UsageError", `-O takes key=value, got "${item}"`);
    const key = item.slice(0, eq).trim();
    if (key in out) throw new DasflowError("UsageError", `-O ${key} given twice`);
    out[key] = item.slice(eq + 1).trim();
  }
  return out;
}

/** Reads one format's options; unknown keys are refused at construction. */
export class OptionReader {
  constructor(
    readonly format: string,
    private readonly raw: Readonly<Record<string, string>>,
    known: readonly string[],
  ) {
    const unknown = Object.keys(raw).filter((k) => !known.includes(k));
    if (unknown.length) {
      const list = known.length ? `it takes ${known.join(", ")}` : "it takes none";
      throw new DasflowError("UsageError", `output format ${format} has no option "${unknown[0]}" (${list})`);
    }
  }

  string(key: string): string | undefined {
    return this.raw[key];
  }

  /** A whole number in [min, max]. */
  int(key: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) this.bad(key, v, `a whole number from ${min} to ${max}`);
    return n;
  }

  choice<T extends string>(key: string, values: readonly T[]): T | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (!values.includes(v as T)) this.bad(key, v, `one of ${values.join(", ")}`);
    return v as T;
  }

  private bad(key: string, value: string, want: string): never {
    throw new DasflowError("UsageError", `output format ${this.format}: -O ${key} must be ${want}, got "${value}"`);
  }
}
