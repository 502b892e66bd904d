/** CSV and JSON-lines pick writers: content, exact ISO times with ns, empty runs, errors. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Pick } from "../../src/core/pick.js";
import { CsvPickWriter, PICK_CSV_HEADER } from "../../io/picks/csvWriter.js";
import { JsonlPickWriter } from "../../io/picks/jsonlWriter.js";
import { parseIso } from "../../src/core/coords/time.js";
import { isDasflowError } from "../../src/core/errors.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-picks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const picks: Pick[] = [
  { channel: 3, distance: 12.5, onTime: 1_704_067_200_249_999_872n, offTime: 1_704_067_201_000_000_001n, peakTime: 1_704_067_200_500_000_000n, peakValue: 4.125 },
  { channel: 0, distance: null, onTime: -1n, offTime: 0n, peakTime: 0n, peakValue: 0.1 + 0.2 },
  { channel: 7, distance: 1e-7, onTime: 5n, offTime: 6n, peakTime: 6n, peakValue: Number.POSITIVE_INFINITY },
];

describe("CsvPickWriter", () => {
  it("writes a header and one exact line per pick, across several writes", async () => {
    const path = join(dir, "p.csv");
    const w = new CsvPickWriter(path);
    await w.write(picks.slice(0, 1));
    await w.write([]);
    await w.write(picks.slice(1));
    await w.close();
    const lines = readFileSync(path, "utf8").split("\n");
    expect(lines).toEqual([
      PICK_CSV_HEADER,
      "3,12.5,2024-01-01T00:00:00.249999872Z,2024-01-01T00:00:01.000000001Z,2024-01-01T00:00:00.500000000Z,4.125",
      "0,,1969-12-31T23:59:59.999999999Z,1970-01-01T00:00:00.000000000Z,1970-01-01T00:00:00.000000000Z,0.30000000000000004",
      "7,1e-7,1970-01-01T00:00:00.000000005Z,1970-01-01T00:00:00.000000006Z,1970-01-01T00:00:00.000000006Z,Infinity",
      "",
    ]);
    // Round trip of the times and values
    const row = lines[1]!.split(",");
    expect(parseIso(row[2]!)).toBe(picks[0]!.onTime);
    expect(Number(lines[2]!.split(",")[5])).toBe(picks[1]!.peakValue);
  });

  it("leaves a header-only file when there were no picks", async () => {
    const path = join(dir, "empty.csv");
    const w = new CsvPickWriter(path);
    await w.close();
    await w.close(); // idempotent
    expect(readFileSync(path, "utf8")).toBe(`${PICK_CSV_HEADER}\n`);
  });
});

describe("JsonlPickWriter", () => {
  it("writes one JSON object per line with ISO ns times", async () => {
    const path = join(dir, "p.jsonl");
    const w = new JsonlPickWriter(path);
    await w.write(picks);
    await w.close();
    const text = readFileSync(path, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const objs = text.trim().split("\n").map((l) => JSON.parse(l));
    expect(objs[0]).toEqual({ channel: 3, distance: 12.5, onTime: "2024-01-01T00:00:00.249999872Z", offTime: "2024-01-01T00:00:01.000000001Z", peakTime: "2024-01-01T00:00:00.500000000Z", peakValue: 4.125 });
    expect(objs[1].distance).toBeNull();
    expect(objs[1].peakValue).toBe(picks[1]!.peakValue);
    expect(objs[2].peakValue).toBeNull(); // JSON has no Infinity
    expect(objs.map((o) => parseIso(o.onTime))).toEqual(picks.map((p) => p.onTime));
  });

  it("an empty run gives an empty file", async () => {
    const path = join(dir, "empty.jsonl");
    const w = new JsonlPickWriter(path);
    await w.close();
    expect(readFileSync(path, "utf8")).toBe("");
  });
});

describe("pick writer errors", () => {
  it("a file in a missing directory is an IOError naming it", async () => {
    const path = join(dir, "no", "such", "dir", "p.csv");
    const err = await new CsvPickWriter(path).write(picks).catch((e: unknown) => e);
    expect(isDasflowError(err, "IOError")).toBe(true);
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toMatch(/cannot create the picks file/);
  });

  it("writing after close is refused", async () => {
    const w = new JsonlPickWriter(join(dir, "closed.jsonl"));
    await w.close();
    await expect(w.write(picks)).rejects.toThrow(/already closed/);
  });
});
