/**
 * zod, loaded at its first use rather than when dasflow is imported: loading it (about a
 * hundred modules) was the largest part of `import("dasflow")`. `z` stands for zod's `z`; the
 * first property read loads the package (its CommonJS build, synchronously, so schemas are
 * still built where they are needed). Schemas are therefore built in functions — a memoized
 * `lazySchema` where a module keeps one — never at a module's top level.
 *
 * ```ts
 * import { lazySchema, z } from "../src/core/zod.js";
 * const options = lazySchema(() => z.strictObject({ factor: z.number().finite() }));
 * options().parse({ factor: 2 });
 * ```
 *
 * Types still come from the package: `import type { z as Z } from "zod"` (`Z.infer<…>`).
 */
import { createRequire } from "node:module";
import type * as Zod from "zod";

type ZodApi = typeof Zod.z;

let loaded: ZodApi | undefined;

function load(): ZodApi {
  loaded ??= (createRequire(import.meta.url)("zod") as typeof Zod).z;
  return loaded;
}

/** zod's `z`, loaded at the first property read. */
export const z: ZodApi = new Proxy({} as ZodApi, {
  get: (_target, key) => Reflect.get(load(), key),
  has: (_target, key) => Reflect.has(load(), key),
});

/** A schema built at its first use, then kept. */
export function lazySchema<S>(make: () => S): () => S {
  let schema: S | undefined;
  return () => (schema ??= make());
}
