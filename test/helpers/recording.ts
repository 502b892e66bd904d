/** Writes small synthetic multi-file ASN recordings for runner and CLI tests. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeAsnFile } from "../../io/hdf5/engines/asnWriter.js";
import { DataArray } from "../../src/core/dataArray.js";

export interface RecordingSpec {
  files: number;
  samplesPerFile: number;
  channels: number;
  /** Sampling interval in ns. */
  dt?: bigint;
  t0?: bigint;
  seed?: number;
}

/** `files` consecutive ASN files in `dir` (000.hdf5, 001.hdf5 …): noise plus a travelling wave. */
export async function writeRecording(dir: string, spec: RecordingSpec): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const dt = spec.dt ?? 2_000_000n;
  const t0 = spec.t0 ?? 1_704_067_200_000_000_000n;
  let s = (spec.seed ?? 7) >>> 0;
  const paths: string[] = [];
  for (let f = 0; f < spec.files; f++) {
    const n = spec.samplesPerFile;
    const data = new Float32Array(n * spec.channels);
    for (let t = 0; t < n; t++) {
      const tt = f * n + t;
      for (let c = 0; c < spec.channels; c++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        data[t * spec.channels + c] = Math.sin((tt - 3 * c) * 0.05) * 2 + (s / 2 ** 32 - 0.5);
      }
    }
    const x = DataArray.regular(data, [n, spec.channels], { t0: t0 + BigInt(f * n) * dt, dt, x0: 0, dx: 2 });
    const p = join(dir, `${String(f).padStart(3, "0")}.hdf5`);
    await writeAsnFile(p, x);
    paths.push(p);
  }
  return paths;
}
