/** The format engines, in the order format detection tries them. */
import { netcdfEngine } from "../../netcdf/engine.js";
import type { Engine } from "../engine.js";
import { apsensingEngine } from "./apsensing.js";
import { asnEngine } from "./asn.js";
import { febusEngine } from "./febus.js";
import { prodmlEngine } from "./prodml.js";
import { terra15Engine } from "./terra15.js";
import { dasdaeEngine } from "./dasdae.js";
import { gdrEngine } from "./gdr.js";
import { h5simpleEngine } from "./h5simple.js";
import { neubrexEngine } from "./neubrex.js";
import { silixah5Engine } from "./silixah5.js";

/** Every engine: xdas-native NetCDF first (its CF marker is the most specific), then the vendors, "simple HDF5" (the loosest) last. */
export const ENGINES: readonly Engine[] = Object.freeze([
  netcdfEngine, asnEngine, febusEngine, prodmlEngine, terra15Engine, apsensingEngine,
  silixah5Engine, neubrexEngine, gdrEngine, dasdaeEngine, h5simpleEngine,
]);

/** Engine names, for options and messages. */
export const ENGINE_NAMES: readonly string[] = Object.freeze(ENGINES.map((e) => e.name));

/** The engine called `name` (the ProdML aliases `optasense` and `sintela` included), or undefined. */
export function findEngine(name: string): Engine | undefined {
  const n = name.toLowerCase();
  const alias = n === "optasense" || n === "sintela" ? "prodml" : n === "xdas" ? "netcdf" : n;
  return ENGINES.find((e) => e.name === alias);
}
