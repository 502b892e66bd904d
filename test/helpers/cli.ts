/** Runs the built `dasflow` CLI as a child process (real process, real files). */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CLI = join(ROOT, "dist", "src", "cli", "main.js");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI; `done` resolves when it exits. */
export function startCli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/** Every file of a directory tree (relative path → bytes), skipping names matched by `skip`. */
export function treeBytes(dir: string, skip: RegExp = /^\.checkpoints\//): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      const rel = relative(dir, p);
      if (skip.test(rel) || skip.test(`${rel}/`)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else out.set(rel, readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Paths that differ between two trees (missing, extra or different bytes). */
export function treeDiff(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const diff: string[] = [];
  for (const [k, v] of a) if (!b.has(k) || !b.get(k)!.equals(v)) diff.push(k);
  for (const k of b.keys()) if (!a.has(k)) diff.push(`+${k}`);
  return diff;
}

/** Every path under a directory (files and directories, `/`-separated, sorted), checkpoints included. */
export function treeNames(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      out.push(relative(dir, p) + (e.isDirectory() ? "/" : ""));
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Starts the CLI with `--json` progress and sends `signal` once it has printed its `k`-th chunk
 * line (k ≥ 1): a kill at a point the job reports, never after a delay. `sent` tells whether the
 * signal went out before the job ended by itself.
 */
export async function runUntilChunkLine(args: string[], k: number, signal: NodeJS.Signals, env: Record<string, string> = {}): Promise<CliResult & { sent: boolean }> {
  const { child, done } = startCli(args, env);
  let seen = 0;
  let sent = false;
  let buffered = "";
  child.stdout!.on("data", (d: Buffer) => {
    buffered += d.toString();
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!sent && line.startsWith('{"event":"chunk"') && ++seen >= k) {
        sent = true;
        child.kill(signal);
      }
    }
  });
  const r = await done;
  return { ...r, sent };
}

/** A small seeded PRNG (mulberry32): the same kill plan on every machine. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
