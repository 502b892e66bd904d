/** `dasflow simulate`: a stand-in instrument publishing synthetic DAS data in real time over ZeroMQ. */
import { type Command, Option } from "commander";
import type { ZmqProtocol } from "../../../io/zmq/streamProtocol.js";
import { positiveInt, positiveNumber } from "./args.js";

interface SimulateCli {
  channels: number;
  rate: number;
  chunk: number;
  protocol: ZmqProtocol;
  address: string;
  maxChunks?: number;
  duration?: number;
  seed: number;
  realtime: boolean;
  waitFor: number;
  curveSecret?: string;
  curveClient?: string[];
  json?: boolean;
}

export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description("publish synthetic DAS data (noise, moving wavefronts, events) in real time over ZeroMQ")
    .addOption(new Option("--channels <n>", "channels").argParser(positiveInt("--channels")).default(1000))
    .addOption(new Option("--rate <hz>", "sampling rate in Hz").argParser(positiveNumber("--rate")).default(1000))
    .addOption(new Option("--chunk <n>", "samples per message").argParser(positiveInt("--chunk")).default(100))
    .addOption(new Option("--protocol <p>", "wire protocol").choices(["dasflow", "asn", "xdas"]).default("dasflow"))
    .option("--address <endpoint>", "endpoint to bind (loopback by default)", "tcp://127.0.0.1:5556")
    .addOption(new Option("--max-chunks <n>", "stop after n messages").argParser(positiveInt("--max-chunks")))
    .addOption(new Option("--duration <s>", "stop after s seconds").argParser(positiveNumber("--duration")))
    .addOption(new Option("--seed <n>", "random seed").argParser(positiveInt("--seed")).default(1))
    .option("--no-realtime", "publish as fast as possible instead of at the sampling rate")
    .addOption(new Option("--wait-for <n>", "hold the first message until n subscribers are connected").argParser(positiveInt("--wait-for")).default(0, "0"))
    .option("--curve-secret <file>", "CURVE: the publisher's secret key file (encrypts and authenticates the stream)")
    .option("--curve-client <file...>", "CURVE: public key files of the subscribers allowed in")
    .option("--json", "one JSON status line per message")
    .addHelpText("after", "\nExamples:\n  dasflow simulate --channels 2000 --rate 1000 --chunk 100\n  dasflow simulate --protocol asn --address tcp://127.0.0.1:5557 --duration 60\n")
    .action(async (o: SimulateCli) => {
      // Heavy modules (h5wasm, zarrita, zeromq) load only for the command that runs.
      const { readCurveKeyFile } = await import("../../../io/zmq/curve.js");
      const { simulate } = await import("../../../io/zmq/simulate.js");
      const { abortOnSignals } = await import("../../processing/subscribe.js");
      const { signal, dispose } = abortOnSignals();
      const secret = o.curveSecret ? await readCurveKeyFile(o.curveSecret) : null;
      const clients = o.curveClient ? await Promise.all(o.curveClient.map(async (f) => (await readCurveKeyFile(f)).publicKey)) : undefined;
      try {
        const r = await simulate({
          channels: o.channels, rate: o.rate, chunk: o.chunk, protocol: o.protocol, address: o.address, realtime: o.realtime, seed: o.seed,
          ...(o.maxChunks ? { maxChunks: o.maxChunks } : {}),
          ...(o.duration ? { durationMs: o.duration * 1000 } : {}),
          signal,
          publisher: {
            waitForSubscribers: o.waitFor,
            ...(secret?.secretKey ? { curve: { secretKey: secret.secretKey, ...(clients ? { authorizedKeys: clients } : {}) } } : {}),
          },
          onReady: (endpoint) => console.error(`dasflow simulate: publishing ${o.protocol} on ${endpoint} (${o.channels} channels × ${o.rate} Hz, ${o.chunk} samples per message)`),
          onStatus: (s) => {
            if (o.json) console.log(JSON.stringify(s));
            else if (process.stderr.isTTY) process.stderr.write(`\r${s.chunks} messages, ${s.subscribers} subscriber(s), ${s.events} events, ${s.behindMs.toFixed(0)} ms behind   `);
          },
        });
        if (process.stderr.isTTY && !o.json) process.stderr.write("\n");
        console.error(`dasflow simulate: ${r.chunks} messages, ${r.samples} samples, ${r.events} events, ${r.wavefronts} wavefronts (${r.endReason})`);
      } finally {
        dispose();
      }
    });
}
