// The dasflow view page: a WebSocket to the view server, a canvas waterfall drawn from 8-bit
// display tiles, overlays (picks, events, the box), a trace and a box spectrum. `window.dasflowView`
// exposes what is drawn, for tests and for the curious.
import { drawAxes, drawSpectrum, drawTrace, fmtDist, fmtTime, paint, palette } from "./draw.js";
import { browseMapping, liveMapping } from "./maps.js";

const $ = (id) => document.getElementById(id);
const wf = $("wf");
const overlay = $("overlay");
const area = $("area");
const S = {
  info: null, luts: {}, mode: null, cmap: "seismic", clipPct: 99, reduce: "peak",
  live: null, // { header, codes (rows×cols, oldest first), rows, cols }
  tile: null, // { header, codes }
  window: null, // browse window { t0, t1, c0, c1 } (samples, channels)
  picks: [], events: [], box: null, lastBox: null, nextId: 1, wantId: 0, status: null, notice: null, error: null,
};
const debug = (window.dasflowView = {
  ready: false, mode: null, framesDrawn: 0, tilesDrawn: 0, newestMs: null, latencies: [], frameTimes: [], picksDrawn: [],
  trace: null, spectrum: null, status: null, messages: [], lastTile: null, tileMs: [],
});

// ---------- connection ----------
let ws = null;
function connect() {
  ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  ws.__fresh = S.info !== null;
  ws.binaryType = "arraybuffer";
  ws.onmessage = (e) => (typeof e.data === "string" ? onJson(JSON.parse(e.data)) : onBinary(e.data));
  ws.onclose = () => {
    showMessage("connection to the view server lost; retrying…");
    setTimeout(connect, 1000);
  };
}
function send(msg) {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
}

function onJson(m) {
  switch (m.type) {
    case "info": {
      const first = S.info === null;
      // A store that grows is being written: follow it, unless the user chose a mode.
      const grew = !first && m.kind === "store" && S.info.array && m.array && m.array.nt > S.info.array.nt;
      if (m.luts) S.luts = m.luts;
      S.info = m;
      debug.info = m;
      $("source").textContent = `${m.kind}: ${m.source}`;
      if (first || ws.__fresh) {
        ws.__fresh = false;
        fillCmaps();
        setMode(S.mode ?? (m.kind === "stream" ? "live" : "browse"), true);
      } else if (grew && !S.userChose && S.mode !== "live") setMode("live");
      updateButtons();
      break;
    }
    case "overlays":
      S.picks = m.picks;
      S.events = m.events;
      drawOverlay();
      break;
    case "status":
      S.status = m;
      debug.status = m;
      drawStatus();
      if (m.message) showMessage(m.message);
      else if (m.notice) showMessage(m.notice);
      else if (!S.error) hideMessage();
      break;
    case "notice":
      S.notice = m.message;
      showMessage(m.message);
      break;
    case "trace":
      onTrace(m);
      break;
    case "spectrum":
      debug.spectrum = m;
      $("spectrum-title").textContent = `spectrum: ${m.channels} ch × ${m.nt} samples, peak ${m.peakHz.toFixed(1)} Hz`;
      drawSpectrum($("spectrum"), m.edges, m.energy);
      break;
    case "error":
      S.error = m.message;
      debug.messages.push(m.message);
      showMessage(m.message);
      setTimeout(() => (S.error = null), 5000);
      break;
  }
}

function onBinary(buf) {
  const n = new DataView(buf).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, n)));
  const codes = new Uint8Array(buf, 4 + n);
  if (header.type === "live") onLive(header, codes);
  else if (header.type === "tile") onTile(header, codes);
}

// ---------- live ----------
function liveRows() {
  return Math.max(16, Math.min(S.info?.capacity || 1024, Math.round(area.clientHeight)));
}

function onLive(h, codes) {
  if (S.mode !== "live") return;
  autoCmap(h.signed);
  let L = S.live;
  const rows = liveRows();
  if (!L || h.full || L.cols !== h.cols || L.rows !== rows || L.generation !== h.generation) {
    L = S.live = { cols: h.cols, rows, codes: new Uint8Array(rows * h.cols), end: h.r0, generation: h.generation, header: h };
  }
  const k = h.r1 - h.r0;
  const { cols } = L;
  if (k >= L.rows) L.codes.set(codes.subarray((k - L.rows) * cols));
  else if (k > 0) {
    L.codes.copyWithin(0, k * cols);
    L.codes.set(codes, (L.rows - k) * cols);
  }
  L.end = h.r1;
  L.header = h;
  paint(wf, L.codes, cols, L.rows, palette(S.luts[S.cmap]), true);
  debug.framesDrawn++;
  debug.newestMs = h.newestMs;
  const now = Date.now();
  debug.latencies.push(now - h.newestMs);
  debug.frameTimes.push(now);
  if (debug.latencies.length > 500) debug.latencies.shift();
  if (debug.frameTimes.length > 500) debug.frameTimes.shift();
  drawAxesNow();
  drawOverlay();
}

/** Live mapping: CSS px in the plot area ↔ time (ms) and channel. */
function liveMap() {
  return S.live ? liveMapping(S.live, area.clientWidth, area.clientHeight) : null;
}

/** What the live canvas shows at a time (ms) and channel: its code and RGBA pixel (null outside). */
debug.liveAt = (ms, ch) => {
  const L = S.live;
  if (!L) return null;
  const h = L.header;
  const R = Math.floor((ms - h.originMs) / h.rowMs);
  const i = R - (L.end - L.rows); // index in the codes, oldest first
  const col = Math.floor(ch / h.chPerCol);
  if (i < 0 || i >= L.rows || col < 0 || col >= L.cols) return null;
  const y = L.rows - 1 - i;
  const px = [...wf.getContext("2d").getImageData(col, y, 1, 1).data];
  return { code: L.codes[i * L.cols + col], px, y, col };
};

/** Shows a window (samples × channels) in browse mode, as a zoom would (for scripts and tests). */
debug.setWindow = (w) => {
  if (S.mode !== "browse") setMode("browse");
  S.window = { ...w };
  requestTile();
};

// ---------- browse ----------
function fullWindow() {
  const a = S.info?.array;
  return a ? { t0: 0, t1: a.nt, c0: 0, c1: a.nch } : null;
}

function requestTile() {
  if (!S.window) return;
  S.wantId = S.nextId++;
  debug.requestedAt = performance.now();
  send({ type: "browse", id: S.wantId, ...S.window, rows: Math.round(area.clientHeight), cols: Math.round(area.clientWidth), mode: S.reduce, clipPct: S.clipPct });
}

/** Until the user picks colours: a diverging map for signed data, a sequential one for energies. */
function autoCmap(signed) {
  if (S.userCmap) return;
  const want = signed ? "seismic" : "viridis";
  if (S.cmap !== want && S.luts[want]) {
    S.cmap = want;
    $("cmap").value = want;
  }
}

function onTile(h, codes) {
  if (S.mode !== "browse" || h.id !== S.wantId) return; // a stale answer
  autoCmap(h.signed);
  S.tile = { header: h, codes: codes.slice() };
  paint(wf, S.tile.codes, h.cols, h.rows, palette(S.luts[S.cmap]), false);
  debug.tilesDrawn++;
  debug.lastTile = h;
  debug.tileMs.push(performance.now() - debug.requestedAt);
  drawAxesNow();
  drawOverlay();
}

function browseMap() {
  const a = S.info?.array;
  const w = S.tile?.header.window ?? S.window;
  return a && w ? browseMapping(a, w, area.clientWidth, area.clientHeight) : null;
}

function zoom(factor, aroundY, aroundX, distance) {
  const a = S.info?.array;
  const w = S.window;
  if (!a || !w) return;
  if (distance) {
    const c = w.c0 + (aroundX / area.clientWidth) * (w.c1 - w.c0);
    const n = Math.max(2, Math.min(a.nch, (w.c1 - w.c0) * factor));
    const c0 = Math.max(0, Math.min(a.nch - n, c - (c - w.c0) * (n / (w.c1 - w.c0))));
    S.window = { ...w, c0: Math.floor(c0), c1: Math.ceil(c0 + n) };
  } else {
    const t = w.t0 + (aroundY / area.clientHeight) * (w.t1 - w.t0);
    const n = Math.max(4, Math.min(a.nt, (w.t1 - w.t0) * factor));
    const t0 = Math.max(0, Math.min(a.nt - n, t - (t - w.t0) * (n / (w.t1 - w.t0))));
    S.window = { ...w, t0: Math.floor(t0), t1: Math.ceil(t0 + n) };
  }
  requestTile();
}

function pan(dt, dc) {
  const a = S.info?.array;
  const w = S.window;
  if (!a || !w) return;
  const st = Math.round((w.t1 - w.t0) * dt);
  const sc = Math.round((w.c1 - w.c0) * dc);
  const t0 = Math.max(0, Math.min(a.nt - (w.t1 - w.t0), w.t0 + st));
  const c0 = Math.max(0, Math.min(a.nch - (w.c1 - w.c0), w.c0 + sc));
  S.window = { t0, t1: t0 + (w.t1 - w.t0), c0, c1: c0 + (w.c1 - w.c0) };
  requestTile();
}

// ---------- drawing ----------
function currentMap() {
  return S.mode === "live" ? liveMap() : browseMap();
}

function drawAxesNow() {
  const m = currentMap();
  if (!m) return;
  const r = area.getBoundingClientRect();
  const p = $("plot").getBoundingClientRect();
  drawAxes($("axes"), { x: r.left - p.left, y: r.top - p.top, w: r.width, h: r.height }, { lo: m.tLo, hi: m.tHi, yOf: m.yOf }, { lo: m.xLo, hi: m.xHi, xOf: m.xOfM });
}

function drawOverlay() {
  const W = area.clientWidth;
  const H = area.clientHeight;
  const dpr = window.devicePixelRatio || 1;
  overlay.width = Math.round(W * dpr);
  overlay.height = Math.round(H * dpr);
  const ctx = overlay.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, W, H);
  const m = currentMap();
  debug.picksDrawn = [];
  if (!m) return;
  ctx.strokeStyle = "rgba(0,255,120,0.9)";
  ctx.lineWidth = 1.5;
  for (const e of S.events) {
    const y0 = m.yOf(e.t0);
    const y1 = m.yOf(e.t1);
    const x0 = m.xOfM(e.x0);
    const x1 = m.xOfM(e.x1);
    if (Math.max(y0, y1) < 0 || Math.min(y0, y1) > H || Math.max(x0, x1) < 0 || Math.min(x0, x1) > W) continue;
    ctx.strokeRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0) || 2, Math.abs(y1 - y0) || 2);
  }
  ctx.fillStyle = "rgb(255,0,255)";
  for (const p of S.picks) {
    const y = m.yOf(p.t);
    const x = p.x !== null ? m.xOfM(p.x) : m.chToX(p.ch + 0.5);
    if (y < -2 || y > H + 2 || x < -2 || x > W + 2) continue;
    ctx.fillRect(x - 2, y - 2, 4, 4);
    if (debug.picksDrawn.length < 5000) debug.picksDrawn.push({ x, y, t: p.t });
  }
  if (S.box) {
    ctx.strokeStyle = "#000";
    ctx.lineWidth = 3;
    ctx.strokeRect(S.box.x0, S.box.y0, S.box.x1 - S.box.x0, S.box.y1 - S.box.y0);
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 3]);
    ctx.strokeRect(S.box.x0, S.box.y0, S.box.x1 - S.box.x0, S.box.y1 - S.box.y0);
    ctx.setLineDash([]);
  }
}

function drawStatus() {
  const s = S.status;
  if (!s) return;
  const fps = debug.frameTimes.filter((t) => Date.now() - t < 2000).length / 2;
  const lat = debug.latencies.length ? debug.latencies[debug.latencies.length - 1] : null;
  const parts = [
    `${s.kind}`,
    `rate ${s.rate >= 1000 ? `${(s.rate / 1000).toFixed(2)} kHz` : `${s.rate.toFixed(0)} Hz`}`,
    `lag ${s.lagMs === null ? "–" : `${s.lagMs.toFixed(0)} ms`}`,
    `gaps ${s.gaps} (${s.missing} missing)`,
    `malformed ${s.malformed}`,
    `dropped frames ${s.dropped}`,
    `chunks ${s.chunks}`,
    S.mode === "live" ? `${fps.toFixed(1)} fps, pixels ${lat === null ? "–" : `${lat.toFixed(0)} ms`} after the data` : `tile ${debug.lastTile ? `${debug.lastTile.ms.toFixed(0)} ms${debug.lastTile.preview ? " (preview from sampled rows; reading everything…)" : debug.lastTile.fromOverview ? " (overview)" : ""}` : "–"}`,
    `viewers ${s.clients}`,
  ];
  if (s.length !== null) parts.push(`samples ${s.length}`);
  $("status").textContent = parts.join("  │  ");
}

function showMessage(text) {
  const el = $("message");
  el.textContent = text;
  el.hidden = false;
  if (debug.messages[debug.messages.length - 1] !== text) debug.messages.push(text);
}
function hideMessage() {
  $("message").hidden = true;
}

function repaint() {
  const pal = palette(S.luts[S.cmap]);
  if (S.mode === "live" && S.live) paint(wf, S.live.codes, S.live.cols, S.live.rows, pal, true);
  if (S.mode === "browse" && S.tile) paint(wf, S.tile.codes, S.tile.header.cols, S.tile.header.rows, pal, false);
}

// ---------- trace ----------
function onTrace(m) {
  debug.trace = m;
  const map = currentMap();
  const where = map ? ` (${fmtDist(map.mOfCh(m.channel))})` : "";
  const span = m.t0Ms !== undefined ? `${fmtTime(m.t0Ms)}–${fmtTime(m.t1Ms)}` : `samples ${m.t0}–${m.t1}`;
  $("trace-title").textContent = `trace: channel ${m.channel}${where}, ${span}`;
  drawTrace($("trace"), m.min, m.max);
}

// ---------- controls ----------
function setMode(mode, force) {
  if (mode === S.mode && !force) return;
  if (mode === "live" && !S.info?.live) mode = "browse";
  if (mode === "browse" && !S.info?.array) mode = "live";
  S.mode = mode;
  debug.mode = mode;
  S.box = null;
  if (mode === "live") {
    S.live = null;
    send({ type: "live", rows: liveRows(), mode: S.reduce, clipPct: S.clipPct });
  } else {
    S.window = S.window ?? fullWindow();
    requestTile();
  }
  updateButtons();
}

function updateButtons() {
  $("btn-live").disabled = !S.info?.live;
  $("btn-browse").disabled = !S.info?.array;
  $("btn-live").classList.toggle("on", S.mode === "live");
  $("btn-browse").classList.toggle("on", S.mode === "browse");
  $("btn-full").disabled = S.mode !== "browse";
  $("btn-zoom").disabled = !(S.mode === "browse" && S.lastBox);
}

function fillCmaps() {
  const sel = $("cmap");
  sel.innerHTML = "";
  for (const name of Object.keys(S.luts)) sel.add(new Option(name, name, name === S.cmap, name === S.cmap));
}

function refreshView() {
  if (S.mode === "live") setMode("live", true);
  else requestTile();
}

$("btn-live").onclick = () => {
  S.userChose = true;
  setMode("live");
};
$("btn-browse").onclick = () => {
  S.userChose = true;
  setMode("browse");
};
$("btn-full").onclick = () => {
  S.window = fullWindow();
  requestTile();
};
$("btn-zoom").onclick = () => {
  if (!S.lastBox?.window) return;
  S.window = S.lastBox.window;
  requestTile();
};
$("cmap").onchange = (e) => {
  S.cmap = e.target.value;
  S.userCmap = true;
  repaint();
};
$("clip").onchange = (e) => {
  S.clipPct = Math.min(100, Math.max(50, Number(e.target.value) || 99));
  refreshView();
};
$("reduce").onchange = (e) => {
  S.reduce = e.target.value;
  refreshView();
};
overlay.addEventListener("wheel", (e) => {
  e.preventDefault();
  if (S.mode !== "browse") return;
  zoom(e.deltaY > 0 ? 1.25 : 0.8, e.offsetY, e.offsetX, e.shiftKey);
}, { passive: false });
window.addEventListener("keydown", (e) => {
  if (S.mode !== "browse") return;
  const moves = { ArrowUp: [-0.25, 0], ArrowDown: [0.25, 0], ArrowLeft: [0, -0.25], ArrowRight: [0, 0.25] };
  if (moves[e.key]) pan(...moves[e.key]);
});

let drag = null;
overlay.addEventListener("mousedown", (e) => (drag = { x: e.offsetX, y: e.offsetY }));
overlay.addEventListener("mousemove", (e) => {
  if (!drag) return;
  S.box = { x0: Math.min(drag.x, e.offsetX), y0: Math.min(drag.y, e.offsetY), x1: Math.max(drag.x, e.offsetX), y1: Math.max(drag.y, e.offsetY) };
  drawOverlay();
});
overlay.addEventListener("mouseup", (e) => {
  const start = drag;
  drag = null;
  const m = currentMap();
  if (!start || !m) return;
  if (Math.abs(e.offsetX - start.x) < 4 && Math.abs(e.offsetY - start.y) < 4) {
    S.box = null;
    drawOverlay();
    const ch = m.xToCh(e.offsetX);
    if (S.mode === "live") send({ type: "trace", id: S.nextId++, channel: ch, live: true });
    else send({ type: "trace", id: S.nextId++, channel: ch, t0: S.window.t0, t1: S.window.t1 });
    return;
  }
  const b = S.box;
  const c0 = m.xToCh(b.x0);
  const c1 = m.xToCh(b.x1) + 1;
  if (S.mode === "live") send({ type: "box", id: S.nextId++, live: true, t0Ms: m.tOf(b.y1), t1Ms: m.tOf(b.y0), c0, c1 });
  else {
    const t0 = Math.floor(m.sOf(b.y0));
    const t1 = Math.ceil(m.sOf(b.y1));
    S.lastBox = { window: { t0, t1, c0, c1 } };
    send({ type: "box", id: S.nextId++, t0, t1, c0, c1 });
  }
  updateButtons();
});
let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(refreshView, 200);
});
setInterval(drawStatus, 500);
connect();
debug.ready = true;
