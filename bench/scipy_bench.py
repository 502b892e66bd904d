"""SciPy side of `npm run bench`: times the same cases as dasflow on the same data.

Driven by bench/scipy.ts over stdin/stdout, one JSON object per line, so that the two sides
run alternately (one repetition each, in turn) and see the same machine load:

  {"cmd": "load", "dtype": "float32", "channels": 1000, "samples": 100000, "seed": 12345,
   "sos4": [[...6], ...], "lfilter": {"b": [...], "a": [...]}, "nsta": 50, "nlta": 500, "q": 4}
      -> {"ok": true, "probe": [...]}   (values at fixed indices, to check the data is the same)
  {"cmd": "run", "case": "sosfilt 4 sections", "variant": "axis0"}
      -> {"cpu": s, "wall": s, "sum": float, "sumAbs": float}   (to check both compute the same)
  {"cmd": "quit"}

The data is dasflow's recipe, (time, distance) row-major: the LCG
s <- (1664525 s + 1013904223) mod 2^32 from the seed, value s / 2^32 - 0.5, rounded to the dtype.
Times are process CPU seconds (time.process_time) and wall seconds (time.perf_counter).
"""
import json
import sys
import time

import numpy as np
import scipy.signal as ss

A, C, M = 1664525, 1013904223, 2**32
PROBE = [0, 1, 999, 123457, -1]


def lcg_values(count, seed):
    """The recipe's `count` values, generated in blocks by jumping the LCG ahead."""
    block = 1 << 16
    first = np.empty(block, np.uint64)
    s = seed
    for i in range(block):
        s = (A * s + C) % M
        first[i] = s
    # Composite map of `block` steps: s -> ja * s + jc (mod 2^32).
    ja, jc = 1, 0
    for _ in range(block):
        ja, jc = (A * ja) % M, (A * jc + C) % M
    out = np.empty(count, np.float64)
    cur = first
    mask = np.uint64(M - 1)
    for k in range(0, count, block):
        n = min(block, count - k)
        out[k:k + n] = cur[:n]
        # uint64 arithmetic wraps mod 2^64, a multiple of 2^32: the low 32 bits stay exact.
        cur = (cur * np.uint64(ja) + np.uint64(jc)) & mask
    return out / 2.0**32 - 0.5


def recursive_sta_lta(x, nsta, nlta):
    """ObsPy-style recursive STA/LTA along axis 0, as two lfilter calls on x²."""
    sq = np.square(x)
    csta, clta = 1.0 / nsta, 1.0 / nlta
    sta = ss.lfilter([csta], [1.0, csta - 1.0], sq, axis=0)
    lta = ss.lfilter([clta], [1.0, clta - 1.0], sq, axis=0)
    cf = sta / lta
    cf[:nlta] = 0
    return cf


def classic_sta_lta(x, nsta, nlta):
    """ObsPy `classic_sta_lta_py` semantics (running sums via cumsum), along axis 0."""
    sta = np.cumsum(np.square(x), axis=0, dtype=np.float64)
    lta = sta.copy()
    sta[nsta:] = sta[nsta:] - sta[:-nsta]
    sta /= nsta
    lta[nlta:] = lta[nlta:] - lta[:-nlta]
    lta /= nlta
    sta[:nlta - 1] = 0
    tiny = np.finfo(0.0).tiny
    np.maximum(lta, tiny, out=lta)
    return sta / lta


class Bench:
    def __init__(self, req):
        dtype = np.dtype(req["dtype"])
        nch, nt = req["channels"], req["samples"]
        self.x = lcg_values(nch * nt, req["seed"]).astype(dtype).reshape(nt, nch)
        self.xt = np.ascontiguousarray(self.x.T)  # time last, built outside any timing
        self.sos4 = np.asarray(req["sos4"], np.float64)
        self.sos8 = np.vstack([self.sos4, self.sos4])
        self.b = np.asarray(req["lfilter"]["b"], np.float64)
        self.a = np.asarray(req["lfilter"]["a"], np.float64)
        self.nsta, self.nlta, self.q = req["nsta"], req["nlta"], req["q"]
        self.factor = req.get("factor", 2.0)
        self.probe = [float(self.x.flat[i]) for i in PROBE]

    def reused(self):
        """One output array for the '(reused output)' cases, touched once outside any timing."""
        if getattr(self, "out", None) is None:
            self.out = np.ones_like(self.x)
        return self.out

    def case(self, name, variant):
        x, q = self.x, self.q
        if name == "sosfilt 4 sections":
            return (lambda: ss.sosfilt(self.sos4, self.xt, axis=-1)) if variant == "time-last" else (lambda: ss.sosfilt(self.sos4, x, axis=0))
        if name == "sosfilt 8 sections":
            return (lambda: ss.sosfilt(self.sos8, self.xt, axis=-1)) if variant == "time-last" else (lambda: ss.sosfilt(self.sos8, x, axis=0))
        if name == "lfilter order 4":
            return lambda: ss.lfilter(self.b, self.a, x, axis=0)
        if name == "decimate q=4 iir":
            return lambda: ss.decimate(x, q, ftype="iir", axis=0, zero_phase=False)
        if name == "decimate q=4 fir":
            return lambda: ss.decimate(x, q, ftype="fir", axis=0, zero_phase=False)
        if name.startswith("staLta recursive"):
            return lambda: recursive_sta_lta(x, self.nsta, self.nlta)
        if name.startswith("staLta classic"):
            return lambda: classic_sta_lta(x, self.nsta, self.nlta)
        if name == "square":
            return lambda: np.square(x)
        if name == "scale":
            return lambda: np.multiply(x, x.dtype.type(self.factor))
        if name == "square (reused output)":
            out = self.reused()
            return lambda: np.square(x, out=out)
        if name == "scale (reused output)":
            out = self.reused()
            return lambda: np.multiply(x, x.dtype.type(self.factor), out=out)
        if name == "reference pipeline":
            def pipeline():
                y = ss.sosfilt(self.sos4, x, axis=0)
                y = ss.decimate(y, q, ftype="iir", axis=0, zero_phase=False)
                y = np.square(y)
                # ObsPy's STA/LTA squares its input again, as dasflow's staLta atom does.
                return recursive_sta_lta(y, self.nsta, self.nlta)
            return pipeline
        return None


def main():
    bench = None
    for line in sys.stdin:
        req = json.loads(line)
        if req["cmd"] == "quit":
            break
        if req["cmd"] == "load":
            bench = None  # free the previous dtype's arrays first
            bench = Bench(req)
            reply = {"ok": True, "probe": bench.probe}
        elif req["cmd"] == "run":
            fn = bench.case(req["case"], req.get("variant", "axis0")) if bench else None
            if fn is None:
                reply = {"error": "unknown case %r" % req["case"]}
            else:
                c0, w0 = time.process_time(), time.perf_counter()
                y = fn()
                cpu, wall = time.process_time() - c0, time.perf_counter() - w0
                reply = {"cpu": cpu, "wall": wall, "sum": float(np.sum(y, dtype=np.float64)),
                         "sumAbs": float(np.sum(np.abs(y), dtype=np.float64))}
                del y
        else:
            reply = {"error": "unknown command %r" % req["cmd"]}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
