"""W1 — the seed network in PyTorch: the same arithmetic as benchmarks/gradus/W1.grad.

Linear(10, 20) → ReLU → Linear(20, 1), MSE, SGD lr 0.01, one batch of 64 rows, 1000 steps
(the first `warmup` not timed, the rest timed in blocks of `block`), float32, one thread.
"""

import torch
import torch.nn.functional as F
from torch import nn

from common import QUICK, block_figures, block_sizes, clock, det, param, result, set_linear

steps = param("steps", 50 if QUICK else 1000)
warmup = param("warmup", 5 if QUICK else 10)
block = param("block", 15 if QUICK else 99)


class Net(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.fc1 = nn.Linear(n_in, n_hidden)
        self.fc2 = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


net = Net(10, 20, 1)
set_linear(net.fc1, 1, 2, 1 / 10**0.5)
set_linear(net.fc2, 3, 4, 1 / 20**0.5)
x = det((64, 10), 0)
y = x[:, 0:3].sum(dim=1, keepdim=True)

opt = torch.optim.SGD(net.parameters(), lr=0.01)
blocks = []  # µs per step of each block of timed steps
for size in block_sizes(steps, warmup, block):
    t0 = clock()
    for _ in range(size):
        opt.zero_grad()
        loss = F.mse_loss(net(x), y)
        loss.backward()
        opt.step()
    blocks.append((clock() - t0) / max(size, 1) * 1e6)

result("W1", **block_figures(blocks, warmup, block, steps), final_loss=loss.item(), steps=steps)
