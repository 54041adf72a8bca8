"""W3 — a character-level Transformer in PyTorch: the same arithmetic as benchmarks/gradus/W3.grad.

Token + position embeddings, `layers` pre-LayerNorm blocks (separate q/k/v/o projections, causal
mask, tanh-GELU feed-forward of width 4d), final LayerNorm, linear head; cross-entropy, AdamW
(lr 3e-3, weight decay 0.01), float32, one thread. Written as a learner writes it in PyTorch.
"""

import torch
import torch.nn.functional as F
from torch import nn

from common import QUICK, clock, det, param, result, set_linear

steps = param("steps", 6 if QUICK else 50)
warmup = param("warmup", 2 if QUICK else 3)
d = param("d", 64)
layers = param("layers", 2)
batch = param("batch", 16)
context = param("context", 32)
heads = 4
vocab = 65


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
for i, block in enumerate(net.blocks):
    base = 10 + 20 * i
    for j, layer in enumerate((block.attention.q, block.attention.k, block.attention.v,
                               block.attention.o, block.ff1, block.ff2)):
        set_linear(layer, base + 2 * j, base + 2 * j + 1, 1 / layer.in_features**0.5)
set_linear(net.head, 1000, 1001, 1 / d**0.5)

# Batch b of step s is the window starting at ((s·batch + b)·7919) mod (N − context − 1).
with open("benchmarks/data/sonnets.csv") as f:
    text = torch.tensor([int(line) for line in f.read().split()[1:]], dtype=torch.long)
n = len(text)
offsets = torch.arange(context).view(1, context)
xs, ys = [], []
for s in range(steps):
    starts = [((s * batch + b) * 7919) % (n - context - 1) for b in range(batch)]
    index = torch.tensor(starts).view(batch, 1) + offsets
    xs.append(text[index])
    ys.append(text[index + 1])

opt = torch.optim.AdamW(net.parameters(), lr=0.003)
t0 = clock()
for s in range(steps):
    if s == warmup:
        t0 = clock()
    opt.zero_grad()
    logits = net(xs[s])
    loss = F.cross_entropy(logits.view(-1, vocab), ys[s].view(-1))
    loss.backward()
    opt.step()
elapsed = clock() - t0

result("W3", us_per_step=elapsed / (steps - warmup) * 1e6, final_loss=loss.item(), steps=steps)
