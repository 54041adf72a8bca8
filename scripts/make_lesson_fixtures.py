#!/usr/bin/env python3
"""Writes Tests/GradusNotebookTests/Fixtures/lessons.json: the lessons' key numbers, recomputed.

Each lesson in lessons/ prints numbers a learner is meant to check. This script recomputes them
independently, with PyTorch (float64) and plain Python, and records them under the name of the
lesson's top-level variable that holds each one after the lesson has run:

    { "00-tensors": { "Mv": [14.0, 32.0], ... }, "01-forward": { ... }, ... }

Tensors are flattened row-major into lists; scalars are numbers. The file is read, the entries
of lessons 00–07 replaced and the rest kept (scripts/make_lesson_fixtures_08_14.py adds the later
lessons the same way), so the two scripts can run in either order. The Swift test
Tests/GradusNotebookTests/LessonNumbersTests.swift runs every lesson and compares each variable
with these values (1e-4 relative + 1e-4 absolute: Gradus computes in float32).

Random data. Where a lesson draws random numbers (`randn(…, seed: n)`, `seed(n)` before
`Linear`, `batches(…, seed: n)`, `randint`), this script regenerates exactly the same numbers
with a transcription of Gradus's generator (`GradusRandom` below: xoshiro256** seeded by
SplitMix64, Box–Muller normals, Lemire's bounded integers, Fisher–Yates shuffles; see
Sources/GradusTensor/RandomGenerator.swift), rounds them to float32 as Gradus stores them, and
trains PyTorch on those. Gradus `Linear(n_in, n_out)` draws W [n_in, n_out] then b [n_out],
uniform in ±1/√n_in; PyTorch's `nn.Linear` weight is Wᵀ.

Usage (from the repository root; needs torch 2.x):
    .venv/bin/python scripts/make_lesson_fixtures.py            # write the fixture
    .venv/bin/python scripts/make_lesson_fixtures.py --check    # fail if it would change
"""

import argparse
import json
import math
import pathlib
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Tests" / "GradusNotebookTests" / "Fixtures" / "lessons.json"
F64 = torch.float64
MASK = (1 << 64) - 1


# ── Gradus's random numbers ─────────────────────────────────────────────────


class GradusRandom:
    """Sources/GradusTensor/RandomGenerator.swift, transcribed."""

    def __init__(self, seed):
        mix = seed & MASK
        state = []
        for _ in range(4):
            mix = (mix + 0x9E3779B97F4A7C15) & MASK
            z = mix
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            state.append(z ^ (z >> 31))
        self.state = state
        self.spare = None

    @staticmethod
    def _rotate(x, k):
        return ((x << k) | (x >> (64 - k))) & MASK

    def next(self):
        s0, s1, s2, s3 = self.state
        result = (self._rotate((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = self._rotate(s3, 45)
        self.state = [s0, s1, s2, s3]
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0**-53

    def normal(self):
        if self.spare is not None:
            value, self.spare = self.spare, None
            return value
        u1 = self.uniform()
        while u1 <= sys.float_info.min:
            u1 = self.uniform()
        u2 = self.uniform()
        radius = math.sqrt(-2 * math.log(u1))
        self.spare = radius * math.sin(2 * math.pi * u2)
        return radius * math.cos(2 * math.pi * u2)

    def below(self, bound):
        """Swift's `next(upperBound:)` (Lemire's nearly divisionless method)."""
        m = self.next() * bound
        if (m & MASK) < bound:
            threshold = ((1 << 64) - bound) % bound
            while (m & MASK) < threshold:
                m = self.next() * bound
        return m >> 64

    def permutation(self, n):
        order = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.below(i + 1)
            order[i], order[j] = order[j], order[i]
        return order


def f32(t):
    """Values as Gradus stores them (float32), held in float64."""
    return torch.as_tensor(t, dtype=F64).to(torch.float32).to(F64)


def randn(*shape, seed):
    g = GradusRandom(seed)
    return f32(torch.tensor([g.normal() for _ in range(math.prod(shape))], dtype=F64).reshape(shape))


def rand_uniform(g, shape, low, high):
    return f32(torch.tensor([low + (high - low) * g.uniform() for _ in range(math.prod(shape))], dtype=F64).reshape(shape))


def randint(low, high, n, seed):
    g = GradusRandom(seed)
    return torch.tensor([float(low + g.below(high - low)) for _ in range(n)], dtype=F64)


def gradus_linear(g, n_in, n_out):
    """A torch Linear initialised as Gradus's `Linear(n_in, n_out)` from generator g."""
    k = 1 / n_in**0.5
    W = rand_uniform(g, (n_in, n_out), -k, k)
    b = rand_uniform(g, (n_out,), -k, k)
    layer = nn.Linear(n_in, n_out).to(F64)
    with torch.no_grad():
        layer.weight.copy_(W.T)
        layer.bias.copy_(b)
    return layer


def batch_order(n, size, seed):
    """The row indices of each batch of `batches(x, y, size: size, seed: seed)`."""
    order = GradusRandom(seed).permutation(n)
    return [order[i : i + size] for i in range(0, n, size)]


def regression_data(n):
    """X = randn(n, 2, seed: 0); Y = X @ [[2], [-3.4]] + 4.2 + 0.1 * randn(n, 1, seed: 1)."""
    X = randn(n, 2, seed=0)
    Y = X @ torch.tensor([[2.0], [-3.4]], dtype=F64) + 4.2 + 0.1 * randn(n, 1, seed=1)
    return X, Y


def flat(value):
    if isinstance(value, torch.Tensor):
        value = value.detach().reshape(-1).tolist()
        return [float(v) for v in value]
    if isinstance(value, (list, tuple)):
        return [float(v) for v in value]
    return float(value)


def leaf(values):
    return torch.tensor(values, dtype=F64, requires_grad=True)


# ── lessons ─────────────────────────────────────────────────────────────────


def lesson_00():
    v = torch.tensor([1.0, 2.0, 3.0], dtype=F64)
    M = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=F64)
    X = randn(64, 10, seed=0)
    W = f32(randn(10, 20, seed=1) * 0.1)
    H = X @ W
    X_mean = X.mean()
    return {
        "bcast_row": M + torch.tensor([10.0, 20.0, 30.0], dtype=F64),
        "bcast_col": M + torch.tensor([[100.0], [200.0]], dtype=F64),
        "Mv": M @ v,
        "MMt": M @ M.T,
        "col_sums": M.sum(dim=0),
        "row_means": M.mean(dim=1),
        "centred": M - M.mean(dim=1, keepdim=True),
        "X_mean": X_mean,
        "X_std": ((X - X_mean) ** 2).mean().sqrt(),
        "H00": H[0, 0],
        "H00_by_hand": (X[0] * W[:, 0]).sum(),
    }


def lesson_01():
    b = 6.8813735870195432
    n = 2.0 * -3.0 + 0.0 * 1.0 + b
    z = torch.tensor([-3.0, -1.0, 0.0, 1.0, 3.0], dtype=F64)
    activations = torch.stack([z, torch.relu(z), torch.sigmoid(z), torch.tanh(z)], dim=1)
    W1 = torch.tensor([[1.0, -1.0], [2.0, 0.5]], dtype=F64)
    c1 = torch.tensor([0.0, 1.0], dtype=F64)
    W2 = torch.tensor([[1.0], [2.0]], dtype=F64)
    c2 = torch.tensor([0.5], dtype=F64)
    xs1 = torch.tensor([[1.0, 2.0]], dtype=F64)
    xs2 = torch.tensor([[1.0, -2.0]], dtype=F64)
    W = torch.tensor([[-3.0, 1.0, 0.5], [1.0, -2.0, 1.0]], dtype=F64)
    bias = torch.tensor([b, -1.0, -2.0], dtype=F64)
    x = torch.tensor([2.0, 0.0], dtype=F64)
    X = torch.tensor([[2.0, 0.0], [1.0, 1.0], [0.0, -1.0], [-1.0, 2.0]], dtype=F64)
    z_layer = x @ W + bias
    Z = X @ W + bias
    # seed(1); fc1 = Linear(10, 20); … ; fc2 = Linear(20, 1)
    g = GradusRandom(1)
    fc1 = gradus_linear(g, 10, 20)
    fc2 = gradus_linear(g, 20, 1)
    inputs = randn(64, 10, seed=0)
    with torch.no_grad():
        Z1 = fc1(inputs)
        A1 = torch.relu(Z1)
        out = fc2(A1)
    return {
        "n": n,
        "o": math.tanh(n),
        "tanh_by_hand": math.tanh(n),
        "activations": activations,
        "one_linear": xs1 @ (W1 @ W2) + (c1 @ W2 + c2),
        "two_linear": (xs2 @ W1 + c1) @ W2 + c2,
        "with_relu": torch.relu(xs2 @ W1 + c1) @ W2 + c2,
        "z_layer": z_layer,
        "a_layer": torch.tanh(z_layer),
        "Z": Z,
        "A": torch.tanh(Z),
        "z_first": Z1[0, 0:5],
        "a_first": A1[0, 0:5],
        "zero_fraction": (A1 == 0).double().mean(),
        "out_first": out[0:3],
    }


def lesson_02():
    y_hat = torch.tensor([0.8, -0.5], dtype=F64)
    y = torch.tensor([1.0, -1.0], dtype=F64)
    p = leaf([0.8, -0.5])
    nn.MSELoss()(p, y).backward()
    grad_plain = p.grad.clone()
    p.grad = None
    (nn.MSELoss()(p, y) / 2).backward()
    grad_half = p.grad.clone()

    xs = randn(64, 2, seed=0)
    ys = xs @ torch.tensor([[2.0], [-3.4]], dtype=F64) + 4.2 + 0.1 * randn(64, 1, seed=1)
    guess = xs @ torch.tensor([[1.8], [-3.0]], dtype=F64) + 4.0

    probs = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]], dtype=F64)
    labels = torch.tensor([0, 2])
    logits = torch.tensor([2.0, 1.0, 0.1], dtype=F64)
    z = leaf([[2.0, 1.0, 0.1]])
    F.cross_entropy(z, torch.tensor([0])).backward()
    wrong = leaf([[0.0, 5.0]])
    ce_wrong = F.cross_entropy(wrong, torch.tensor([0]))
    ce_wrong.backward()
    wrong2 = leaf([[0.0, 5.0]])
    mse_wrong = F.mse_loss(torch.softmax(wrong2, dim=-1), torch.tensor([[1.0, 0.0]], dtype=F64))
    mse_wrong.backward()

    z2 = torch.tensor([2.0, -1.0, 0.5], dtype=F64)
    y2 = torch.tensor([1.0, 0.0, 0.0], dtype=F64)
    # The confident mistake in float32, Gradus's default: sigmoid(20) rounds to 1.
    label_0 = torch.tensor([0.0])
    z_sure = torch.tensor([20.0], requires_grad=True)
    loss_probs = F.binary_cross_entropy(torch.sigmoid(z_sure), label_0)
    loss_probs.backward()
    z_sure2 = torch.tensor([20.0], requires_grad=True)
    loss_logits = F.binary_cross_entropy_with_logits(z_sure2, label_0)
    loss_logits.backward()

    scores = randn(64, 10, seed=2)
    classes = randint(0, 10, 64, seed=3)
    return {
        "loss_plain": F.mse_loss(y_hat, y),
        "loss_half": F.mse_loss(y_hat, y) / 2,
        "grad_plain": grad_plain,
        "grad_half": grad_half,
        "loss_64": F.mse_loss(guess, ys),
        "loss_half_64": F.mse_loss(guess, ys) / 2,
        "p_true": probs[[0, 1], labels],
        "ce_d2l": F.nll_loss(torch.log(probs), labels),
        "probs_by_hand": torch.softmax(logits, dim=0),
        "ce_by_hand": F.cross_entropy(logits[None], torch.tensor([0])),
        "ce_builtin": F.cross_entropy(logits[None], torch.tensor([0])),
        "grad_logits": z.grad,
        "ce_wrong": ce_wrong,
        "grad_ce_wrong": wrong.grad,
        "mse_wrong": mse_wrong,
        "grad_mse_wrong": wrong2.grad,
        "bce_probs": F.binary_cross_entropy(torch.sigmoid(z2), y2),
        "loss_probs": loss_probs,
        "grad_probs": z_sure.grad,
        "loss_logits": loss_logits,
        "grad_logits_bce": z_sure2.grad,
        "classes": classes,
        "ce_random": F.cross_entropy(scores, classes.long()),
        "ce_uniform": math.log(10),
    }


def lesson_03():
    b = 6.8813735870195432
    x1, x2, w1, w2, bb = (leaf(v) for v in (2.0, 0.0, -3.0, 1.0, b))
    o = torch.tanh(x1 * w1 + x2 * w2 + bb)
    o.backward()
    auto = [x1.grad, w1.grad, x2.grad, w2.grad, bb.grad]

    def neuron(a1, a2, v1, v2, c):
        return math.tanh(a1 * v1 + a2 * v2 + c)

    h = 0.001
    numeric_dw1 = (neuron(2.0, 0.0, -3.0 + h, 1.0, b) - neuron(2.0, 0.0, -3.0 - h, 1.0, b)) / (2 * h)
    numeric_dx1 = (neuron(2.0 + h, 0.0, -3.0, 1.0, b) - neuron(2.0 - h, 0.0, -3.0, 1.0, b)) / (2 * h)

    # The 3-4-1 network with fixed weights.
    x = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], dtype=F64)
    y = torch.tensor([[1.0], [0.0]], dtype=F64)
    W1 = leaf([[0.1, -0.2, 0.3, 0.0], [0.4, 0.5, -0.6, 0.1], [-0.7, 0.8, 0.9, -0.2]])
    b1 = leaf([0.1, 0.0, -0.1, 0.2])
    W2 = leaf([[0.5], [-0.5], [0.25], [1.0]])
    b2 = leaf([0.05])
    p = torch.relu(x @ W1 + b1) @ W2 + b2
    loss = F.mse_loss(p, y)
    loss.backward()

    # seed(3); fc1 = Linear(10, 20); fc2 = Linear(20, 1)
    g = GradusRandom(3)
    fc1 = gradus_linear(g, 10, 20)
    fc2 = gradus_linear(g, 20, 1)
    X = randn(64, 10, seed=0)
    Y = X[:, 0:3].sum(dim=1, keepdim=True)
    L = F.mse_loss(fc2(torch.relu(fc1(X))), Y)
    L.backward()
    return {
        "do_dn": 1 - math.tanh(2.0 * -3.0 + b) ** 2,
        "hand": [float(t) for t in auto],
        "auto": [float(t) for t in auto],
        "numeric_dw1": numeric_dw1,
        "numeric_dx1": numeric_dx1,
        "twice": 2 * float(w1.grad),
        "loss": loss,
        "d_p": 2 * (p - y) / 2,
        "d_W1": W1.grad,
        "d_b1": b1.grad,
        "d_W2": W2.grad,
        "d_b2": b2.grad,
        "mlp_diff": 0.0,
        "L": L,
        "D_W1": fc1.weight.grad.T,
        "D_b1": fc1.bias.grad,
        "D_W2": fc2.weight.grad.T,
        "seed_diff": 0.0,
        "grad_W2_first": fc2.weight.grad.T[0:4],
    }


def descend(alpha, steps):
    x = leaf(10.0)
    path = [10.0]
    for _ in range(steps):
        x.grad = None
        (x**2).backward()
        with torch.no_grad():
            x -= alpha * x.grad
        path.append(float(x.detach()))
    return path


def lesson_04():
    good = descend(0.2, 10)
    slow = descend(0.05, 10)
    wild = descend(1.1, 10)

    X, Y = regression_data(100)
    model = nn.Linear(2, 1).to(F64)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    losses = []
    dw = db = None
    for _ in range(50):
        loss = F.mse_loss(model(X), Y)
        losses.append(loss.item())
        opt.zero_grad()
        loss.backward()
        if dw is None:
            dw, db = model.weight.grad.T.clone(), model.bias.grad.clone()
        opt.step()
    with torch.no_grad():
        final_loss = F.mse_loss(model(X), Y)
    return {
        "x_final": good[-1],
        "f_values": [x * x for x in good],
        "x_slow": slow[-1],
        "x_good": good[-1],
        "x_wild": wild[-1],
        "dw_by_hand": dw,
        "db_by_hand": db,
        "losses": losses,
        "w_final": model.weight.T,
        "b_final": model.bias,
        "final_loss": final_loss,
    }


def train_regression(X, Y, size, lr_at, epochs, seed_of_epoch):
    """Mini-batch gradient descent on y = x @ w + b from zero; lr_at(epoch, update) gives the rate.
    Returns the full-data loss after each epoch (and, first, at the start)."""
    model = nn.Linear(2, 1).to(F64)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    curve = []
    t = 0
    for epoch in range(epochs):
        for rows in batch_order(len(X), size, seed_of_epoch(epoch)):
            loss = F.mse_loss(model(X[rows]), Y[rows])
            model.zero_grad()
            loss.backward()
            lr = lr_at(epoch, t)
            with torch.no_grad():
                for p in model.parameters():
                    p -= lr * p.grad
            t += 1
        with torch.no_grad():
            curve.append(float(F.mse_loss(model(X), Y)))
    return curve, model


def lesson_05():
    xs = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=F64)
    ys = 2 * xs
    alpha = 0.01
    per_sample = 2 * xs * (0 * xs - ys)
    w_sgd = 0.0
    for k in range(4):
        w_sgd -= alpha * 2 * float(xs[k]) * (w_sgd * float(xs[k]) - float(ys[k]))
    w_mini = 0.0
    for start in (0, 2):
        xb, yb = xs[start : start + 2], ys[start : start + 2]
        w_mini -= alpha * float((2 * xb * (w_mini * xb - yb)).mean())

    X, Y = regression_data(500)
    start = float(F.mse_loss(torch.zeros_like(Y), Y))
    curves = {}
    for name, size in (("batch", 500), ("sgd", 1), ("mini", 32)):
        curve, _ = train_regression(X, Y, size, lambda e, t: 0.05, 10, lambda e: e + 1)
        curves[name] = [start] + curve
    return {
        "per_sample": per_sample,
        "batch_grad": per_sample.mean(),
        "w_batch": -alpha * float(per_sample.mean()),
        "w_sgd": w_sgd,
        "w_mini": w_mini,
        "curve_batch": curves["batch"],
        "curve_sgd": curves["sgd"],
        "curve_mini": curves["mini"],
        "loss_batch": curves["batch"][-1],
        "loss_sgd": curves["sgd"][-1],
        "loss_mini": curves["mini"][-1],
    }


def lesson_06():
    # Schedules, from PyTorch's own schedulers where it has them.
    def scheduled(make, steps=12):
        p = nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=0.1)
        scheduler = make(opt)
        rates = []
        for _ in range(steps):
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            scheduler.step()
        return rates

    exp_lrs = scheduled(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9))
    step_lrs = scheduled(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5))

    def warmup_cosine(lr0, warmup, total, t):
        if t < warmup:
            return lr0 * (t + 1) / warmup
        return 0.5 * lr0 * (1 + math.cos(math.pi * (t - warmup) / max(1, total - warmup)))

    cos_lrs = scheduled(lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda t: warmup_cosine(1.0, 3, 12, t)))

    n, epochs = 500, 6
    X, Y = regression_data(n)
    seeds = lambda e: e + 1  # noqa: E731
    curve_constant, _ = train_regression(X, Y, 1, lambda e, t: 0.05, epochs, seeds)
    curve_exponential, _ = train_regression(X, Y, 1, lambda e, t: 0.05 * 0.6**e, epochs, seeds)
    curve_cosine, _ = train_regression(X, Y, 1, lambda e, t: warmup_cosine(0.05, 100, epochs * n, t), epochs, seeds)

    # Clipping.
    g = torch.tensor([3.0, 4.0], dtype=F64)
    p = nn.Parameter(torch.zeros(2, dtype=F64))
    p.grad = g.clone()
    torch.nn.utils.clip_grad_norm_([p], 1.0)
    clipped_norm = p.grad.clone()
    p.grad = g.clone()
    torch.nn.utils.clip_grad_value_([p], 1.0)
    clipped_value = p.grad.clone()

    net = nn.Linear(2, 1).to(F64)
    net.weight.grad = torch.tensor([[3.0, 4.0]], dtype=F64)
    net.bias.grad = torch.tensor([12.0], dtype=F64)
    joint_norm = torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    clipped_W = net.weight.grad.T.clone()
    clipped_b = net.bias.grad.clone()

    def full_batch(clip, steps=15):
        with torch.no_grad():
            net.weight.zero_()
            net.bias.zero_()
        before, after = [], []
        for _ in range(steps):
            loss = F.mse_loss(net(X), Y)
            net.zero_grad()
            loss.backward()
            if clip:
                before.append(float(torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)))
                after.append(math.sqrt(sum(float((q.grad**2).sum()) for q in net.parameters())))
            with torch.no_grad():
                for q in net.parameters():
                    q -= 0.1 * q.grad
        with torch.no_grad():
            return before, after, F.mse_loss(net(X), Y)

    norms_before, norms_after, clipped_final_loss = full_batch(True)
    _, _, unclipped_final_loss = full_batch(False)

    bad_x = torch.tensor([[1.0, 1.0]], dtype=F64)
    bad_y = torch.tensor([[100.0]], dtype=F64)

    def bad_step(clip):
        with torch.no_grad():
            net.weight.copy_(torch.tensor([[2.0, -3.4]], dtype=F64))
            net.bias.copy_(torch.tensor([4.2], dtype=F64))
            before = F.mse_loss(net(X), Y)
        net.zero_grad()
        F.mse_loss(net(bad_x), bad_y).backward()
        norm = torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0) if clip else None
        with torch.no_grad():
            for q in net.parameters():
                q -= 0.05 * q.grad
            return before, norm, F.mse_loss(net(X), Y)

    loss_before, _, loss_unclipped_step = bad_step(False)
    _, bad_norm, loss_clipped_step = bad_step(True)
    return {
        "exp_lrs": exp_lrs,
        "step_lrs": step_lrs,
        "cos_lrs": cos_lrs,
        "curve_constant": curve_constant,
        "curve_exponential": curve_exponential,
        "curve_cosine": curve_cosine,
        "final_constant": curve_constant[-1],
        "final_exponential": curve_exponential[-1],
        "final_cosine": curve_cosine[-1],
        "clipped_norm": clipped_norm,
        "clipped_value": clipped_value,
        "joint_norm": joint_norm,
        "clipped_W": clipped_W,
        "clipped_b": clipped_b,
        "norms_before": norms_before,
        "norms_after": norms_after,
        "clipped_final_loss": clipped_final_loss,
        "unclipped_final_loss": unclipped_final_loss,
        "bad_norm": bad_norm,
        "loss_before": loss_before,
        "loss_unclipped_step": loss_unclipped_step,
        "loss_clipped_step": loss_clipped_step,
    }


class SeedNet(nn.Module):
    """The seed article's network (section 4.1), with its sizes as arguments."""

    def __init__(self, g, n_in, n_hidden, n_out):
        super().__init__()
        self.fc1 = gradus_linear(g, n_in, n_hidden)
        self.fc2 = gradus_linear(g, n_hidden, n_out)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


def lesson_07():
    tiny = SeedNet(GradusRandom(0), 2, 3, 1)
    with torch.no_grad():
        tiny.fc1.weight.copy_(torch.tensor([[1.0, -1.0, 0.5], [2.0, 1.0, -1.0]], dtype=F64).T)
        tiny.fc1.bias.copy_(torch.tensor([0.0, 0.5, 1.0], dtype=F64))
        tiny.fc2.weight.copy_(torch.tensor([[1.0], [-2.0], [0.5]], dtype=F64).T)
        tiny.fc2.bias.copy_(torch.tensor([0.1], dtype=F64))
        x_tiny = torch.tensor([[1.0, 2.0]], dtype=F64)
        z_tiny = tiny.fc1(x_tiny)

    # seed(0); net = Net(10, 20, 1)
    net = SeedNet(GradusRandom(0), 10, 20, 1)
    x = randn(64, 10, seed=0)
    y = x[:, 0:3].sum(dim=1, keepdim=True)
    criterion = nn.MSELoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    losses = []
    for _ in range(1000):
        optimizer.zero_grad()
        loss = criterion(net(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    with torch.no_grad():
        final_loss = criterion(net(x), y)
        prediction = net(x[0:4])
    return {
        "z_tiny": z_tiny,
        "h_tiny": torch.relu(z_tiny),
        "out_tiny": tiny(x_tiny),
        "n_params": sum(p.numel() for p in net.parameters()),
        "y": y,
        "checkpoints": [losses[0]] + [losses[100 * k - 1] for k in range(1, 11)],
        "final_loss": final_loss,
        "prediction": prediction,
    }


LESSONS = {
    "00-tensors": lesson_00,
    "01-forward": lesson_01,
    "02-loss": lesson_02,
    "03-backprop": lesson_03,
    "04-gradient-descent": lesson_04,
    "05-batch-sgd-minibatch": lesson_05,
    "06-learning-rate": lesson_06,
    "07-seed-network": lesson_07,
}


def update_fixture(lessons, description, script, span):
    """The command line of every make_lesson_fixtures*.py: computes `lessons` (name → function
    returning {variable: value}) and puts their entries into lessons.json, keeping every other
    lesson's entries as they are (read-modify-write) and the lessons in sorted order, so the
    scripts can run in any order and each one's --check agrees whichever ran last. `--check`
    exits 1 if the fixture would change; `--only NAME` prints one lesson's values and writes
    nothing."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the fixture is out of date")
    parser.add_argument("--only", help="compute only this lesson (for a quick look); writes nothing")
    args = parser.parse_args()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)  # the tensors are small: threads only add overhead
    if args.only:
        for key, value in lessons[args.only]().items():
            print(key, flat(value))
        return 0
    current = OUTPUT.read_text() if OUTPUT.exists() else ""
    document = json.loads(current) if current else {}
    for name, make in lessons.items():
        document[name] = {key: flat(value) for key, value in make().items()}
    text = json.dumps(dict(sorted(document.items())), indent=1, sort_keys=False) + "\n"
    if args.check:
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run scripts/{script}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text)
    print(f"wrote lessons {span} into {OUTPUT.relative_to(ROOT)}: {sum(len(document[n]) for n in lessons)} values")
    return 0


def main():
    return update_fixture(LESSONS, __doc__, "make_lesson_fixtures.py", "00–07")


if __name__ == "__main__":
    sys.exit(main())
