"""A Python peer of the dasflow streaming protocol (pyzmq + NumPy): prints each chunk.

Run `dasflow simulate` (or any dasflow publisher) first, then `python3 examples/python_peer.py`.
Not run by `npm test` (pyzmq is not a dependency of dasflow); the protocol it reads is tested
from TypeScript in test/zmq/.
"""
import json, zmq, numpy as np
from fractions import Fraction
sub = zmq.Context().socket(zmq.SUB); sub.connect("tcp://127.0.0.1:5556"); sub.subscribe(b"")
while True:
    frames = sub.recv_multipart(); h = json.loads(frames[0])
    if h["type"] == "end": break
    if h["type"] != "data": continue              # a heartbeat
    x = np.frombuffer(frames[1], "<f4" if h["dtype"] == "float32" else "<f8").reshape(h["shape"])
    t0, dt = Fraction(h["t0"]), Fraction(h["dt"])    # exact ns
    time = np.array([round(t0 + i * dt) for i in range(len(x))], "datetime64[ns]")  # dims (time, distance)
    print(h["seq"], x.shape, time[0], time[-1])
