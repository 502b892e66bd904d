/** `dasflow subscribe ADDRESS`: a live job — subscribe, run a pipeline, write Zarr and/or republish. */
import { type Command, Option } from "commander";
import type { ZmqProtocol } from "../../../io/zmq/streamProtocol.js";
import { DasflowError } from "../../core/errors.js";
import { readTextFile } from "../readTextFile.js";
import { positiveInt, positiveNumber } from "./args.js";

interface SubscribeCli {
  pipeline?: string;
  output?: string;
  overwrite?: boolean;
  publish?: string;
  protocol: ZmqProtocol;
  maxChunks?: number;
  duration?: number;
  idleTimeout?: number;
  curveServerKey?: string;
  curveKey?: string;
  json?: boolean;
}

export function registerSubscribe(program: Command): void {
  program
    .command("subscribe")
    .description("subscribe to a live DAS stream, run a pipeline on each chunk, write Zarr and/or republish")
    .argument("<address>", "endpoint to connect to, e.g. tcp://127.0.0.1:5556")
    .option("--pipeline <file>", "pipeline spec (YAML or JSON); default: pass-through")
    .option("--output <out.zarr>", "write the processed stream to this Zarr store")
    .option("--overwrite", "replace an existing output")
    .option("--publish <endpoint>", "republish the processed stream (dasflow protocol) on this endpoint")
    .addOption(new Option("--protocol <p>", "wire protocol of the input").choices(["dasflow", "asn", "xdas"]).default("dasflow"))
    .addOption(new Option("--max-chunks <n>", "stop after n chunks").argParser(positiveInt("--max-chunks")))
    .addOption(new Option("--duration <s>", "stop after s seconds").argParser(positiveNumber("--duration")))
    .addOption(new Option("--idle-timeout <s>", "stop when nothing arrives for s seconds").argParser(positiveNumber("--idle-timeout")))
    .option("--curve-server-key <file>", "CURVE: the publisher's public key file")
    .option("--curve-key <file>", "CURVE: this subscriber's key pair file (secret key file)")
    .option("--json", "one JSON status line per chunk and a JSON summary")
    .addHelpText(
      "after",
      "\nEnds at end-of-stream, --max-chunks, --duration, --idle-timeout or Ctrl-C, always flushing the pipeline and closing the output.\n\nExamples:\n  dasflow subscribe tcp://127.0.0.1:5556 --pipeline bandpass.yaml --output live.zarr\n  dasflow subscribe tcp://127.0.0.1:5557 --protocol asn --duration 60 --output asn.zarr\n",
    )
    .action(async (address: string, o: SubscribeCli) => {
      // Heavy modules (h5wasm, zarrita, zeromq) load only for the command that runs.
      const { ZarrWriter } = await import("../../../io/zarr/writer.js");
      const { readCurveKeyFile } = await import("../../../io/zmq/curve.js");
      const { abortOnSignals, subscribe } = await import("../../processing/subscribe.js");
      if (!o.output && !o.publish) throw new DasflowError("UsageError", "subscribe needs --output and/or --publish (where the processed stream goes)");
      const spec = o.pipeline ? await readTextFile(o.pipeline) : undefined;
      const server = o.curveServerKey ? await readCurveKeyFile(o.curveServerKey) : null;
      const own = o.curveKey ? await readCurveKeyFile(o.curveKey) : null;
      const { signal, dispose } = abortOnSignals();
      try {
        const { withOutputLock } = await import("../../processing/outputLock.js");
        const job = () => subscribe({
          address, protocol: o.protocol, signal,
          ...(spec !== undefined ? { pipeline: spec } : {}),
          ...(o.output ? { output: new ZarrWriter(o.output, { overwrite: o.overwrite, attrs: { pipeline: o.pipeline ?? null, inputs: [address] } }) } : {}),
          ...(o.publish ? { publish: { address: o.publish } } : {}),
          ...(o.maxChunks ? { maxChunks: o.maxChunks } : {}),
          ...(o.duration ? { durationMs: o.duration * 1000 } : {}),
          ...(o.idleTimeout ? { idleTimeoutMs: o.idleTimeout * 1000 } : {}),
          ...(server ? { curve: { serverKey: server.publicKey, ...(own?.secretKey ? { publicKey: own.publicKey, secretKey: own.secretKey } : {}) } } : {}),
          onPublishing: (endpoint) => console.error(`dasflow subscribe: republishing on ${endpoint}`),
          onStatus: (s) => {
            if (o.json) console.log(JSON.stringify(s, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
            else if (process.stderr.isTTY) {
              process.stderr.write(`\r${s.chunks} chunks, lag ${s.lagMs === null ? "–" : `${s.lagMs.toFixed(0)} ms`}, gaps ${s.gaps} (${s.missing} missing), malformed ${s.malformed}, rejected ${s.rejected}, time back ${s.discontinuities}   `);
            }
          },
        });
        // A live job holds its output's lock like `run` does.
        const r = o.output ? await withOutputLock(o.output, undefined, job) : await job();
        if (process.stderr.isTTY && !o.json) process.stderr.write("\n");
        const s = r.status;
        const summary = {
          chunks: s.chunks, samples: s.samples, gaps: s.gaps, missing: s.missing, firstMissing: s.firstMissing, malformed: s.malformed,
          rejected: s.rejected, lastRejected: s.lastRejected, discontinuities: s.discontinuities, lastDiscontinuity: s.lastDiscontinuity,
          endReason: s.endReason, output: o.output ?? null,
        };
        if (s.endReason === "layoutChanged") {
          console.error(`dasflow subscribe: the stream's layout changed (${String(s.lastRejected)}) and stayed changed; ended after ${s.chunks} chunks with the output flushed and closed${o.output ? ` (${o.output})` : ""}`);
        }
        if (o.json) console.log(JSON.stringify({ event: "summary", ...summary }));
        else console.error(`dasflow subscribe: ${s.chunks} chunks, ${s.gaps} gap(s) (${s.missing} missing${s.firstMissing !== null ? `, first ${s.firstMissing}` : ""}), ${s.malformed} malformed, ${s.rejected} rejected (other layout), ${s.discontinuities} dropped (time went back); ended by ${String(s.endReason)}${o.output ? `; wrote ${o.output}` : ""}`);
      } finally {
        dispose();
      }
    });
}
