/** `dasflow convert IN OUT.zarr`: any readable input to a dasflow Zarr store, chunk by chunk. */
import { existsSync } from "node:fs";
import { type Command, Option } from "commander";
import { DasflowError } from "../../core/errors.js";
import type { CompressionSpec } from "../../../io/zarr/compressionChoice.js";
import { progressReporter } from "../progressReporter.js";
import { compressionArg, positiveInt } from "./args.js";
import { type InputFlags, addInputOptions, inputOptions } from "./inputOptions.js";
import { type OutputFlags, addOutputOptions, outputFlags } from "./outputOptions.js";

export function registerConvert(program: Command): void {
  const cmd = program
    .command("convert")
    .description("convert any readable input (HDF5 file, directory or glob of files, Zarr store) to a dasflow Zarr store, or to another output format (--format)")
    .argument("<in>", "input")
    .argument("<out>", "output directory (a Zarr store by default; see --format)")
    .addOption(new Option("--chunk <n>", "time samples per chunk (default: the input's own blocks, at most ~64 MB)").argParser(positiveInt("--chunk")))
    .addOption(new Option("--compression <codec>", "chunk codec: none (default), lz4 (blosc-lz4 + byte shuffle), zstd[:level], blosc-lz4|blosc-zstd|…[:clevel[:shuffle]], gzip[:level]").argParser(compressionArg("--compression")))
    .option("--overwrite", "replace an existing output")
    .option("--json", "print a JSON summary")
    .addHelpText("after", "\nExamples:\n  dasflow convert recording/ recording.zarr\n  dasflow convert 'data/*.h5' out.zarr --chunk 2000 --compression zstd\n  dasflow convert recording/ out.zarr --format zarr2\n  dasflow convert recording/ sds/ --format miniseed -O network=DA\n");
  addOutputOptions(addInputOptions(cmd))
    .action(async (input: string, out: string, o: InputFlags & OutputFlags & { chunk?: number; compression?: CompressionSpec; overwrite?: boolean; json?: boolean }) => {
      // Heavy modules (h5wasm, zarrita, zeromq) load only for the command that runs.
      const { convert } = await import("../../../io/convert.js");
      const { openInput } = await import("../../../io/openInput.js");
      const { inputRoots, refuseForeignStore, refuseInputOverlap } = await import("../../processing/outputSafety.js");
      const { removeStore, removeStoreLeftovers } = await import("../../../io/zarr/storeRemoval.js");
      const { chooseOutputFormat } = await import("../../../io/outputFormats.js");
      if (existsSync(out) && !o.overwrite) throw new DasflowError("UsageError", "output exists; use --overwrite to replace it", { path: out });
      const flags = outputFlags(o);
      const format = chooseOutputFormat(flags.format, out);
      const source = await openInput(input, inputOptions(o));
      // Before anything is written or removed: options the format refuses, data it cannot hold.
      format.check(format.parseOptions(flags.formatOptions), { channels: source.backend.shape[source.dims.indexOf("distance")] ?? 0, dtype: source.backend.dtype, integers: source.backend.integers === true });
      // Never into, around or over an input; --overwrite replaces only a dasflow store, crash-safely.
      refuseInputOverlap(out, inputRoots(source, input), "output", !!o.overwrite && existsSync(out));
      const reporter = progressReporter(o.json ? "quiet" : process.stderr.isTTY ? "bar" : "quiet");
      let started = false;
      const t0 = performance.now();
      const { withOutputLock } = await import("../../processing/outputLock.js");
      // The output lock before anything in the output is removed or written: a second convert or
      // run on this output must not --overwrite it under us.
      const result = await withOutputLock(out, undefined, async () => {
        await removeStoreLeftovers(out);
        if (o.overwrite) {
          refuseForeignStore(out);
          await removeStore(out, false);
        }
        return convert(source, out, {
          ...flags,
          ...(o.chunk ? { chunk: o.chunk } : {}),
          ...(o.compression ? { compression: o.compression } : {}),
          onChunk: (c) => {
            if (!started) reporter.start(c.total, 0);
            started = true;
            reporter.chunk({ index: c.index, written: c.index + 1, total: c.total, samples: c.samples, bytes: 0, elapsed: (performance.now() - t0) / 1e3 });
          },
        });
      }).finally(() => reporter.stop());
      if (o.json) console.log(JSON.stringify({ output: out, format: format.name, shape: result.shape ?? null, chunks: result.chunks ?? null, files: result.files ?? null }));
      else {
        const parts = [result.shape ? `shape [${result.shape.join(", ")}]` : "", result.chunks ? `chunks [${result.chunks.join(", ")}]` : "", result.files ? `${result.files} files` : ""].filter(Boolean);
        console.log(`dasflow convert: wrote ${out} (${format.name}), ${parts.join(", ")} in ${((performance.now() - t0) / 1e3).toFixed(2)} s`);
      }
    });
}
