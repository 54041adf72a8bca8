"""PyTorch helpers for the Gradus benchmarks: float32, the shared closed-form data, and one
thread unless the harness runs the sides at their defaults (`BENCH_THREADS=default`)."""

import math
import os

import torch
import torch.nn.functional as F

from det import (  # noqa: F401  (re-exported)
    QUICK,
    block_figures,
    block_sizes,
    clock,
    det_values,
    param,
    result,
)

# benchmarks/run.py sets BENCH_THREADS: "1" (one thread each side) or "default" (each side's own
# default: PyTorch's torch.get_num_threads(), one per physical core).
if os.environ.get("BENCH_THREADS", "1") != "default":
    torch.set_num_threads(1)
torch.manual_seed(0)


def det(shape, seed, scale=1.0):
    """A float32 tensor of `shape` holding scale·det, row-major (Gradus's `matrix`/`vector`)."""
    if isinstance(shape, int):
        shape = (shape,)
    n = math.prod(shape)
    values = [scale * v for v in det_values(n, seed)]
    return torch.tensor(values, dtype=torch.float64).to(torch.float32).reshape(shape)


def set_linear(layer, seed_w, seed_b, scale):
    """Give an nn.Linear the weights of Gradus's Linear: W [n_in, n_out] is weight.T."""
    n_out, n_in = layer.weight.shape
    with torch.no_grad():
        layer.weight.copy_(det((n_in, n_out), seed_w, scale).T)
        layer.bias.copy_(det(n_out, seed_b, scale))


def sonnet_batches(steps, batch, context):
    """The windows W3, W8 and W9 train on, as their Gradus files cut them: batch b of step s is
    the window starting at ((s·batch + b)·7919) mod (N − context − 1) of the sonnets' indices;
    returns (inputs, next characters), one [batch, context] tensor of each per step."""
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
    return xs, ys


def train_language_model(name, net, parameters, xs, ys, steps, warmup):
    """W3, W8 and W9's loop: AdamW (lr 3e-3) on next-character cross-entropy, one batch a step,
    the steps after `warmup` timed; prints the RESULT line with the last step's loss."""
    opt = torch.optim.AdamW(parameters, lr=0.003)
    t0 = clock()
    for s in range(steps):
        if s == warmup:
            t0 = clock()
        opt.zero_grad()
        logits = net(xs[s])
        loss = F.cross_entropy(logits.view(-1, logits.shape[-1]), ys[s].view(-1))
        loss.backward()
        opt.step()
    elapsed = clock() - t0
    result(name, us_per_step=elapsed / (steps - warmup) * 1e6, final_loss=loss.item(), steps=steps)
