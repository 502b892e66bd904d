/**
 * Every CLI error is one line `dasflow: <path>: <cause>` with a non-zero exit (issue 13 item
 * 13): commander's option errors, permission errors (EACCES, as a user who lacks the
 * permission: real processes), and anything unexpected.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorLine } from "../../src/cli/errorLine.js";
import { DasflowError } from "../../src/core/errors.js";
import { CLI, ROOT, runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-errors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectOneLine(r: { code: number | null; stderr: string }, re: RegExp): void {
  expect(r.code).not.toBe(0);
  expect(r.code).not.toBeNull();
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^dasflow: /);
  expect(lines[0]).toMatch(re);
}

describe("errorLine (in-process)", () => {
  it("a system error names its path and a plain cause", () => {
    const err = Object.assign(new Error("EACCES: permission denied, open '/data/x.h5'"), { code: "EACCES", errno: -13, syscall: "open", path: "/data/x.h5" });
    expect(errorLine(err)).toBe("dasflow: /data/x.h5: permission denied (EACCES, open)");
    const nospc = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write" });
    expect(errorLine(nospc)).toBe("dasflow: no space left on the device (ENOSPC, write)");
  });

  it("a DasflowError keeps its path; a wrapped system error's cause is made plain", () => {
    const cause = Object.assign(new Error("EACCES: permission denied, mkdir '/out/x.zarr'"), { code: "EACCES", syscall: "mkdir", path: "/out/x.zarr" });
    const err = new DasflowError("IOError", `cannot write: ${cause.message}`, { path: "/out/x.zarr/zarr.json", cause });
    expect(errorLine(err)).toBe("dasflow: /out/x.zarr/zarr.json: cannot write: permission denied (EACCES, mkdir)");
  });

  it("anything else is one line, without the 'Error:' of a stack", () => {
    expect(errorLine(new TypeError("x is not a function\n    at foo (bar.js:1:1)"))).toBe("dasflow: unexpected error: x is not a function at foo (bar.js:1:1)");
    expect(errorLine(new RangeError("Invalid typed array length: 4294967295"))).toBe("dasflow: unexpected error: Invalid typed array length: 4294967295");
  });
});

describe("option errors (real processes)", () => {
  it("unknown option, missing option, missing argument, bad value, unknown command: one line each, exit 2", async () => {
    const cases: [string[], RegExp][] = [
      [["info", "x", "--bogus"], /unknown option '--bogus' \(run with --help for usage\)$/],
      [["run", "--input", "x"], /required option '--pipeline <file>' not specified/],
      [["info"], /missing required argument 'in'/],
      [["run", "--pipeline", "p", "--input", "i", "--output", "o", "--chunk", "-3"], /--chunk must be an integer ≥ 1, got "-3"/],
      [["run", "--pipeline", "p", "--input", "i", "--output", "o", "--checkpoint-every", "0s"], /--checkpoint-every must be a number of chunks ≥ 1 \(e\.g\. 20\) or a duration > 0 \(e\.g\. 500ms, 2s, 5min\), got "0s"/],
      [["frobnicate"], /unknown command 'frobnicate'/],
    ];
    for (const [args, re] of cases) {
      const r = await runCli(args);
      expectOneLine(r, re);
      expect(r.code).toBe(2);
    }
  });

  it("--help and --version still exit 0", async () => {
    expect((await runCli(["--version"])).code).toBe(0);
    expect((await runCli(["run", "--help"])).code).toBe(0);
  });
});

describe("permission errors (real processes, as a user without the permission)", () => {
  // As root, permissions are not checked: run the CLI as `nobody` then.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", ...asUser });
    return { code: r.status, stderr: r.stderr };
  };
  const pub = join(dir, "pub");
  beforeAll(() => {
    chmodSync(dir, 0o755);
    mkdirSync(pub, { mode: 0o755 });
    chmodSync(pub, 0o755);
    writeFileSync(join(pub, "p.yaml"), "atoms:\n  - op: square\n");
    copyFileSync(join(ROOT, "fixtures/golden/hdf5/asn.hdf5"), join(pub, "in.h5"));
    chmodSync(join(pub, "p.yaml"), 0o644);
    chmodSync(join(pub, "in.h5"), 0o644);
    copyFileSync(join(ROOT, "fixtures/golden/hdf5/asn.hdf5"), join(pub, "secret.h5"));
    chmodSync(join(pub, "secret.h5"), 0o000);
    mkdirSync(join(pub, "closed"), { mode: 0o000 });
    chmodSync(join(pub, "closed"), 0o000);
    mkdirSync(join(pub, "ro"), { mode: 0o555 });
    chmodSync(join(pub, "ro"), 0o555);
  });

  it("an unreadable input file", () => {
    const f = join(pub, "secret.h5");
    expectOneLine(cli(["info", f]), new RegExp(`^dasflow: ${f}: permission denied \\(EACCES, open\\)$`));
    expectOneLine(cli(["run", "--pipeline", join(pub, "p.yaml"), "--input", f, "--output", join(pub, "ro", "o.zarr")]), /permission denied \(EACCES/);
  });

  it("an input inside a directory that cannot be entered: permission denied, not 'no such file'", () => {
    const f = join(pub, "closed", "x.zarr");
    expectOneLine(cli(["info", f]), new RegExp(`^dasflow: ${f}: cannot access: permission denied \\(EACCES, stat\\)$`));
  });

  it("an unreadable pipeline, an output in a read-only directory", () => {
    const p = join(pub, "secret.h5");
    expectOneLine(cli(["validate", p]), new RegExp(`${p}: cannot read: permission denied \\(EACCES, open\\)$`));
    const out = join(pub, "ro", "out.zarr");
    expectOneLine(cli(["run", "--pipeline", join(pub, "p.yaml"), "--input", join(pub, "in.h5"), "--output", out]), new RegExp(`${out}: .*permission denied \\(EACCES, mkdir\\)$`));
    expectOneLine(cli(["convert", join(pub, "in.h5"), join(pub, "ro", "c.zarr")]), /c\.zarr.*: .*permission denied \(EACCES, mkdir\)$/);
  });
});
