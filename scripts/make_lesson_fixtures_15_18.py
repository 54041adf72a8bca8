#!/usr/bin/env python3
"""Adds lessons 15–18's key numbers to Tests/GradusNotebookTests/Fixtures/lessons.json.

The companion of scripts/make_lesson_fixtures.py (lessons 00–07) and
scripts/make_lesson_fixtures_08_14.py (08–14), with the same conventions: every number a lesson
prints for the learner to check is recomputed here independently — PyTorch in float64, or plain
Python — under the name of the lesson's top-level variable that holds it. The Swift test
Tests/GradusNotebookTests/LessonNumbersTests.swift compares them (1e-4 relative + 1e-4 absolute:
Gradus computes in float32).

This script reads lessons.json, replaces the entries of lessons 15–18 and writes it back with the
lessons in sorted order, keeping every other lesson's entries as they are (read-modify-write), so
the scripts can run in any order.

Data. Lesson 15 has no random data. Lessons 16–18 draw their data and initial weights from
Gradus's seeded generator (`randn(…, seed: n)`, `two_moons`, `spirals`, `seed(n)` before a layer);
this script regenerates exactly the same numbers with the transcription of that generator in
make_lesson_fixtures.py (`GradusRandom`), rounded to float32 as Gradus stores them, and computes
with PyTorch on those: nothing is read from a Gradus run. The optimizers are PyTorch's own
(`torch.optim.SGD`, `RMSprop`, `Adam`, `AdamW`), so the lessons' hand-written update rules and the
prelude's `Adam` are checked against an independent implementation.

Usage (from the repository root; needs torch 2.x):
    .venv/bin/python scripts/make_lesson_fixtures_15_18.py            # update the fixture
    .venv/bin/python scripts/make_lesson_fixtures_15_18.py --check    # fail if it would change
"""

import math
import pathlib
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from make_lesson_fixtures import (  # noqa: E402  (the shared generator and helpers)
    F64,
    GradusRandom,
    f32,
    rand_uniform,
    randn,
    update_fixture,
)
from make_lesson_fixtures_08_14 import GLinear, accuracy, adam, rand, randn_from  # noqa: E402

# ── lesson 15: optimizers ───────────────────────────────────────────────────

START = (-5.0, -2.0)


def valley(p, steep=1.0):
    """f(x, y) = 0.1x² + 2·steep·y²."""
    return 0.1 * p[0] ** 2 + 2 * steep * p[1] ** 2


def optimizer_path(make, steps=30, steep=1.0, start=START):
    """The points a torch optimizer visits on the valley, start included: [steps + 1, 2]."""
    p = torch.tensor(start, dtype=F64, requires_grad=True)
    opt = make([p])
    path = [p.detach().clone()]
    for _ in range(steps):
        opt.zero_grad()
        valley(p, steep).backward()
        opt.step()
        path.append(p.detach().clone())
    return torch.stack(path)


def lesson_15():
    gd = optimizer_path(lambda ps: torch.optim.SGD(ps, lr=0.4))
    momentum = optimizer_path(lambda ps: torch.optim.SGD(ps, lr=0.4, momentum=0.5))
    rmsprop = optimizer_path(lambda ps: torch.optim.RMSprop(ps, lr=0.4, alpha=0.9, eps=1e-8))
    adam = optimizer_path(lambda ps: torch.optim.Adam(ps, lr=0.4))
    paths = [gd, momentum, rmsprop, adam]
    curves = [[float(valley(q)) for q in path] for path in paths]
    steep_gd = optimizer_path(lambda ps: torch.optim.SGD(ps, lr=0.4), steps=3, steep=100)
    careful = optimizer_path(lambda ps: torch.optim.SGD(ps, lr=0.004), steps=30, steep=100)
    adam_steep = optimizer_path(lambda ps: torch.optim.Adam(ps, lr=0.4), steep=100)

    def decay_run(lam, decoupled):
        w = torch.tensor([0.0, 2.0], dtype=F64, requires_grad=True)
        kind = torch.optim.AdamW if decoupled else torch.optim.Adam
        opt = kind([w], lr=0.1, weight_decay=lam)
        for _ in range(20):
            opt.zero_grad()
            ((w[0] - 3) ** 2).backward()
            opt.step()
        return float(w[1].detach())

    return {
        "gd": gd,
        "momentum": momentum,
        "rmsprop": rmsprop,
        "adam": adam,
        "prelude_adam": adam[30],
        "final_losses": [c[30] for c in curves],
        "curves": sum(curves, []),
        "gd_steep": steep_gd[3],
        "careful": careful[30],
        "adam_steep": adam_steep[30],
        "decayed": [decay_run(0.1, False), decay_run(0.001, False), decay_run(0.1, True), decay_run(0.001, True)],
    }


# ── lesson 16: generalization ───────────────────────────────────────────────


class Wide(nn.Module):
    """The lesson's `Wide(p)`: 1 → 64 → 64 → 1 with tanh, dropout after each hidden layer. The
    dropout masks are drawn from the same generator `g` as the initial weights, after them, as
    Gradus's `Dropout` draws from the session generator: `rand(shape) >= p` (float32 uniforms)."""

    def __init__(self, g, p):
        super().__init__()
        self.g, self.p = g, p
        self.fc1 = GLinear(g, 1, 64)
        self.fc2 = GLinear(g, 64, 64)
        self.out = GLinear(g, 64, 1)

    def drop(self, h):
        if not self.training or self.p == 0:
            return h
        keep = (rand_uniform(self.g, h.shape, 0.0, 1.0) >= self.p).to(F64)
        return h * (keep * (1 / (1 - self.p)))

    def forward(self, x):
        return self.out(self.drop(torch.tanh(self.fc2(self.drop(torch.tanh(self.fc1(x)))))))


def lesson_16():
    x_train = rand(20, 1, low=-1, high=1, seed=1)
    y_train = f32(torch.sin(3 * x_train) + 0.3 * randn(20, 1, seed=2))
    x_val = rand(200, 1, low=-1, high=1, seed=3)
    y_val = f32(torch.sin(3 * x_val) + 0.3 * randn(200, 1, seed=4))

    def fit(p, lam):
        net = Wide(GradusRandom(0), p)
        opt = adam(net, 0.01)
        train_curve, val_curve = [], []
        for epoch in range(1, 1001):
            net.train()
            loss = F.mse_loss(net(x_train), y_train)
            if lam > 0:
                loss = loss + lam * sum((q**2).sum() for q in net.parameters())
            opt.zero_grad()
            loss.backward()
            opt.step()
            if epoch % 10 == 0:
                net.eval()
                with torch.no_grad():
                    train_curve.append(float(F.mse_loss(net(x_train), y_train)))
                    val_curve.append(float(F.mse_loss(net(x_val), y_val)))
        return [train_curve, val_curve]

    plain = fit(0.0, 0.0)
    decayed = fit(0.0, 0.001)
    with_dropout = fit(0.2, 0.0)
    best = min(range(len(plain[1])), key=lambda k: (plain[1][k], k))
    ones8 = torch.ones(8, dtype=F64)
    g = GradusRandom(3)
    calls = [(rand_uniform(g, (8,), 0.0, 1.0) >= 0.25).to(F64) / 0.75 for _ in range(2)]
    return {
        "x_train": x_train,
        "y_train": y_train,
        "y_val": y_val,
        # The run without a remedy, fitting noise with ever larger weights, is chaotic after
        # about epoch 600: float32 (Gradus) and float64 (here) part by 0.01 to 0.03 in the last
        # 400 epochs. Checked: both curves up to epoch 600, and the best epoch (390).
        "plain_early": plain[0][:60] + plain[1][:60],
        "decayed_early": decayed[0][:60] + decayed[1][:60],
        "with_dropout": sum(with_dropout, []),
        "dropped": (rand(8, seed=3) >= 0.5).to(F64) * 2,
        "kept": ones8,
        "first_call": calls[0],
        "second_call": calls[1],
        "evaluated": ones8,
        "best_epoch": 10 * (best + 1),
        "best_val": plain[1][best],
        "stop_epoch": 10 * (best + 1) + 100,
    }


# ── lesson 17: decision boundaries and activations ──────────────────────────


def linspace(low, high, n):
    """`linspace(low, high, n)`, stored as float32."""
    return f32(torch.linspace(low, high, n, dtype=F64))


def two_moons(n, noise=0.1, seed=0):
    """The prelude's `two_moons`, transcribed (Sources/GradusRuntime/Prelude/prelude.grad)."""
    half = n // 2
    t1 = rand(half, seed=seed) * math.pi
    t2 = rand(n - half, seed=seed + 1) * math.pi
    upper = torch.stack([torch.cos(t1), torch.sin(t1)], dim=1)
    lower = torch.stack([1 - torch.cos(t2), 0.5 - torch.sin(t2)], dim=1)
    x = f32(torch.cat([upper, lower]) + noise * randn(n, 2, seed=seed + 2))
    return x, torch.cat([torch.zeros(half, dtype=F64), torch.ones(n - half, dtype=F64)])


def spirals(n_per_class, classes=3, noise=0.2, seed=0):
    """The prelude's `spirals`, transcribed."""
    xs, ys = [], []
    for c in range(classes):
        r = linspace(0.0, 1.0, n_per_class)
        angle = linspace(c * 4.0, (c + 1) * 4.0, n_per_class) + noise * randn(n_per_class, seed=seed + c)
        xs.append(torch.stack([r * torch.sin(angle), r * torch.cos(angle)], dim=1))
        ys.append(torch.full((n_per_class,), float(c), dtype=F64))
    return f32(torch.cat(xs)), torch.cat(ys)


def train_classifier(net, x, labels, steps, lr, every=None):
    """Full-batch Adam on cross-entropy, as the lesson's `train`; the final loss, and the
    accuracy after the steps listed in `every`."""
    opt = adam(net, lr)
    seen = []
    for step in range(1, steps + 1):
        opt.zero_grad()
        F.cross_entropy(net(x), labels.long()).backward()
        opt.step()
        if every and step in every:
            with torch.no_grad():
                seen.append(accuracy(net(x), labels))
    with torch.no_grad():
        return float(F.cross_entropy(net(x), labels.long())), accuracy(net(x), labels), seen


class MLP(nn.Module):
    def __init__(self, g, width):
        super().__init__()
        self.fc1 = GLinear(g, 2, width)
        self.fc2 = GLinear(g, width, width)
        self.out = GLinear(g, width, 2)

    def forward(self, x):
        return self.out(torch.tanh(self.fc2(torch.tanh(self.fc1(x)))))


class Deep(nn.Module):
    def __init__(self, g, width, depth):
        super().__init__()
        self.first = GLinear(g, 2, width)
        self.hidden = nn.ModuleList(GLinear(g, width, width) for _ in range(depth - 1))
        self.out = GLinear(g, width, 3)

    def forward(self, x):
        h = torch.relu(self.first(x))
        for layer in self.hidden:
            h = torch.relu(layer(h))
        return self.out(h)


def gelu(x):
    return F.gelu(x, approximate="tanh")


def lesson_17():
    X, y = two_moons(200, noise=0.1, seed=0)
    line = GLinear(GradusRandom(1), 2, 2)
    line_loss, line_accuracy, _ = train_classifier(line, X, y, 300, 0.05)
    net = MLP(GradusRandom(2), 16)
    with torch.no_grad():
        before = accuracy(net(X), y)
    _, after, seen = train_classifier(net, X, y, 300, 0.05, every={30})

    S, s_labels = spirals(100, classes=3, noise=0.2, seed=0)
    spiral_accuracies = []
    for k, (width, depth) in enumerate([(4, 1), (32, 1), (4, 3), (32, 3)]):
        candidate = Deep(GradusRandom(20 + k), width, depth)
        spiral_accuracies.append(train_classifier(candidate, S, s_labels, 1000, 0.02)[1])

    z = torch.tensor([-3.0, -1.0, 0.0, 1.0, 3.0], dtype=F64)
    values, slopes = [], []
    for f in (torch.sigmoid, torch.tanh, torch.relu, gelu):
        zz = z.clone().requires_grad_(True)
        a = f(zz)
        a.sum().backward()
        values.append(a.detach())
        slopes.append(zz.grad)

    def first_layer_gradient(f, depth):
        weights = [f32(randn(16, 16, seed=100 + k) * math.sqrt(2.0 / 16)).requires_grad_(True) for k in range(depth)]
        h = randn(8, 16, seed=6)
        for W in weights:
            h = f(h @ W)
        h.sum().backward()
        return float(weights[0].grad.norm())

    vanishing = [[first_layer_gradient(f, d) for d in (10, 30)] for f in (torch.sigmoid, torch.tanh, torch.relu, gelu)]
    return {
        "X": X,
        "y": y,
        "grid": torch.stack(
            [linspace(-1.5, 2.5, 41).repeat(26), linspace(-1.0, 1.5, 26).repeat_interleave(41)], dim=1
        ),
        "line_loss": line_loss,
        "line_accuracy": line_accuracy,
        "snapshot_accuracies": [before] + seen + [after],
        "S": S,
        "s_labels": s_labels,
        "spiral_accuracies": spiral_accuracies,
        "activation_values": torch.stack(values),
        "activation_slopes": torch.stack(slopes),
        "vanishing_log10": [math.log10(v) for pair in vanishing for v in pair],
    }


# ── lesson 18: tokens and embeddings ────────────────────────────────────────

TEXT = "the model reads the text. the text feeds the model. a model that reads well can tell the next letter."


def lesson_18():
    vocab = list(dict.fromkeys(TEXT))  # distinct characters in order of first appearance
    V = len(vocab)
    tokens = torch.tensor([vocab.index(c) for c in TEXT])
    W = randn_from(GradusRandom(0), V, 4).requires_grad_(True)
    rows = W[torch.tensor([1, 3, 1])]
    (rows**2).sum().backward()
    inputs, targets = tokens[:-1], tokens[1:]
    table = nn.Parameter(randn_from(GradusRandom(1), V, V))
    with torch.no_grad():
        initial_loss = float(F.cross_entropy(table[inputs], targets))
    opt = torch.optim.Adam([table], lr=0.1)
    losses = []
    for _ in range(300):
        opt.zero_grad()
        loss = F.cross_entropy(table[inputs], targets)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    counts = torch.zeros(V, V, dtype=F64)
    for a, b in zip(inputs.tolist(), targets.tolist()):
        counts[a, b] += 1
    counted = counts / counts.sum(dim=1, keepdim=True)
    with torch.no_grad():
        follow_trained = torch.softmax(table[0], dim=-1)
        trained_loss = float(F.cross_entropy(table[inputs], targets))
    return {
        "V": V,
        "tokens": tokens,
        "encoded": [vocab.index(c) for c in "the model"],
        "looked_up": W[0:3],
        "by_one_hot": W[0:3],
        "embedding_grad": W.grad,
        "changed_rows": [1, 3],
        "uniform_loss": math.log(V),
        "initial_loss": initial_loss,
        "bigram_losses": losses,
        "trained_loss": trained_loss,
        "count_loss": float(-counted[inputs, targets].log().mean()),
        "follow_counted": counted[0],
        "follow_trained": follow_trained,
    }


LESSONS = {
    "15-optimizers": lesson_15,
    "16-generalization": lesson_16,
    "17-decision-boundaries": lesson_17,
    "18-tokens-and-embeddings": lesson_18,
}


def main():
    return update_fixture(LESSONS, __doc__, "make_lesson_fixtures_15_18.py", "15–18")


if __name__ == "__main__":
    sys.exit(main())
