/** Argument parsers shared by the commands: each error names the option and the value. */
import { InvalidArgumentError } from "commander";

/** An integer ≥ 1. */
export function positiveInt(option: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError(`${option} must be an integer ≥ 1, got "${value}"`);
    return Number(value);
  };
}
