/**
 * The output lock survives its periodic refresh: proper-lockfile re-stamps the lock
 * directory's mtime every STALE_MS / 2 and calls the lock lost if the mtime is not the one it
 * set. Writing holder.json inside the directory used to change it, so every job longer than
 * 30 s failed at its first refresh. Timers are faked; the file system is real.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { STALE_MS, acquireOutputLock } from "../../src/processing/outputLock.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-lock-refresh-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

/** Lets real I/O callbacks (stat, utimes) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 50));
}

describe("output lock refresh", () => {
  it("is not lost at its refreshes (a job longer than STALE_MS / 2)", async () => {
    const warnings: string[] = [];
    // Faked before the lock is taken: proper-lockfile schedules its refresh as it locks.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const held = await acquireOutputLock(join(dir, "long.zarr"), undefined, { warn: (l) => warnings.push(l) });
    for (let k = 0; k < 3; k++) {
      vi.advanceTimersByTime(STALE_MS / 2 + 1000);
      vi.useRealTimers();
      await settle();
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    }
    vi.useRealTimers();
    expect(warnings).toEqual([]);
    await expect(held.release()).resolves.toBeUndefined();
  });
});
