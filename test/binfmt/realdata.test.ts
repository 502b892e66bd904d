/**
 * The real TDMS and SEG-Y files against values derived independently of our readers
 * (fixtures/scripts/binfmt_reference.py, Python standard library only; its output committed).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { segyFormat } from "../../io/segy/format.js";
import { sentekFormat } from "../../io/sentek/format.js";
import { sintelaFormat } from "../../io/sintela/format.js";
import { tdmsFormat } from "../../io/tdms/format.js";
import type { FormatPlugin } from "../../io/format.js";
import { ROOT } from "../helpers/cli.js";

const REAL = join(ROOT, "fixtures", "realdata");
const ref = JSON.parse(readFileSync(join(REAL, "binfmt_reference.json"), "utf8"));

async function readAll(plugin: FormatPlugin, file: string, warnings: string[] = []) {
  const src = await plugin.open(join(REAL, file), { onWarning: (m) => warnings.push(m) });
  const [nt, nx] = src.backend.shape as [number, number];
  const data = await src.backend.readBlock([[0, nt], [0, nx]]);
  await src.backend.close?.();
  return { src, data, nt, nx };
}

describe("real files match the independent reference", () => {
  it("Silixa iDAS TDMS v4713", async () => {
    const r = ref.tdms;
    expect(await tdmsFormat.detect(join(REAL, r.file))).toEqual({ ok: true });
    const warnings: string[] = [];
    const { src, data, nt, nx } = await readAll(tdmsFormat, r.file, warnings);
    expect([nt, nx]).toEqual(r.shape);
    expect(src.coords.time.ns(0)).toBe(BigInt(r.time_start_ns));
    expect(Number(src.coords.time.ns(1) - src.coords.time.ns(0))).toBe(r.dt_ns);
    expect(src.coords.distance.value(0)).toBe(r.distance_start_m);
    expect(src.coords.distance.value(1) - src.coords.distance.value(0)).toBeCloseTo(r.distance_step_m, 12);
    expect(Array.from(data.subarray(0, 8))).toEqual(r.first_row_first8);
    expect(Array.from(data.subarray(data.length - 8))).toEqual(r.last_row_last8);
    let sum = 0;
    for (const v of data) sum += v;
    expect(sum).toBe(r.sum);
    // The file was trimmed from a longer recording: its header says so, and we say what we assumed.
    expect(warnings.join("\n")).toMatch(/trimmed/);
    expect(src.attrs["GPSTimeStamp"]).toBe("2019-04-15T03:33:35.812034314Z");
  });

  it("SEG-Y (segyio-written, rev 2.1, IBM floats)", async () => {
    const r = ref.segy;
    expect(await segyFormat.detect(join(REAL, r.file))).toEqual({ ok: true });
    const { src, data, nt, nx } = await readAll(segyFormat, r.file);
    expect([nt, nx]).toEqual(r.shape);
    expect(src.coords.time.ns(0)).toBe(BigInt(r.time_start_ns));
    expect(Number(src.coords.time.ns(1) - src.coords.time.ns(0))).toBe(r.dt_ns);
    expect(Array.from(data.subarray(0, nx))).toEqual(r.first_row);
    expect(Array.from(data.subarray(data.length - nx))).toEqual(r.last_row);
    let sum = 0;
    for (const v of data) sum += v;
    expect(sum).toBeCloseTo(r.sum, 9);
  });

  it("Sentek DASDMS .das", async () => {
    const r = ref.sentek;
    expect(await sentekFormat.detect(join(REAL, r.file))).toEqual({ ok: true });
    const warnings: string[] = [];
    const { src, data, nt, nx } = await readAll(sentekFormat, r.file, warnings);
    expect(warnings).toEqual([]);
    expect([nt, nx]).toEqual(r.shape);
    expect(src.coords.time.ns(0)).toBe(BigInt(r.time_start_ns));
    expect(Number(src.coords.time.ns(1) - src.coords.time.ns(0))).toBe(r.dt_ns);
    expect(Array.from({ length: nx }, (_, i) => src.coords.distance.value(i))).toEqual(r.positions_m);
    expect(Array.from(data.subarray(0, nx))).toEqual(r.first_row);
    expect(Array.from(data.subarray(data.length - nx))).toEqual(r.last_row);
    let sum = 0;
    for (const v of data) sum += v;
    expect(sum).toBeCloseTo(r.sum, 6);
    expect(src.attrs["data_type"]).toBe(r.strain_rate ? "strain_rate" : "strain");
  });

  it("Sintela protobuf: recognised, refused with the specific reason", async () => {
    const p = join(REAL, "sintela_protobuf_1", "sintela_protobuf_1.pb");
    expect(await sintelaFormat.detect(p)).toEqual({ ok: true });
    const err = await sintelaFormat.open(p).then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/^.*sintela_protobuf_1\.pb: Sintela protobuf streams are not supported yet: .*schema/);
    const other = await sintelaFormat.detect(join(REAL, ref.segy.file));
    expect(other.ok ? "" : other.reason).toMatch(/PBUFMETA/);
  });

  it("each plug-in says no to the other's file, with a reason", async () => {
    const t = await tdmsFormat.detect(join(REAL, ref.segy.file));
    const s = await segyFormat.detect(join(REAL, ref.tdms.file));
    expect(t.ok || s.ok).toBe(false);
    expect(t.ok ? "" : t.reason).toMatch(/TDSm/);
    expect(s.ok ? "" : s.reason.length).toBeGreaterThan(5);
  });
});
