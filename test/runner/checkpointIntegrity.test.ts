/**
 * Checkpoint integrity: every single-bit flip anywhere in a checkpoint file is refused (the
 * SHA-256 covers the whole file), naming the file; the previous generation is kept and used
 * when the newest one is damaged or missing, and a damaged pair is refused.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Checkpoint, fingerprint, loadCheckpoint, previousCheckpointPath, readCheckpoint, removeCheckpoint, resumeMismatch, textsPath, writeCheckpoint } from "../../src/processing/checkpoint.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-ckint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base: Checkpoint = {
  pipeline: "p", pipelineText: "[]", input: "i", inputText: "{}", chunk: 10, partition: "", nextChunk: 3,
  state: { zi: new Float64Array([0.25, -1e-300, 3]) }, writer: { picksBytes: 57, picksCount: 0 }, complete: false, updated: "t", picks: "",
};

describe("checkpoint integrity", () => {
  it("refuses every single-bit flip of the file, naming it", async () => {
    const p = join(dir, "one", "job.bin");
    await writeCheckpoint(p, base);
    const good = readFileSync(p);
    for (let i = 0; i < good.length; i++) {
      const bad = Buffer.from(good);
      bad[i]! ^= 1 << (i % 8);
      writeFileSync(p, bad);
      await expect(readCheckpoint(p), `byte ${i}`).rejects.toThrow(/one\/job\.bin: corrupt checkpoint/);
    }
    writeFileSync(p, good.subarray(0, good.length - 1));
    await expect(readCheckpoint(p)).rejects.toThrow(/corrupt checkpoint/);
  });

  it("falls back to the previous generation when the newest is damaged or missing", async () => {
    const p = join(dir, "two", "job.bin");
    await writeCheckpoint(p, base);
    await writeCheckpoint(p, { ...base, nextChunk: 4 });
    expect((await loadCheckpoint(p))).toMatchObject({ ckpt: { nextChunk: 4 }, fallback: null });
    const good = readFileSync(p);
    const bad = Buffer.from(good);
    bad[40]! ^= 0x04;
    writeFileSync(p, bad);
    const l = await loadCheckpoint(p);
    expect(l?.ckpt.nextChunk).toBe(3);
    expect(l?.fallback).toMatch(/job\.bin: corrupt checkpoint \(checksum mismatch\); resuming from the previous generation job\.prev\.bin \(chunk 3\)/);
    // A kill between the two renames: only the previous generation is there.
    rmSync(p);
    expect((await loadCheckpoint(p))?.ckpt.nextChunk).toBe(3);
    // Both damaged: the newest one's error.
    writeFileSync(p, bad);
    const prev = readFileSync(previousCheckpointPath(p));
    prev[prev.length - 3]! ^= 0x80;
    writeFileSync(previousCheckpointPath(p), prev);
    await expect(loadCheckpoint(p)).rejects.toThrow(/two\/job\.bin: corrupt checkpoint \(checksum mismatch\)/);
    renameSync(previousCheckpointPath(p), join(dir, "aside"));
    rmSync(p);
    expect(await loadCheckpoint(p)).toBeNull();
  });

  it("keeps the explanatory texts once per job beside the checkpoints: a checkpoint's size does not grow with the number of input files", async () => {
    const p = join(dir, "texts", "job.bin");
    const files = (n: number): string => JSON.stringify({ files: Array.from({ length: n }, (_, i) => `/data/rec_${i}.h5 1000000 1700000000000`) });
    const job = (n: number): Checkpoint => ({ ...base, pipeline: fingerprint("[]"), pipelineText: "[]", input: fingerprint(files(n)), inputText: files(n) });
    await writeCheckpoint(p, job(2));
    const small = readFileSync(p).length;
    await writeCheckpoint(p, job(2000));
    expect(readFileSync(p).length).toBe(small); // only the SHA-256s are in it
    expect(readFileSync(textsPath(p), "utf8")).toContain("rec_1999.h5");
    const back = await readCheckpoint(p);
    expect(back?.inputText).toBe(files(2000));
    expect(back?.pipelineText).toBe("[]");
    // A resume that differs is explained from the sidecar.
    expect(resumeMismatch(back!, { ...job(2000), input: fingerprint(files(3)), inputText: files(3) })).toMatch(/input differs .*files: 2000 entries then, 3 now|files: was/);
    // A damaged sidecar (its hash no longer the checkpoint's) or a missing one only loses the detail.
    writeFileSync(textsPath(p), readFileSync(textsPath(p), "utf8").replace("rec_7.h5", "rec_8.h5"));
    const damaged = await readCheckpoint(p);
    expect(damaged?.inputText).toBeUndefined();
    expect(damaged?.nextChunk).toBe(3);
    expect(resumeMismatch(damaged!, { ...job(2000), input: "other", inputText: files(3) })).toBe("the input differs from the checkpoint's (details differ)");
    rmSync(textsPath(p));
    expect((await loadCheckpoint(p))?.ckpt.inputText).toBeUndefined();
    // Written again by the next checkpoint of the job; removed with the checkpoints.
    await writeCheckpoint(p, job(2000));
    expect((await readCheckpoint(p))?.inputText).toBe(files(2000));
    await removeCheckpoint(p);
    expect(() => readFileSync(textsPath(p))).toThrow(/ENOENT/);
  });
});
