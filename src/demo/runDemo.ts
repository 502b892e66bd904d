/**
 * `dasflow demo`: the whole tool on realistic data in one call — a synthetic recording
 * (2,000 channels × 60 s at 1 kHz by default: 480 MB of float32 in 6 ASN OptoDAS files, with
 * two earthquakes, two vehicles, 1/f noise and faulty channels) is written to `<out>/recording`,
 * the default detector pipeline runs over it with `runJob` into `<out>/processed.zarr` (picks
 * in `<out>/picks.csv`), waterfalls of the raw and processed data are drawn, and the picks are
 * scored against the injected truth (`<out>/truth.json`).
 *
 * Running it again replaces the demo's own outputs in `<out>` (and nothing else there).
 *
 * ```ts
 * const s = await runDemo({ out: "dasflow-demo", small: true });
 * console.log(formatDemoSummary(s)); // … picks: 412 (events injected: 2) …
 * ```
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openInput } from "../../io/openInput.js";
import { formatIso } from "../core/coords/time.js";
import { DasflowError } from "../core/errors.js";
import { type ChunkProgress, type StageTimings } from "../processing/process.js";
import { runJob } from "../processing/job.js";
import { readPicksCsv } from "../plot/readPicksCsv.js";
import { writeWaterfall } from "../plot/waterfall.js";
import { DEMO_SCENE, SMALL_SCENE, type SceneOptions, drawScene } from "../synthetic/scene.js";
import { writeSyntheticRecording } from "../synthetic/syntheticRecording.js";
import { type SceneTruth, truthToJson } from "../synthetic/truth.js";
import { demoPipeline, describeDemoPipeline } from "./demoPipeline.js";
import { type DetectionReport, evaluateDetections } from "./evaluateDetections.js";
import { type EventReport, evaluateEvents } from "./evaluateEvents.js";
import { readEventsCsv } from "../plot/readEventsCsv.js";

export interface DemoOptions {
  /** Output directory (default `dasflow-demo`). */
  out?: string;
  /** 300 channels × 10 s instead of 2,000 × 60 s. */
  small?: boolean;
  seed?: number;
  /** Override the scene's size. */
  channels?: number;
  duration?: number;
  /** Number of ASN files (default 6, 2 with `small`). */
  files?: number;
  /** Time samples per processing chunk (default 1000). */
  chunk?: number;
  workers?: number;
  /** Progress of the pipeline, chunk by chunk. */
  onStart?: (chunks: number) => void;
  onChunk?: (p: ChunkProgress) => void;
  /** Stage messages ("generating …", "plotting …"). */
  log?: (line: string) => void;
}

export interface DemoSummary {
  readonly out: string;
  readonly recording: {
    readonly dir: string;
    readonly files: readonly string[];
    readonly bytes: number;
    readonly channels: number;
    readonly samples: number;
    readonly rate: number;
    /** Wall seconds to generate and write it. */
    readonly seconds: number;
  };
  readonly pipeline: { readonly path: string; readonly description: string };
  readonly processed: { readonly path: string; readonly shape: readonly number[]; readonly seconds: number; readonly mbPerSecond: number; readonly timings: StageTimings | null };
  readonly picks: { readonly path: string; readonly count: number };
  /** The event catalogue, and how its events compare with the injected ones. */
  readonly events: { readonly path: string; readonly count: number; readonly report: EventReport } | null;
  readonly images: readonly string[];
  readonly truth: string;
  readonly detections: DetectionReport;
  /** Wall seconds of the whole demo. */
  readonly wall: number;
}

export async function runDemo(o: DemoOptions = {}): Promise<DemoSummary> {
  const started = performance.now();
  const log = o.log ?? (() => {});
  const out = o.out ?? "dasflow-demo";
  const base: SceneOptions = o.small ? SMALL_SCENE : DEMO_SCENE;
  const scene: SceneOptions = {
    ...base,
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.channels !== undefined ? { channels: o.channels } : {}),
    ...(o.duration !== undefined ? { duration: o.duration } : {}),
  };
  const files = o.files ?? (o.small ? 2 : 6);
  drawScene(scene); // refuses bad sizes before anything is written or said
  try {
    mkdirSync(out, { recursive: true });
  } catch (err) {
    throw new DasflowError("IOError", `cannot create the demo directory: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { path: out, cause: err });
  }
  const recDir = join(out, "recording");
  clearOldRecording(recDir);

  // 1. The recording.
  const bytesTotal = scene.channels * Math.round(scene.duration * (scene.rate ?? 1000)) * 4;
  log(`generating a synthetic recording: ${scene.channels} channels x ${scene.duration} s at ${scene.rate ?? 1000} Hz (${(bytesTotal / 1e6).toFixed(0)} MB) in ${files} ASN files`);
  const t0 = performance.now();
  const rec = await writeSyntheticRecording(recDir, { ...scene, files, onFile: (p, i, n) => log(`  wrote ${p} (${i + 1}/${n})`) });
  const genSeconds = (performance.now() - t0) / 1000;
  const truthPath = join(out, "truth.json");
  writeFileSync(truthPath, JSON.stringify(truthToJson(rec.truth), null, 1) + "\n");

  // 2. The pipeline, through the same job runner as `dasflow run`.
  // Coincidence groups picks across all channels, so worker threads (which split the channels) run the detector without it.
  const parallel = (o.workers ?? 1) > 1;
  const full = demoPipeline(rec.scene.rate);
  const spec = parallel ? { atoms: full.atoms.filter((a) => a.op !== "coincidence") } : full;
  const pipelinePath = join(out, "pipeline.yaml");
  const { stringify } = await import("yaml"); // loaded by the demo, not by `import("dasflow")`
  writeFileSync(pipelinePath, `# dasflow demo pipeline: ${describeDemoPipeline(!parallel)}\n${stringify(spec)}`);
  const processedPath = join(out, "processed.zarr");
  const picksPath = join(out, "picks.csv");
  const eventsPath = join(out, "events.csv");
  if (parallel) rmSync(eventsPath, { force: true }); // a previous demo's catalogue would look current
  log(`running the pipeline: ${describeDemoPipeline(!parallel)}`);
  const source = await openInput(recDir);
  const t1 = performance.now();
  const job = await runJob({
    pipeline: spec, pipelineSource: pipelinePath, source, output: processedPath, chunk: o.chunk ?? 1000, overwrite: true,
    workers: o.workers ?? 1, picks: picksPath, events: eventsPath,
    onStart: (s) => o.onStart?.(s.chunks),
    onChunk: o.onChunk,
  });
  const jobSeconds = (performance.now() - t1) / 1000;

  // 3. Scores against the truth.
  const picks = await readPicksCsv(picksPath);
  const detections = evaluateDetections(rec.truth, picks);
  const catalogue = parallel ? [] : await readEventsCsv(eventsPath);
  const eventReport = parallel ? null : evaluateEvents(rec.truth, catalogue);

  // 4. Waterfalls: the whole recording, and a zoom on the first earthquake, raw and processed.
  log("drawing waterfalls");
  const images: string[] = [];
  const zoom = zoomWindow(rec.truth);
  const processed = await openInput(processedPath);
  const rawTitle = "raw data (synthetic ASN recording)";
  const procTitle = "STA/LTA (band-pass, decimate x4) + picks + events";
  images.push((await writeWaterfall(source, join(out, "raw.png"), { title: rawTitle })).path);
  if (zoom) images.push((await writeWaterfall(source, join(out, "raw-event.png"), { title: "raw data: first earthquake", time: zoom })).path);
  images.push((await writeWaterfall(processed, join(out, "processed.png"), { title: procTitle, picks, events: catalogue, label: "STA/LTA" })).path);
  if (zoom) images.push((await writeWaterfall(processed, join(out, "processed-event.png"), { title: "STA/LTA + picks + events: first earthquake", time: zoom, picks, events: catalogue, label: "STA/LTA" })).path);

  const mb = rec.bytes / 1e6;
  return {
    out,
    recording: { dir: recDir, files: rec.files, bytes: rec.bytes, channels: rec.scene.channels, samples: rec.scene.samples, rate: rec.scene.rate, seconds: genSeconds },
    pipeline: { path: pipelinePath, description: describeDemoPipeline(!parallel) },
    processed: { path: processedPath, shape: job.result?.shape ?? [], seconds: jobSeconds, mbPerSecond: mb / jobSeconds, timings: job.timings },
    picks: { path: picksPath, count: job.picks?.count ?? picks.length },
    events: eventReport ? { path: eventsPath, count: catalogue.length, report: eventReport } : null,
    images,
    truth: truthPath,
    detections,
    wall: (performance.now() - started) / 1000,
  };
}

/** The summary printed by `dasflow demo`. */
export function formatDemoSummary(s: DemoSummary): string {
  const r = s.recording;
  const lines = [
    `dasflow demo: ${r.channels} channels x ${r.samples / r.rate} s at ${r.rate} Hz (${(r.bytes / 1e6).toFixed(0)} MB float32), done in ${s.wall.toFixed(1)} s`,
    `  recording   ${r.dir}/ (${r.files.length} ASN OptoDAS files, generated in ${r.seconds.toFixed(1)} s)`,
    `  pipeline    ${s.pipeline.path}: ${s.pipeline.description}`,
    `  processed   ${s.processed.path} [${s.processed.shape.join(", ")}] in ${s.processed.seconds.toFixed(1)} s: ${s.processed.mbPerSecond.toFixed(1)} MB/s, ${((r.channels * r.samples) / s.processed.seconds / 1e6).toFixed(1)} M samples/s`,
    `  picks       ${s.picks.path}`,
    ...(s.events ? [`  events      ${s.events.path}`] : []),
    `  images      ${s.images.join(", ")}`,
    `  truth       ${s.truth}`,
    `picks: ${s.picks.count} (events injected: ${s.detections.injected})`,
    ...(s.events ? formatEventLines(s.events.report) : ["events: not detected (coincidence needs all channels in one thread: run without --workers)"]),
    `found ${s.detections.found} of ${s.detections.injected} injected events:`,
  ];
  for (const e of s.detections.events) {
    const pct = (f: number): string => `${Math.round(f * 100)}%`;
    const when = formatIso(e.time).slice(11, 23);
    if (e.kind === "earthquake") {
      const err = (ms: number): string => (Number.isNaN(ms) ? "" : `, median error ${ms.toFixed(0)} ms`);
      lines.push(`  ${e.found ? "found  " : "missed "} earthquake ${e.number} (origin ${when}): P picked on ${pct(e.p!.fraction)} of ${e.channels} channels${err(e.p!.medianErrorMs)}, S on ${pct(e.s!.fraction)}${err(e.s!.medianErrorMs)}`);
    } else {
      lines.push(`  ${e.found ? "found  " : "missed "} vehicle ${e.number} (from ${when}): picked as it passes on ${pct(e.fraction)} of the ${e.channels} channels it drives past`);
    }
  }
  lines.push(`view it in a browser: dasflow view ${s.processed.path}`);
  return lines.join("\n");
}

/** The events lines of the summary: found vs injected, false events, fit errors. */
function formatEventLines(r: EventReport): string[] {
  const per10 = r.seconds > 0 ? (r.falseEvents * 600) / r.seconds : 0;
  const lines = [`events: found ${r.found} of ${r.injected}, false ${r.falseEvents} (${r.events} events, ${r.duplicates} duplicates; ${per10.toFixed(1)} false per 10 min)`];
  const fmt = (v: number | null | undefined, d: number): string => (v === null || v === undefined ? "-" : v.toFixed(d));
  for (const m of r.matches) {
    const head = `  ${m.matches > 0 ? "found  " : "missed "} ${m.kind} ${m.number} in ${m.matches} event(s)`;
    if (m.kind === "earthquake") {
      lines.push(m.phase ? `${head}: apex ${fmt(m.apexDistanceError, 0)} m and ${fmt(m.apexTimeErrorMs, 0)} ms from the ${m.phase} apex, velocity off by ${fmt(m.velocityErrorPct, 0)} %` : `${head}: no hyperbola fitted`);
    } else {
      lines.push(m.speedErrorPct !== null && m.speedErrorPct !== undefined ? `${head}: speed off by ${fmt(m.speedErrorPct, 1)} %` : `${head}: no line fitted`);
    }
  }
  return lines;
}

/** `START/END` seconds around the first earthquake: 1 s before its first P to 3 s after its last S. */
function zoomWindow(truth: SceneTruth): string | null {
  const eq = truth.earthquakes[0];
  if (!eq) return null;
  let first = eq.p[0]!;
  let last = eq.s[0]!;
  for (let c = 0; c < truth.channels; c++) {
    if (eq.p[c]! < first) first = eq.p[c]!;
    if (eq.s[c]! > last) last = eq.s[c]!;
  }
  const lo = first - truth.t0 - 1_000_000_000n;
  const hi = last - truth.t0 + 3_000_000_000n;
  const end = truth.end - truth.t0;
  const sec = (ns: bigint): string => (ns <= 0n ? "0" : `${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, "0")}`);
  return `${sec(lo)}/${sec(hi < end ? hi : end)}`;
}

/** A previous demo's files (maybe of another size) would join the new recording: remove them. */
function clearOldRecording(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) if (n.endsWith(".hdf5")) rmSync(join(dir, n), { force: true });
}
