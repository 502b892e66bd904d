/**
 * SyncBatch: nothing staged becomes visible before `commit`, then everything at once; a file
 * staged twice keeps its newer bytes; a staged file that cannot be made durable fails the
 * commit (one IOError naming it) and is never renamed into place — so a checkpoint never
 * follows a sync whose files are not on disk.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { isTemporaryName } from "../../io/zarr/atomicWrite.js";
import { SyncBatch } from "../../io/zarr/syncBatch.js";
import { isDasflowError } from "../../src/core/errors.js";
import { tempDir } from "./helpers.js";

const root = tempDir("dasflow-syncbatch-");
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let seq = 0;
const fresh = (): string => fs.mkdtempSync(path.join(root, `b${seq++}-`));

/** Every file under dir (relative), temporaries included. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else out.push(path.relative(dir, path.join(d, e.name)));
    }
  };
  walk(dir);
  return out.sort();
}

describe.each([true, false])("SyncBatch (durable %s)", (durable) => {
  test("many files: invisible until commit, then all in place with their bytes, no temporary left", async () => {
    const dir = fresh();
    const batch = new SyncBatch(durable);
    const expected = new Map<string, Buffer>();
    for (let j = 0; j < 300; j++) {
      const data = Buffer.alloc(1000 + j, j % 251);
      const file = path.join(dir, "data", "c", String(j), "0");
      batch.stage(file, [new Uint8Array(data.subarray(0, 10)), new Uint8Array(data.subarray(10))]);
      expected.set(file, data);
      batch.stage(path.join(dir, "time", "c", String(j)), `t${j}`);
    }
    expect(files(dir).every((f) => isTemporaryName(path.basename(f)))).toBe(true);
    expect(batch.size).toBe(600);
    await batch.commit();
    expect(batch.size).toBe(0);
    const after = files(dir);
    expect(after.some((f) => isTemporaryName(path.basename(f)))).toBe(false);
    expect(after).toHaveLength(600);
    for (const [file, data] of expected) expect(fs.readFileSync(file).equals(data)).toBe(true);
    expect(fs.readFileSync(path.join(dir, "time", "c", "299"), "utf8")).toBe("t299");
  });

  test("a file staged twice before its commit keeps the newer bytes (the older temporary is gone)", async () => {
    const dir = fresh();
    const batch = new SyncBatch(durable);
    const file = path.join(dir, "zarr.json");
    batch.stage(file, "old");
    batch.stage(file, "new");
    await batch.commit();
    expect(fs.readFileSync(file, "utf8")).toBe("new");
    expect(files(dir)).toEqual(["zarr.json"]);
    // And again over the committed file: replaced only at the commit.
    batch.stage(file, "newer");
    expect(fs.readFileSync(file, "utf8")).toBe("new");
    await batch.commit();
    expect(fs.readFileSync(file, "utf8")).toBe("newer");
  });

  test("a staged file that vanished before the commit: an IOError naming it, nothing renamed into place", async () => {
    const dir = fresh();
    const batch = new SyncBatch(durable);
    const good = path.join(dir, "a");
    const lost = path.join(dir, "b");
    batch.stage(good, "a");
    batch.stage(lost, "b");
    const tmp = files(dir).find((f) => f.startsWith(".b."))!;
    fs.rmSync(path.join(dir, tmp));
    const err = await batch.commit().catch((e: unknown) => e);
    expect(isDasflowError(err, "IOError")).toBe(true);
    expect((err as Error).message).not.toMatch(/\n/);
    expect(String((err as { path?: string }).path)).toContain(dir);
    // Durable: the fsyncs fail before any rename. Not durable: renamed in staging order up to the
    // lost one (a commit stopped midway is what a kill leaves too; resume rewrites from the checkpoint).
    if (fs.existsSync(good)) expect(fs.readFileSync(good, "utf8")).toBe("a");
    expect(fs.existsSync(lost)).toBe(false);
    expect(files(dir).filter((f) => isTemporaryName(path.basename(f)))).toEqual([]);
    // The batch is usable again.
    batch.stage(lost, "b2");
    await batch.commit();
    expect(fs.readFileSync(lost, "utf8")).toBe("b2");
  });

  test("discard removes what is staged; a later commit has nothing to report", async () => {
    const dir = fresh();
    const batch = new SyncBatch(durable);
    for (let j = 0; j < 20; j++) batch.stage(path.join(dir, String(j)), `x${j}`);
    batch.discard();
    await batch.commit();
    expect(files(dir)).toEqual([]);
  });
});

describe("SyncBatch directories", () => {
  test("a commit syncs each file's directory and the parent of every directory it made, once", async () => {
    const dir = fresh();
    fs.mkdirSync(path.join(dir, "data"));
    const batch = new SyncBatch(true);
    batch.stage(path.join(dir, "zarr.json"), "{}");
    batch.stage(path.join(dir, "data", "c", "0", "0"), "a"); // makes data/c and data/c/0
    batch.stage(path.join(dir, "data", "c", "0", "1"), "b");
    expect(batch.directoriesToSync).toEqual([dir, path.join(dir, "data"), path.join(dir, "data", "c"), path.join(dir, "data", "c", "0")].sort());
    await batch.commit();
    // Next chunk: a new data/c/1 is an entry of data/c; data/c/0 already existed.
    batch.stage(path.join(dir, "data", "c", "1", "0"), "c");
    batch.stage(path.join(dir, "data", "c", "0", "2"), "d");
    expect(batch.directoriesToSync).toEqual([path.join(dir, "data", "c"), path.join(dir, "data", "c", "0"), path.join(dir, "data", "c", "1")].sort());
    await batch.commit();
    batch.stage(path.join(dir, "data", "c", "1", "1"), "e");
    expect(batch.directoriesToSync).toEqual([path.join(dir, "data", "c", "1")]);
    await batch.commit();
    expect(files(dir)).toEqual(["data/c/0/0", "data/c/0/1", "data/c/0/2", "data/c/1/0", "data/c/1/1", "zarr.json"]);
  });
});
