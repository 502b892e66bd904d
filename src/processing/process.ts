/**
 * process(): the runner — reads chunks from a loader, passes them through an atom, writes
 * the results, and at the end of the input flushes the atom. Resolves to the writer's result.
 *
 * ```ts
 * const y = await process(pipeline(spec), new MemoryLoader(x, { chunk: 1000 }), new MemoryWriter());
 * ```
 */
import type { Atom } from "../../atoms/atom.js";
import { DasflowError, isDasflowError } from "../errors.js";
import type { Loader, Writer } from "./stream.js";

export interface ProcessOptions {
  /** First chunk index to read (resume); the atom must already hold the state at that point. */
  start?: number;
  /** Called after each chunk is written. */
  onChunk?: (info: { index: number; samples: number }) => void;
}

export async function process<R>(atom: Atom, loader: Loader, writer: Writer<R>, options: ProcessOptions = {}): Promise<R> {
  let next = options.start ?? 0;
  try {
    for await (const chunk of loader.chunks(next)) {
      let out;
      try {
        out = atom.call(chunk.data);
      } catch (err) {
        throw wrapChunkError(err, chunk.index);
      }
      await writer.write({ index: chunk.index, data: out });
      options.onChunk?.({ index: chunk.index, samples: chunk.data.shape[0] ?? 0 });
      next = chunk.index + 1;
    }
    const tail = atom.flush();
    if (tail !== null) await writer.write({ index: next, data: tail });
    return await writer.close();
  } catch (err) {
    await writer.abort?.(err);
    throw err;
  } finally {
    await loader.close?.();
  }
}

function wrapChunkError(err: unknown, index: number): unknown {
  if (isDasflowError(err)) return new DasflowError(err.tag, `chunk ${index}: ${err.message}`, { path: err.path, cause: err });
  return err;
}
