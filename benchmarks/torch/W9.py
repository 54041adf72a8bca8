"""W9 — a larger GPT step in PyTorch: the same arithmetic as benchmarks/gradus/W9.grad.

Lesson 20's GPT at d 128: token embedding plus a sinusoidal position table, two pre-LayerNorm
blocks (4 heads, causal, tanh-GELU, d_ff 512), final LayerNorm, linear head; cross-entropy,
AdamW (lr 3e-3, weight decay 0.01), float32, batches of 16 windows of 64 characters.
"""

import math

import torch
from torch import nn

from common import QUICK, det, param, set_linear, sonnet_batches, train_language_model
from transformer import TransformerBlock, set_blocks

steps = param("steps", 4 if QUICK else 20)
warmup = param("warmup", 2 if QUICK else 3)
d = param("d", 128)
layers = param("layers", 2)
batch = param("batch", 16)
context = param("context", 64)
heads = 4
vocab = 65


def sinusoids(max_len, d):
    """PE(pos, 2i) = sin(pos·f_i), PE(pos, 2i+1) = cos(pos·f_i), f_i = exp(2i·(−ln 10000 / d)),
    in float32 as Gradus's prelude `PositionalEncoding` computes it."""
    position = torch.arange(max_len, dtype=torch.float32).view(max_len, 1)
    frequency = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
    table = torch.zeros(max_len, d)
    table[:, 0::2] = torch.sin(position * frequency)
    table[:, 1::2] = torch.cos(position * frequency)
    return table


class GPT(nn.Module):
    def __init__(self, vocab, context, d, layers, heads):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.register_buffer("pos", sinusoids(context, d))
        self.blocks = nn.ModuleList(TransformerBlock(d, heads, 4 * d) for _ in range(layers))
        self.ln = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab)

    def forward(self, indices):
        h = self.tok(indices) + self.pos[: indices.shape[1]]
        for block in self.blocks:
            h = block(h)
        return self.head(self.ln(h))


net = GPT(vocab, context, d, layers, heads)
with torch.no_grad():
    net.tok.weight.copy_(det((vocab, d), 1))
set_blocks(net.blocks)
set_linear(net.head, 1000, 1001, 1 / d**0.5)

xs, ys = sonnet_batches(steps, batch, context)

train_language_model("W9", net, net.parameters(), xs, ys, steps, warmup)
