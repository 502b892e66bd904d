/**
 * The loader thread of a WorkerLoader: opens the input itself (by path, with openInput; an
 * HDF5 input from the parent's plain description, without describing its files again) and
 * reads chunks ahead of the parent — chunk i, i+1, … up to `prefetch` not yet taken — sending
 * each with its buffer transferred. Reads are synchronous WebAssembly (h5wasm) or codecs, so
 * they block this thread, never the parent's.
 */
import { parentPort, workerData } from "node:worker_threads";
import { hdf5SourceFromPlain } from "../../../io/hdf5/plainSource.js";
import { openInput } from "../../../io/openInput.js";
import { SourceLoader } from "../../../io/sourceLoader.js";
import type { CoordinatePlain } from "../../core/coords/interpCoordinate.js";
import { toPlain } from "../parallel/protocol.js";
import type { FromLoader, LoaderSetup, ToLoader } from "./loaderMessages.js";
import { ownedArray } from "./ownedBuffer.js";
import { toPlainError } from "./plainError.js";

const setup = workerData as LoaderSetup;
const port = parentPort!;
const send = (m: FromLoader, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

/** The iteration being served (0: none), and how many more chunks it may be sent. */
let current = 0;
let credits = 0;
let wake: (() => void) | null = null;

const opened: Promise<SourceLoader | null> = (async () => {
  try {
    const source = setup.source ? hdf5SourceFromPlain(setup.source) : await openInput(setup.input, setup.open);
    const loader = new SourceLoader(source, { chunk: setup.chunk, dim: setup.dim, ...(setup.select ? { select: setup.select } : {}) });
    const coords: Record<string, CoordinatePlain> = {};
    for (const [k, c] of Object.entries(source.coords)) coords[k] = c.toPlain();
    send({ type: "opened", input: { shape: [...source.backend.shape], dims: [...source.dims], dtype: source.backend.dtype, format: source.format, coords } });
    return loader;
  } catch (err) {
    send({ type: "error", gen: 0, index: null, error: toPlainError(err) });
    return null;
  }
})();

async function serve(gen: number, start: number): Promise<void> {
  const loader = await opened;
  if (loader === null) return;
  for (let i = start; i < loader.chunkCount; i++) {
    while (credits <= 0 && current === gen) await new Promise<void>((r) => (wake = r));
    if (current !== gen) return;
    let x;
    try {
      x = await loader.read(i);
    } catch (err) {
      send({ type: "error", gen, index: i, error: toPlainError(err) });
      return;
    }
    if (current !== gen) return;
    credits--;
    const array = toPlain(x.with(ownedArray(x.data)));
    send({ type: "chunk", gen, index: i, array }, [array.data.buffer as ArrayBuffer]);
  }
  send({ type: "end", gen });
}

port.on("message", (m: ToLoader) => {
  if (m.type === "read") {
    current = m.gen;
    credits = m.prefetch;
    void serve(m.gen, m.start);
  } else if (m.gen === current) {
    if (m.type === "taken") credits++;
    else current = 0;
  }
  const w = wake;
  wake = null;
  w?.();
});
