/**
 * rowsAgree(): the check that makes a located layout trustworthy — whole rows of a dataset
 * read through the HDF5 library and read from the file's bytes where the layout says they
 * lie must be the same bytes. Any difference, short read or unopenable file answers false.
 */
import { closeSync, openSync } from "node:fs";
import type { Range } from "../../src/core/lazySource.js";
import type { H5File } from "./file.js";

/** True when each of `rows` of `dataset` (all other dims whole) equals what `readRow` reads from the file into `into`. */
export function rowsAgree(file: H5File, dataset: string, shape: readonly number[], rows: Iterable<number>, readRow: (fd: number, row: number, into: Buffer) => boolean): boolean {
  let fd: number;
  try {
    fd = openSync(file.path, "r");
  } catch {
    return false;
  }
  try {
    for (const row of rows) {
      const ranges: Range[] = shape.map((s, d) => (d === 0 ? [row, row + 1] : [0, s]));
      const viaLibrary = file.readRaw(dataset, ranges);
      const expected = new Uint8Array(viaLibrary.buffer, viaLibrary.byteOffset, viaLibrary.byteLength);
      const direct = Buffer.allocUnsafe(expected.length);
      if (!readRow(fd, row, direct) || !direct.equals(expected)) return false;
    }
    return true;
  } finally {
    closeSync(fd);
  }
}
