"""Pure-Python helpers shared by the PyTorch and micrograd sides of the Gradus benchmarks.

`det_values` reproduces the Gradus workloads' closed-form numbers exactly: the same float64
arithmetic and the same C library `sin` (Python's math.sin). Every program times itself
(time.perf_counter, so Python's import time is not counted) and prints one line
`RESULT <name> key=value ...` that scripts/bench-vs-torch.sh reads.
"""

import math
import struct
import sys
import time

QUICK = "--quick" in sys.argv[1:]


def param(name, default):
    """A `name=value` command-line override (quick runs and the sweep use these)."""
    for arg in sys.argv[1:]:
        if arg.startswith(name + "="):
            return type(default)(arg.split("=", 1)[1])
    return default


def det_values(n, seed):
    """Python floats sin(sin(k·a + seed·c)·1000 + k·b), k = 0..n-1: Gradus's `det(n, seed)`."""
    s = seed * 1.3247179572447
    out = []
    for i in range(n):
        k = float(i)
        u = math.sin(k * 0.7548776662466927 + s)
        out.append(math.sin(u * 1000.0 + k * 0.5698402909980532))
    return out


def f32(v):
    """A Python float rounded to the nearest float32."""
    return struct.unpack("f", struct.pack("f", v))[0]


def clock():
    return time.perf_counter()


def result(name, **figures):
    parts = [f"RESULT {name}"]
    for key, value in figures.items():
        parts.append(f"{key}={value:.8g}" if isinstance(value, float) else f"{key}={value}")
    print(" ".join(parts), flush=True)


def block_sizes(steps, warmup, block):
    """The step counts of the timed runs: the warm-up first (its time is dropped), then blocks
    of `block` steps, the last one shorter if `block` does not divide the rest."""
    sizes = [warmup]
    rest = steps - warmup
    while rest > 0:
        sizes.append(min(block, rest))
        rest -= block
    return sizes


def block_figures(blocks, warmup, block, steps):
    """`us_per_step`: the mean over every timed step; `blocks`: each block's µs per step
    (`;`-separated), whose median benchmarks/run.py reports. Both sides time the same way."""
    timed = blocks[1:]
    sizes = block_sizes(steps, warmup, block)[1:]
    mean = sum(t * n for t, n in zip(timed, sizes)) / max(sum(sizes), 1)
    return {"us_per_step": mean, "blocks": ";".join(f"{t:.6g}" for t in timed)}
