/**
 * The HDF5/NetCDF4 reader of `openAny`: recognises a file with the HDF5 signature, or a
 * directory/glob whose first file has it, and opens the input as a recording (one file is a
 * recording of one file). Importing this module registers it.
 *
 * ```ts
 * import "dasflow/io/hdf5/opener";          // (src/index.ts imports it)
 * const src = await openAny("rec/*.h5");
 * ```
 */
import { type Opener, registerOpener } from "../../src/lazy/openers.js";
import { checkHdf5Signature } from "./file.js";
import { resolveInputFiles } from "./inputFiles.js";
import { openRecording } from "./recording.js";

async function canOpen(input: string): Promise<boolean> {
  try {
    const files = await resolveInputFiles(input);
    checkHdf5Signature(files[0]!);
    return true;
  } catch {
    return false;
  }
}

/** `openAny`'s HDF5 reader (vendor engines and xdas NetCDF, one file or many). */
export const hdf5Opener: Opener = { name: "hdf5", canOpen, open: (input) => openRecording(input) };

registerOpener(hdf5Opener);
