/**
 * The one h5wasm instance of this thread (h5wasm/node reads files by path through Node's fs,
 * never loading a whole file). Errors inside HDF5 become exceptions instead of stack dumps
 * on stderr, so every failure can be reported as one DasflowError naming the file.
 */
import type h5wasmModule from "h5wasm/node";

export type H5Wasm = typeof h5wasmModule;

let loading: Promise<H5Wasm> | null = null;

/** The part of Emscripten's file system that HDF5's file driver reads through. */
export interface EmscriptenReads {
  read(stream: { path?: string }, buffer: unknown, offset: number, length: number, position?: number): number;
}

let fileSystem: EmscriptenReads | null = null;

/**
 * h5wasm, ready to use. The package is imported here, at first use, not at start-up: importing
 * it compiles ~3 MB of WebAssembly (~0.1 s), which a command reading no HDF5 file must not pay.
 */
export function h5(): Promise<H5Wasm> {
  loading ??= import("h5wasm/node").then(async ({ default: h5wasm }) => {
    const module = await h5wasm.ready;
    module.activate_throwing_error_handler();
    fileSystem = (module as unknown as { FS: EmscriptenReads }).FS;
    return h5wasm;
  });
  return loading;
}

/** The file system h5wasm reads through (after `await h5()`). */
export function h5FileSystem(): EmscriptenReads | null {
  return fileSystem;
}

/** The innermost cause of an HDF5 error stack ("truncated file: eof = 2000, …"), else the message. */
export function hdf5Cause(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.split("\n").filter((l) => /^\s*#\d+:/.test(l));
  const last = lines[lines.length - 1];
  if (last === undefined) return text.trim().split("\n")[0] ?? text;
  const m = /\(\):\s*(.*)$/.exec(last);
  return (m?.[1] ?? last).trim();
}
