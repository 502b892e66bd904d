/**
 * xdas's streaming messages: each ZeroMQ message is one whole NetCDF4 file in xdas's native
 * layout (what `xdas.processing.ZMQPublisher` sends and `ZMQSubscriber` reads). The file is
 * made and read by the NetCDF engine (`io/netcdf/writer.ts`, `io/netcdf/engine.ts`) through a
 * short-lived temporary file, since h5wasm works on files.
 *
 * Exact except where the format is not: time tie values are stored to the ns (a chunk starting
 * at a fraction of a ns, at 3 kHz, is rounded), and a 1-sample chunk carries no sampling interval.
 *
 * ```ts
 * const bytes = await encodeXdasMessage(chunk);
 * (await decodeXdasMessage(bytes)).equals(chunk); // true
 * ```
 */
import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { DataArray } from "../../src/core/dataArray.js";
import { DasflowError, isDasflowError } from "../../src/core/errors.js";
import { netcdfEngine } from "../netcdf/engine.js";
import { writeXdasNetcdf } from "../netcdf/writer.js";

let counter = 0;

function tempPath(): string {
  return path.join(os.tmpdir(), `dasflow-zmq-${process.pid}-${++counter}.nc`);
}

/** The NetCDF4 bytes of one chunk. */
export async function encodeXdasMessage(array: DataArray): Promise<Buffer> {
  const file = tempPath();
  try {
    await writeXdasNetcdf(file, array);
    return await fs.readFile(file);
  } finally {
    await fs.rm(file, { force: true });
  }
}

/** The chunk in a NetCDF4 message; a FormatError when the bytes are not such a file. */
export async function decodeXdasMessage(bytes: Uint8Array): Promise<DataArray> {
  const file = tempPath();
  try {
    await fs.writeFile(file, bytes);
    const src = await netcdfEngine.open(file);
    try {
      const shape = src.backend.shape;
      const data = await src.backend.readBlock(shape.map((n) => [0, n] as const));
      return new DataArray(data, shape, src.dims, src.coords, src.attrs);
    } finally {
      await src.backend.close?.();
    }
  } catch (err) {
    const why = isDasflowError(err) ? err.message.replace(`${file}: `, "") : err instanceof Error ? err.message : String(err);
    throw new DasflowError("FormatError", `xdas message (${bytes.byteLength} bytes) is not an xdas NetCDF4 file: ${why}`, { cause: err });
  } finally {
    await fs.rm(file, { force: true });
  }
}
