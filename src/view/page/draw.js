// Drawing helpers of the view page (plain browser JavaScript, no build step).

/** Colour of "no data" pixels (a gap in the stream, outside the array). */
export const GAP = [40, 40, 40];

/** code → RGBA for a 256×3 colour table: code 0 is a gap, codes 1…255 span the table. */
export function palette(lut) {
  const p = new Uint8ClampedArray(256 * 4);
  for (let k = 0; k < 256; k++) {
    const i = k === 0 ? -1 : Math.round(((k - 1) * 255) / 254);
    p[k * 4] = i < 0 ? GAP[0] : lut[i * 3];
    p[k * 4 + 1] = i < 0 ? GAP[1] : lut[i * 3 + 1];
    p[k * 4 + 2] = i < 0 ? GAP[2] : lut[i * 3 + 2];
    p[k * 4 + 3] = 255;
  }
  return p;
}

/** Paints row-major codes (rows × cols) on a canvas of exactly that size; `flip` puts the last row on top. */
export function paint(canvas, codes, cols, rows, pal, flip) {
  if (canvas.width !== cols || canvas.height !== rows) {
    canvas.width = cols;
    canvas.height = rows;
  }
  if (cols === 0 || rows === 0) return;
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(cols, rows);
  const px = new Uint32Array(img.data.buffer);
  const p32 = new Uint32Array(pal.buffer);
  for (let r = 0; r < rows; r++) {
    const src = (flip ? rows - 1 - r : r) * cols;
    const dst = r * cols;
    for (let c = 0; c < cols; c++) px[dst + c] = p32[codes[src + c]];
  }
  ctx.putImageData(img, 0, 0);
}

/** Round tick values between lo and hi (about n of them). */
export function ticks(lo, hi, n) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? raw;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** Time ticks in ms: steps of 1-2-5 ms … seconds, minutes, hours. */
export function timeTicks(lo, hi, n) {
  const raw = (hi - lo) / n;
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 3e4, 6e4, 12e4, 3e5, 6e5, 18e5, 36e5, 72e5, 216e5, 432e5, 864e5];
  const step = steps.find((s) => s >= raw) ?? raw;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) out.push(v);
  return out;
}

/** UTC time of day with milliseconds (and the date when asked). */
export function fmtTime(ms, withDate) {
  if (!Number.isFinite(ms)) return "–";
  const iso = new Date(Math.floor(ms)).toISOString();
  return withDate ? iso.replace("T", " ").replace("Z", " UTC") : iso.slice(11, 23);
}

/** Metres, with km for long fibres. */
export function fmtDist(m) {
  return Math.abs(m) >= 10000 ? `${(m / 1000).toFixed(1)} km` : `${Math.round(m)} m`;
}

/** Axes around the plot area: time on the left (UTC), distance on top (m). */
export function drawAxes(canvas, area, t, x) {
  const dpr = window.devicePixelRatio || 1;
  const W = canvas.clientWidth;
  const H = canvas.clientHeight;
  canvas.width = Math.round(W * dpr);
  canvas.height = Math.round(H * dpr);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, W, H);
  ctx.fillStyle = "#bbb";
  ctx.strokeStyle = "#888";
  ctx.font = "11px ui-monospace, monospace";
  ctx.textBaseline = "middle";
  ctx.textAlign = "right";
  for (const v of timeTicks(Math.min(t.lo, t.hi), Math.max(t.lo, t.hi), Math.max(2, area.h / 60))) {
    const y = area.y + t.yOf(v);
    if (y < area.y - 1 || y > area.y + area.h + 1) continue;
    ctx.beginPath();
    ctx.moveTo(area.x - 5, y);
    ctx.lineTo(area.x, y);
    ctx.stroke();
    ctx.fillText(fmtTime(v), area.x - 7, y);
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  for (const v of ticks(Math.min(x.lo, x.hi), Math.max(x.lo, x.hi), Math.max(2, area.w / 110))) {
    const px = area.x + x.xOf(v);
    if (px < area.x - 1 || px > area.x + area.w + 1) continue;
    ctx.beginPath();
    ctx.moveTo(px, area.y - 5);
    ctx.lineTo(px, area.y);
    ctx.stroke();
    ctx.fillText(fmtDist(v), px, area.y - 7);
  }
  ctx.textAlign = "left";
  ctx.fillText(fmtTime(Math.min(t.lo, t.hi), true).slice(0, 10), 4, 12);
  ctx.fillText("UTC", 4, 25);
}

/** A min/max envelope (or a plain trace when min = max) on a small canvas. */
export function drawTrace(canvas, min, max) {
  const ctx = canvas.getContext("2d");
  const W = canvas.width;
  const H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < min.length; i++) {
    if (Number.isFinite(min[i])) lo = Math.min(lo, min[i]);
    if (Number.isFinite(max[i])) hi = Math.max(hi, max[i]);
  }
  if (!(hi >= lo)) return;
  if (hi === lo) { hi += 1; lo -= 1; }
  const y = (v) => H - 14 - ((v - lo) / (hi - lo)) * (H - 24);
  ctx.strokeStyle = "#7fc8ff";
  ctx.beginPath();
  for (let i = 0; i < min.length; i++) {
    const x = (i / Math.max(1, min.length - 1)) * (W - 1);
    ctx.moveTo(x, y(min[i]));
    ctx.lineTo(x, y(max[i]) - (max[i] === min[i] ? 0.5 : 0));
    if (i + 1 < min.length) ctx.lineTo((((i + 1) / Math.max(1, min.length - 1)) * (W - 1)), y(min[i + 1]));
  }
  ctx.stroke();
  ctx.fillStyle = "#999";
  ctx.font = "10px ui-monospace, monospace";
  ctx.fillText(`${hi.toPrecision(3)}`, 2, 10);
  ctx.fillText(`${lo.toPrecision(3)}`, 2, H - 2);
}

/** Band energies as bars on a log-frequency axis (dB relative to the strongest band). */
export function drawSpectrum(canvas, edges, energy) {
  const ctx = canvas.getContext("2d");
  const W = canvas.width;
  const H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  const top = Math.max(...energy.filter((e) => e > 0), 1e-300);
  const lf0 = Math.log(edges[0]);
  const lf1 = Math.log(edges[edges.length - 1]);
  const xOf = (f) => ((Math.log(f) - lf0) / (lf1 - lf0 || 1)) * (W - 4) + 2;
  ctx.fillStyle = "#e3a44a";
  for (let b = 0; b < energy.length; b++) {
    const db = energy[b] > 0 ? 10 * Math.log10(energy[b] / top) : -60;
    const h = Math.max(0, (1 + Math.max(-60, db) / 60) * (H - 20));
    ctx.fillRect(xOf(edges[b]) + 1, H - 14 - h, Math.max(1, xOf(edges[b + 1]) - xOf(edges[b]) - 2), h);
  }
  ctx.fillStyle = "#999";
  ctx.font = "10px ui-monospace, monospace";
  for (const f of [1, 10, 100, 1000, 10000]) {
    if (f < edges[0] || f > edges[edges.length - 1]) continue;
    ctx.fillText(`${f} Hz`, xOf(f), H - 2);
  }
  ctx.fillText("0 dB", W - 30, 10);
}
