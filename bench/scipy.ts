/**
 * The SciPy side of the benchmark: a `python3 bench/scipy_bench.py` child that builds the
 * same data from the same recipe and times one repetition of a case per request, so that
 * `bench/run.ts` can alternate dasflow and SciPy repetitions under the same machine load.
 *
 * ```ts
 * const py = await SciPyBench.start();            // null when python3 + SciPy are missing
 * await py?.load({ dtype: "float32", channels: 1000, samples: 100000, seed: 12345, ... });
 * const { cpu } = await py!.run("sosfilt 4 sections", "axis0");
 * py?.close();
 * ```
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createInterface, type Interface } from "node:readline";

/** One timed SciPy repetition: CPU and wall seconds, the sum and the sum of |·| of its output. */
export interface SciPyRun {
  cpu: number;
  wall: number;
  sum: number;
  sumAbs: number;
}

/** Parameters of the data and filters both sides use. */
export interface SciPyLoad {
  dtype: "float32" | "float64";
  channels: number;
  samples: number;
  seed: number;
  sos4: number[][];
  lfilter: { b: number[]; a: number[] };
  nsta: number;
  nlta: number;
  q: number;
  factor: number;
}

/** Where scipy_bench.py lies: next to this file in the sources, or two levels up from dist/. */
function scriptPath(): string {
  for (const rel of ["./scipy_bench.py", "../../bench/scipy_bench.py"]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error("bench: scipy_bench.py not found next to bench/scipy.ts");
}

export class SciPyBench {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly waiting: ((line: string) => void)[] = [];
  private readonly stderr: string[] = [];

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.child = child;
    this.lines = createInterface({ input: child.stdout });
    this.lines.on("line", (line) => this.waiting.shift()?.(line));
    child.stderr.on("data", (d: Buffer) => this.stderr.push(d.toString()));
  }

  /** The SciPy version when `python3 -c "import scipy"` works, else null. */
  static version(): string | null {
    const r = spawnSync("python3", ["-c", "import scipy, numpy; print(scipy.__version__, numpy.__version__)"], { encoding: "utf8" });
    return r.status === 0 ? r.stdout.trim() : null;
  }

  /** Starts the child, or returns null when SciPy is not available. */
  static start(): SciPyBench | null {
    if (SciPyBench.version() === null) return null;
    return new SciPyBench(spawn("python3", [scriptPath()], { stdio: ["pipe", "pipe", "pipe"] }));
  }

  private request(msg: Record<string, unknown>): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const onExit = (): void => reject(new Error(`bench: scipy_bench.py exited: ${this.stderr.join("").slice(-2000)}`));
      this.child.once("exit", onExit);
      this.waiting.push((line) => {
        this.child.off("exit", onExit);
        const reply = JSON.parse(line) as Record<string, unknown>;
        if (typeof reply["error"] === "string") reject(new Error(`bench: scipy_bench.py: ${reply["error"]}`));
        else resolve(reply);
      });
      this.child.stdin.write(JSON.stringify(msg) + "\n");
    });
  }

  /** Builds the data in Python; returns its values at the probe indices 0, 1, 999, 123457, −1. */
  async load(p: SciPyLoad): Promise<number[]> {
    const r = await this.request({ cmd: "load", ...p });
    return r["probe"] as number[];
  }

  /** Times one repetition of `name` (`variant` "axis0" or "time-last"). */
  async run(name: string, variant: "axis0" | "time-last" = "axis0"): Promise<SciPyRun> {
    const r = await this.request({ cmd: "run", case: name, variant });
    return { cpu: r["cpu"] as number, wall: r["wall"] as number, sum: r["sum"] as number, sumAbs: r["sumAbs"] as number };
  }

  close(): void {
    this.child.stdin.end(JSON.stringify({ cmd: "quit" }) + "\n");
    this.lines.close();
  }
}
