#!/usr/bin/env python3
"""Adds lessons 19–21's key numbers to Tests/GradusNotebookTests/Fixtures/lessons.json.

The companion of scripts/make_lesson_fixtures.py (lessons 00–07) and make_lesson_fixtures_08_14.py,
with the same conventions: every number a lesson prints for the learner to check is recomputed here
independently — PyTorch in float64, or plain Python — under the name of the lesson's top-level
variable that holds it, and Tests/GradusNotebookTests/LessonNumbersTests.swift compares them
(1e-4 relative + 1e-4 absolute: Gradus computes in float32). The script reads lessons.json,
replaces the entries of lessons 19–21 and writes it back with the lessons in sorted order.

Where the data come from:
- Lesson 19's number pairs are written out here from the rules of the two languages; its images
  (`rand`, `randint`) and recordings (`rand`, `randint`, `randn`) are regenerated with the
  transcription of Gradus's generator (`GradusRandom`), and every model is initialised in the order
  the prelude draws (see make_lesson_fixtures_08_14.py) and trained here in PyTorch.
- Lesson 20's corpus is read from lessons/data/gpt-corpus.csv (written by
  scripts/make_gpt_corpus.py) and its trained model from lessons/data/gpt.safetensors (written by
  Gradus: `gradus run lessons/data/train-gpt.grad`); the thirty training steps the lesson runs and
  everything it computes from the checkpoint are recomputed here.
- Lesson 21's sentences are generated here from the same word lists as the lesson.

Usage (from the repository root; needs torch 2.x and safetensors):
    .venv/bin/python scripts/make_lesson_fixtures_19_21.py            # update the fixture
    .venv/bin/python scripts/make_lesson_fixtures_19_21.py --check    # fail if it would change
"""

import math
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from make_lesson_fixtures import F64, ROOT, GradusRandom, rand_uniform, randn, update_fixture
from make_lesson_fixtures_08_14 import (
    GLayerNorm,
    GLinear,
    adam,
    causal_mask,
    rand,
    randint,
    randn_from,
    sinusoidal,
    torch_block,
    uniform_param,
)


class TinyLM(nn.Module):
    """Lessons 19 and 20's language models: Embedding, PositionalEncoding, causal
    TransformerBlocks, LayerNorm, Linear, initialised from generator g in the prelude's order."""

    def __init__(self, g, vocab, max_len, d, heads, d_ff, n_layers=1):
        super().__init__()
        self.tok = nn.Parameter(randn_from(g, vocab, d))
        self.register_buffer("table", sinusoidal(max_len, d))
        self.blocks = nn.ModuleList([torch_block(g, d, heads, d_ff) for _ in range(n_layers)])
        self.ln = GLayerNorm(d)
        self.head = GLinear(g, d, vocab)

    def forward(self, x):
        h = self.tok[x] + self.table[0 : x.shape[1]]
        for block in self.blocks:
            h = block(h, src_mask=causal_mask(x.shape[1]))
        return self.head(self.ln(h))

    def attention_weights(self, x, layer=0):
        h = self.tok[x] + self.table[0 : x.shape[1]]
        for block in self.blocks[:layer]:
            h = block(h, src_mask=causal_mask(x.shape[1]))
        e = self.blocks[layer].norm1(h)
        mask = causal_mask(x.shape[1])
        return self.blocks[layer].self_attn(e, e, e, attn_mask=mask, average_attn_weights=False)[1]


def train_full_batch(net, loss_of, steps, lr=0.01):
    opt = adam(net, lr)
    losses = []
    for _ in range(steps):
        loss = loss_of(net)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


# ── lesson 19 ───────────────────────────────────────────────────────────────

SEP, TEN = 38, 37


def english_tokens(n):
    return [n, 0] if n < 20 else [18 + n // 10, n % 10]


def chinese_tokens(n):
    tens, units = divmod(n, 10)
    if n < 10:
        return [27 + units, 0, 0, 0]
    if tens == 1:
        return [TEN, 0, 0, 0] if units == 0 else [TEN, 27 + units, 0, 0]
    if units == 0:
        return [27 + tens, TEN, 0, 0]
    return [27 + tens, TEN, 27 + units, 0]


def translation():
    pairs = torch.tensor([english_tokens(n) + [SEP] + chinese_tokens(n) for n in range(1, 100)])
    order = GradusRandom(19).permutation(99)
    test, train = pairs[order[:19]], pairs[order[19:]]
    net = TinyLM(GradusRandom(0), 39, 8, 32, 2, 64)

    def loss_of(network):
        return F.cross_entropy(network(train[:, 0:6])[:, 2:].reshape(-1, 39), train[:, 3:].reshape(-1))

    losses = train_full_batch(net, loss_of, 150)
    with torch.no_grad():
        tokens = test[:, 0:3]
        for _ in range(4):
            tokens = torch.cat([tokens, net(tokens)[:, -1].argmax(dim=-1)[:, None]], dim=1)
        right = (tokens[:, 3:] == test[:, 3:]).all(dim=1)
        weights = net.attention_weights(torch.tensor([[23, 7, SEP, 32, TEN, 34]]))
    return {
        "pairs": pairs,
        "held_out": [o + 1 for o in order[:19]],
        "translation_losses": losses,
        "translations": tokens[:, 3:],
        "translation_accuracy": float(right.double().mean()),
        "fifty_seven_weights": weights[0, 0],
    }


def square_images(count, s):
    sides = randint(2, 5, count, seed=s)
    corners = rand(count, 2, seed=s + 1).float()
    images = rand(count, 1, 12, 12, high=0.5, seed=s + 2)
    boxes = torch.zeros(count, 4, dtype=F64)
    for i in range(count):
        side = int(sides[i])
        top = int(corners[i, 0] * (13 - side))  # float32 products, as Gradus computes them
        left = int(corners[i, 1] * (13 - side))
        images[i, 0, top : top + side, left : left + side] = 1.0
        boxes[i] = torch.tensor([top, left, top + side, left + side], dtype=F64)
    return images, boxes / 12


def iou(a, b):
    height = (torch.minimum(a[..., 2], b[..., 2]) - torch.maximum(a[..., 0], b[..., 0])).clamp(min=0)
    width = (torch.minimum(a[..., 3], b[..., 3]) - torch.maximum(a[..., 1], b[..., 1])).clamp(min=0)
    inter = height * width
    area_a = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1])
    area_b = (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
    return inter / (area_a + area_b - inter)


class Detector(nn.Module):
    def __init__(self, g):
        super().__init__()
        bound = 1 / 9**0.5
        self.W = uniform_param(g, (8, 1, 3, 3), bound)
        self.b = uniform_param(g, (8,), bound)
        self.hidden = GLinear(g, 8 * 24, 32)
        self.head = GLinear(g, 32, 4)

    def forward(self, x):
        features = torch.relu(F.conv2d(x, self.W, self.b, padding=1))
        profiles = torch.cat([features.amax(dim=3), features.amax(dim=2)], dim=2)
        return torch.sigmoid(self.head(torch.relu(self.hidden(torch.flatten(profiles, 1)))))


def detection():
    train_x, train_y = square_images(300, 1)
    test_x, test_y = square_images(100, 2)
    net = Detector(GradusRandom(0))
    losses = train_full_batch(net, lambda n: F.smooth_l1_loss(n(train_x), train_y, beta=1 / 12), 150, lr=0.003)
    with torch.no_grad():
        test_iou = iou(net(test_x), test_y)
    return {
        "train_boxes": train_y,
        "iou_by_hand": iou(torch.tensor([2.0, 2, 6, 6], dtype=F64), torch.tensor([4.0, 4, 8, 8], dtype=F64)),
        "box_losses": losses,
        "test_iou": test_iou,
        "mean_iou": float(test_iou.mean()),
        "hit_rate": float((test_iou >= 0.5).double().mean()),
    }


def recordings(count, s):
    first_high = randint(0, 2, count, seed=s)
    second_high = randint(0, 2, count, seed=s + 3)
    words = 2 * first_high + second_high
    first_k = 3 + 5 * first_high
    second_k = 3 + 5 * second_high
    phases = rand(count, 2, high=2 * math.pi, seed=s + 1)
    t = torch.arange(128, dtype=F64)
    first = torch.cos(2 * math.pi * first_k[:, None] * t / 32 + phases[:, 0:1])
    second = torch.cos(2 * math.pi * second_k[:, None] * t / 32 + phases[:, 1:2])
    return torch.cat([first, second], dim=1) + 0.3 * randn(count, 256, seed=s + 2), words


def speech():
    angles = 2 * math.pi * torch.arange(32, dtype=F64)[:, None] * torch.arange(17, dtype=F64) / 32

    def spectrum(frames):
        return torch.sqrt((frames @ torch.cos(angles)) ** 2 + (frames @ torch.sin(angles)) ** 2)

    train_x, train_words = recordings(200, 10)
    test_x, test_words = recordings(200, 20)
    train_s = spectrum(train_x.reshape(200, 8, 32))
    test_s = spectrum(test_x.reshape(200, 8, 32))

    def accuracy_of(train_in, test_in):
        classifier = GLinear(GradusRandom(0), train_in.shape[1], 4)
        train_full_batch(classifier, lambda c: F.cross_entropy(c(train_in), train_words.long()), 200)
        with torch.no_grad():
            return float((classifier(test_in).argmax(dim=-1) == test_words.long()).double().mean())

    clean = torch.cos(2 * math.pi * 3 * torch.arange(32, dtype=F64) / 32 + 1.0)
    return {
        "clean_spectrum": spectrum(clean),
        "train_words": train_words,
        "word_accuracies": [
            accuracy_of(train_x, test_x),
            accuracy_of(train_s.mean(dim=1), test_s.mean(dim=1)),
            accuracy_of(train_s.flatten(1), test_s.flatten(1)),
        ],
    }


def lesson_19():
    return translation() | detection() | speech()


# ── lesson 20 ───────────────────────────────────────────────────────────────

CONTEXT, V = 32, 29
DATA = ROOT / "lessons" / "data"


def corpus_ids():
    rows = [[float(v) for v in line.split(",")] for line in (DATA / "gpt-corpus.csv").read_text().split()]
    return torch.tensor(rows, dtype=F64).reshape(-1).long()


def gpt(g):
    return TinyLM(g, V, CONTEXT, 64, 4, 256, n_layers=2)


def load_checkpoint(net):
    """lessons/data/gpt.safetensors (Gradus's parameter names) into TinyLM's torch layout."""
    from safetensors.torch import load_file

    saved = {k: v.to(F64) for k, v in load_file(str(DATA / "gpt.safetensors")).items()}
    with torch.no_grad():
        net.tok.copy_(saved["tok.W"])
        for i, block in enumerate(net.blocks):
            p = f"blocks.{i}."
            block.norm1.weight.copy_(saved[p + "ln1.gamma"])
            block.norm1.bias.copy_(saved[p + "ln1.beta"])
            block.norm2.weight.copy_(saved[p + "ln2.gamma"])
            block.norm2.bias.copy_(saved[p + "ln2.beta"])
            a = p + "attention."
            block.self_attn.in_proj_weight.copy_(torch.cat([saved[a + n + ".W"].T for n in "qkv"]))
            block.self_attn.in_proj_bias.copy_(torch.cat([saved[a + n + ".b"] for n in "qkv"]))
            block.self_attn.out_proj.weight.copy_(saved[a + "o.W"].T)
            block.self_attn.out_proj.bias.copy_(saved[a + "o.b"])
            block.linear1.weight.copy_(saved[p + "ff1.W"].T)
            block.linear1.bias.copy_(saved[p + "ff1.b"])
            block.linear2.weight.copy_(saved[p + "ff2.W"].T)
            block.linear2.bias.copy_(saved[p + "ff2.b"])
        net.ln.gamma.copy_(saved["ln.gamma"])
        net.ln.beta.copy_(saved["ln.beta"])
        net.head.W.copy_(saved["head.W"])
        net.head.b.copy_(saved["head.b"])
    return net


def windows(ids, count, s):
    starts = randint(0, len(ids) - CONTEXT, count, seed=s).long()
    return ids[starts[:, None] + torch.arange(CONTEXT + 1)]


def lm_loss(net, batch):
    return F.cross_entropy(net(batch[:, 0:CONTEXT]).reshape(-1, V), batch[:, 1:].reshape(-1))


def top_k(scores, k):
    at_least_as_high = (scores[None, :] >= scores[:, None]).sum(dim=1)
    return torch.where(at_least_as_high <= k, scores, torch.tensor(-1e9, dtype=F64))


def draw(p, u):
    return min(int((torch.cumsum(p, 0) <= u).sum()), V - 1)


def generate(net, start, count, temperature, k, s):
    tokens = [int(t) for t in start]
    us = rand(count, seed=s)
    with torch.no_grad():
        for i in range(count):
            window = torch.tensor(tokens[-CONTEXT:])[None]
            scores = net(window)[0, -1]
            tokens.append(draw(torch.softmax(top_k(scores / temperature, k), 0), float(us[i])))
    return tokens


PROMPT = [20, 8, 5, 0, 13, 15, 4, 5, 12, 0, 18, 5, 1, 4, 19, 0, 20, 8, 5, 0]


def lesson_20():
    corpus = corpus_ids()
    n_train = int(0.9 * len(corpus))
    counts = F.one_hot(corpus[:n_train], V).sum(dim=0).to(F64)
    frequencies = counts / n_train
    nonzero = frequencies[counts > 0]
    validation = windows(corpus[n_train:], 256, 7)
    net = gpt(GradusRandom(20))
    with torch.no_grad():
        untrained_loss = lm_loss(net, validation).item()
    opt = adam(net, 0.003)
    short_losses = []
    for step in range(1, 31):
        loss = lm_loss(net, windows(corpus[:n_train], 32, 1000 + step))
        opt.zero_grad()
        loss.backward()
        opt.step()
        short_losses.append(loss.item())
    trained = load_checkpoint(gpt(GradusRandom(0)))
    with torch.no_grad():
        short_validation_loss = lm_loss(net, validation).item()
        trained_loss = lm_loss(trained, validation).item()
        logits = trained(torch.tensor([PROMPT]))[0, -1]
    top5 = torch.softmax(top_k(logits, 5), 0)
    start = PROMPT[0:4]
    return {
        "n_train": n_train,
        "uniform_loss": math.log(V),
        "frequencies": frequencies,
        "unigram_loss": float(-(nonzero * nonzero.log()).sum()),
        "gpt_params": sum(p.numel() for p in net.parameters()),
        "untrained_loss": untrained_loss,
        "short_losses": short_losses,
        "short_validation_loss": short_validation_loss,
        "trained_loss": trained_loss,
        "logits": logits,
        "probabilities": torch.softmax(logits, 0),
        "temperature_probabilities": torch.stack([torch.softmax(logits / t, 0) for t in (0.5, 1.0, 2.0)]),
        "top5_probabilities": top5,
        "running_sums": torch.cumsum(top5, 0),
        "drawn": draw(top5, 0.5),
        "sample_untrained": generate(gpt(GradusRandom(20)), start, 120, 1.0, V, 1),
        "sample_short": generate(net, start, 120, 1.0, V, 1),
        "sample_trained": generate(trained, start, 120, 1.0, V, 1),
        "sample_careful": generate(trained, start, 120, 0.7, 5, 1),
        "sample_greedy": generate(trained, start, 120, 1.0, 1, 1),
    }


# ── lesson 21 ───────────────────────────────────────────────────────────────

SUBJECTS = ["film", "food", "hotel", "book", "music", "service"]
N_WORDS = 6 + 8 + 1  # the subjects, 8 adjectives (4 positive first), and "okay"


def features(subject, adjective):
    x = torch.zeros(N_WORDS, dtype=F64)
    x[subject] = 1
    x[6 + adjective] = 1
    return x


def sentiment_data(copies):
    rows, targets = [], []
    for s in range(6):
        for a in range(8):
            for _ in range(copies(s, a < 4)):
                rows.append(features(s, a))
                targets.append(1.0 if a < 4 else 0.0)
    return torch.stack(rows), torch.tensor(targets, dtype=F64)


def train_sentiment(x, y):
    w = torch.zeros(N_WORDS, dtype=F64, requires_grad=True)
    b = torch.zeros((), dtype=F64, requires_grad=True)
    for _ in range(300):
        loss = F.binary_cross_entropy_with_logits(x @ w + b, y) + 0.01 * (w**2).sum()
        w.grad = b.grad = None
        loss.backward()
        with torch.no_grad():
            w -= 0.5 * w.grad
            b -= 0.5 * b.grad
    return w.detach(), b.detach()


def skewed_copies(subject, positive):
    if subject == 2:
        return 1 if positive else 9
    if subject == 0:
        return 9 if positive else 1
    return 5


def gpt_params_formula(V_, C, d, L):
    """Lesson 14's count without an output layer (tied), which is GPT3Shape's."""
    return V_ * d + C * d + L * (12 * d**2 + 13 * d) + 2 * d


def lesson_21():
    corpus = corpus_ids()
    net = load_checkpoint(gpt(GradusRandom(0)))
    ids = corpus[14795:14819]
    T = len(ids)
    with torch.no_grad():
        next_logits = net(ids[None])
        weights = net.attention_weights(ids[None])[0]
    previous = torch.diag_embed(torch.ones(T - 1, dtype=F64), offset=-1)
    predicted = int(next_logits[0, -1].argmax())
    embedded = net.tok[ids[None]].detach().requires_grad_(True)
    h = embedded + net.table[0:T]
    for block in net.blocks:
        h = block(h, src_mask=causal_mask(T))
    torch.log_softmax(net.head(net.ln(h))[0, -1], 0)[predicted].backward()
    saliency = embedded.grad[0].norm(dim=-1)

    x, y = sentiment_data(skewed_copies)
    w, b = train_sentiment(x, y)
    okay = [float(torch.sigmoid(features(s, 8) @ w + b)) for s in range(6)]
    bw, bb = train_sentiment(*sentiment_data(lambda s, positive: 5))
    balanced_okay = [float(torch.sigmoid(features(s, 8) @ bw + bb)) for s in range(6)]

    small_params = sum(p.numel() for p in net.parameters())
    small_flops = 6.0 * small_params * 1500 * 32 * 32
    gpt3_params = gpt_params_formula(50257, 2048, 12288, 96)
    gpt3_flops = 6.0 * gpt3_params * 300e9
    joules_per_flop = 400 / 1e14 * 1.1
    return {
        "weights": weights,
        "previous_share": [float((weights[h] * previous).sum() / (T - 1)) for h in range(4)],
        "self_share": [float((weights[h][1:] * torch.eye(T, dtype=F64)[1:]).sum() / (T - 1)) for h in range(4)],
        "predicted": predicted,
        "text_saliency": saliency,
        "nearest_share": float(saliency[T - 5 :].sum() / saliency.sum()),
        "Y": y,
        "word_weights": w,
        "bias": b,
        "okay_probabilities": okay,
        "balanced_weights": bw,
        "balanced_okay": balanced_okay,
        "small_params": small_params,
        "small_flops": small_flops,
        "gpt3_params": gpt3_params,
        "gpt3_flops": gpt3_flops,
        "small_kwh": small_flops * joules_per_flop / 3.6e6,
        "gpt3_kwh": gpt3_flops * joules_per_flop / 3.6e6,
        "scale_ratio": gpt3_flops / small_flops,
    }


LESSONS = {
    "19-applications": lesson_19,
    "20-gpt-that-writes": lesson_20,
    "21-impact": lesson_21,
}


def main():
    return update_fixture(LESSONS, __doc__, "make_lesson_fixtures_19_21.py", "19–21")


if __name__ == "__main__":
    sys.exit(main())
