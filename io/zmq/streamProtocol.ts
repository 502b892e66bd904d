/** The wire protocols a dasflow ZeroMQ stream can speak (see docs/streaming.md). */
import { DasflowError } from "../../src/core/errors.js";

/**
 * - `dasflow`: header + samples multipart messages with sequence numbers, heartbeats, end of stream;
 * - `asn`: ASN OptoDAS instruments (JSON header as XPUB welcome, t0 + samples; no end of stream);
 * - `xdas`: xdas's `ZMQPublisher`/`ZMQSubscriber` (each message one NetCDF4 file; no end of stream).
 */
export type ZmqProtocol = "dasflow" | "asn" | "xdas";

export const ZMQ_PROTOCOLS: readonly ZmqProtocol[] = ["dasflow", "asn", "xdas"];

/** Checks a protocol name; a UsageError lists the known ones. */
export function checkProtocol(p: unknown): ZmqProtocol {
  if (typeof p === "string" && (ZMQ_PROTOCOLS as readonly string[]).includes(p)) return p as ZmqProtocol;
  throw new DasflowError("UsageError", `unknown stream protocol ${JSON.stringify(p)} (known: ${ZMQ_PROTOCOLS.join(", ")})`);
}
