/**
 * The format registry: every input format dasflow reads, as one ordered list of format
 * plug-ins (`io/format.ts`). Detection asks each in this order and takes the first that says
 * yes, so the most specific signatures come first (a Zarr directory; xdas NetCDF's CF marker
 * before the HDF5 vendor layouts; "simple HDF5", the loosest layout, last among HDF5).
 * Adding a format is one line here.
 *
 * ```ts
 * for (const f of FORMATS) console.log(f.name, f.description);
 * findFormat("optasense")?.name;   // "prodml"
 * ```
 */
import type { FormatPlugin } from "./format.js";
import { apsensingEngine } from "./hdf5/engines/apsensing.js";
import { asnEngine } from "./hdf5/engines/asn.js";
import { dasdaeEngine } from "./hdf5/engines/dasdae.js";
import { febusEngine } from "./hdf5/engines/febus.js";
import { gdrEngine } from "./hdf5/engines/gdr.js";
import { h5simpleEngine } from "./hdf5/engines/h5simple.js";
import { neubrexEngine } from "./hdf5/engines/neubrex.js";
import { prodmlEngine } from "./hdf5/engines/prodml.js";
import { silixah5Engine } from "./hdf5/engines/silixah5.js";
import { terra15Engine } from "./hdf5/engines/terra15.js";
import { hdf5Format } from "./hdf5/hdf5Format.js";
import { miniseedFormat } from "./miniseed/format.js";
import { netcdfEngine } from "./netcdf/engine.js";
import { segyFormat } from "./segy/format.js";
import { sentekFormat } from "./sentek/format.js";
import { sintelaFormat } from "./sintela/format.js";
import { tdmsFormat } from "./tdms/format.js";
import { zarrFormat } from "./zarr/zarrFormat.js";

/** Every input format, in detection order. */
export const FORMATS: readonly FormatPlugin[] = Object.freeze([
  zarrFormat,
  hdf5Format(netcdfEngine, "xdas NetCDF4/HDF5 (CF Conventions, interpolated time/distance tie points; gaps inside a file kept)", [".nc", ".h5"]),
  // Formats recognised by their own magic bytes (they say no to an HDF5 file at once).
  tdmsFormat,
  segyFormat,
  miniseedFormat,
  sentekFormat,
  sintelaFormat,
  hdf5Format(asnEngine, "ASN OptoDAS HDF5 (/header, /cableSpec, /data; ROIs and distance-decimated files)", [".hdf5", ".h5"]),
  hdf5Format(febusEngine, "Febus A1 HDF5 (/<device>/Source1/Zone1, overlapping blocks; v1 and later; products refused)", [".h5"]),
  hdf5Format(prodmlEngine, "ProdML 2.x HDF5 (OptaSense, Silixa iDAS, Sintela: /Acquisition/Raw[0]/RawData; FBE-only files refused)", [".h5", ".hdf5"]),
  hdf5Format(terra15Engine, "Terra15 Treble HDF5 (/data_product/data, gps_time)", [".hdf5", ".h5"]),
  hdf5Format(apsensingEngine, "AP Sensing HDF5 (/DAS, /Metadata/Timestamp, /ProcessingServer)", [".hdf5", ".h5"]),
  hdf5Format(silixah5Engine, 'Silixa iDAS "Acoustic" HDF5 (/Acoustic with a string-attribute header)', [".hdf5", ".h5"]),
  hdf5Format(neubrexEngine, "Neubrex DAS HDF5 (/Acoustic with NEUBRESCOPE attributes)", [".h5", ".hdf5"]),
  hdf5Format(gdrEngine, "GDR / OpenEI DAS HDF5 (DasMetadata, DasRawData/RawData; FORGE, PoroTomo)", [".h5", ".hdf5"]),
  hdf5Format(dasdaeEngine, "DASDAE HDF5 (DASCore's format: /waveforms/<patch> with data, _coord_time, _coord_distance)", [".h5", ".hdf5"]),
  hdf5Format(h5simpleEngine, "simple HDF5 (one 2-D dataset raw|data + a time vector, optional distance/channels vector)", [".h5", ".hdf5"]),
]);

/** Other names users know a format by. Exact plug-in names take precedence. */
export const FORMAT_ALIASES: Readonly<Record<string, string>> = Object.freeze({ optasense: "prodml", sintela: "prodml", xdas: "netcdf", dascore: "dasdae", openei: "gdr" });

/** Names of the plug-ins, in detection order. */
export function formatNames(): string[] {
  return FORMATS.map((f) => f.name);
}

/** The plug-in called `name` (or by an alias), or undefined. */
export function findFormat(name: string): FormatPlugin | undefined {
  const n = name.toLowerCase();
  return FORMATS.find((f) => f.name === n) ?? FORMATS.find((f) => f.name === FORMAT_ALIASES[n]);
}
