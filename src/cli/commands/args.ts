/** Argument parsers shared by the commands: each error names the option and the value. */
import { InvalidArgumentError } from "commander";

/** An integer ≥ 1. */
export function positiveInt(option: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError(`${option} must be an integer ≥ 1, got "${value}"`);
    return Number(value);
  };
}

/** A finite number > 0. */
export function positiveNumber(option: string): (value: string) => number {
  return (value) => {
    const v = Number(value);
    if (value.trim() === "" || !Number.isFinite(v) || v <= 0) throw new InvalidArgumentError(`${option} must be a number > 0, got "${value}"`);
    return v;
  };
}
