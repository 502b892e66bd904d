/** Every runnable example in examples/ runs to completion (exit code 0) on its small built-in data. */
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const examples = readdirSync(`${root}examples`).filter((f) => f.endsWith(".ts"));

describe("examples", () => {
  it("there are examples", () => expect(examples.length).toBeGreaterThan(0));
  for (const file of examples) {
    it(file, async () => {
      const { stdout } = await run(process.execPath, [`${root}node_modules/vite-node/vite-node.mjs`, `examples/${file}`], {
        cwd: root,
        env: { ...process.env, DASFLOW_EXAMPLE_SMALL: "1" },
        timeout: 120_000,
      });
      expect(stdout.length).toBeGreaterThan(0);
    });
  }
});
