// Mappings between the plot area (CSS px) and data (time in ms since the epoch, channels, metres).

/** Live: the newest row at the top; `L` is the page's live state (codes, rows, cols, end, header). */
export function liveMapping(L, W, H) {
  const h = L.header;
  const endMs = h.originMs + L.end * h.rowMs;
  const pxPerRow = H / L.rows;
  const chToX = (ch) => (ch / h.chPerCol / L.cols) * W;
  const xToCh = (x) => Math.max(0, Math.min(h.nch - 1, Math.floor((x / W) * L.cols) * h.chPerCol));
  const mToCh = (m) => (h.x1 === h.x0 ? 0 : ((m - h.x0) / (h.x1 - h.x0)) * (h.nch - 1));
  return {
    yOf: (ms) => ((endMs - ms) / h.rowMs) * pxPerRow,
    tOf: (y) => endMs - (y / pxPerRow) * h.rowMs,
    chToX, xToCh, mToCh,
    xOfM: (m) => chToX(mToCh(m) + 0.5),
    mOfCh: (ch) => h.x0 + (h.nch > 1 ? (ch * (h.x1 - h.x0)) / (h.nch - 1) : 0),
    tLo: endMs - L.rows * h.rowMs, tHi: endMs, xLo: h.x0, xHi: h.x1,
  };
}

/** Browse: the window `w` (samples t0…t1, channels c0…c1) of the array `a` fills the area, time down. */
export function browseMapping(a, w, W, H) {
  const nt = w.t1 - w.t0;
  const nc = w.c1 - w.c0;
  const mToCh = (m) => (a.x1 === a.x0 ? 0 : ((m - a.x0) / (a.x1 - a.x0)) * (a.nch - 1));
  const chToX = (ch) => ((ch - w.c0) / nc) * W;
  const mOfCh = (ch) => a.x0 + (a.nch > 1 ? (ch * (a.x1 - a.x0)) / (a.nch - 1) : 0);
  return {
    yOf: (ms) => (((ms - a.t0Ms) / a.dtMs - w.t0) / nt) * H,
    tOf: (y) => a.t0Ms + (w.t0 + (y / H) * nt) * a.dtMs,
    sOf: (y) => w.t0 + (y / H) * nt,
    chToX, mToCh, mOfCh,
    xToCh: (x) => Math.max(0, Math.min(a.nch - 1, Math.floor(w.c0 + (x / W) * nc))),
    xOfM: (m) => chToX(mToCh(m) + 0.5),
    tLo: a.t0Ms + w.t0 * a.dtMs, tHi: a.t0Ms + w.t1 * a.dtMs, xLo: mOfCh(w.c0), xHi: mOfCh(w.c1 - 1),
  };
}
