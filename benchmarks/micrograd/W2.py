"""W2 — the two-moons demo in micrograd itself (pip install micrograd), as in its demo.ipynb.

The same data, initial weights, loss and schedule as benchmarks/gradus/W2.grad, in float64 on
scalar Values. micrograd is slow (about 0.2 s a step), so it runs a few steps (`steps`, default
3) and reports the time per step. Every W2 program also prints `loss_step3`, the loss of the
third step, so that micrograd's work can be compared with the others'.
"""

import math
import os
import sys
import time

from micrograd.engine import Value
from micrograd.nn import MLP

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "torch"))
from det import det_values, f32, param, result  # noqa: E402

steps = param("steps", 3)
warmup = param("warmup", 1)


def det_f32(n, seed, scale=1.0):
    """det rounded to float32 (the values the other sides start from), as Python floats."""
    return [f32(scale * v) for v in det_values(n, seed)]


def two_moons():
    rows = []
    for i in range(50):
        t = float(i) * (math.pi / 49)
        rows.append((math.cos(t), math.sin(t)))
    for i in range(50):
        t = float(i) * (math.pi / 49)
        rows.append((1 - math.cos(t), 1 - math.sin(t) - 0.5))
    noise = det_values(200, 0)
    x = [[f32(rows[i][j] + 0.1 * noise[2 * i + j]) for j in range(2)] for i in range(100)]
    y = [-1.0] * 50 + [1.0] * 50
    return x, y


X, y = two_moons()
model = MLP(2, [16, 16, 1])  # ReLU on the hidden layers, linear output, as in the demo
for layer, (n_in, n_out, seed) in zip(model.layers, ((2, 16, 1), (16, 16, 2), (16, 1, 3))):
    W = det_f32(n_in * n_out, seed)  # row-major [n_in, n_out]
    for j, neuron in enumerate(layer.neurons):
        for i in range(n_in):
            neuron.w[i].data = W[i * n_out + j]
        neuron.b.data = 0.0


def loss():
    """micrograd demo.ipynb's loss: mean max-margin loss + alpha · Σ p²."""
    inputs = [list(map(Value, xrow)) for xrow in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    alpha = 1e-4
    reg_loss = alpha * sum((p * p for p in model.parameters()))
    return data_loss + reg_loss


t0 = time.perf_counter()
for k in range(steps):
    if k == warmup:
        t0 = time.perf_counter()
    total_loss = loss()
    if k == 2:
        loss_step3 = total_loss.data
    model.zero_grad()
    total_loss.backward()
    learning_rate = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= learning_rate * p.grad
elapsed = time.perf_counter() - t0

result(
    "W2",
    us_per_step=elapsed / (steps - warmup) * 1e6,
    final_loss=total_loss.data,
    steps=steps,
    loss_step3=loss_step3,
)
