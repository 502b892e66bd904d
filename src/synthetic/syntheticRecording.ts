/**
 * writeSyntheticRecording: a realistic synthetic recording as a directory of ASN OptoDAS
 * HDF5 files (the vendor layout `dasflow` reads like a real instrument's output), one file
 * per `duration / files` seconds named after its start time (`HHMMSS.hdf5`, as OptoDAS
 * names them), generated and written file by file — memory holds one file, never the whole
 * recording. Returns the files, the scene and its injected truth.
 *
 * ```ts
 * const rec = await writeSyntheticRecording("demo/recording", { ...SMALL_SCENE, files: 2 });
 * rec.files;                 // ["demo/recording/000000.hdf5", "demo/recording/000005.hdf5"]
 * rec.truth.earthquakes[0];  // P and S arrival per channel
 * ```
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeAsnFile } from "../../io/hdf5/engines/asnWriter.js";
import { DataArray } from "../core/dataArray.js";
import { DasflowError } from "../core/errors.js";
import { RealisticDas } from "./realisticDas.js";
import { type Scene, type SceneOptions, drawScene } from "./scene.js";
import { type SceneTruth, sceneTruth } from "./truth.js";

export interface SyntheticRecordingOptions extends SceneOptions {
  /** Number of files (default 6). */
  files?: number;
  /** Rows generated per step inside a file (default 1000; bounds the generator's scratch memory). */
  step?: number;
  /** Told after each file is written. */
  onFile?: (path: string, index: number, count: number) => void;
}

export interface SyntheticRecording {
  readonly dir: string;
  readonly files: readonly string[];
  readonly scene: Scene;
  readonly truth: SceneTruth;
  /** Bytes of samples written (float32). */
  readonly bytes: number;
}

export async function writeSyntheticRecording(dir: string, o: SyntheticRecordingOptions): Promise<SyntheticRecording> {
  const scene = drawScene(o);
  const count = o.files ?? 6;
  if (!Number.isInteger(count) || count < 1 || count > scene.samples) {
    throw new DasflowError("UsageError", `files must be an integer in [1, ${scene.samples}], got ${count}`, { path: "synthetic.files" });
  }
  const step = o.step ?? 1000;
  if (!Number.isInteger(step) || step < 1) throw new DasflowError("UsageError", `step must be an integer ≥ 1, got ${step}`, { path: "synthetic.step" });
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new DasflowError("IOError", `cannot create the recording directory: ${(err as Error).message}`, { path: dir, cause: err });
  }
  const gen = new RealisticDas(scene);
  const nch = scene.channels;
  const dtNs = 1e9 / scene.rate;
  if (!Number.isInteger(dtNs)) throw new DasflowError("UsageError", `ASN files need a whole number of ns per sample; ${scene.rate} Hz gives ${dtNs}`, { path: "synthetic.rate" });
  const perFile = Math.ceil(scene.samples / count);
  const files: string[] = [];
  const names = new Set<string>();
  let bytes = 0;
  for (let f = 0; f < count; f++) {
    const first = f * perFile;
    const rows = Math.min(perFile, scene.samples - first);
    if (rows <= 0) break;
    const data = new Float32Array(rows * nch);
    for (let r = 0; r < rows; r += step) {
      const chunk = gen.next(Math.min(step, rows - r));
      data.set(chunk.data, r * nch);
    }
    const t0 = scene.t0 + BigInt(first) * BigInt(dtNs);
    let name = fileName(t0);
    if (names.has(name)) name = `part_${String(f).padStart(3, "0")}.hdf5`; // sub-second files
    names.add(name);
    const path = join(dir, name);
    await writeAsnFile(path, DataArray.regular(data, [rows, nch], { t0, dt: BigInt(dtNs), x0: scene.x0, dx: scene.dx }));
    files.push(path);
    bytes += data.byteLength;
    o.onFile?.(path, f, count);
  }
  return { dir, files, scene, truth: sceneTruth(scene), bytes };
}

/** OptoDAS style: the file's UTC start time as HHMMSS. */
function fileName(t0: bigint): string {
  const d = new Date(Number(t0 / 1_000_000n));
  const p = (v: number): string => String(v).padStart(2, "0");
  return `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.hdf5`;
}
