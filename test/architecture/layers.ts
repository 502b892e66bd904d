/**
 * The layers of DESIGN.md and issue 16: which layer a file is in, and which layers it may
 * import. The ground floor (`src/core/`: the data model, coordinates, state, errors and the
 * Atom/Loader/Writer/Chunk contracts) imports nothing else of ours; atoms and io import only
 * the ground floor (never each other); src/processing joins them; the application (CLI,
 * demo, plot, view, the index) may import anything.
 */
export type Layer = "core" | "atoms" | "io" | "processing" | "app";

/** The layer of a source file (a path relative to the project root), or null outside the layered tree. */
export function layerOf(file: string): Layer | null {
  if (file.startsWith("src/core/")) return "core";
  if (file.startsWith("atoms/")) return "atoms";
  if (file.startsWith("io/") || /^src\/(lazy|synthetic)\//.test(file)) return "io";
  if (file.startsWith("src/processing/")) return "processing";
  if (/^src\/(cli|demo|plot|view)\//.test(file) || file === "src/index.ts") return "app";
  return null;
}

const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  core: ["core"],
  atoms: ["core", "atoms"],
  io: ["core", "io"],
  processing: ["core", "atoms", "io", "processing"],
  app: ["core", "atoms", "io", "processing", "app"],
};

/** Whether a file in layer `from` may import one in layer `to`. */
export function mayImport(from: Layer, to: Layer): boolean {
  return MAY_IMPORT[from].includes(to);
}
