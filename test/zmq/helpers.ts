/** Helpers of the ZeroMQ tests: loopback endpoints on free ports, timeouts, socket cleanup. */
import { DataArray } from "../../src/core/dataArray.js";
import { ZmqPublisher, type ZmqPublisherOptions } from "../../io/zmq/publisher.js";
import { ZmqSubscriber, type ZmqSubscriberOptions } from "../../io/zmq/subscriber.js";

/** Binding here lets the OS pick a free port; `publisher.endpoint` tells which. */
export const FREE_LOCAL_PORT = "tcp://127.0.0.1:*";

/** Rejects when `p` takes longer than `ms` (so a test fails instead of hanging). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Sockets opened by a test, closed by `closeAll` in afterEach whatever happened. */
export class SocketScope {
  private readonly publishers: ZmqPublisher[] = [];
  private readonly subscribers: ZmqSubscriber[] = [];

  async publisher(options: ZmqPublisherOptions = {}): Promise<ZmqPublisher> {
    const p = new ZmqPublisher({ address: FREE_LOCAL_PORT, lingerMs: 1000, ...options });
    this.publishers.push(p);
    await p.open();
    return p;
  }

  subscriber(options: ZmqSubscriberOptions): ZmqSubscriber {
    const s = new ZmqSubscriber(options);
    this.subscribers.push(s);
    s.open();
    return s;
  }

  async closeAll(): Promise<void> {
    for (const s of this.subscribers.splice(0)) await s.close();
    for (const p of this.publishers.splice(0)) await p.close();
  }
}

/** All chunks a subscriber yields, and their concatenation. */
export async function drain(sub: ZmqSubscriber): Promise<DataArray[]> {
  const out: DataArray[] = [];
  for await (const c of sub.chunks()) out.push(c.data);
  return out;
}

/** Concatenation along time, for comparing streams. */
export function joined(parts: readonly DataArray[]): DataArray {
  return DataArray.concat(parts, "time");
}

/** Splits an array along time into chunks of the given lengths. */
export function split(x: DataArray, lengths: readonly number[]): DataArray[] {
  const out: DataArray[] = [];
  let s = 0;
  for (const n of lengths) {
    out.push(x.isel({ time: { start: s, stop: s + n } }));
    s += n;
  }
  return out;
}
