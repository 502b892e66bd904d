/**
 * `npm run bench -- --startup`: what a command costs before it does any work — the wall time
 * and peak RSS of `import("dasflow")` and of short `dasflow` commands, each a fresh process.
 *
 *   npm run bench -- --startup [--reps 5] [--base DIR] [--json]
 *
 * Cases: `import("dasflow")` (its own import time, measured inside the process, and the
 * process's wall time), `--version`, `--help`, `validate` of a one-atom spec, `info` of a small
 * ASN file and `run --pipeline square` over it (one chunk into a fresh Zarr store). Each case
 * runs REPS times; the medians are printed. With `--base DIR` (another checkout, built), its
 * `dist/` runs the same cases, alternating with ours so both see the same machine load.
 * Peak RSS comes from the child itself (`process.resourceUsage().maxRSS` at exit, via a
 * preloaded one-liner), so no /usr/bin/time is needed.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeAsnFile } from "../io/hdf5/engines/asnWriter.js";
import { DataArray } from "../src/core/dataArray.js";
import { formatRows, median } from "./harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const ourRoot = path.resolve(here, "..", "..");

/** Writes the child's resource usage to $DASFLOW_BENCH_RUSAGE when it exits. */
const RUSAGE_PRELOAD =
  "data:text/javascript," +
  encodeURIComponent('import{writeFileSync}from"node:fs";process.on("exit",()=>writeFileSync(process.env.DASFLOW_BENCH_RUSAGE,JSON.stringify(process.resourceUsage())));');

/** One timed run: wall seconds, peak RSS in MB, and the import time the child printed (if any). */
interface Sample {
  wall: number;
  rssMb: number;
  importMs: number | null;
}

interface Case {
  name: string;
  /** Node arguments, given the root of the checkout to run. */
  args: (root: string) => string[];
  /** Run before each repetition (e.g. remove the previous output). */
  before?: () => void;
}

function runOnce(args: string[], cwd: string, rusageFile: string): Sample {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", RUSAGE_PRELOAD, ...args], { cwd, encoding: "utf8", env: { ...process.env, DASFLOW_BENCH_RUSAGE: rusageFile } });
  const wall = (performance.now() - t0) / 1e3;
  if (r.status !== 0) throw new Error(`startup bench: node ${args.join(" ")} exited ${r.status}: ${r.stderr.trim().split("\n")[0]}`);
  const usage = JSON.parse(fs.readFileSync(rusageFile, "utf8")) as { maxRSS: number };
  const m = /^import_ms (\S+)/m.exec(r.stdout);
  return { wall, rssMb: usage.maxRSS / 1024, importMs: m ? Number(m[1]) : null };
}

/** The cases, over a small ASN file and a one-atom pipeline written into `tmp`. */
async function makeCases(tmp: string): Promise<Case[]> {
  const input = path.join(tmp, "small.hdf5");
  const nt = 1000;
  const nch = 16;
  const data = new Float32Array(nt * nch).map((_, i) => Math.sin(i / 7));
  await writeAsnFile(input, DataArray.regular(data, [nt, nch], { t0: 1_700_000_000_000_000_000n, dt: 1_000_000n, x0: 0, dx: 1 }));
  const spec = path.join(tmp, "square.yaml");
  fs.writeFileSync(spec, "atoms:\n  - op: square\n");
  const out = path.join(tmp, "out.zarr");
  const cli = (root: string): string => path.join(root, "dist", "src", "cli", "main.js");
  return [
    {
      name: 'import("dasflow")',
      args: (root) => ["--input-type=module", "-e", `const t=performance.now(); await import(${JSON.stringify(path.join(root, "dist", "src", "index.js"))}); console.log("import_ms", performance.now()-t)`],
    },
    { name: "dasflow --version", args: (root) => [cli(root), "--version"] },
    { name: "dasflow --help", args: (root) => [cli(root), "--help"] },
    { name: "dasflow validate", args: (root) => [cli(root), "validate", spec] },
    { name: "dasflow info", args: (root) => [cli(root), "info", input] },
    {
      name: "dasflow run (1 chunk)",
      args: (root) => [cli(root), "run", "--pipeline", spec, "--input", input, "--output", out, "--chunk", String(nt)],
      before: () => fs.rmSync(out, { recursive: true, force: true }),
    },
  ];
}

/** Runs the start-up bench with its own options (see the file's comment). */
export async function runStartup(argv: string[]): Promise<void> {
  const { values: o } = parseArgs({
    args: argv,
    options: { reps: { type: "string", default: "5" }, base: { type: "string" }, json: { type: "boolean", default: false } },
  });
  const reps = Number(o.reps);
  const roots: [string, string][] = [["dasflow", ourRoot]];
  if (o.base) roots.push(["base", path.resolve(o.base)]);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-startup-"));
  try {
    const cases = await makeCases(tmp);
    const rusage = path.join(tmp, "rusage.json");
    const samples = new Map<string, Sample[]>();
    for (let r = 0; r < reps; r++) {
      for (const c of cases) {
        for (const [label, root] of roots) {
          c.before?.();
          const key = `${c.name}\u0000${label}`;
          samples.set(key, [...(samples.get(key) ?? []), runOnce(c.args(root), root, rusage)]);
        }
      }
    }
    const rows = cases.flatMap((c) =>
      roots.map(([label]) => {
        const s = samples.get(`${c.name}\u0000${label}`)!;
        const imp = s.map((x) => x.importMs).filter((x): x is number => x !== null);
        return { case: c.name, build: label, wallS: median(s.map((x) => x.wall)), rssMb: median(s.map((x) => x.rssMb)), importMs: imp.length ? median(imp) : null };
      }),
    );
    const load = os.loadavg().map((x) => x.toFixed(2)).join(" ");
    if (o.json) {
      console.log(JSON.stringify({ reps, load, rows }));
      return;
    }
    console.log(`start-up: median of ${reps} fresh processes per case; load average ${load}`);
    const head = ["case", ...(o.base ? ["build"] : []), "wall s", "peak RSS MB", "import ms"];
    console.log(formatRows(head, rows.map((x) => [x.case, ...(o.base ? [x.build] : []), x.wallS.toFixed(3), x.rssMb.toFixed(0), x.importMs === null ? "" : x.importMs.toFixed(0)])));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
