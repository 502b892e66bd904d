/**
 * The cluster examples run what they say. The Kubernetes Indexed Job manifest is parsed and its
 * `dasflow run --partitions N` arguments go through the CLI's own option parser; it runs the
 * same job as the SLURM array script, whose command is run locally for every task id (as the
 * cluster would: at the same time, the index in the environment, DASFLOW_ROOT pointing at a
 * temp dir standing for the shared filesystem) on a small ASN recording: the partitioned
 * store must equal one unpartitioned run byte for byte.
 *
 * Every task runs twice, as after a node failure: the first run is killed right after its
 * first checkpoint (DASFLOW_CRASH_AT), the second — the same command, `--resume` — finishes.
 * This covers the restart path of the examples, and every partition has registered in the
 * store before any finishes (a partition that finishes before another one has written its
 * first chunk finalizes the store too early — a known runner issue, not the examples').
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Command } from "commander";
import { parseAllDocuments } from "yaml";
import { validateSpec } from "../../atoms/pipeline/pipeline.js";
import { registerRun } from "../../src/cli/commands/run.js";
import { CLI, ROOT, runCli, treeBytes, treeDiff } from "../helpers/cli.js";
import { writeRecording } from "../helpers/recording.js";

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "dasflow-manifests-"));
// The shared filesystem of the SLURM example (DASFLOW_ROOT) and the recording it processes.
const shared = join(dir, "slurm");
const input = join(shared, "recordings", "2024-01-01");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  // 1024 channels: four blocks of the default 256-channel Zarr chunks.
  await writeRecording(input, { files: 3, samplesPerFile: 1000, channels: 1024 });
});

/** The value after `flag` in an argument list. */
function argValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}

/** The store one unpartitioned `dasflow run` writes for the same pipeline, input and chunk. */
async function reference(pipelineFile: string, input: string, chunk: string): Promise<Map<string, Buffer>> {
  const out = join(dir, `reference-${Math.random().toString(36).slice(2)}.zarr`);
  const r = await runCli(["run", "--pipeline", pipelineFile, "--input", input, "--output", out, "--chunk", chunk]);
  expect(r.code, r.stderr).toBe(0);
  return treeBytes(out);
}

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

describe("examples/kubernetes-indexed-job.yaml", () => {
  const text = readFileSync(join(ROOT, "examples", "kubernetes-indexed-job.yaml"), "utf8");
  const docs = parseAllDocuments(text);

  it("is an Indexed Job whose pods run a valid `dasflow run --partitions N` on a ReadWriteMany volume", () => {
    for (const d of docs) expect(d.errors, String(d.errors[0]?.message)).toEqual([]);
    const objects = docs.map((d) => d.toJS() as K8sObject).filter((o) => o !== null);
    const job = objects.find((o) => o.kind === "Job")!;
    expect(job.apiVersion).toBe("batch/v1");
    const spec = job.spec as { completionMode: string; completions: number; parallelism: number; template: { spec: { restartPolicy: string; containers: Container[]; volumes: Volume[] } } };
    expect(spec.completionMode).toBe("Indexed");
    const n = spec.completions;
    expect(n).toBeGreaterThan(1);
    expect(spec.parallelism).toBe(n);
    const pod = spec.template.spec;
    expect(pod.containers).toHaveLength(1);
    const container = pod.containers[0]!;
    const argv = [...container.command, ...container.args];
    expect(argv.slice(0, 2)).toEqual(["dasflow", "run"]);

    // The arguments as `dasflow run` parses them (its own option definitions and checks).
    const program = new Command().exitOverride();
    registerRun(program);
    const run = program.commands.find((c) => c.name() === "run")!.exitOverride();
    expect(run.parseOptions(argv.slice(2))).toEqual({ operands: [], unknown: [] });
    const opts = run.opts<{ pipeline: string; input: string; output: string; chunk: number; partitions?: number; partition?: string; resume?: boolean }>();
    expect(opts.partitions).toBe(n);
    expect(opts.partition).toBeUndefined();
    expect(opts.resume).toBe(true);
    expect(opts.chunk).toBeGreaterThan(0);

    // Input and output live on one ReadWriteMany claim; the pipeline, from the ConfigMap, is valid.
    const mountOf = (p: string): Mount => container.volumeMounts.find((m) => p.startsWith(`${m.mountPath}/`))!;
    const volumeOf = (m: Mount): Volume => pod.volumes.find((v) => v.name === m.name)!;
    const dataMount = mountOf(opts.output);
    expect(mountOf(opts.input)).toBe(dataMount);
    const claim = volumeOf(dataMount).persistentVolumeClaim!.claimName;
    const pvc = objects.find((o) => o.kind === "PersistentVolumeClaim" && o.metadata.name === claim)!;
    expect((pvc.spec as { accessModes: string[] }).accessModes).toContain("ReadWriteMany");
    const configMount = mountOf(opts.pipeline);
    const configMap = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === volumeOf(configMount).configMap!.name)!;
    const pipelineText = configMap.data![opts.pipeline.slice(configMount.mountPath.length + 1)]!;
    expect(validateSpec(pipelineText, "pipeline.yaml").map((a) => a.op)).toEqual(["iirfilter", "decimate"]);
    // The same job as the SLURM example, which the next test runs.
    const slurm = readFileSync(join(ROOT, "examples", "slurm-array.sh"), "utf8");
    expect(/<<'YAML'\n([\s\S]*?)\nYAML\n/.exec(slurm)![1]!.trim()).toBe(pipelineText.trim());
    expect(/--chunk (\d+)/.exec(slurm)![1]).toBe(String(opts.chunk));
  });
});

interface Mount {
  name: string;
  mountPath: string;
}
interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string };
  configMap?: { name: string };
}
interface Container {
  command: string[];
  args: string[];
  volumeMounts: Mount[];
}

describe("examples/slurm-array.sh", () => {
  const script = join(ROOT, "examples", "slurm-array.sh");
  const text = readFileSync(script, "utf8");

  it("is a job array running `dasflow run --partitions N` with the task id, and each task's command works", async () => {
    const array = /^#SBATCH --array=(\d+)-(\d+)$/m.exec(text);
    expect(array).not.toBeNull();
    const ids = Array.from({ length: Number(array![2]) - Number(array![1]) + 1 }, (_, i) => Number(array![1]) + i);
    expect(ids[0]).toBe(0);
    expect(/^PARTITIONS=(\d+)/m.exec(text)?.[1]).toBe(String(ids.length));
    expect(text).toMatch(/\$DASFLOW run --pipeline "\$pipeline" --input "\$INPUT" --output "\$OUTPUT" \\\n\s+--chunk \d+ --partitions "\$PARTITIONS" --resume/);
    await exec("bash", ["-n", script]);

    // Run it: the shared filesystem is a temp dir, every task at once.
    const env = { ...process.env, DASFLOW_ROOT: shared, DASFLOW: `${process.execPath} ${CLI}`, JOB_COMPLETION_INDEX: "", TMPDIR: dir };
    const tasks = (extra: Record<string, string>) =>
      Promise.allSettled(ids.map((id) => exec("bash", [script], { cwd: dir, env: { ...env, ...extra, SLURM_ARRAY_TASK_ID: String(id) } })));
    const killed = await tasks({ DASFLOW_CRASH_AT: "checkpoint-renamed:1" });
    expect(killed.map((r) => r.status)).toEqual(Array(ids.length).fill("rejected"));
    const settled = await tasks({});
    const runs = settled.map((r) => {
      if (r.status === "rejected") throw r.reason;
      return r.value;
    });
    for (const [i, r] of runs.entries()) expect(r.stderr).toMatch(new RegExp(`^task ${i} of ${ids.length}: `));
    const finalized = runs.map((r) => (JSON.parse(r.stdout.trim().split("\n").pop()!) as { finalized: boolean }).finalized);
    expect(finalized).toContain(true);

    // The same pipeline and chunk, one unpartitioned run.
    const pipelineFile = join(dir, "slurm-pipeline.yaml");
    writeFileSync(pipelineFile, `${/<<'YAML'\n([\s\S]*?)\nYAML\n/.exec(text)![1]}\n`);
    const ref = await reference(pipelineFile, input, /--chunk (\d+)/.exec(text)![1]!);
    expect(treeDiff(ref, treeBytes(join(shared, "processed", "2024-01-01-bandpass.zarr")))).toEqual([]);
    // Without the task id the script refuses to run.
    await expect(exec("bash", [script], { env: { ...env, SLURM_ARRAY_TASK_ID: "" } })).rejects.toThrow(/needs SLURM_ARRAY_TASK_ID/);
  });
});
