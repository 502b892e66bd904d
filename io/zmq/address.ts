/**
 * ZeroMQ endpoint addresses: defaults on the loopback interface, and a guard so that a stream
 * is only offered beyond this machine when asked for (`allowRemote`), ideally with CURVE.
 *
 * ```ts
 * checkBindAddress("tcp://127.0.0.1:*");        // ok: a free port, read it back from the socket
 * checkBindAddress("tcp://*:5556");             // UsageError unless { allowRemote: true }
 * ```
 */
import { DasflowError } from "../../src/core/errors.js";

/** Where `simulate` publishes and `subscribe` connects by default. */
export const DEFAULT_ADDRESS = "tcp://127.0.0.1:5556";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** Checks an endpoint to bind; non-loopback TCP interfaces need `allowRemote`. */
export function checkBindAddress(address: string, options: { allowRemote?: boolean } = {}): string {
  const host = tcpHost(address);
  if (host !== null && !LOOPBACK.has(host) && !host.startsWith("127.") && options.allowRemote !== true) {
    throw new DasflowError(
      "UsageError",
      `refusing to bind ${address}: it is reachable from other machines; bind tcp://127.0.0.1:PORT, or pass allowRemote (and use CURVE keys)`,
      { path: address },
    );
  }
  return address;
}

/** Checks an endpoint to connect to (any host; the transport must be one ZeroMQ knows). */
export function checkConnectAddress(address: string): string {
  tcpHost(address);
  return address;
}

/** The host of a tcp:// endpoint, null for ipc:// and inproc://; a UsageError for anything else. */
function tcpHost(address: string): string | null {
  if (typeof address !== "string") throw new DasflowError("UsageError", `a ZeroMQ address must be a string, got ${String(address)}`);
  const m = /^(tcp|ipc|inproc):\/\/(.+)$/.exec(address);
  if (!m) throw new DasflowError("UsageError", `not a ZeroMQ address (tcp://HOST:PORT, ipc://PATH or inproc://NAME): "${address}"`, { path: address });
  if (m[1] !== "tcp") return null;
  const hp = /^(\[[^\]]+\]|[^:]+):(\d+|\*)$/.exec(m[2]!);
  if (!hp) throw new DasflowError("UsageError", `a tcp address is tcp://HOST:PORT (PORT a number or *), got "${address}"`, { path: address });
  return hp[1]!;
}
