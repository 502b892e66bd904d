/** The channel dim of a spectral atom's input, kept so frames released after a resume carry it. */
import { type CoordinatePlain, InterpCoordinate } from "../../src/core/coords/interpCoordinate.js";
import type { DataArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { StateValue } from "../../src/core/state/stateValue.js";
import { STREAM_DIM } from "../layout.js";

/**
 * The channel dim of a spectral atom's input (its name, coordinate and attrs), remembered so
 * that frames released by flush() — possibly after a resume — carry them too.
 */
export class ChannelAxis {
  dim = "distance";
  private coord: InterpCoordinate | undefined;
  attrs: DataArray["attrs"] = {};

  see(x: DataArray): void {
    this.dim = x.dims.find((d) => d !== STREAM_DIM)!;
    this.coord = x.coords[this.dim];
    this.attrs = x.attrs;
  }

  coords(): Record<string, InterpCoordinate> {
    return this.coord ? { [this.dim]: this.coord } : {};
  }

  reset(): void {
    this.dim = "distance";
    this.coord = undefined;
    this.attrs = {};
  }

  getState(): StateValue {
    return { dim: this.dim, coord: this.coord ? (this.coord.toPlain() as unknown as StateValue) : null };
  }

  setState(owner: string, s: StateValue): void {
    const r = s as Record<string, StateValue> | null;
    if (r === null || typeof r !== "object" || typeof r["dim"] !== "string") throw new DasflowError("StateError", `${owner}: malformed state (channel dim)`);
    this.dim = r["dim"];
    this.coord = r["coord"] ? InterpCoordinate.fromPlain(r["coord"] as unknown as CoordinatePlain) : undefined;
  }
}
