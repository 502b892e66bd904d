import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { isDasflowError } from "../../src/core/errors.js";
import type { DimSelection } from "../../src/lazy/selection.js";
import { blocksTouched, boundsOf, counted, pick, positional } from "./helpers.js";

/** Python-style slice → index list (reference for the slice semantics). */
function sliceIndices(n: number, start: number | undefined, stop: number | undefined, step: number): number[] {
  const out: number[] = [];
  const norm = (v: number): number => (v < 0 ? v + n : v);
  if (step > 0) {
    const a = start === undefined ? 0 : norm(start);
    const b = stop === undefined ? n : norm(stop);
    for (let i = a; i < b; i += step) out.push(i);
  } else {
    const a = start === undefined ? n - 1 : Math.min(norm(start), n - 1);
    const b = stop === undefined ? -1 : norm(stop);
    for (let i = a; i > b; i += step) out.push(i);
  }
  return out;
}

describe("LazyArray.get reads each needed block exactly once", () => {
  const x = positional(50, 12);
  const chunks = { time: 10, distance: 5 }; // blocks: time [0,10,…,50], distance [0,5,10,12]

  test("a range across chunk boundaries", async () => {
    const { arr, counter } = counted(x, chunks);
    const y = await arr.get({ time: { start: 8, stop: 23 }, distance: { start: 4, stop: 6 } });
    expect([...y.data]).toEqual([...pick(x, [sliceIndices(50, 8, 23, 1), [4, 5]])]);
    expect(counter.count).toBe(3 * 2);
    // Each read stays inside one block and covers only the selected span in it.
    expect(counter.reads).toContainEqual([[8, 10], [4, 5]]);
    expect(counter.reads).toContainEqual([[20, 23], [5, 6]]);
    expect(y.coords.time!.equals(x.coords.time!.take(8, 15))).toBe(true);
    expect(y.coords.distance!.equals(x.coords.distance!.take(4, 2))).toBe(true);
  });

  test("steps, also negative, skip blocks with no selected sample", async () => {
    const { arr, counter } = counted(x, chunks);
    const y = await arr.get({ time: { start: 45, stop: 2, step: -21 } }); // 45, 24, 3
    expect([...y.data]).toEqual([...pick(x, [[45, 24, 3], [...Array(12).keys()]])]);
    expect(counter.count).toBe(3 * 3); // time blocks 0, 2, 4 (1 and 3 unread) × 3 distance blocks
    expect(counter.reads.some((r) => r[0]![0] >= 10 && r[0]![0] < 20)).toBe(false);
    expect(y.coords.time!.equals(x.coords.time!.take(45, 3, -21))).toBe(true);
  });

  test("index lists in any order with repeats: one read per block", async () => {
    const { arr, counter } = counted(x, chunks);
    const list = [49, 0, 9, 11, 9, 48];
    const y = await arr.get({ time: list, distance: [11, 0] });
    expect([...y.data]).toEqual([...pick(x, [list, [11, 0]])]);
    expect(counter.count).toBe(3 * 2);
    expect(counter.reads).toContainEqual([[0, 10], [0, 1]]);
    expect(counter.reads).toContainEqual([[48, 50], [11, 12]]);
    expect(y.coords.time!.toBigInt64Array()).toEqual(BigInt64Array.from(list, (i) => x.coords.time!.ns(i)));
  });

  test("boolean masks", async () => {
    const { arr, counter } = counted(x, chunks);
    const mask = Array.from({ length: 50 }, (_, i) => i % 7 === 0 && i < 30);
    const cmask = Array.from({ length: 12 }, (_, i) => i >= 10);
    const y = await arr.get({ time: mask, distance: cmask });
    const it = [...Array(50).keys()].filter((i) => mask[i]);
    expect([...y.data]).toEqual([...pick(x, [it, [10, 11]])]);
    expect(counter.count).toBe(3 * 1);
  });

  test("empty selections read nothing", async () => {
    const { arr, counter } = counted(x, chunks);
    const y = await arr.get({ time: { start: 5, stop: 5 } });
    expect(y.shape).toEqual([0, 12]);
    expect(y.coords.time!.length).toBe(0);
    expect(counter.count).toBe(0);
  });

  test("out-of-range selections are clear errors naming the dim", async () => {
    const { arr } = counted(x, chunks);
    const bad: Record<string, DimSelection>[] = [
      { time: 50 }, { time: [0, 50] }, { time: -51 }, { distance: { start: 0, stop: 13 } },
      { distance: Array(11).fill(true) }, { time: { step: 0 } }, { time: [1.5] },
    ];
    for (const sel of bad) {
      const err = await arr.get(sel).catch((e: unknown) => e);
      expect(isDasflowError(err, "ShapeError"), JSON.stringify(sel)).toBe(true);
      expect(String(err)).toMatch(/"(time|distance)"/);
    }
    await expect(arr.get({ channel: 0 })).rejects.toThrow(/dim "channel" not in \[time, distance\]/);
  });

  test("property: random selections on random grids equal the reference with the minimum reads", async () => {
    const dimSel = (n: number): fc.Arbitrary<{ sel: DimSelection; idx: number[] }> =>
      fc.oneof(
        fc.record({ a: fc.integer({ min: -n, max: n }), b: fc.integer({ min: -n, max: n }), s: fc.integer({ min: -7, max: 7 }).filter((s) => s !== 0) })
          .map(({ a, b, s }) => ({ sel: { start: a, stop: b, step: s }, idx: sliceIndices(n, a, b, s) })),
        fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 15 }).map((l) => ({ sel: l as DimSelection, idx: l })),
        fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((m) => ({ sel: m, idx: m.flatMap((b, i) => (b ? [i] : [])) })),
        fc.integer({ min: 0, max: n - 1 }).map((i) => ({ sel: i, idx: [i] })),
      );
    const lengths = (n: number) => fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 12 }).map((ls) => {
      const out: number[] = [];
      let left = n;
      for (const l of ls) {
        if (left === 0) break;
        out.push(Math.min(l, left));
        left -= Math.min(l, left);
      }
      if (left > 0) out.push(left);
      return out;
    });
    const nt = 40;
    const nx = 9;
    const x = positional(nt, nx);
    await fc.assert(
      fc.asyncProperty(lengths(nt), lengths(nx), dimSel(nt), dimSel(nx), async (ct, cx, st, sx) => {
        const { arr, counter } = counted(x, { time: ct, distance: cx });
        const y = await arr.get({ time: st.sel, distance: sx.sel });
        expect(y.shape).toEqual([st.idx.length, sx.idx.length]);
        expect([...y.data]).toEqual([...pick(x, [st.idx, sx.idx])]);
        const want = st.idx.length && sx.idx.length ? blocksTouched(boundsOf(ct), st.idx) * blocksTouched(boundsOf(cx), sx.idx) : 0;
        expect(counter.count).toBe(want);
        const keys = counter.reads.map((r) => JSON.stringify(r.map((rr) => [boundsOf(ct).findIndex((b) => b > rr[0]), rr])));
        expect(new Set(keys).size).toBe(keys.length);
        expect(y.coords.time!.toBigInt64Array()).toEqual(BigInt64Array.from(st.idx, (i) => x.coords.time!.ns(i)));
        expect([...y.coords.distance!.toFloat64Array()]).toEqual(sx.idx.map((i) => x.coords.distance!.value(i)));
      }),
      { numRuns: 200 },
    );
  });
});
