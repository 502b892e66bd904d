/**
 * A job checkpointed after chunks that all held 0 samples (a pipeline holding samples back at the
 * start) has nothing in its output yet, not even a progress record: every output format must
 * reopen it at that chunk and go on to the same output as an uninterrupted run.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryLoader } from "../../io/memory/loader.js";
import type { OutputFormat, OutputWriteResult } from "../../io/outputFormat.js";
import { findOutputFormat } from "../../io/outputFormats.js";
import { parseIso } from "../../src/core/coords/time.js";
import { DataArray } from "../../src/core/dataArray.js";
import type { Chunk, Writer } from "../../src/core/stream.js";
import { treeBytes, treeDiff } from "../helpers/cli.js";
import { netcdfDifferences } from "../helpers/netcdfSame.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-emptystart-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const NCH = 3;
const x = DataArray.regular(Float32Array.from({ length: 150 * NCH }, (_, i) => Math.sin(i * 0.37)), [150, NCH], { t0: parseIso("2024-06-01T00:00:00.5Z"), dt: 1_000_000n, x0: 0, dx: 4 });

async function chunks(): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const c of new MemoryLoader(x, { chunk: [0, 0, 130, 20] }).chunks()) out.push(c);
  return out;
}

async function writeAll(format: OutputFormat, dir: string, crash: boolean): Promise<void> {
  const options = format.parseOptions(format.name === "netcdf" || format.name === "segy" ? { window: "60" } : format.name === "miniseed" ? { record: "512" } : {});
  const ctx = { attrs: { pipeline: { atoms: [] } }, durable: false };
  const all = await chunks();
  let w: Writer<OutputWriteResult> = await format.create(dir, options, ctx);
  let from = 0;
  if (crash) {
    // Two empty chunks, each synced and checkpointed; killed after the third was written (whole
    // windows and a miniSEED record of it on disk), before its sync.
    for (const c of all.slice(0, 2)) {
      await w.write(c);
      await w.sync!();
    }
    await w.write(all[2]!);
    w = await format.open(dir, options, { resumeAt: 2, durable: false, attrs: ctx.attrs });
    from = 2;
  }
  for (const c of all.slice(from)) {
    await w.write(c);
    await w.sync!();
  }
  await w.close();
}

describe("resume after a start of empty chunks", () => {
  for (const name of ["zarr2", "miniseed", "netcdf", "segy"]) {
    it(`${name}: the same output as an uninterrupted run`, async () => {
      const format = findOutputFormat(name)!;
      const ref = path.join(tmp, `${name}-ref`);
      const out = path.join(tmp, `${name}-resumed`);
      await writeAll(format, ref, false);
      await writeAll(format, out, true);
      const skip = name === "netcdf" ? /\.nc$|\.tmp$/ : /\.tmp$/;
      expect(treeDiff(treeBytes(ref, skip), treeBytes(out, skip))).toEqual([]);
      expect(treeBytes(ref).size).toBeGreaterThan(2);
      if (name === "netcdf") expect(netcdfDifferences(ref, out)).toEqual([]);
    });
  }
});
