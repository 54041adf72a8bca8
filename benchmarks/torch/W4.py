"""W4 — matrix product throughput in PyTorch: `c = a @ b`, n×n, float32 and float64,
n = 256 and 1024, one thread, plain tensors (no autograd), as benchmarks/gradus/W4.grad."""

import torch

from common import QUICK, clock, param, result

reps_256 = param("reps_256", 10 if QUICK else 200)
reps_1024 = param("reps_1024", 2 if QUICK else 10)

generator = torch.Generator().manual_seed(0)
for n in (256, 1024):
    reps = reps_1024 if n == 1024 else reps_256
    for dtype in (torch.float32, torch.float64):
        a = torch.randn(n, n, dtype=dtype, generator=generator)
        b = torch.randn(n, n, dtype=dtype, generator=generator)
        c = a @ b
        c = a @ b
        t0 = clock()
        for _ in range(reps):
            c = a @ b
        elapsed = clock() - t0
        name = f"W4.{str(dtype).removeprefix('torch.')}.{n}"
        result(name, gflops=2.0 * n**3 * reps / elapsed / 1e9, us_per_op=elapsed / reps * 1e6)
