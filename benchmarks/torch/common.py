"""PyTorch helpers for the Gradus benchmarks: one thread, float32, the shared closed-form data."""

import math

import torch

from det import (  # noqa: F401  (re-exported)
    QUICK,
    block_figures,
    block_sizes,
    clock,
    det_values,
    param,
    result,
)

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
