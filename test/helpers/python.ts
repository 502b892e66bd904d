/**
 * The machine's system Python (`/usr/bin/python3`, where CI installs zarr 2, xarray, netCDF4,
 * h5py and SciPy from Debian), for independent readers of what dasflow writes. A missing module
 * fails the test with a message saying what to install — never a silent skip.
 */
import { execFileSync } from "node:child_process";

export const PYTHON = "/usr/bin/python3";

/** Runs `code` with `args` in sys.argv[1:], after checking `modules` import; returns stdout parsed as JSON. */
export function python<T>(code: string, args: string[], modules: string[] = []): T {
  const check = modules.map((m) => `try:\n    import ${m}\nexcept ImportError:\n    sys.exit("python module ${m} is missing: apt-get install python3-${m}")\n`).join("");
  const out = execFileSync(PYTHON, ["-c", `import sys, json\n${check}${code}`, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  return JSON.parse(out) as T;
}
