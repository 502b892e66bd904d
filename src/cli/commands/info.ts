/** `dasflow info IN`: what an input holds, from its metadata only (no sample is read). */
import { type Command, Option } from "commander";
import type { InterpCoordinate } from "../../core/coords/interpCoordinate.js";
import { ratRound, ratSub, ratToNumber } from "../../core/coords/rational.js";
import { formatIso } from "../../core/coords/time.js";
import type { LazySource } from "../../core/lazySource.js";
import { type InputFlags, inputOptions } from "./inputOptions.js";

interface GapJson {
  after: string;
  start: string;
  duration_ns: number;
  kind?: string;
}

/** The JSON object of `dasflow info --json` (DESIGN.md contract). */
export function describeSource(src: LazySource): Record<string, unknown> {
  const shape = src.backend.shape;
  const time = src.coords["time"];
  const distance = src.coords["distance"];
  return {
    format: src.format,
    files: src.files,
    dims: src.dims,
    shape,
    dtype: src.backend.dtype,
    time: time ? timeInfo(time, src) : null,
    quantity: src.attrs["quantity"] ?? null,
    units: src.attrs["units"] ?? null,
    distance: distance ? distanceInfo(distance) : null,
    attrs: Object.fromEntries(Object.entries(src.attrs).filter(([k]) => k !== "gaps")),
    ...chunkInfo(src),
  };
}

/** A Zarr input's chunk files: how many of the grid are missing (read as the fill value). */
function chunkInfo(src: LazySource): Record<string, unknown> {
  const b = src.backend as { missingChunks?: (limit?: number) => { total: number; missing: number; keys: string[] } | null; meta?: { array?: { fillValue: unknown } } };
  if (typeof b.missingChunks !== "function") return {};
  const m = b.missingChunks(5);
  return m ? { chunks: { total: m.total, missing: m.missing, missing_keys: m.keys, fill_value: b.meta?.array?.fillValue ?? null } } : {};
}

function timeInfo(t: InterpCoordinate, src: LazySource): Record<string, unknown> {
  const empty = t.length === 0;
  return {
    start: empty ? null : formatIso(t.ns(0)),
    end: empty ? null : formatIso(t.ns(t.length - 1)),
    start_ns: empty ? null : t.ns(0).toString(),
    end_ns: empty ? null : t.ns(t.length - 1).toString(),
    dt_ns: t.step ? ratToNumber(t.step) : null,
    samples: t.length,
    gaps: Array.isArray(src.attrs["gaps"]) ? (src.attrs["gaps"] as GapJson[]) : gapsOf(t),
  };
}

/** Discontinuities of a time coordinate: consecutive samples further apart (or closer) than dt. */
function gapsOf(t: InterpCoordinate): GapJson[] {
  const out: GapJson[] = [];
  if (!t.step) return out;
  const idx = t.tieIndices;
  for (let k = 0; k + 1 < idx.length; k++) {
    if (idx[k + 1] !== idx[k]! + 1) continue;
    const expected = t.tieValues[k]!;
    const jump = ratSub(ratSub(t.tieValues[k + 1]!, expected), t.step);
    if (jump.num === 0n) continue;
    out.push({
      after: `sample ${idx[k]}`,
      start: formatIso(ratRound(expected) + ratRound(t.step)),
      duration_ns: Number(ratRound(jump)),
      kind: jump.num > 0n ? "gap" : "overlap",
    });
  }
  return out;
}

function distanceInfo(d: InterpCoordinate): Record<string, unknown> {
  const empty = d.length === 0;
  return {
    start: empty ? null : d.value(0),
    step: d.step ? ratToNumber(d.step) : null,
    end: empty ? null : d.value(d.length - 1),
    channels: d.length,
    regular: d.isRegular(),
  };
}

export function registerInfo(program: Command): void {
  program
    .command("info")
    .description("print an input's format, shape, dtype, time span, sampling, distance and gaps, from metadata only")
    .argument("<in>", "a file, a directory or glob of files, or a Zarr store")
    .option("--engine <name>", "input format, overriding detection (see `dasflow formats`)")
    .addOption(new Option("--on-overlap <policy>", "overlapping or duplicate input files: error (default), drop-duplicates, trim (keep the earlier file's samples); see `dasflow run --help`").choices(["error", "drop-duplicates", "trim"]))
    .option("--json", "print one JSON object")
    .addHelpText("after", "\nExamples:\n  dasflow info recording/\n  dasflow info out.zarr --json\n")
    .action(async (input: string, o: InputFlags & { json?: boolean }) => {
      // Heavy modules (h5wasm, zarrita, zeromq) load only for the command that runs.
      const { openInput } = await import("../../../io/openInput.js");
      // Warnings are listed in the output (and in --json's attrs.warnings), not repeated on stderr in --json mode.
      // Described, not read: small files' direct-read layouts are not located.
      const src = await openInput(input, { ...inputOptions(o), describeOnly: true, ...(o.json ? { onWarning: () => undefined } : {}) });
      const info = describeSource(src);
      if (o.json) {
        console.log(JSON.stringify(info));
        return;
      }
      const t = info["time"] as Record<string, unknown> | null;
      const d = info["distance"] as Record<string, unknown> | null;
      const lines = [
        `format    ${String(info["format"])}`,
        `files     ${src.files.length}${src.files.length ? ` (${src.files[0]}${src.files.length > 1 ? ` … ${src.files[src.files.length - 1]}` : ""})` : ""}`,
        `dims      [${src.dims.join(", ")}]  shape [${src.backend.shape.join(", ")}]  ${src.backend.dtype}`,
      ];
      if (t) {
        lines.push(`time      ${String(t["start"])} … ${String(t["end"])}`);
        lines.push(`          dt ${String(t["dt_ns"])} ns${typeof t["dt_ns"] === "number" ? ` (${(1e9 / (t["dt_ns"] as number)).toPrecision(6)} Hz)` : ""}, ${String(t["samples"])} samples`);
        const gaps = t["gaps"] as GapJson[];
        lines.push(`gaps      ${gaps.length === 0 ? "none" : gaps.map((g) => `${g.kind ?? "gap"} of ${g.duration_ns} ns after ${g.after}`).join("; ")}`);
      }
      const ch = info["chunks"] as { total: number; missing: number; missing_keys: string[]; fill_value: unknown } | undefined;
      if (ch) {
        lines.push(`chunks    ${ch.missing === 0 ? `all ${ch.total} present` : `${ch.missing} of ${ch.total} missing (read as fill value ${JSON.stringify(ch.fill_value)}): ${ch.missing_keys.join(", ")}${ch.missing > ch.missing_keys.length ? ", …" : ""}`}`);
      }
      const q = src.attrs["quantity"];
      const u = src.attrs["units"];
      if (q !== undefined || u !== undefined) lines.push(`data      ${q !== undefined ? String(q) : "(quantity not stated)"}${u !== undefined ? ` in ${String(u)}` : ""}`);
      if (d) lines.push(`distance  ${String(d["start"])} … ${String(d["end"])} m, step ${String(d["step"])} m, ${String(d["channels"])} channels${d["regular"] ? "" : " (irregular)"}`);
      const warnings = src.attrs["warnings"];
      if (Array.isArray(warnings)) for (const w of warnings) lines.push(`warning   ${String(w)}`);
      console.log(lines.join("\n"));
    });
}
