"""The Transformer blocks of W3 and W9, written as a PyTorch learner writes them: separate
q/k/v/o projections, an explicit causal attention (not scaled_dot_product_attention, to do the
same arithmetic as Gradus's prelude), pre-LayerNorm, tanh-GELU feed-forward of width 4d."""

import torch
import torch.nn.functional as F
from torch import nn

from common import set_linear


class MultiHeadAttention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads, self.d_head = heads, d // heads
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))

    def forward(self, x, mask):
        B, T, C = x.shape
        q = self.q(x).view(B, T, self.heads, self.d_head).transpose(1, 2)
        k = self.k(x).view(B, T, self.heads, self.d_head).transpose(1, 2)
        v = self.v(x).view(B, T, self.heads, self.d_head).transpose(1, 2)
        scores = q @ k.transpose(-2, -1) / self.d_head**0.5
        scores = scores.masked_fill(mask == 0, -1e9)
        weights = F.softmax(scores, dim=-1)
        heads = (weights @ v).transpose(1, 2).reshape(B, T, C)
        return self.o(heads)


class TransformerBlock(nn.Module):
    def __init__(self, d, heads, d_ff):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attention = MultiHeadAttention(d, heads)
        self.ln2 = nn.LayerNorm(d)
        self.ff1 = nn.Linear(d, d_ff)
        self.ff2 = nn.Linear(d_ff, d)

    def forward(self, x):
        mask = torch.tril(torch.ones(x.shape[1], x.shape[1]))
        h = x + self.attention(self.ln1(x), mask)
        return h + self.ff2(F.gelu(self.ff1(self.ln2(h)), approximate="tanh"))


def set_blocks(blocks):
    """The weights of Gradus's `set_linear(…, 10 + 20·i + 2·j)` for block i's q, k, v, o, ff1, ff2."""
    for i, block in enumerate(blocks):
        base = 10 + 20 * i
        for j, layer in enumerate((block.attention.q, block.attention.k, block.attention.v,
                                   block.attention.o, block.ff1, block.ff2)):
            set_linear(layer, base + 2 * j, base + 2 * j + 1, 1 / layer.in_features**0.5)
