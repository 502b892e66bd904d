/**
 * Fault injection for the kill/resume tests: `DASFLOW_CRASH_AT=<point>:<n>` makes the process
 * SIGKILL itself the n-th time it reaches `point`, so the tests can die exactly inside a chunk
 * write or between a checkpoint's fsync and its rename — moments a random kill rarely hits.
 * Unset (always, outside tests) it costs one comparison.
 */
const spec = globalThis.process.env["DASFLOW_CRASH_AT"];
const [target, countText] = spec ? spec.split(":") : [];
let remaining = countText === undefined ? 1 : Number(countText);

/** Points: `chunk-written` (after a write, before its checkpoint), `checkpoint-synced` (before the rename), `checkpoint-renamed`. */
export function crashPoint(point: string): void {
  if (target !== point) return;
  if (--remaining <= 0) globalThis.process.kill(globalThis.process.pid, "SIGKILL");
}
