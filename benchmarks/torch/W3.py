"""W3 — a character-level Transformer in PyTorch: the same arithmetic as benchmarks/gradus/W3.grad.

Token + position embeddings, `layers` pre-LayerNorm blocks (separate q/k/v/o projections, causal
mask, tanh-GELU feed-forward of width 4d), final LayerNorm, linear head; cross-entropy, AdamW
(lr 3e-3, weight decay 0.01), float32, one thread. Written as a learner writes it in PyTorch.
"""

import torch
from torch import nn

from common import QUICK, det, param, set_linear, sonnet_batches, train_language_model
from transformer import TransformerBlock, set_blocks

steps = param("steps", 6 if QUICK else 50)
warmup = param("warmup", 2 if QUICK else 3)
d = param("d", 64)
layers = param("layers", 2)
batch = param("batch", 16)
context = param("context", 32)
heads = 4
vocab = 65


class CharTransformer(nn.Module):
    def __init__(self, vocab, d, heads, layers, context):
        super().__init__()
        self.token = nn.Embedding(vocab, d)
        self.position = nn.Embedding(context, d)
        self.blocks = nn.ModuleList(TransformerBlock(d, heads, 4 * d) for _ in range(layers))
        self.ln = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab)

    def forward(self, indices):
        h = self.token(indices) + self.position(torch.arange(indices.shape[1]))
        for block in self.blocks:
            h = block(h)
        return self.head(self.ln(h))


net = CharTransformer(vocab, d, heads, layers, context)
with torch.no_grad():
    net.token.weight.copy_(det((vocab, d), 1))
    net.position.weight.copy_(det((context, d), 2))
set_blocks(net.blocks)
set_linear(net.head, 1000, 1001, 1 / d**0.5)

xs, ys = sonnet_batches(steps, batch, context)

train_language_model("W3", net, net.parameters(), xs, ys, steps, warmup)
