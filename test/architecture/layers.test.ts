/**
 * The architecture, checked: imports follow the layer order (test/architecture/layers.ts),
 * no import cycles between files, no source file over 450 lines. Both exception lists below
 * are empty since issue 16: a new violation fails, and so would a listed one that is gone.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { importCycles, importEdges, sourceFiles } from "./importGraph.js";
import { layerOf, mayImport } from "./layers.js";

const root = path.resolve(__dirname, "../..");
const files = sourceFiles(root, ["src", "atoms", "io"]);
const edges = importEdges(root, files);

/** Known layer violations (none since issue 16: a new one fails). */
const KNOWN_VIOLATIONS = new Set<string>([]);

/** Files allowed over the limit, with their length (none today: a file that grows past it is split). */
const KNOWN_LONG: Record<string, number> = {};
const MAX_LINES = 450;

describe("architecture", () => {
  it("puts every source file in a layer", () => {
    expect(files.filter((f) => layerOf(f) === null)).toEqual([]);
  });

  it("imports only from the same or a lower layer (atoms and io never from each other)", () => {
    const violations = edges
      .filter((e) => {
        const from = layerOf(e.from);
        const to = layerOf(e.to);
        return from !== null && to !== null && !mayImport(from, to);
      })
      .map((e) => `${e.from} -> ${e.to}`);
    const unique = [...new Set(violations)].sort();
    expect(unique.filter((v) => !KNOWN_VIOLATIONS.has(v)), "new imports against the layers").toEqual([]);
    expect([...KNOWN_VIOLATIONS].filter((v) => !unique.includes(v)), "fixed: remove from KNOWN_VIOLATIONS").toEqual([]);
  });

  it("has no import cycles between files", () => {
    expect(importCycles(edges.filter((e) => !e.dynamic))).toEqual([]);
  });

  it("keeps every source file under 450 lines", () => {
    const long: string[] = [];
    for (const f of files) {
      const n = fs.readFileSync(path.join(root, f), "utf8").split("\n").length - 1;
      const allowed = KNOWN_LONG[f] ?? MAX_LINES;
      if (n > allowed) long.push(`${f}: ${n} lines (limit ${allowed})`);
    }
    expect(long).toEqual([]);
  });

  it("finds what it checks (the parser sees imports of every kind)", () => {
    // A check that found nothing would pass vacuously: the graph must hold known edges.
    const has = (from: string, to: string, dynamic = false) => edges.some((e) => e.from === from && e.to === to && e.dynamic === dynamic);
    expect(has("atoms/sosfilt.ts", "src/core/dataArray.ts")).toBe(true); // import type
    expect(has("atoms/sosfilt.ts", "atoms/iirAtom.ts")).toBe(true); // import with a type specifier inside
    expect(has("src/cli/commands/run.ts", "src/processing/job.ts", true)).toBe(true); // dynamic
    expect(importCycles([{ from: "a", to: "b", dynamic: false }, { from: "b", to: "a", dynamic: false }])).toEqual([["a", "b"]]);
    expect(mayImport("io", "atoms")).toBe(false);
    expect(mayImport("processing", "io")).toBe(true);
  });
});
