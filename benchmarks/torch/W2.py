"""W2 — micrograd's two-moons demo in PyTorch: the same arithmetic as benchmarks/gradus/W2.grad.

MLP 2-16-16-1 (ReLU), 100 points, max-margin loss + alpha·Σp² (alpha 1e-4), 100 steps of SGD
with lr = 1.0 − 0.9·k/100, float32, one thread; the first `warmup` steps untimed, the rest
timed in blocks of `block`.
"""

import math

import torch
from torch import nn

from common import QUICK, block_figures, block_sizes, clock, det, det_values, param, result

steps = param("steps", 20 if QUICK else 100)
warmup = param("warmup", 2 if QUICK else 5)
block = param("block", 6 if QUICK else 19)


def two_moons():
    """50 points on each half circle plus 0.1·det noise (added in float64, then rounded to
    float32, as Gradus does); labels −1 (upper moon), +1 (lower moon)."""
    rows = []
    for i in range(50):
        t = float(i) * (math.pi / 49)
        rows.append((math.cos(t), math.sin(t)))
    for i in range(50):
        t = float(i) * (math.pi / 49)
        rows.append((1 - math.cos(t), 1 - math.sin(t) - 0.5))
    moons = torch.tensor(rows, dtype=torch.float64)
    noise = torch.tensor(det_values(200, 0), dtype=torch.float64).reshape(100, 2)
    x = (moons + 0.1 * noise).to(torch.float32)
    y = torch.ones(100, 1)
    y[0:50] = -1
    return x, y


x, y = two_moons()


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(2, 16)
        self.l2 = nn.Linear(16, 16)
        self.l3 = nn.Linear(16, 1)

    def forward(self, x):
        return self.l3(torch.relu(self.l2(torch.relu(self.l1(x)))))


net = MLP()
with torch.no_grad():
    for layer, seed in ((net.l1, 1), (net.l2, 2), (net.l3, 3)):
        n_out, n_in = layer.weight.shape
        layer.weight.copy_(det((n_in, n_out), seed, 1.0).T)
        layer.bias.zero_()

alpha = 1e-4
opt = torch.optim.SGD(net.parameters(), lr=1.0)
blocks = []  # µs per step of each block of timed steps
k = 0
for size in block_sizes(steps, warmup, block):
    t0 = clock()
    for _ in range(size):
        scores = net(x)
        data_loss = torch.relu(1 - y * scores).mean()
        reg_loss = sum((p * p).sum() for p in net.parameters())
        loss = data_loss + alpha * reg_loss
        if k == 2:
            loss_step3 = loss.item()
        opt.zero_grad()
        loss.backward()
        for group in opt.param_groups:
            group["lr"] = 1.0 - 0.9 * k / 100
        opt.step()
        k += 1
    blocks.append((clock() - t0) / max(size, 1) * 1e6)

result(
    "W2",
    **block_figures(blocks, warmup, block, steps),
    final_loss=loss.item(),
    steps=steps,
    loss_step3=loss_step3,
)
