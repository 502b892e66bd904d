"""The Python streaming job that `npm run bench -- --e2e` runs beside `dasflow run`.

What a careful SciPy user writes for the same job: h5py reads each ASN file's /data in chunks
of CHUNK rows, scipy.signal.sosfilt filters along time with its state carried across chunks,
every 4th sample is kept with the phase carried across chunks (or scipy.signal.decimate's
IIR filter, causal, with `--decimate`), the result is squared and appended to an HDF5 output
(float32, contiguous, resized per chunk). Prints one JSON line with the stage times.

    python3 bench/e2e_python.py SOS.json OUT.h5 CHUNK [--decimate] FILE...
"""

import json
import sys
import time

import h5py
import numpy as np
from scipy import signal


def main() -> None:
    sos_path, out_path, chunk = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rest = sys.argv[4:]
    decimate = "--decimate" in rest
    files = [f for f in rest if f != "--decimate"]
    sos = np.asarray(json.load(open(sos_path)), dtype=np.float64)
    q = 4
    # scipy.signal.decimate(ftype="iir"): cheby1(8, 0.05, 0.8/q) as SOS, here causal (sosfilt).
    aa = signal.cheby1(8, 0.05, 0.8 / q, output="sos") if decimate else None
    t_read = t_compute = t_write = 0.0
    zi = None
    zi_aa = None
    phase = 0  # samples to skip at the start of the next chunk so that every q-th sample is kept
    written = 0
    t_start = time.perf_counter()
    with h5py.File(out_path, "w") as out:
        dset = None
        for path in files:
            with h5py.File(path, "r") as f:
                data = f["data"]
                n = data.shape[0]
                for start in range(0, n, chunk):
                    t0 = time.perf_counter()
                    x = data[start : start + chunk]
                    t1 = time.perf_counter()
                    if zi is None:
                        zi = np.zeros((sos.shape[0], 2, x.shape[1]))
                        if aa is not None:
                            zi_aa = np.zeros((aa.shape[0], 2, x.shape[1]))
                    y, zi = signal.sosfilt(sos, x, axis=0, zi=zi)
                    if aa is not None:
                        y, zi_aa = signal.sosfilt(aa, y, axis=0, zi=zi_aa)
                    y = y[phase::q]
                    phase = (phase - x.shape[0]) % q
                    y = np.square(y).astype(np.float32)
                    t2 = time.perf_counter()
                    if dset is None:
                        dset = out.create_dataset("data", shape=(0, y.shape[1]), maxshape=(None, y.shape[1]), dtype="f4", chunks=(max(1, chunk // q), y.shape[1]))
                    dset.resize(written + y.shape[0], axis=0)
                    dset[written : written + y.shape[0]] = y
                    written += y.shape[0]
                    t3 = time.perf_counter()
                    t_read += t1 - t0
                    t_compute += t2 - t1
                    t_write += t3 - t2
    wall = time.perf_counter() - t_start
    print(json.dumps({"read": t_read, "compute": t_compute, "write": t_write, "wall": wall, "rows": written}))


if __name__ == "__main__":
    main()
