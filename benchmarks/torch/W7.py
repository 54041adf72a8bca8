"""W7 — a small CNN in PyTorch: the same arithmetic as benchmarks/gradus/W7.grad.

Two 3×3 convolutions (padding 1) with ReLU and 2×2 max-pooling, a linear head, cross-entropy,
SGD with momentum 0.9 and lr 0.01, one batch of 64 images of 3×16×16, 60 steps (the first
`warmup` not timed, the rest timed in blocks of `block`), float32, one thread. Written as a
learner writes it (nn.Conv2d, F.max_pool2d, nn.Linear).
"""

import torch
import torch.nn.functional as F
from torch import nn

from common import QUICK, block_figures, block_sizes, clock, det, param, result, set_linear

steps = param("steps", 8 if QUICK else 60)
warmup = param("warmup", 2 if QUICK else 5)
block = param("block", 3 if QUICK else 11)
batch = param("batch", 64)
size = param("size", 16)


class CNN(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.head = nn.Linear(32 * (size // 4) * (size // 4), 10)

    def forward(self, x):
        h = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        h = F.max_pool2d(torch.relu(self.conv2(h)), 2)
        return self.head(torch.flatten(h, 1))


def set_conv(layer, seed):
    """Gradus's Conv2d keeps W [c_out, c_in, k, k] as PyTorch does: no transpose."""
    fan_in = layer.weight[0].numel()
    with torch.no_grad():
        layer.weight.copy_(det(tuple(layer.weight.shape), seed, 1 / fan_in**0.5))
        layer.bias.copy_(det(layer.bias.shape[0], seed + 1, 1 / fan_in**0.5))


net = CNN(size)
set_conv(net.conv1, 1)
set_conv(net.conv2, 3)
n_flat = net.head.in_features
set_linear(net.head, 5, 6, 1 / n_flat**0.5)
x = det((batch, 3, size, size), 0)
# Image k belongs to class (7·k) mod 10.
y = (torch.arange(batch) * 7) % 10

opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
blocks = []  # µs per step of each block of timed steps
for count in block_sizes(steps, warmup, block):
    t0 = clock()
    for _ in range(count):
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    blocks.append((clock() - t0) / max(count, 1) * 1e6)

result("W7", **block_figures(blocks, warmup, block, steps), final_loss=loss.item(), steps=steps)
