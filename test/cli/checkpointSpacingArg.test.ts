/** `--checkpoint-every`: a number of chunks or a duration, anything else refused naming the value. */
import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { checkpointSpacingArg } from "../../src/cli/commands/args.js";

const parse = checkpointSpacingArg("--checkpoint-every");

describe("--checkpoint-every", () => {
  it("a whole number is chunks; a number with ms, s, m or min is seconds", () => {
    expect(parse("1")).toEqual({ chunks: 1 });
    expect(parse(" 20 ")).toEqual({ chunks: 20 });
    expect(parse("500ms")).toEqual({ seconds: 0.5 });
    expect(parse("2s")).toEqual({ seconds: 2 });
    expect(parse("1.5 s")).toEqual({ seconds: 1.5 });
    expect(parse("5min")).toEqual({ seconds: 300 });
    expect(parse("2m")).toEqual({ seconds: 120 });
  });

  it("refuses zero, negatives, fractions of a chunk and unknown units", () => {
    for (const bad of ["0", "-3", "2.5", "0s", "10h", "s", "", "fast"]) {
      expect(() => parse(bad), bad).toThrow(InvalidArgumentError);
      expect(() => parse(bad), bad).toThrow(`got "${bad}"`);
    }
  });
});
