"""Memory bandwidth, roughly, for the decode limit of a model on this machine: the best of 5 copies
of a 1 GiB float64 array with one thread, read and write both counted. Decoding one token reads every
weight once, so GiB/s divided by the weights' GiB bounds tokens/s.

    .venv/bin/python scripts/membw.py
"""

import time

import numpy as np

source = np.ones(2**27)
target = np.empty_like(source)
best = float("inf")
for _ in range(5):
    t0 = time.perf_counter()
    np.copyto(target, source)
    best = min(best, time.perf_counter() - t0)
print(f"copy: {2 * source.nbytes / best / 2**30:.1f} GiB/s (one thread)")
