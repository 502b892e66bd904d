/** `dasflow plot IN -o waterfall.png`: a waterfall image of any readable input, or of a window of it. */
import { type Command, InvalidArgumentError, Option } from "commander";
import { COLORMAP_NAMES } from "../../plot/colormap.js";
import { positiveInt } from "./args.js";

interface PlotOptions {
  output: string;
  time?: string;
  distance?: string;
  cmap?: string;
  clip: number;
  width: number;
  height: number;
  picks?: string;
  events?: string;
  reduce: "maxabs" | "subsample";
  title?: string;
  label?: string;
  engine?: string;
  json?: boolean;
}

export function registerPlot(program: Command): void {
  program
    .command("plot")
    .description("draw a waterfall (distance across, time down) of an input or a window of it, as PNG or SVG")
    .argument("<in>", "input: a file, a directory or glob of files, or a Zarr store")
    .requiredOption("-o, --output <file>", "image to write (.png or .svg)")
    .option("--time <start/end>", "time window: ISO times or seconds after the first sample (e.g. 10/15.5, 2024-01-01T00:00:10Z/); either side may be empty")
    .option("--distance <a/b>", "distance window in metres (e.g. 1000/2500); either side may be empty")
    .addOption(new Option("--cmap <name>", "colour map (default: seismic for signed data, viridis otherwise)").choices([...COLORMAP_NAMES]))
    .addOption(new Option("--clip <percentile>", "percentile mapped to the ends of the colour map, in (0, 100]").argParser(percentile).default(99))
    .addOption(new Option("--width <px>", "image width in pixels").argParser(positiveInt("--width")).default(1000))
    .addOption(new Option("--height <px>", "image height in pixels").argParser(positiveInt("--height")).default(800))
    .option("--picks <file.csv>", "overlay the picks of a CSV (as `dasflow run` writes them)")
    .option("--events <file>", "overlay the events of a catalogue (events.csv or .jsonl, as `dasflow run` writes it) as boxes with their fitted moveouts")
    .addOption(new Option("--reduce <how>", "maxabs: read every sample, keep the largest |value| per pixel; subsample: read one time row per pixel row (faster on long windows, may miss short events)").choices(["maxabs", "subsample"]).default("maxabs"))
    .option("--title <text>", "title (default: the input's file name)")
    .option("--label <text>", "colour bar caption (default: the input's units, else amplitude)")
    .option("--engine <name>", "input format, overriding detection (see `dasflow formats`)")
    .option("--json", "print a JSON summary")
    .addHelpText(
      "after",
      `
Only the window is read, reduced to one value per pixel (see --reduce).
Examples:
  dasflow plot dasflow-demo/recording -o raw.png
  dasflow plot dasflow-demo/recording -o event.png --time 9/15 --distance 2000/6000 --clip 99.5
  dasflow plot dasflow-demo/processed.zarr -o stalta.svg --picks dasflow-demo/picks.csv --cmap inferno
  dasflow plot dasflow-demo/recording -o events.png --events dasflow-demo/events.csv
`,
    )
    .action(async (input: string, o: PlotOptions) => {
      // Heavy modules (h5wasm, zarrita, zeromq) load only for the command that runs.
      const { openInput } = await import("../../../io/openInput.js");
      const { readPicksCsv } = await import("../../plot/readPicksCsv.js");
      const { writeWaterfall } = await import("../../plot/waterfall.js");
      const picks = o.picks ? await readPicksCsv(o.picks) : undefined;
      const { readEventsCsv } = await import("../../plot/readEventsCsv.js");
      const events = o.events ? await readEventsCsv(o.events) : undefined;
      const source = await openInput(input, o.engine ? { engine: o.engine } : {});
      const w = await writeWaterfall(source, o.output, {
        time: o.time, distance: o.distance, cmap: o.cmap, clip: o.clip, width: o.width, height: o.height,
        reduce: o.reduce, picks, events, title: o.title, label: o.label,
      });
      const g = w.grid;
      const summary = {
        output: w.path, format: w.format, width: w.figure.width, height: w.figure.height,
        window: { time: g.window.time, distance: g.window.distance }, cmap: w.cmap, vmin: w.vmin, vmax: w.vmax,
        reads: g.reads, samplesRead: g.samplesRead, picksDrawn: picks ? w.picksDrawn : null, eventsDrawn: events ? w.eventsDrawn : null,
      };
      if (o.json) console.log(JSON.stringify(summary));
      else {
        const [t0, t1] = g.window.time;
        const [c0, c1] = g.window.distance;
        console.log(`dasflow plot: wrote ${w.path} (${w.figure.width} x ${w.figure.height}): ${c1 - c0} channels x ${t1 - t0} samples, ${w.cmap} ${fmt(w.vmin)} .. ${fmt(w.vmax)}${picks ? `, ${w.picksDrawn} picks` : ""}${events ? `, ${w.eventsDrawn} events` : ""}`);
      }
    });
}

function percentile(value: string): number {
  const v = Number(value);
  if (value.trim() === "" || !Number.isFinite(v) || v <= 0 || v > 100) throw new InvalidArgumentError(`--clip must be a percentile in (0, 100], got "${value}"`);
  return v;
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
