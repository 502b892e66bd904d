/**
 * The PNG codec (pngjs), loaded at first use: `import("dasflow")` and the commands that draw
 * nothing skip it. pngjs is CommonJS, so `require` loads it synchronously where an image is
 * encoded and the renderers stay synchronous.
 *
 * ```ts
 * const png = new (pngCodec().PNG)({ width, height });
 * ```
 */
import { createRequire } from "node:module";
import type pngjsModule from "pngjs";

let loaded: typeof pngjsModule | undefined;

/** The pngjs module (loaded once). */
export function pngCodec(): typeof pngjsModule {
  loaded ??= createRequire(import.meta.url)("pngjs") as typeof pngjsModule;
  return loaded;
}
