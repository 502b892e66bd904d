/**
 * `dasflow view` as a real process: bad input gives one-line messages in the terminal and on the
 * page while the server keeps serving — an unreachable stream, a store deleted while viewed, a
 * port in use — and binding beyond loopback needs the explicit option.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZarrWriter } from "../../io/zarr/writer.js";
import { DataArray } from "../../src/core/dataArray.js";
import { type CliResult, runCli, startCli } from "../helpers/cli.js";
import { launchBrowser } from "./browser.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-view-cli-"));
let browser: Awaited<ReturnType<typeof launchBrowser>>;
beforeAll(async () => {
  browser = await launchBrowser({ width: 1200, height: 700 });
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Starts `dasflow view`, resolves once it printed its address; `waitErr` resolves when stderr matches. */
async function startView(args: string[]): Promise<{ child: ChildProcess; url: string; done: Promise<CliResult>; stderr: () => string; waitErr: (re: RegExp) => Promise<string> }> {
  const { child, done } = startCli(["view", ...args]);
  let out = "";
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /view: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void done.then((r) => reject(new Error(`view exited early (${r.code}): ${r.stderr}`)));
  });
  const waitErr = (re: RegExp): Promise<string> =>
    new Promise((resolve) => {
      const check = (): void => {
        const line = err.split("\n").find((l) => re.test(l));
        if (line !== undefined) {
          child.stderr!.off("data", check);
          resolve(line);
        }
      };
      child.stderr!.on("data", check);
      check();
    });
  return { child, url, done, stderr: () => err, waitErr };
}

async function stop(v: { child: ChildProcess; done: Promise<CliResult> }): Promise<CliResult> {
  v.child.kill("SIGTERM");
  return v.done;
}

async function pageMessage(url: string, re: RegExp): Promise<string> {
  const page = await browser.context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction((src) => new RegExp(src).test(document.getElementById("message")!.textContent ?? ""), re.source, { timeout: 60_000 });
    return (await page.textContent("#message")) ?? "";
  } finally {
    await page.close();
  }
}

describe("dasflow view: bad input", () => {
  it("an unreachable stream: a one-line note in the terminal and on the page; the server keeps serving", async () => {
    const port = await freePort();
    const v = await startView([`tcp://127.0.0.1:${port}`, "--port", "0"]);
    const line = await v.waitErr(/no data from/);
    expect(line).toMatch(new RegExp(`^dasflow view: no data from tcp://127\\.0\\.0\\.1:${port} for \\d+ s`));
    expect(await pageMessage(v.url, /no data from/)).toContain(`tcp://127.0.0.1:${port}`);
    expect((await fetch(v.url)).status).toBe(200);
    const r = await stop(v);
    expect(r.code).toBe(0);
  });

  it("a store deleted while viewed: a one-line note, and the server keeps serving", async () => {
    const store = join(dir, "gone.zarr");
    const w = new ZarrWriter(store);
    const d = Float32Array.from({ length: 200 * 16 }, (_, i) => Math.sin(i));
    await w.write({ index: 0, data: DataArray.regular(d, [200, 16], { t0: 0n, dt: 1_000_000n, x0: 0, dx: 1 }) });
    await w.close();
    const v = await startView([store, "--port", "0"]);
    const page = await browser.context.newPage();
    await page.goto(v.url);
    await page.waitForFunction(() => (window as any).dasflowView?.tilesDrawn > 0, null, { timeout: 60_000 });
    rmSync(store, { recursive: true, force: true });
    const line = await v.waitErr(/is gone/);
    expect(line).toMatch(/^dasflow view: store .*gone\.zarr is gone or unreadable .*; still watching$/);
    await page.waitForFunction(() => /is gone/.test(document.getElementById("message")!.textContent ?? ""), null, { timeout: 60_000 });
    await page.close();
    expect((await fetch(v.url)).status).toBe(200);
    expect(v.stderr().split("\n").filter((l) => /is gone/.test(l))).toHaveLength(1); // said once, not at every poll
    const r = await stop(v);
    expect(r.code).toBe(0);
  });

  it("a port in use: serves on a free port instead and says so in the terminal and on the page", async () => {
    const busy: Server = createServer();
    const port = await new Promise<number>((resolve) => busy.listen(0, "127.0.0.1", () => resolve((busy.address() as { port: number }).port)));
    const store = join(dir, "small.zarr");
    const w = new ZarrWriter(store);
    await w.write({ index: 0, data: DataArray.regular(new Float32Array(100 * 4).fill(1), [100, 4], { t0: 0n, dt: 1_000_000n, x0: 0, dx: 1 }) });
    await w.close();
    try {
      const v = await startView([store, "--port", String(port)]);
      const line = await v.waitErr(/in use/);
      expect(line).toMatch(new RegExp(`^dasflow view: port ${port} is in use; serving on \\d+ instead$`));
      expect(v.url).not.toContain(`:${port}/`);
      expect(await pageMessage(v.url, /in use/)).toContain(`port ${port} is in use`);
      expect((await stop(v)).code).toBe(0);
    } finally {
      busy.close();
    }
  });

  it("binding beyond loopback needs --allow-remote; a missing input is a one-line error", async () => {
    const r = await runCli(["view", "tcp://127.0.0.1:5556", "--host", "0.0.0.0", "--port", "0"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/refusing to bind tcp:\/\/0\.0\.0\.0:0/);
    const m = await runCli(["view", join(dir, "nothing-here.h5"), "--port", "0"]);
    expect(m.code).not.toBe(0);
    expect(m.stderr.trim().split("\n")).toHaveLength(1);
    expect(m.stderr).toMatch(/nothing-here\.h5/);
  });
});
