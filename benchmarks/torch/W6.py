"""W6 — the cost of one small operation, graph recorded, in PyTorch: `c = a + b` on two
16-element tensors that require grad, n times, minus an empty loop (as benchmarks/gradus/W6.grad)."""

import torch

from common import QUICK, clock, param, result

n = param("n", 20000 if QUICK else 200000)

a = (torch.arange(16, dtype=torch.float32) / 16).requires_grad_()
b = torch.ones(16).requires_grad_()
c = a + b
t0 = clock()
for i in range(n):
    pass
empty = clock() - t0
t0 = clock()
for i in range(n):
    c = a + b
full = clock() - t0

result("W6", us_per_op=(full - empty) / n * 1e6, us_per_iteration_empty=empty / n * 1e6,
       us_per_iteration=full / n * 1e6, check=c.sum().item())
