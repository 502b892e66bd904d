/** MemoryWriter: collects the processed chunks and resolves to their concatenation along time. */
import { DataArray } from "../../src/core/dataArray.js";
import { DasflowError } from "../../src/core/errors.js";
import type { Chunk, Writer } from "../../src/core/stream.js";

export class MemoryWriter implements Writer<DataArray> {
  readonly dim: string;
  private parts: DataArray[] = [];

  constructor(options: { dim?: string } = {}) {
    this.dim = options.dim ?? "time";
  }

  async write(chunk: Chunk): Promise<void> {
    this.parts.push(chunk.data);
  }

  async close(): Promise<DataArray> {
    if (this.parts.length === 0) throw new DasflowError("IOError", "MemoryWriter: nothing was written");
    const out = DataArray.concat(this.parts, this.dim);
    this.parts = [];
    return out;
  }
}
