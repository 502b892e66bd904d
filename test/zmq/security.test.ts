/** CURVE encryption/authentication, key files, and the loopback-only default. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isDasflowError } from "../../src/core/errors.js";
import { checkBindAddress } from "../../io/zmq/address.js";
import { generateCurveKeyPair, readCurveKeyFile, writeCurveKeyFiles, z85Encode } from "../../io/zmq/curve.js";
import { ZmqPublisher } from "../../io/zmq/publisher.js";
import { synthesize } from "../../src/synthetic/generator.js";
import { SocketScope, drain, joined, withTimeout } from "./helpers.js";

const scope = new SocketScope();
afterEach(() => scope.closeAll());

describe("CURVE", () => {
  it("a secured stream reaches the subscriber with the right keys and refuses the others", async () => {
    const server = generateCurveKeyPair();
    const client = generateCurveKeyPair();
    const stranger = generateCurveKeyPair();
    const pub = await scope.publisher({ curve: { secretKey: server.secretKey, authorizedKeys: [client.publicKey] }, heartbeatMs: 20 });
    const x = synthesize({ channels: 4, rate: 100, seed: 1 }, 10);
    const good = scope.subscriber({ address: pub.endpoint, curve: { serverKey: server.publicKey, ...client }, maxChunks: 1, durationMs: 3000 });
    const refused = [
      scope.subscriber({ address: pub.endpoint, durationMs: 600 }), // no CURVE at all
      scope.subscriber({ address: pub.endpoint, curve: { serverKey: stranger.publicKey, ...client }, durationMs: 600 }), // wrong server key
      scope.subscriber({ address: pub.endpoint, curve: { serverKey: server.publicKey, ...stranger }, durationMs: 600 }), // client not authorized
      scope.subscriber({ address: pub.endpoint, curve: { serverKey: server.publicKey }, durationMs: 600 }), // ephemeral client key
    ];
    const receiving = [drain(good), ...refused.map(drain)];
    await withTimeout(pub.waitForSubscribers(1), 3000, "the authorized subscriber");
    await new Promise((r) => setTimeout(r, 100)); // give the refused ones every chance to get in
    expect(pub.subscribers).toBe(1);
    await pub.publish(x);
    const [got, ...nothing] = await withTimeout(Promise.all(receiving), 5000, "curve subscribers");
    expect(joined(got!).equals(x)).toBe(true);
    for (const [i, n] of nothing.entries()) {
      expect(n, `refused subscriber ${i}`).toEqual([]);
      expect(refused[i]!.status).toMatchObject({ chunks: 0, heartbeats: 0, endReason: "duration" });
    }
  });

  it("without an allow-list, any subscriber that knows the server's public key gets in", async () => {
    const server = generateCurveKeyPair();
    const pub = await scope.publisher({ curve: { secretKey: server.secretKey }, waitForSubscribers: 1 });
    const sub = scope.subscriber({ address: pub.endpoint, curve: { serverKey: server.publicKey }, maxChunks: 1 });
    const receiving = drain(sub);
    const x = synthesize({ channels: 2, rate: 100, seed: 2 }, 5);
    await withTimeout(pub.publish(x), 3000, "publish");
    expect(joined(await withTimeout(receiving, 3000, "receive")).equals(x)).toBe(true);
  });

  it("key files: czmq-style certificates and bare z85 keys, secret file private", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dasflow-curve-"));
    try {
      const pair = await writeCurveKeyFiles(path.join(dir, "server"));
      expect(await readCurveKeyFile(path.join(dir, "server.key"))).toEqual({ publicKey: pair.publicKey });
      expect(await readCurveKeyFile(path.join(dir, "server.key_secret"))).toEqual(pair);
      expect(fs.statSync(path.join(dir, "server.key_secret")).mode & 0o077).toBe(0);
      fs.writeFileSync(path.join(dir, "bare"), `${pair.publicKey}\n${pair.secretKey}\n`);
      expect(await readCurveKeyFile(path.join(dir, "bare"))).toEqual(pair);
      fs.writeFileSync(path.join(dir, "bad"), "public-key = \"short\"\n");
      await expect(readCurveKeyFile(path.join(dir, "bad"))).rejects.toThrow(/bad: public-key must be a CURVE key of 40 z85 characters, got 5 characters/);
      await expect(readCurveKeyFile(path.join(dir, "missing"))).rejects.toSatisfy((e: unknown) => isDasflowError(e, "NotFoundError") && /ENOENT/.test(String(e)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("z85 encoding follows the ZeroMQ reference vector", () => {
    expect(z85Encode(Uint8Array.of(0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b))).toBe("HelloWorld");
  });

  it("bad keys are refused before any socket exists", () => {
    expect(() => new ZmqPublisher({ curve: { secretKey: "x".repeat(39) } })).toThrow(/curve.secretKey must be a CURVE key/);
  });
});

describe("loopback by default", () => {
  it("binding an interface reachable from other machines needs allowRemote", async () => {
    for (const a of ["tcp://0.0.0.0:5556", "tcp://*:5556", "tcp://192.168.1.10:5556"]) {
      expect(() => checkBindAddress(a)).toThrow(/reachable from other machines/);
      expect(() => new ZmqPublisher({ address: a })).toThrow(/allowRemote/);
      expect(checkBindAddress(a, { allowRemote: true })).toBe(a);
    }
    for (const a of ["tcp://127.0.0.1:*", "tcp://localhost:6000", "ipc:///tmp/x", "inproc://y"]) expect(checkBindAddress(a)).toBe(a);
    for (const a of ["127.0.0.1:5556", "tcp://127.0.0.1", "udp://127.0.0.1:5"]) expect(() => checkBindAddress(a)).toThrow(/address/);
    const pub = await scope.publisher();
    expect(pub.endpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
  });

  it("a port already in use is an IOError naming the address", async () => {
    const first = await scope.publisher();
    const second = new ZmqPublisher({ address: first.endpoint });
    await expect(second.open()).rejects.toSatisfy((e: unknown) => isDasflowError(e, "IOError") && String(e).includes(first.endpoint));
    await second.close();
  });
});
