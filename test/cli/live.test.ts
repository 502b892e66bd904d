/** `dasflow simulate` → `dasflow subscribe` as two real processes on 127.0.0.1, into Zarr. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, startCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "dasflow-live-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

describe("live CLI", () => {
  it("simulate → subscribe → pipeline → Zarr, ended by the end-of-stream message", async () => {
    const port = await freePort();
    const address = `tcp://127.0.0.1:${port}`;
    const out = join(dir, "live.zarr");
    const pipe = join(dir, "p.yaml");
    writeFileSync(pipe, "atoms:\n  - op: decimate\n    q: 2\n  - op: square\n");
    const sub = startCli(["subscribe", address, "--pipeline", pipe, "--output", out, "--idle-timeout", "60", "--json"]);
    await new Promise((r) => setTimeout(r, 1500));
    // The publisher holds its first message until the subscriber is connected (no slow-joiner loss).
    const sim = await runCli(["simulate", "--channels", "16", "--rate", "500", "--chunk", "50", "--max-chunks", "12", "--no-realtime", "--wait-for", "1", "--address", address]);
    expect(sim.code, sim.stderr).toBe(0);
    const r = await sub.done;
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(summary).toMatchObject({ event: "summary", chunks: 12, gaps: 0, missing: 0, malformed: 0, endReason: "end" });
    const info = JSON.parse((await runCli(["info", out, "--json"])).stdout);
    expect(info.shape).toEqual([300, 16]);
    expect(info.time.dt_ns).toBe(4_000_000);
  });

  it("subscribe without an output is a usage error", async () => {
    const r = await runCli(["subscribe", "tcp://127.0.0.1:1"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/needs --output and\/or --publish/);
  });
});
