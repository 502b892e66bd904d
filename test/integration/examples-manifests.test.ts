/**
 * The cluster examples run what they say: the Kubernetes Indexed Job manifest and the SLURM
 * array script are parsed, their `dasflow run --partitions N` command is checked, then run
 * locally for every index (as the cluster would: at the same time, the index in the
 * environment, paths mapped to a temp dir standing for the shared volume) on a small ASN
 * recording; the partitioned store must equal one unpartitioned run byte for byte.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { CLI, ROOT, runCli, treeBytes, treeDiff } from "../helpers/cli.js";
import { writeRecording } from "../helpers/recording.js";

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "dasflow-manifests-"));
const recording = join(dir, "recording");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  // 1024 channels: four blocks of the default 256-channel Zarr chunks.
  await writeRecording(recording, { files: 4, samplesPerFile: 2000, channels: 1024 });
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

  it("is an Indexed Job whose pods run `dasflow run --partitions N` on a ReadWriteMany volume, and that command works", async () => {
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
    expect(argValue(argv, "--partitions")).toBe(String(n));
    expect(argv).not.toContain("--partition");
    expect(argv).toContain("--resume");
    for (const flag of ["--pipeline", "--input", "--output", "--chunk"]) expect(argValue(argv, flag), flag).toBeDefined();

    // Input and output live on one ReadWriteMany claim; the pipeline comes from the ConfigMap.
    const mountOf = (p: string): Mount => container.volumeMounts.find((m) => p.startsWith(`${m.mountPath}/`))!;
    const volumeOf = (m: Mount): Volume => pod.volumes.find((v) => v.name === m.name)!;
    const dataMount = mountOf(argValue(argv, "--output")!);
    expect(mountOf(argValue(argv, "--input")!)).toBe(dataMount);
    const claim = volumeOf(dataMount).persistentVolumeClaim!.claimName;
    const pvc = objects.find((o) => o.kind === "PersistentVolumeClaim" && o.metadata.name === claim)!;
    expect((pvc.spec as { accessModes: string[] }).accessModes).toContain("ReadWriteMany");
    const configMount = mountOf(argValue(argv, "--pipeline")!);
    const configMap = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === volumeOf(configMount).configMap!.name)!;

    // Run it: each mount is a directory of the temp dir, every index at once.
    const host = (p: string): string => {
      const m = mountOf(p);
      return join(dir, "k8s", m.mountPath, p.slice(m.mountPath.length));
    };
    const configDir = join(dir, "k8s", configMount.mountPath);
    mkdirSync(configDir, { recursive: true });
    for (const [file, content] of Object.entries(configMap.data!)) writeFileSync(join(configDir, file), content);
    const input = host(argValue(argv, "--input")!);
    cpSync(recording, input, { recursive: true });
    const args = argv.slice(1).map((a) => (a.startsWith("/") ? host(a) : a));
    const runs = await Promise.all(
      Array.from({ length: n }, (_, i) => runCli(args, { JOB_COMPLETION_INDEX: String(i), SLURM_ARRAY_TASK_ID: "" })),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const summaries = runs.map((r) => JSON.parse(r.stdout.trim().split("\n").pop()!) as { event: string; finalized: boolean; channels: number[] });
    expect(summaries.map((s) => s.event)).toEqual(Array(n).fill("summary"));
    expect(summaries.map((s) => s.channels)).toEqual(Array.from({ length: n }, (_, i) => [i * 256, (i + 1) * 256]));
    expect(summaries.some((s) => s.finalized)).toBe(true);
    const ref = await reference(host(argValue(argv, "--pipeline")!), input, argValue(argv, "--chunk")!);
    expect(treeDiff(ref, treeBytes(host(argValue(argv, "--output")!)))).toEqual([]);
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
    const shared = join(dir, "slurm");
    const input = join(shared, "recordings", "2024-01-01");
    cpSync(recording, input, { recursive: true });
    const env = { ...process.env, DASFLOW_ROOT: shared, DASFLOW: `${process.execPath} ${CLI}`, JOB_COMPLETION_INDEX: "", TMPDIR: dir };
    const runs = await Promise.all(ids.map((id) => exec("bash", [script], { cwd: dir, env: { ...env, SLURM_ARRAY_TASK_ID: String(id) } })));
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
