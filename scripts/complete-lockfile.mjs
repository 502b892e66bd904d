#!/usr/bin/env node
/**
 * Completes package-lock.json with rollup's platform packages for other platforms.
 *
 * Why: the npm registry mirror of this workplace answers 404 for the platform builds it does
 * not serve, so `npm install` writes a lock without them — and `npm ci` then refuses the lock
 * ("Missing: @rollup/rollup-… from lock file"). Listing them (optional, with their os/cpu/libc)
 * lets `npm ci` validate the lock and skip them, as it skips any other platform's build.
 * Run it after changing dependencies: `node scripts/complete-lockfile.mjs`.
 */
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const pk = lock.packages;
const rollup = pk["node_modules/rollup"];
const cpuOf = (rest) => (rest.startsWith("arm64") ? "arm64" : rest.startsWith("arm") ? "arm" : rest.startsWith("ia32") ? "ia32" : rest.split("-")[0]);
let added = 0;
for (const [name, version] of Object.entries(rollup?.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (pk[key]) continue;
  const [, os, rest] = /^@rollup\/rollup-([a-z0-9]+)-(.+)$/.exec(name);
  const entry = { version, cpu: [cpuOf(rest)], dev: true };
  if (os === "linux") entry.libc = [rest.includes("musl") ? "musl" : "glibc"];
  Object.assign(entry, { license: "MIT", optional: true, os: [os] });
  pk[key] = entry;
  added++;
}
lock.packages = Object.fromEntries(Object.entries(pk).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} entries`);
