/** A browsing session: a zoom asked for while the whole-array overview is computed does not wait for it. */
import { describe, expect, it, vi } from "vitest";
import { DataArray } from "../../src/core/dataArray.js";
import { memorySource } from "../../src/lazy/memoryBackend.js";
import type { Overview } from "../../src/view/windowTiles.js";
import { Session } from "../../src/view/session.js";
import type { ViewSource } from "../../src/view/viewSource.js";

describe("view session", () => {
  it("answers a zoom while the overview is still being computed, then goes on", async () => {
    // 20,000 × 1,000 samples: a full-array window is "wide" (over DIRECT_BUDGET), so it needs the overview.
    const nt = 20_000;
    const nch = 1_000;
    const data = new Float32Array(nt * nch);
    for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.001);
    const src = memorySource(DataArray.regular(data, [nt, nch], { t0: 0n, dt: 1_000_000n, x0: 0, dx: 1 }));
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let overviewDone = false;
    const source = {
      kind: "recording", ring: null, array: () => src,
      overview: (): Promise<Overview | null> => gate.then(() => ((overviewDone = true), null)),
      overviewReady: () => false, takePicks: () => [],
    } as unknown as ViewSource;
    const sent: unknown[] = [];
    const ws = { readyState: 1, OPEN: 1, bufferedAmount: 0, send: (m: unknown) => sent.push(m) };
    const tiles = (): { id: number; preview: boolean }[] =>
      sent.filter((m): m is Buffer => Buffer.isBuffer(m)).map((b) => JSON.parse(b.subarray(4, 4 + b.readUInt32LE(0)).toString()));
    const session = new Session(ws as never, source);

    const wide = session.handle(JSON.stringify({ type: "browse", id: 1, t0: 0, t1: nt, c0: 0, c1: nch, rows: 100, cols: 100 }));
    await vi.waitFor(() => expect(tiles().some((t) => t.id === 1 && t.preview)).toBe(true), { timeout: 30_000 });
    await session.handle(JSON.stringify({ type: "browse", id: 2, t0: 100, t1: 1100, c0: 0, c1: 250, rows: 100, cols: 100 }));
    await vi.waitFor(() => expect(tiles().some((t) => t.id === 2 && !t.preview)).toBe(true), { timeout: 30_000 });
    expect(overviewDone).toBe(false);
    // The wide request was superseded: no full tile for it, and the session is free again.
    release();
    await wide;
    expect(tiles().filter((t) => t.id === 1 && !t.preview)).toEqual([]);
    await session.handle(JSON.stringify({ type: "browse", id: 3, t0: 0, t1: 10, c0: 0, c1: 10, rows: 10, cols: 10 }));
    expect(tiles().some((t) => t.id === 3)).toBe(true);
  });
});
