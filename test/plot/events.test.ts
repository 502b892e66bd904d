/** The events catalogue read back (CSV and JSON lines) and drawn on a waterfall: boxes and moveout curves. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DasEvent } from "../../atoms/events/event.js";
import { eventOverlay } from "../../src/plot/eventOverlay.js";
import { readEventsCsv } from "../../src/plot/readEventsCsv.js";
import { EVENT_CSV_HEADER, eventToCsv, eventToJson } from "../../src/processing/eventFormat.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-events-plot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_704_067_200_000_000_000n;
const quake: DasEvent = {
  start: T0 + 10_000_000_000n, end: T0 + 12_500_000_001n, peakTime: T0 + 11_000_000_000n, peakValue: 9.5,
  channels: 100, firstChannel: 50, lastChannel: 149, distanceMin: 200, distanceMax: 596, picks: 104, coincidenceSum: 100,
  fit: { model: "hyperbola", time: T0 + 10_123_456_789n, distance: 400, velocity: 3000, delay: 0.8, rms: 0.012, used: 97 },
};
const quiet: DasEvent = { ...quake, start: T0 + 15_000_000_000n, end: T0 + 16_000_000_000n, distanceMin: null, distanceMax: null, fit: null };

describe("events catalogue files", () => {
  it("reads back what the writers write, CSV and JSON lines, exact to the ns", async () => {
    const csv = join(dir, "events.csv");
    writeFileSync(csv, [EVENT_CSV_HEADER, eventToCsv(quake), eventToCsv(quiet)].join("\n") + "\n");
    const jsonl = join(dir, "events.jsonl");
    writeFileSync(jsonl, [eventToJson(quake), eventToJson(quiet)].join("\n") + "\n");
    for (const path of [csv, jsonl]) {
      const [a, b] = await readEventsCsv(path);
      expect(a).toEqual({ start: quake.start, end: quake.end, channels: 100, firstChannel: 50, lastChannel: 149, distanceMin: 200, distanceMax: 596, fit: quake.fit });
      expect(b!.fit).toBeNull();
      expect(b!.distanceMin).toBeNull();
    }
  });

  it("names the file, the line and the field on bad input", async () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, `${EVENT_CSV_HEADER}\n${eventToCsv(quake).replace(/^[^,]+/, "yesterday")}\n`);
    await expect(readEventsCsv(bad)).rejects.toThrow(/bad\.csv: line 2: start "yesterday" is not an ISO time/);
    writeFileSync(bad, "channel,on_time\n");
    await expect(readEventsCsv(bad)).rejects.toThrow(/not an events CSV: the header lacks start, end/);
  });
});

describe("eventOverlay", () => {
  // 1 px per channel and per 10 ms sample, window 0..2000 samples × 0..300 channels.
  const place = {
    timeIndex: (ns: bigint) => Number(ns - T0) / 1e7,
    channelIndex: (d: number | null, c: number) => (d === null ? c : d / 4),
    xOf: (c: number) => c,
    yOf: (t: number) => t,
    t0: 0, t1: 2000, c0: 0, c1: 300,
  };

  it("draws a box over the event's distances and times, and its moveout through the apex", () => {
    const { items, drawn } = eventOverlay([quake], place, [255, 255, 255]);
    expect(drawn).toBe(1);
    const box = items.find((i) => i.kind === "rect")!;
    if (box.kind !== "rect") throw new Error("no box");
    expect([box.x, box.y, box.width]).toEqual([49.5, 999.5, 100]);
    expect(box.height).toBeCloseTo(251, 6); // the end is 1 ns after 12.5 s
    const lines = items.filter((i) => i.kind === "line");
    expect(lines.length).toBe(64);
    // The curve is lowest (earliest) at the apex: 400 m = channel 100, 10.123456789 s = row 1012.3456789.
    const ys = lines.map((l) => (l.kind === "line" ? l.y1 : 0));
    const top = Math.min(...ys);
    // Sampled at 65 distances, the nearest is 0.08 channel from the apex: 3e-5 rows later.
    expect(Math.abs(top - 1012.3456789)).toBeLessThan(1e-4);
    const at = lines.find((l) => l.kind === "line" && l.y1 === top)!;
    expect(at.kind === "line" ? Math.abs(at.x1 - 100) : NaN).toBeLessThan(1);
  });

  it("skips events outside the window and draws no curve without a fit", () => {
    expect(eventOverlay([quake], { ...place, t0: 1300, t1: 2000 }, [0, 0, 0]).drawn).toBe(0);
    const { items, drawn } = eventOverlay([quiet], place, [0, 0, 0]);
    expect(drawn).toBe(1);
    expect(items.every((i) => i.kind === "rect")).toBe(true);
  });
});
