/**
 * `dasflow run` and `dasflow convert` end to end (real child processes, I/O worker threads
 * reopening the input by its format) on every readable real file: the output store holds
 * the input's exact time coordinate and its values (convert) or their squares (run).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openInput } from "../../io/openInput.js";
import { tempDir } from "../hdf5/helpers.js";
import { runCli } from "../helpers/cli.js";

const DIR = fileURLToPath(new URL("../../fixtures/realdata/", import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const expected: Record<string, any> = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")).files;
const tmp = tempDir("realcli");
afterAll(tmp.cleanup);
const pipeline = join(tmp.dir, "square.json");
writeFileSync(pipeline, JSON.stringify({ atoms: [{ op: "square" }] }));

describe("run and convert on real files", () => {
  for (const [file, exp] of Object.entries(expected)) {
    if (exp.error) continue;
    it(`${file}`, async () => {
      const input = join(DIR, file);
      const src = await openInput(input);
      const all = await src.backend.readBlock([[0, exp.shape[0]], [0, exp.shape[1]]]);
      const name = file.split("/")[0]!;
      const conv = join(tmp.dir, `${name}-conv.zarr`);
      const c = await runCli(["convert", input, conv, "--chunk", "700"]);
      expect(c.stderr.split("\n").filter((l) => l && !l.includes("warning")).join("\n")).toBe("");
      expect(c.code).toBe(0);
      const out = join(tmp.dir, `${name}-run.zarr`);
      const r = await runCli(["run", "--pipeline", pipeline, "--input", input, "--output", out, "--chunk", "650"]);
      expect(r.code, r.stderr).toBe(0);
      for (const [store, f] of [[conv, (v: number) => v], [out, (v: number) => v * v]] as const) {
        const z = await openInput(store);
        expect(z.backend.shape).toEqual(exp.shape);
        expect(z.coords.time!.toBigInt64Array()).toEqual(src.coords.time!.toBigInt64Array());
        const got = await z.backend.readBlock([[0, exp.shape[0]], [0, exp.shape[1]]]);
        // Float32Array.from rounds each square to float32, as the float32 pipeline does.
        const want = src.backend.dtype === "float32" ? Float32Array.from(all, f) : Float64Array.from(all, f);
        expect(Buffer.compare(Buffer.from(got.buffer, got.byteOffset, got.byteLength), Buffer.from(want.buffer))).toBe(0);
      }
    }, 60_000);
  }
});
