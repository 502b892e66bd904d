/** `dasflow demo`: a synthetic recording → the default pipeline → Zarr + picks + waterfalls, with a summary. */
import { type Command, InvalidArgumentError, Option } from "commander";
import { formatIso } from "../../core/coords/time.js";
import { progressReporter } from "../progressReporter.js";
import { positiveInt, positiveNumber } from "./args.js";

interface DemoCliOptions {
  out: string;
  small?: boolean;
  seed?: number;
  channels?: number;
  duration?: number;
  files?: number;
  chunk: number;
  workers: number;
  progress?: boolean;
  json?: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("generate a realistic synthetic DAS recording (earthquakes, vehicles, noise, dead channels), detect events in it, and draw it")
    .option("--out <dir>", "output directory", "dasflow-demo")
    .option("--small", "300 channels x 10 s instead of 2,000 channels x 60 s (480 MB)")
    .addOption(new Option("--seed <n>", "seed of the synthetic scene").argParser(nonNegativeInt))
    .addOption(new Option("--channels <n>", "number of channels (overrides the size)").argParser(positiveInt("--channels")))
    .addOption(new Option("--duration <s>", "seconds of recording at 1 kHz (overrides the size)").argParser(positiveNumber("--duration")))
    .addOption(new Option("--files <n>", "number of ASN files (default 6, 2 with --small)").argParser(positiveInt("--files")))
    .addOption(new Option("--chunk <n>", "time samples per processing chunk").argParser(positiveInt("--chunk")).default(1000))
    .addOption(new Option("--workers <n>", "worker threads splitting the channels").argParser(positiveInt("--workers")).default(1))
    .option("--progress", "show the progress bar even when stderr is not a terminal")
    .option("--json", "print the summary as JSON")
    .addHelpText(
      "after",
      `
Writes <out>/recording/ (ASN OptoDAS HDF5 files), pipeline.yaml, processed.zarr, picks.csv, events.csv,
truth.json (the injected events) and raw.png, raw-event.png, processed.png, processed-event.png.
Running it again replaces these files.
Examples:
  dasflow demo
  dasflow demo --small --out /tmp/demo
  dasflow run --pipeline dasflow-demo/pipeline.yaml --input dasflow-demo/recording --output again.zarr
`,
    )
    .action(async (o: DemoCliOptions) => {
      // Heavy modules (h5wasm, zarrita, zeromq) load only for the command that runs.
      const { formatDemoSummary, runDemo } = await import("../../demo/runDemo.js");
      const reporter = progressReporter(o.json ? "quiet" : o.progress || process.stderr.isTTY ? "bar" : "quiet");
      const log = o.json
        ? () => {}
        : (line: string) => {
            reporter.stop(); // a finished bar, not one interleaved with messages
            process.stderr.write(`${line}\n`);
          };
      const summary = await runDemo({
        out: o.out, small: o.small, seed: o.seed, channels: o.channels, duration: o.duration, files: o.files,
        chunk: o.chunk, workers: o.workers, log,
        onStart: (chunks) => reporter.start(chunks, 0),
        onChunk: (p) => reporter.chunk(p),
      }).finally(() => reporter.stop());
      // Exact times as ISO strings; NaN (no pick to measure an error on) as null.
      if (o.json) console.log(JSON.stringify(summary, (_k, v: unknown) => (typeof v === "bigint" ? formatIso(v) : typeof v === "number" && Number.isNaN(v) ? null : v)));
      else console.log(formatDemoSummary(summary));
    });
}

function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`--seed must be an integer ≥ 0, got "${value}"`);
  return Number(value);
}
