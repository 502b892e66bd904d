/** seisplotjs's miniSEED module, imported on first use (the package is large). */
export type MiniseedModule = (typeof import("seisplotjs"))["miniseed"];

let loaded: Promise<MiniseedModule> | null = null;

export function miniseedModule(): Promise<MiniseedModule> {
  return (loaded ??= import("seisplotjs").then((sp) => sp.miniseed));
}
