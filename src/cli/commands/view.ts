/** `dasflow view SOURCE`: a live waterfall in the browser for a stream, a growing store or a recording. */
import { type Command, InvalidArgumentError, Option } from "commander";
import type { ZmqProtocol } from "../../../io/zmq/streamProtocol.js";
import { readTextFile } from "../readTextFile.js";

interface ViewCli {
  port: number;
  host: string;
  allowRemote?: boolean;
  pipeline?: string;
  protocol: ZmqProtocol;
  picks?: string;
  events?: string;
}

function port(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 65535) throw new InvalidArgumentError(`--port must be an integer 0…65535, got "${value}"`);
  return Number(value);
}

export function registerView(program: Command): void {
  program
    .command("view")
    .description("serve a waterfall page: a live stream scrolls, a Zarr store is followed as it grows, a recording pans and zooms")
    .argument("<source>", "a ZeroMQ address (tcp://HOST:PORT), a Zarr store, or any readable recording")
    .addOption(new Option("--port <n>", "HTTP port (0: any free port; one in use falls back to a free one)").argParser(port).default(8765))
    .option("--host <address>", "interface to bind", "127.0.0.1")
    .option("--allow-remote", "allow binding an interface reachable from other machines (the page has no authentication)")
    .option("--pipeline <file>", "pipeline spec (YAML or JSON) applied to live chunks before display")
    .addOption(new Option("--protocol <p>", "wire protocol of a stream").choices(["dasflow", "asn", "xdas"]).default("dasflow"))
    .option("--picks <file.csv>", "picks to draw (default: picks.csv in or next to the source)")
    .option("--events <file.csv>", "events to draw (default: events.csv in or next to the source)")
    .addHelpText(
      "after",
      "\nOpen the printed address in a browser; Ctrl-C stops the server.\n\nExamples:\n  dasflow view tcp://127.0.0.1:5556\n  dasflow view dasflow-demo/processed.zarr\n  dasflow view recordings/2024-01-01/ --port 9000\n",
    )
    .action(async (source: string, o: ViewCli) => {
      // Heavy modules (h5wasm, zarrita, zeromq, ws) load only for the command that runs.
      const { startView } = await import("../../view/server.js");
      const { abortOnSignals } = await import("../../processing/subscribe.js");
      let atom = null;
      if (o.pipeline) {
        const { pipeline } = await import("../../../atoms/pipeline/pipeline.js");
        atom = pipeline(await readTextFile(o.pipeline), o.pipeline);
      }
      const v = await startView({
        source, port: o.port, host: o.host, allowRemote: o.allowRemote === true, protocol: o.protocol, atom,
        ...(o.picks ? { picks: o.picks } : {}),
        ...(o.events ? { events: o.events } : {}),
        onMessage: (line) => console.error(`dasflow view: ${line}`),
      });
      console.log(`view: ${v.url}`);
      const { signal, dispose } = abortOnSignals();
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      dispose();
      await v.close();
    });
}
