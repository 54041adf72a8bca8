#!/usr/bin/env python3
"""Adds lessons 08–14's key numbers to Tests/GradusNotebookTests/Fixtures/lessons.json.

The companion of scripts/make_lesson_fixtures.py (lessons 00–07), with the same conventions: every
number a lesson prints for the learner to check is recomputed here independently — PyTorch in
float64, or plain Python — under the name of the lesson's top-level variable that holds it. The
Swift test Tests/GradusNotebookTests/LessonNumbersTests.swift compares them (1e-4 relative +
1e-4 absolute: Gradus computes in float32).

This script reads lessons.json, replaces the entries of lessons 08–14 and writes it back, keeping
every other lesson's entries as they are (read-modify-write), so the two scripts can run in either
order.

Random data. Lessons 08–14 draw pictures (`shape_images`), sequences (`randint`, `randn`) and
initial weights (`seed(n)` before a layer) from Gradus's generator; this script regenerates exactly
the same numbers with the transcription in make_lesson_fixtures.py (`GradusRandom`), rounded to
float32 as Gradus stores them, and trains PyTorch models built to compute what the prelude's layers
compute (Sources/GradusRuntime/Prelude/prelude.grad), initialised in the order the prelude draws:

    Linear(n_in, n_out)   W [n_in, n_out], then b [n_out], uniform in ±1/√n_in (torch: weight = Wᵀ)
    Conv2d(c_in, c_out, k) W [c_out, c_in, k, k], then b [c_out], uniform in ±1/√(c_in·k·k)
    Embedding(n, d)       W [n, d], standard normal
    RNN(n_in, n)          W_xh [n_in, n], W_hh [n, n], b [n], uniform in ±1/√n
    LSTMCell(n_in, n)     W [n_in, 4n], U [n, 4n], b [4n], uniform in ±1/√n; gates i, f, g, o
    MultiHeadAttention    Linear q, k, v, o (d → d), in that order
    TransformerBlock      LayerNorm ln1, attention, LayerNorm ln2, Linear ff1, Linear ff2

Usage (from the repository root; needs torch 2.x):
    .venv/bin/python scripts/make_lesson_fixtures_08_14.py            # update the fixture
    .venv/bin/python scripts/make_lesson_fixtures_08_14.py --check    # fail if it would change
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

# ── Gradus's generated data and initialisations ─────────────────────────────


def randint(low, high, *shape, seed):
    """`randint(low, high, sizes…, seed: s)`, as float64 holding whole numbers."""
    g = GradusRandom(seed)
    return torch.tensor([float(low + g.below(high - low)) for _ in range(math.prod(shape))], dtype=F64).reshape(shape)


def rand(*shape, seed, low=0.0, high=1.0):
    """`rand(sizes…, low:, high:, seed: s)`."""
    return rand_uniform(GradusRandom(seed), shape, low, high)


def shape_images(n, seed, size=8, noise=0.1):
    """`shape_images(n, seed: s)`: Sources/GradusRuntime/Builtins/Builtins+Datasets.swift, transcribed."""
    g = GradusRandom(seed)
    pixels, labels = [], []
    for _ in range(n):
        label = g.below(3)
        extent = 3 + g.below(max(4, size - 1) - 3)
        top = g.below(size - extent + 1)
        left = g.below(size - extent + 1)
        image = [0.0] * (size * size)
        for r in range(extent):
            for c in range(extent):
                if label == 0:
                    on = r == 0 or c == 0 or r == extent - 1 or c == extent - 1
                elif label == 1:
                    on = r == extent // 2 or c == extent // 2
                else:
                    on = r == c or r + c == extent - 1
                if on:
                    image[(top + r) * size + left + c] = 1.0
        pixels += [min(1.0, max(0.0, v + noise * g.normal())) for v in image]
        labels.append(float(label))
    images = f32(torch.tensor(pixels, dtype=F64).reshape(n, 1, size, size))
    return images, torch.tensor(labels, dtype=F64)


def uniform_param(g, shape, bound):
    return nn.Parameter(rand_uniform(g, shape, -bound, bound))


class GLinear(nn.Module):
    """Gradus's `Linear`: x @ W + b."""

    def __init__(self, g, n_in, n_out):
        super().__init__()
        k = 1 / n_in**0.5
        self.W = uniform_param(g, (n_in, n_out), k)
        self.b = uniform_param(g, (n_out,), k)

    def forward(self, x):
        return x @ self.W + self.b


class GConv2d(nn.Module):
    def __init__(self, g, c_in, c_out, k):
        super().__init__()
        bound = 1 / (c_in * k * k) ** 0.5
        self.W = uniform_param(g, (c_out, c_in, k, k), bound)
        self.b = uniform_param(g, (c_out,), bound)

    def forward(self, x):
        return F.conv2d(x, self.W, self.b)


class GLayerNorm(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(d, dtype=F64))
        self.beta = nn.Parameter(torch.zeros(d, dtype=F64))

    def forward(self, x):
        return F.layer_norm(x, x.shape[-1:], self.gamma, self.beta, eps=1e-5)


def adam(module, lr):
    """The prelude's `Adam(net, lr:)` is torch.optim.Adam with the default betas and eps."""
    return torch.optim.Adam(module.parameters(), lr=lr)


def accuracy(logits, labels):
    return float((logits.argmax(dim=-1) == labels.long()).double().mean())


def lesson_08():
    A = torch.arange(1.0, 17.0, dtype=F64).reshape(4, 4)
    image = A / 16
    rgb = torch.tensor(
        [[[0.9, 0.1], [0.5, 0.2]], [[0.3, 0.8], [0.5, 0.2]], [[0.1, 0.4], [0.5, 0.9]]], dtype=F64
    )

    def shift_crop(x, dy, dx):
        return F.pad(x, (1, 1, 1, 1))[dy : dy + x.shape[0], dx : dx + x.shape[1]]

    def augment_all(images, s):
        n = images.shape[0]
        flips = randint(0, 2, n, seed=s)
        turns = randint(0, 4, n, seed=s + 1)
        dys = randint(0, 3, n, seed=s + 2)
        dxs = randint(0, 3, n, seed=s + 3)
        gains = rand(n, low=0.7, high=1.3, seed=s + 4)
        out = []
        for i in range(n):
            x = images[i, 0]
            if flips[i] == 1:
                x = torch.flip(x, [1])
            x = torch.rot90(x, int(turns[i]), [0, 1])
            x = shift_crop(x, int(dys[i]), int(dxs[i]))
            out.append((x * gains[i]).clamp(0, 1))
        return torch.stack(out)[:, None], (flips, turns, dys, dxs, gains)

    train_x, train_y = shape_images(40, seed=1)
    test_x, test_y = shape_images(300, seed=2)
    _, (flips, turns, _, _, gains) = augment_all(train_x[0:6], 100)

    class MLP(nn.Module):
        def __init__(self, g):
            super().__init__()
            self.fc1 = GLinear(g, 64, 32)
            self.fc2 = GLinear(g, 32, 3)

        def forward(self, x):
            return self.fc2(torch.relu(self.fc1(torch.flatten(x, 1))))

    def train(augmenting):
        net = MLP(GradusRandom(0))
        opt = adam(net, 0.01)
        curve = []
        for epoch in range(1, 301):
            x = augment_all(train_x, 1000 + 10 * epoch)[0] if augmenting else train_x
            loss = F.cross_entropy(net(x), train_y.long())
            opt.zero_grad()
            loss.backward()
            opt.step()
            if epoch % 25 == 0:
                with torch.no_grad():
                    curve.append(accuracy(net(test_x), test_y))
        return curve

    plain_curve = train(False)
    augmented_curve = train(True)
    return {
        "A": A,
        "h_flip": torch.flip(A, [1]),
        "v_flip": torch.flip(A, [0]),
        "rotated": torch.rot90(A, 1, [0, 1]),
        "half_turn": torch.rot90(A, 2, [0, 1]),
        "crop": A[1:4, 0:3],
        "random_crop": shift_crop(A, 0, 2),
        "brighter": (image * 1.5).clamp(0, 1),
        "contrast": ((image - image.mean()) * 2 + image.mean()).clamp(0, 1),
        "jittered": (rgb * torch.tensor([1.2, 0.8, 1.0], dtype=F64)[:, None, None]).clamp(0, 1),
        "gray": (rgb * torch.tensor([0.299, 0.587, 0.114], dtype=F64)[:, None, None]).sum(0),
        "sampled_flips": flips,
        "sampled_turns": turns,
        "sampled_gains": gains,
        "plain_curve": plain_curve,
        "augmented_curve": augmented_curve,
        "plain_accuracy": plain_curve[-1],
        "augmented_accuracy": augmented_curve[-1],
    }


def lesson_09():
    X = torch.tensor([[0.0, 1, 2], [3, 4, 5], [6, 7, 8]], dtype=F64)
    K = torch.tensor([[0.0, 1], [2, 3]], dtype=F64)

    def conv(x, k, **kw):
        return F.conv2d(x[None, None], k[None, None], **kw)[0, 0]

    image = torch.ones(6, 8, dtype=F64)
    image[:, 2:6] = 0
    diff = torch.tensor([[1.0, -1.0]], dtype=F64)
    edges = conv(image, diff)

    kernel = randn(1, 2, seed=3).clone().requires_grad_(True)
    for _ in range(20):
        loss = ((conv(image, kernel) - edges) ** 2).mean()
        kernel.grad = None
        loss.backward()
        with torch.no_grad():
            kernel -= 1.0 * kernel.grad

    P = torch.tensor([[1.0, 2, 0, 1], [3, 4, 1, 0], [0, 1, 5, 6], [2, 0, 7, 8]], dtype=F64)
    shifted = torch.ones(6, 8, dtype=F64)
    shifted[:, 0:7] = image[:, 1:8]
    strength = edges.abs()
    strength_shifted = conv(shifted, diff).abs()

    def pool(x):
        return F.max_pool2d(x[None, None], 2)[0, 0]

    train_x, train_y = shape_images(120, seed=1)
    test_x, test_y = shape_images(300, seed=2)

    class TinyCNN(nn.Module):
        def __init__(self, g):
            super().__init__()
            self.conv = GConv2d(g, 1, 4, 3)
            self.fc = GLinear(g, 36, 3)

        def forward(self, x):
            return self.fc(torch.flatten(F.max_pool2d(torch.relu(self.conv(x)), 2), 1))

    class PixelClassifier(nn.Module):
        def __init__(self, g):
            super().__init__()
            self.fc = GLinear(g, 64, 3)

        def forward(self, x):
            return self.fc(torch.flatten(x, 1))

    def train(net):
        opt = adam(net, 0.02)
        losses = []
        for _ in range(200):
            loss = F.cross_entropy(net(train_x), train_y.long())
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        with torch.no_grad():
            return losses, accuracy(net(test_x), test_y)

    cnn = TinyCNN(GradusRandom(0))
    linear = PixelClassifier(GradusRandom(1))
    cnn_losses, cnn_accuracy = train(cnn)
    linear_losses, linear_accuracy = train(linear)
    return {
        "by_hand": conv(X, K),
        "conv_out": conv(X, K),
        "true_conv": conv(X, K.flip(0, 1)),
        "padded": conv(X, K, padding=1),
        "strided": conv(X, K, padding=1, stride=2),
        "edges": edges,
        "learned_kernel": kernel,
        "pooled": pool(P),
        "avg_pooled": F.avg_pool2d(P[None, None], 2)[0, 0],
        "pooled_strength": pool(strength),
        "edges_changed": float((strength_shifted != strength).sum()),
        "pooled_changed": float((pool(strength_shifted) != pool(strength)).sum()),
        "cnn_params": sum(p.numel() for p in cnn.parameters()),
        "linear_params": sum(p.numel() for p in linear.parameters()),
        "cnn_losses": cnn_losses,
        "linear_losses": linear_losses,
        "cnn_final_loss": cnn_losses[-1],
        "linear_final_loss": linear_losses[-1],
        "cnn_accuracy": cnn_accuracy,
        "linear_accuracy": linear_accuracy,
    }


class GRNN(nn.Module):
    """The prelude's `RNN(n_in, n)`: h_t = tanh(x_t W_xh + h_{t−1} W_hh + b) over x [B, T, n_in]."""

    def __init__(self, g, n_in, n):
        super().__init__()
        k = 1 / n**0.5
        self.W_xh = uniform_param(g, (n_in, n), k)
        self.W_hh = uniform_param(g, (n, n), k)
        self.b = uniform_param(g, (n,), k)

    def forward(self, x, use_tanh=True):
        h = torch.zeros(x.shape[0], self.W_hh.shape[0], dtype=F64)
        hs = []
        for t in range(x.shape[1]):
            z = x[:, t] @ self.W_xh + h @ self.W_hh + self.b
            h = torch.tanh(z) if use_tanh else z
            hs.append(h)
        return torch.stack(hs, dim=1)


class GLSTMCell(nn.Module):
    """The prelude's `LSTMCell(n_in, n)`, checked here against torch.nn.LSTMCell."""

    def __init__(self, g, n_in, n):
        super().__init__()
        k = 1 / n**0.5
        self.n = n
        self.W = uniform_param(g, (n_in, 4 * n), k)
        self.U = uniform_param(g, (n, 4 * n), k)
        self.b = uniform_param(g, (4 * n,), k)

    def torch_cell(self):
        cell = nn.LSTMCell(self.W.shape[0], self.n).to(F64)
        with torch.no_grad():
            cell.weight_ih.copy_(self.W.T)
            cell.weight_hh.copy_(self.U.T)
            cell.bias_ih.copy_(self.b)
            cell.bias_hh.zero_()
        return cell

    def forward(self, x, h, c):
        # nn.LSTMCell's arithmetic, written with this module's parameters so that they train.
        return torch._VF.lstm_cell(x, (h, c), self.W.T, self.U.T, self.b, torch.zeros_like(self.b))


def lesson_10():
    W_xh = torch.tensor([[0.5, -1.0]], dtype=F64)
    W_hh = torch.tensor([[1.0, -0.5], [0.5, 1.0]], dtype=F64)
    b = torch.tensor([0.1, -0.1], dtype=F64)
    xs = torch.tensor([[1.0], [0.0], [-1.0]], dtype=F64)
    # torch.nn.RNN stores W_xhᵀ and W_hhᵀ, with two biases that add up to b.
    torch_rnn = nn.RNN(1, 2, batch_first=True).to(F64)
    with torch.no_grad():
        torch_rnn.weight_ih_l0.copy_(W_xh.T)
        torch_rnn.weight_hh_l0.copy_(W_hh.T)
        torch_rnn.bias_ih_l0.copy_(b)
        torch_rnn.bias_hh_l0.zero_()
        hs, _ = torch_rnn(xs[None])

    delay = 3

    class Echo(nn.Module):
        def __init__(self, g, n):
            super().__init__()
            self.rnn = GRNN(g, 1, n)
            self.out = GLinear(g, n, 1)

        def forward(self, x):
            return self.out(self.rnn(x))

    class LSTMEcho(nn.Module):
        def __init__(self, g, n):
            super().__init__()
            self.n = n
            self.cell = GLSTMCell(g, 1, n)
            self.out = GLinear(g, n, 1)

        def forward(self, x):
            h = torch.zeros(x.shape[0], self.n, dtype=F64)
            c = torch.zeros(x.shape[0], self.n, dtype=F64)
            hs = []
            for t in range(x.shape[1]):
                h, c = self.cell(x[:, t], h, c)
                hs.append(h)
            return self.out(torch.stack(hs, dim=1))

    def train(net, steps):
        opt = adam(net, 0.01)
        losses = []
        for step in range(1, steps + 1):
            x = randn(32, 12, 1, seed=step)
            loss = F.mse_loss(net(x)[:, delay:], x[:, 0 : 12 - delay])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        return losses

    echo = Echo(GradusRandom(0), 16)
    rnn_losses = train(echo, 300)
    with torch.no_grad():
        echo_output = echo(randn(1, 12, 1, seed=999))[0, :, 0]

    cell = GLSTMCell(GradusRandom(0), 1, 1)
    with torch.no_grad():
        cell.W.copy_(torch.tensor([[0.5, 0.5, 1.0, 0.5]], dtype=F64))
        cell.U.copy_(torch.tensor([[0.1, 0.1, 0.1, 0.1]], dtype=F64))
        cell.b.copy_(torch.tensor([0.0, 1.0, 0.0, 0.0], dtype=F64))
        z_gates = torch.tensor([[1.0]], dtype=F64) @ cell.W + cell.b
        gates = [
            torch.sigmoid(z_gates[0, 0]),
            torch.sigmoid(z_gates[0, 1]),
            torch.tanh(z_gates[0, 2]),
            torch.sigmoid(z_gates[0, 3]),
        ]
        h_next, c_next = cell.torch_cell()(
            torch.tensor([[1.0]], dtype=F64), (torch.zeros(1, 1, dtype=F64), torch.tensor([[0.5]], dtype=F64))
        )

    lstm_echo = LSTMEcho(GradusRandom(0), 16)
    lstm_losses = train(lstm_echo, 300)

    chain = [[w**k for w in (0.5, 1.0, 1.5)] for k in (1, 5, 10, 20, 50)]

    T = 40
    order = GradusRandom(11).permutation(16)
    shuffle = torch.eye(16, dtype=F64)[order]

    def norms_by_distance(x):
        g = x.grad[:, :, 0]
        return [float(g[:, T - 1 - k].norm()) for k in range(T)]

    def rnn_norms(gain, use_tanh):
        r = GRNN(GradusRandom(5), 1, 16)
        with torch.no_grad():
            r.W_hh.copy_(gain * shuffle)
        x = randn(32, T, 1, seed=7).requires_grad_(True)
        r(x, use_tanh)[:, -1].sum().backward()
        return norms_by_distance(x)

    def lstm_norms(forget_bias):
        c4 = GLSTMCell(GradusRandom(5), 1, 16)
        if forget_bias is not None:
            with torch.no_grad():
                c4.b[16:32] = forget_bias
        x = randn(32, T, 1, seed=7).requires_grad_(True)
        h = torch.zeros(32, 16, dtype=F64)
        c = torch.zeros(32, 16, dtype=F64)
        for t in range(T):
            h, c = c4(x[:, t], h, c)
        h.sum().backward()
        return norms_by_distance(x)

    exploding = rnn_norms(1.5, False)
    return {
        "hs_by_hand": hs[0],
        "rnn_out": hs,
        "rnn_losses": rnn_losses,
        "rnn_final_loss": rnn_losses[-1],
        "echo_output": echo_output,
        "z_gates": z_gates,
        "gates": gates,
        "lstm_step": [h_next[0, 0], c_next[0, 0]],
        "lstm_losses": lstm_losses,
        "lstm_final_loss": lstm_losses[-1],
        "chain": [v for row in chain for v in row],
        "vanishing": rnn_norms(0.5, True),
        "exploding": exploding,
        "lstm_plain": lstm_norms(None),
        "lstm_forget": lstm_norms(3.0),
        "growth_10": exploding[10] / exploding[0],
    }


def lesson_11():
    def t(rows):
        return torch.tensor(rows, dtype=F64)

    Q, K, V = t([[1.0, 0.0]]), t([[1.0, 0.0], [0.0, 1.0]]), t([[1.0, 2.0], [3.0, 4.0]])
    X = t([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    Qs, Ks, Vs = X @ t([[1.0, 0.0], [1.0, 1.0]]), X @ t([[1.0, 1.0], [0.0, 1.0]]), X @ t([[1.0, 0.0], [0.0, 2.0]])
    self_scores = Qs @ Ks.T
    self_weights = torch.softmax(self_scores / math.sqrt(2), dim=-1)

    score_variances = []
    for d in (4, 64, 256):
        dots = (randn(1000, d, seed=1) * randn(1000, d, seed=2)).sum(dim=1)
        score_variances.append(((dots - dots.mean()) ** 2).mean())
    q8, k8 = randn(1, 64, seed=3), randn(8, 64, seed=4)

    # PyTorch's own attention, with a boolean mask (True = may attend).
    causal = torch.ones(3, 3, dtype=torch.bool).tril()
    masked_output = F.scaled_dot_product_attention(Qs, Ks, Vs, attn_mask=causal)
    masked_weights = torch.softmax((Qs @ Ks.T / math.sqrt(2)).masked_fill(~causal, float("-inf")), dim=-1)

    E = 3 * F.one_hot(torch.tensor([0, 1, 2, 3, 0, 4]), 5).to(F64)
    sentence_scores = E @ E.T / math.sqrt(5)
    return {
        "scores": Q @ K.T,
        "scaled": Q @ K.T / math.sqrt(2),
        "weights": torch.softmax(Q @ K.T / math.sqrt(2), dim=-1),
        "output": F.scaled_dot_product_attention(Q, K, V),
        "Qs": Qs,
        "Ks": Ks,
        "Vs": Vs,
        "self_scores": self_scores,
        "self_weights": self_weights,
        "self_output": F.scaled_dot_product_attention(Qs, Ks, Vs),
        "score_variances": score_variances,
        "unscaled_weights": torch.softmax(q8 @ k8.T, dim=-1),
        "scaled_weights": torch.softmax(q8 @ k8.T / 8, dim=-1),
        "mask": causal.double(),
        "masked_weights": masked_weights,
        "masked_output": masked_output,
        "sentence_weights": torch.softmax(sentence_scores, dim=-1),
        "causal_sentence_weights": torch.softmax(
            sentence_scores.masked_fill(~torch.ones(6, 6, dtype=torch.bool).tril(), float("-inf")), dim=-1
        ),
    }


def torch_attention(g, d, heads):
    """A torch.nn.MultiheadAttention holding the weights of Gradus's `MultiHeadAttention(d, heads)`
    drawn from generator g (Linear q, k, v, o in that order)."""
    q, k, v, o = (GLinear(g, d, d) for _ in range(4))
    return load_attention(nn.MultiheadAttention(d, heads, batch_first=True).to(F64), q, k, v, o)


def load_attention(attention, q, k, v, o):
    with torch.no_grad():
        attention.in_proj_weight.copy_(torch.cat([q.W.T, k.W.T, v.W.T]))
        attention.in_proj_bias.copy_(torch.cat([q.b, k.b, v.b]))
        attention.out_proj.weight.copy_(o.W.T)
        attention.out_proj.bias.copy_(o.b)
    return attention


def sinusoidal(max_len, d):
    """The positional-encoding table, written out from the formula."""
    table = torch.zeros(max_len, d, dtype=F64)
    for pos in range(max_len):
        for i in range(0, d, 2):
            table[pos, i] = math.sin(pos / 10000 ** (i / d))
            table[pos, i + 1] = math.cos(pos / 10000 ** (i / d))
    return table


def lesson_12():
    X = torch.tensor([[[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0], [1.0, 1.0, 0.0, 0.0]]], dtype=F64)
    W_o = torch.tensor(
        [[0.5, 0.0, 0.5, 0.0], [0.0, 0.5, 0.0, 0.5], [0.5, 0.0, -0.5, 0.0], [0.0, 0.5, 0.0, -0.5]], dtype=F64
    )
    # torch's MultiheadAttention with identity projections, zero biases and W_o: an independent
    # implementation of the split, per-head attention, concatenation and output projection.
    g = GradusRandom(0)
    q, k, v, o = (GLinear(g, 4, 4) for _ in range(4))
    with torch.no_grad():
        for layer in (q, k, v):
            layer.W.copy_(torch.eye(4, dtype=F64))
        o.W.copy_(W_o)
        for layer in (q, k, v, o):
            layer.b.zero_()
    small = load_attention(nn.MultiheadAttention(4, 2, batch_first=True).to(F64), q, k, v, o)
    with torch.no_grad():
        mha_out, head_weights = small(X, X, X, average_attn_weights=False)
    heads = [X[0, :, 0:2], X[0, :, 2:4]]
    concatenated = torch.cat([head_weights[0, h] @ heads[h] for h in range(2)], dim=1)

    mha16 = torch_attention(GradusRandom(1), 16, 4)
    tokens = randn(1, 6, 16, seed=2)
    with torch.no_grad():
        y16, weights16 = mha16(tokens, tokens, tokens, average_attn_weights=False)
        reversed_tokens = tokens.flip(1)
        reversed_out = mha16(reversed_tokens, reversed_tokens, reversed_tokens)[0]

    pe_table = sinusoidal(4, 4)
    big_pe = sinusoidal(32, 16)
    return {
        "head_0": heads[0],
        "head_1": heads[1],
        "head_weights": head_weights,
        "concatenated": concatenated,
        "by_hand": concatenated @ W_o,
        "mha_out": mha_out,
        "mha_params": sum(p.numel() for p in small.parameters()),
        "mha_512": sum(p.numel() for p in nn.MultiheadAttention(512, 8).parameters()),
        "weights16": weights16,
        "y16": y16,
        "order_difference": (reversed_out.flip(1) - y16).abs().max(),
        "pe_table": pe_table,
        "pe_row_1": pe_table[1],
        "prelude_table": pe_table,
        "pe_dots": [big_pe[0] @ big_pe[3], big_pe[10] @ big_pe[13], big_pe[0] @ big_pe[1]],
    }


def gelu_tanh(x):
    return F.gelu(x, approximate="tanh")


def torch_block(g, d, heads, d_ff):
    """torch.nn.TransformerEncoderLayer (pre-LayerNorm, tanh GELU, no dropout) holding the weights
    of Gradus's `TransformerBlock(d, heads, d_ff)` drawn from generator g."""
    q, k, v, o = (GLinear(g, d, d) for _ in range(4))
    ff1, ff2 = GLinear(g, d, d_ff), GLinear(g, d_ff, d)
    layer = nn.TransformerEncoderLayer(
        d, heads, d_ff, dropout=0.0, activation=gelu_tanh, batch_first=True, norm_first=True
    ).to(F64)
    load_attention(layer.self_attn, q, k, v, o)
    with torch.no_grad():
        layer.linear1.weight.copy_(ff1.W.T)
        layer.linear1.bias.copy_(ff1.b)
        layer.linear2.weight.copy_(ff2.W.T)
        layer.linear2.bias.copy_(ff2.b)
    return layer


def causal_mask(T):
    return nn.Transformer.generate_square_subsequent_mask(T, dtype=F64)


def lesson_13():
    g = GradusRandom(3)
    layers = [GLinear(g, 16, 16) for _ in range(20)]
    gradients = []
    for residual in (False, True):
        for layer in layers:
            layer.zero_grad()
        h = randn(8, 16, seed=4)
        for layer in layers:
            h = h + torch.tanh(layer(h)) if residual else torch.tanh(layer(h))
        h.sum().backward()
        gradients.append(float(layers[0].W.grad.norm()))

    block = torch_block(GradusRandom(0), 32, 2, 64)
    x5 = randn(1, 5, 32, seed=1)
    x5_changed = torch.cat([x5[:, 0:4], randn(1, 1, 32, seed=2)], dim=1)
    with torch.no_grad():
        y5 = block(x5, src_mask=causal_mask(5))
        y5_changed = block(x5_changed, src_mask=causal_mask(5))

    n, SEP = 8, 10

    def reversal_examples(count, s):
        digits = randint(0, 10, count, n, seed=s).long()
        return torch.cat([digits, torch.full((count, 1), SEP), digits.flip(1)], dim=1)

    class Reverser(nn.Module):
        def __init__(self, g, vocab, max_len, d, heads, d_ff, causal=True):
            super().__init__()
            self.tok = nn.Parameter(randn_from(g, vocab, d))
            self.register_buffer("table", sinusoidal(max_len, d))
            self.block = torch_block(g, d, heads, d_ff)
            self.ln = GLayerNorm(d)
            self.head = GLinear(g, d, vocab)
            self.causal = causal

        def embed(self, x):
            return self.tok[x] + self.table[0 : x.shape[1]]

        def mask(self, T):
            return causal_mask(T) if self.causal else None

        def forward(self, x):
            return self.head(self.ln(self.block(self.embed(x), src_mask=self.mask(x.shape[1]))))

        def attention_weights(self, x):
            """Each head's weights in the block, as Gradus's MultiHeadAttention keeps them."""
            e = self.block.norm1(self.embed(x))
            mask = self.mask(x.shape[1])
            return self.block.self_attn(e, e, e, attn_mask=mask, average_attn_weights=False)[1]

    def train(net, steps):
        opt = adam(net, 0.01)
        losses = []
        for step in range(1, steps + 1):
            batch = reversal_examples(64, step)
            logits = net(batch[:, 0 : 2 * n])
            loss = F.cross_entropy(logits[:, n:].reshape(-1, 11), batch[:, n + 1 :].reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        return losses

    def generate(net, first_half):
        tokens = torch.cat([first_half, torch.full((first_half.shape[0], 1), SEP)], dim=1)
        for _ in range(n):
            next_token = net(tokens)[:, -1].argmax(dim=-1)
            tokens = torch.cat([tokens, next_token[:, None]], dim=1)
        return tokens

    example = torch.tensor([[3, 1, 4, 1, 5, 9, 2, 6, 10, 6, 2, 9, 5, 1, 4, 1]])
    net = Reverser(GradusRandom(0), 11, 2 * n, 32, 2, 64)
    with torch.no_grad():
        weights_before = net.attention_weights(example)[0, 0]
    losses = train(net, 200)
    test = reversal_examples(200, 12345)
    with torch.no_grad():
        weights_after = net.attention_weights(example)
        generated = generate(net, example[:, 0:n])[0, n + 1 :]
        answers = generate(net, test[:, 0:n])[:, n + 1 :]

    unmasked = Reverser(GradusRandom(0), 11, 2 * n, 32, 2, 64, causal=False)
    train(unmasked, 100)
    with torch.no_grad():
        forced = unmasked(test[:, 0 : 2 * n])[:, n:].argmax(dim=-1)
        unmasked_answers = generate(unmasked, test[:, 0:n])[:, n + 1 :]

    def accuracies(answers):
        right = answers == test[:, n + 1 :]
        return float(right.double().mean()), float(right.all(dim=1).double().mean())

    token_accuracy, sequence_accuracy = accuracies(answers)
    unmasked_token_accuracy, unmasked_sequence_accuracy = accuracies(unmasked_answers)
    return {
        "normalised": F.layer_norm(torch.tensor([1.0, 2.0, 3.0], dtype=F64), (3,)),
        "gradient_plain": gradients[0],
        "gradient_residual": gradients[1],
        "causal_change": [(y5_changed[:, 0:4] - y5[:, 0:4]).abs().max(), (y5_changed[:, 4] - y5[:, 4]).abs().max()],
        "n_params": sum(p.numel() for p in net.parameters()),
        "weights_before": weights_before,
        "separator_before": weights_before[8],
        "losses": losses,
        "first_loss": losses[0],
        "final_loss": losses[-1],
        "weights_after": weights_after,
        "separator_after": weights_after[0, 0, 8],
        "generated": generated,
        "token_accuracy": token_accuracy,
        "sequence_accuracy": sequence_accuracy,
        "unmasked_forced_accuracy": float((forced == test[:, n + 1 :]).double().mean()),
        "unmasked_token_accuracy": unmasked_token_accuracy,
        "unmasked_sequence_accuracy": unmasked_sequence_accuracy,
    }


def randn_from(g, *shape):
    """`randn(sizes…)` drawn from the session generator g (as `Embedding` does after `seed(n)`)."""
    return f32(torch.tensor([g.normal() for _ in range(math.prod(shape))], dtype=F64).reshape(shape))


class SeedMultiHeadAttention(nn.Module):
    """The seed article's section 4.2 MultiHeadAttention, as written (its parameters: four Linears)."""

    def __init__(self, d_model, num_heads):
        super().__init__()
        self.d_model = d_model
        self.num_heads = num_heads
        self.head_size = d_model // num_heads
        self.linear_q = nn.Linear(d_model, d_model)
        self.linear_k = nn.Linear(d_model, d_model)
        self.linear_v = nn.Linear(d_model, d_model)
        self.linear_out = nn.Linear(d_model, d_model)


class SeedTransformer(nn.Module):
    """The seed's Transformer; its PositionalEncoding (which cannot run) holds no parameters."""

    def __init__(self, d_model, N, num_layers, num_heads):
        super().__init__()
        self.embedding = nn.Embedding(N, d_model)
        self.transformer_layers = nn.ModuleList([SeedMultiHeadAttention(d_model, num_heads) for _ in range(num_layers)])
        self.linear = nn.Linear(d_model, N)


class GPT(nn.Module):
    """GPT-2/GPT-3 shaped: token and learned position embeddings, pre-LayerNorm blocks of width 4d,
    a final LayerNorm, an output layer tied to the token embedding or a separate Linear."""

    def __init__(self, V, C, d, L, H, tied):
        super().__init__()
        self.tok = nn.Embedding(V, d)
        self.pos = nn.Embedding(C, d)
        self.blocks = nn.ModuleList(
            nn.TransformerEncoderLayer(
                d, H, 4 * d, dropout=0.0, activation=gelu_tanh, batch_first=True, norm_first=True
            )
            for _ in range(L)
        )
        self.ln = nn.LayerNorm(d)
        self.head = None if tied else nn.Linear(d, V)

    def forward(self, x):
        T = x.shape[1]
        h = self.tok(x) + self.pos(torch.arange(T, device=x.device))
        mask = nn.Transformer.generate_square_subsequent_mask(T, device=x.device)
        for block in self.blocks:
            h = block(h, src_mask=mask)
        h = self.ln(h)
        return h @ self.tok.weight.T if self.head is None else self.head(h)


def lesson_14():
    from torch.utils.flop_counter import FlopCounterMode

    def count(module):
        return sum(p.numel() for p in module.parameters())

    def forward_flops(module, x):
        counter = FlopCounterMode(display=False)
        with counter:
            module(x)
        return counter.get_total_flops()

    # Everything on PyTorch's "meta" device: shapes only, nothing allocated, as in `analyze`.
    with torch.device("meta"):
        seed_net = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 1))
        seed_net_flops = forward_flops(seed_net, torch.zeros(64, 10))
        seed_transformer = SeedTransformer(512, 10000, 6, 8)
        configs = {
            "gpt2": (50257, 1024, 768, 12, 12, True),
            "gpt2_xl": (50257, 1024, 1600, 48, 25, True),
            "gpt3": (50257, 2048, 12288, 96, 96, False),
            "gpt3_tied": (50257, 2048, 12288, 96, 96, True),
        }
        models = {name: GPT(*config) for name, config in configs.items()}
        flops_per_token = [
            forward_flops(models[name], torch.zeros(1, configs[name][1], dtype=torch.long)) / configs[name][1]
            for name in ("gpt2", "gpt2_xl", "gpt3")
        ]
    params = {name: count(model) for name, model in models.items()}
    counts = [count(seed_net), count(seed_transformer), params["gpt2"], params["gpt2_xl"], params["gpt3_tied"]]
    training_flops = 6.0 * params["gpt3_tied"] * 300e9
    return {
        "seed_net_params": count(seed_net),
        "seed_net_flops": seed_net_flops,
        "seed_transformer_params": count(seed_transformer),
        "small_params": count(GPT(50, 16, 8, 2, 2, False)),
        "gpt2_params": params["gpt2"],
        "gpt2_xl_params": params["gpt2_xl"],
        "gpt3_params": params["gpt3"],
        "gpt3_tied_params": params["gpt3_tied"],
        "formula_params": [params["gpt2"], params["gpt2_xl"], params["gpt3"], params["gpt3_tied"]],
        "block_share": count(models["gpt3_tied"].blocks) / params["gpt3_tied"],
        "weights_gb": [2 * c / 1e9 for c in counts],
        "training_gb": [16 * c / 1e9 for c in counts],
        "devices_to_run": math.ceil(2 * params["gpt3_tied"] / 80e9),
        "devices_to_train": math.ceil(16 * params["gpt3_tied"] / 80e9),
        "flops_per_token": flops_per_token,
        "training_flops": training_flops,
        "years_one_device": training_flops / 1e14 / (365.25 * 24 * 3600),
        "days_thousand_devices": training_flops / 1e14 / 1000 / (24 * 3600),
    }


LESSONS = {
    "08-augmentation": lesson_08,
    "09-convolution": lesson_09,
    "10-recurrence": lesson_10,
    "11-attention": lesson_11,
    "12-multi-head": lesson_12,
    "13-transformer": lesson_13,
    "14-how-big-is-big": lesson_14,
}


def main():
    return update_fixture(LESSONS, __doc__, "make_lesson_fixtures_08_14.py", "08–14")


if __name__ == "__main__":
    sys.exit(main())
