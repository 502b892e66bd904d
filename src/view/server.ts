/**
 * The view server: one HTTP page and a WebSocket per browser. `startView` opens the source
 * (a ZeroMQ address, a Zarr store — followed as it grows — or any recording), binds 127.0.0.1
 * unless told otherwise (with the streaming sockets' guard), and keeps running whatever the
 * browsers do: each has a bounded session, and the data path never waits for one.
 *
 * ```ts
 * const v = await startView({ source: "tcp://127.0.0.1:5556", port: 0, onMessage: console.error });
 * console.log(v.url);  // http://127.0.0.1:41234/
 * await v.close();
 * ```
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import type { WebSocket, WebSocketServer as WsServer } from "ws";
import { checkBindAddress } from "../../io/zmq/address.js";
import { isZarrStore } from "../../io/openInput.js";
import type { ZmqProtocol } from "../../io/zmq/streamProtocol.js";
import type { Atom } from "../core/atom.js";
import { DasflowError } from "../core/errors.js";
import { packagePath } from "../core/packageRoot.js";
import { COLORMAP_NAMES, colormap } from "../plot/colormap.js";
import { ArraySource } from "./arraySource.js";
import { LiveRing } from "./liveRing.js";
import { OverlayFiles } from "./overlays.js";
import { Session } from "./session.js";
import { StreamFeed } from "./streamFeed.js";
import type { ViewSource } from "./viewSource.js";

export interface ViewOptions {
  /** A ZeroMQ address (tcp://, ipc://), a Zarr store or any readable recording. */
  source: string;
  /** Port (default 8765; 0: any free port). A port in use falls back to a free one, with a message. */
  port?: number;
  /** Interface (default 127.0.0.1); anything else needs `allowRemote`. */
  host?: string;
  allowRemote?: boolean;
  protocol?: ZmqProtocol;
  /** A pipeline applied to live chunks (streams, followed stores) before display. */
  atom?: Atom | null;
  /** Extra picks / events CSV files (besides picks.csv / events.csv next to the source). */
  picks?: string;
  events?: string;
  /** Live display rows kept and columns at most. */
  ringRows?: number;
  maxCols?: number;
  /** One-line notes for the terminal (stream silent, store gone, port taken …). */
  onMessage?: (line: string) => void;
}

export interface ViewServer {
  url: string;
  port: number;
  source: ViewSource;
  /** Browsers connected now. */
  readonly clients: number;
  /** Per browser: frames sent, frames dropped, bytes waiting in its send buffer. */
  stats(): { framesSent: number; dropped: number; buffered: number }[];
  close(): Promise<void>;
}

const PAGE_FILES: Readonly<Record<string, string>> = {
  "/": "index.html",
  "/index.html": "index.html",
  "/view.js": "view.js",
  "/draw.js": "draw.js",
  "/maps.js": "maps.js",
  "/view.css": "view.css",
};
const TYPES: Readonly<Record<string, string>> = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" };

/** The page's folder: the source tree's in a checkout (always current), else the copy in dist/ (an installed package). */
export function pageDir(): string {
  const candidates = [packagePath("src", "view", "page"), packagePath("dist", "src", "view", "page")];
  const found = candidates.find((d) => existsSync(join(d, "index.html")));
  if (!found) throw new DasflowError("NotFoundError", "the view page is missing (run `npm run build`)", { path: candidates[0]! });
  return found;
}

/** What kind of source a SOURCE argument names. */
export function sourceKind(source: string): "stream" | "store" | "recording" {
  if (/^(tcp|ipc|inproc):\/\//.test(source)) return "stream";
  return isZarrStore(source) ? "store" : "recording";
}

export async function startView(o: ViewOptions): Promise<ViewServer> {
  const host = o.host ?? "127.0.0.1";
  const wanted = o.port ?? 8765;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) throw new DasflowError("UsageError", `--port must be an integer 0…65535, got ${wanted}`);
  checkBindAddress(`tcp://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${wanted}`, { allowRemote: o.allowRemote === true });
  const dir = pageDir();
  const say = o.onMessage ?? (() => undefined);
  const kind = sourceKind(o.source);
  const ring = kind === "recording" ? null : new LiveRing({ capacity: o.ringRows ?? 1024, maxCols: o.maxCols ?? 1024 });
  if (kind === "recording" && o.atom) throw new DasflowError("UsageError", "--pipeline applies to live sources (a stream or a growing store); process a recording with `dasflow run` and view its output", { path: o.source });
  const source: ViewSource =
    kind === "stream"
      ? new StreamFeed({ address: o.source, ring: ring!, atom: o.atom ?? null, onMessage: say, ...(o.protocol ? { protocol: o.protocol } : {}) })
      : new ArraySource(kind, { path: o.source, ring, atom: o.atom ?? null, onMessage: say });
  await source.start();

  const near = kind === "stream" ? [] : [join(o.source, "NAME"), join(dirname(o.source.replace(/\/+$/, "")), "NAME")];
  const overlays = new OverlayFiles(
    [...(o.picks ? [o.picks] : []), ...near.map((p) => p.replace("NAME", "picks.csv"))],
    [...(o.events ? [o.events] : []), ...near.map((p) => p.replace("NAME", "events.csv"))],
  );
  await overlays.refresh().catch(() => false);

  const sessions = new Set<Session>();
  let notice: string | null = null;
  const info = (first = false): object => {
    const src = source.array();
    const time = src?.coords["time"];
    const dist = src?.coords["distance"];
    return {
      type: "info", kind, source: o.source, live: ring !== null, capacity: ring?.capacity ?? 0,
      ...(first ? { luts: Object.fromEntries(COLORMAP_NAMES.map((n) => [n, [...colormap(n)]])) } : {}),
      array: src
        ? {
            nt: src.backend.shape[0], nch: src.backend.shape[1],
            t0Ms: time && time.length ? Number(time.ns(0)) / 1e6 : 0,
            dtMs: time?.step ? Number(time.step.num) / Number(time.step.den) / 1e6 : 1,
            x0: dist && dist.length ? dist.value(0) : 0, x1: dist && dist.length ? dist.value(dist.length - 1) : src.backend.shape[1]! - 1,
          }
        : null,
    };
  };
  const overlayMsg = (): object => ({ type: "overlays", picks: overlays.picks, events: overlays.events, skipped: overlays.skipped, files: overlays.files });

  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const file = PAGE_FILES[path];
    if (req.method !== "GET" || !file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    try {
      const body = readFileSync(join(dir, file));
      res.writeHead(200, { "content-type": TYPES[file.split(".").pop()!] ?? "application/octet-stream", "cache-control": "no-store" }).end(body);
    } catch (err) {
      res.writeHead(500, { "content-type": "text/plain" }).end(`cannot read ${file}: ${(err as Error).message}\n`);
    }
  });
  // ws loads when a view starts, not with `import("dasflow")` (it is CommonJS: require is synchronous).
  const { WebSocketServer } = createRequire(import.meta.url)("ws") as { WebSocketServer: typeof WsServer };
  const wss = new WebSocketServer({ server: http, path: "/ws", maxPayload: 1 << 16 });
  wss.on("error", () => undefined); // the HTTP server's errors (a port in use) are handled at listen
  wss.on("connection", (ws: WebSocket) => {
    const s = new Session(ws, source);
    sessions.add(s);
    ws.on("message", (data, isBinary) => {
      if (isBinary) return;
      s.handle(String(data)).catch((err: unknown) => s.sendJson({ type: "error", message: (err as Error).message.split("\n")[0] }));
    });
    const drop = (): void => {
      s.close();
      sessions.delete(s);
    };
    ws.on("close", drop);
    ws.on("error", drop);
    s.sendJson(info(true));
    s.sendJson(overlayMsg());
    if (notice) s.sendJson({ type: "notice", message: notice });
  });

  const port = await listen(http, host, wanted).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== "EADDRINUSE" || wanted === 0) throw new DasflowError("IOError", `cannot serve on ${host}:${wanted}: ${err.message}`, { path: `${host}:${wanted}`, cause: err });
    const p = await listen(http, host, 0);
    notice = `port ${wanted} is in use; serving on ${p} instead`;
    say(notice);
    return p;
  });

  // Live frames: every browser gets the rows completed since its last frame, at most 20 times a second.
  const tick = setInterval(() => {
    for (const s of sessions) s.pushLive();
  }, 50);
  const status = setInterval(() => {
    const st = source.status();
    const live = source.takePicks();
    if (live.length) overlays.addLive(live);
    for (const s of sessions) s.sendJson({ type: "status", ...st, dropped: s.dropped, frames: s.framesSent, clients: sessions.size, notice }, true);
  }, 1000);
  let arrayLength = source.array()?.backend.shape[0] ?? null;
  const watch = setInterval(() => {
    void overlays.refresh().then((changed) => {
      if (changed) for (const s of sessions) s.sendJson(overlayMsg(), true);
    }).catch(() => undefined);
    const L = source.array()?.backend.shape[0] ?? null;
    if (L !== arrayLength) {
      arrayLength = L;
      for (const s of sessions) s.sendJson(info(), true);
    }
  }, 1000);

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/`,
    port,
    source,
    get clients() {
      return sessions.size;
    },
    stats: () => [...sessions].map((s) => s.stats()),
    async close() {
      clearInterval(tick);
      clearInterval(status);
      clearInterval(watch);
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => http.close(() => r()));
      await source.close();
    },
  };
}

function listen(http: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      http.off("listening", onListening);
      reject(err);
    };
    const onListening = (): void => {
      http.off("error", onError);
      resolve((http.address() as { port: number }).port);
    };
    http.once("error", onError);
    http.once("listening", onListening);
    http.listen(port, host);
  });
}
