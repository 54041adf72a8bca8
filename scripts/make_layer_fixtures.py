#!/usr/bin/env python3
"""Writes Tests/GradusRuntimeTests/Fixtures/layers.json: PyTorch's values for the prelude.

The prelude's layers, losses, optimizers, schedules and gradient clipping are written in Gradus
(Sources/GradusRuntime/Prelude/prelude.grad). This script builds each one in PyTorch (float64,
mostly from torch.nn itself) with small fixed weights and records what PyTorch computes:

- layers and losses: the parameters (keyed by their Gradus path, e.g. `net.q.W`), the inputs,
  the forward outputs, and the gradients of the test's loss, usually sum(out * R) for a fixed
  random R, with respect to the inputs and every parameter;
- optimizers: a two-layer network's parameters after each of several steps;
- schedules: the learning rate at each step, from torch.optim.lr_scheduler.

Every input and weight is rounded to float32 first, so the Gradus tests (float32, the Gradus
default) start from exactly the values PyTorch used; they differ only by float32 arithmetic.

Gradus conventions, mapped here: `Linear` keeps W = torch weight.T ([n_in, n_out]);
`MultiHeadAttention` has separate q/k/v/o Linears (torch splits in_proj_weight into three);
mask 1 = may attend (torch's boolean attn_mask is True = may not); `gelu` is the tanh
approximation; RNN and LSTMCell have one bias (torch's bias_hh is set to zero).

Usage (from the repository root; needs torch 2.x and numpy):
    .venv/bin/python scripts/make_layer_fixtures.py            # write the fixture
    .venv/bin/python scripts/make_layer_fixtures.py --check    # fail if it would change
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
OUTPUT = ROOT / "Tests" / "GradusRuntimeTests" / "Fixtures" / "layers.json"
F64 = torch.float64

generator = torch.Generator().manual_seed(1234)


def f32(t):
    """Values exactly representable in float32, held in float64."""
    return t.to(torch.float32).to(F64)


def randn(*shape, scale=1.0):
    return f32(torch.randn(*shape, generator=generator, dtype=F64) * scale)


def array(t):
    t = torch.as_tensor(t, dtype=F64).detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1)]}


def leaf(t):
    return t.clone().requires_grad_(True)


def randomize(module, scale=0.5):
    """Overwrites every parameter with fixed float32-exact values (torch inits some to 0 or 1)."""
    module.to(F64)
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name.endswith("weight") and isinstance(module_of(module, name), nn.LayerNorm):
                p.copy_(1 + randn(*p.shape, scale=0.2))
            else:
                p.copy_(randn(*p.shape, scale=scale))
    return module


def module_of(root, name):
    for part in name.split(".")[:-1]:
        root = getattr(root, part)
    return root


def layer_case(params, inputs, outputs, grads):
    """params: Gradus path -> value; inputs: name -> value (those in grads become parameters);
    outputs: Gradus expression -> value; grads: Gradus expression e -> value of grad(e)."""
    return {
        "params": {k: array(v) for k, v in params.items()},
        "inputs": {k: array(v) for k, v in inputs.items()},
        "outputs": {k: array(v) for k, v in outputs.items()},
        "grads": {k: array(v) for k, v in grads.items()},
    }


# ── torch parameters → Gradus fields ────────────────────────────────────────


def linear_fields(prefix, lin, grad=False):
    w, b = (lin.weight.grad, lin.bias.grad) if grad else (lin.weight, lin.bias)
    return {f"{prefix}.W": w.T, f"{prefix}.b": b}


def layer_norm_fields(prefix, ln, grad=False):
    g, b = (ln.weight.grad, ln.bias.grad) if grad else (ln.weight, ln.bias)
    return {f"{prefix}.gamma": g, f"{prefix}.beta": b}


def attention_fields(prefix, mha, grad=False):
    """torch packs q, k, v into in_proj_weight [3d, d]; Gradus has three Linears."""
    weight = mha.in_proj_weight.grad if grad else mha.in_proj_weight
    bias = mha.in_proj_bias.grad if grad else mha.in_proj_bias
    fields = {}
    for name, w, b in zip("qkv", weight.chunk(3), bias.chunk(3)):
        fields[f"{prefix}.{name}.W"] = w.T
        fields[f"{prefix}.{name}.b"] = b
    fields.update(linear_fields(f"{prefix}.o", mha.out_proj, grad))
    return fields


# ── layers ──────────────────────────────────────────────────────────────────


def linear():
    lin = randomize(nn.Linear(3, 2))
    x, r = leaf(randn(2, 4, 3)), randn(2, 4, 2)
    out = lin(x)
    (out * r).sum().backward()
    return layer_case(
        linear_fields("net", lin), {"x": x, "R": r}, {"out": out},
        {"x": x.grad, **linear_fields("net", lin, grad=True)})


def layer_norm():
    ln = randomize(nn.LayerNorm(5))
    x, r = leaf(randn(2, 3, 5)), randn(2, 3, 5)
    out = ln(x)
    (out * r).sum().backward()
    return layer_case(
        layer_norm_fields("net", ln), {"x": x, "R": r}, {"out": out},
        {"x": x.grad, **layer_norm_fields("net", ln, grad=True)})


def attention(masked):
    mha = randomize(nn.MultiheadAttention(4, 2, batch_first=True))
    x, r = leaf(randn(2, 3, 4)), randn(2, 3, 4)
    mask = ~torch.ones(3, 3, dtype=torch.bool).tril() if masked else None
    out, weights = mha(x, x, x, attn_mask=mask, need_weights=True, average_attn_weights=False)
    (out * r).sum().backward()
    return layer_case(
        attention_fields("net", mha), {"x": x, "R": r}, {"out": out, "net.weights": weights},
        {"x": x.grad, **attention_fields("net", mha, grad=True)})


def block_fields(block, grad=False):
    return {
        **layer_norm_fields("net.ln1", block.norm1, grad),
        **attention_fields("net.attention", block.self_attn, grad),
        **layer_norm_fields("net.ln2", block.norm2, grad),
        **linear_fields("net.ff1", block.linear1, grad),
        **linear_fields("net.ff2", block.linear2, grad),
    }


def transformer_block(causal):
    block = randomize(nn.TransformerEncoderLayer(
        4, 2, dim_feedforward=8, dropout=0.0, batch_first=True, norm_first=True,
        activation=lambda z: F.gelu(z, approximate="tanh")))
    x, r = leaf(randn(2, 3, 4)), randn(2, 3, 4)
    mask = nn.Transformer.generate_square_subsequent_mask(3, dtype=F64) if causal else None
    out = block(x, src_mask=mask, is_causal=causal)
    (out * r).sum().backward()
    return layer_case(
        block_fields(block), {"x": x, "R": r}, {"out": out},
        {"x": x.grad, **block_fields(block, grad=True)})


def embedding():
    emb = randomize(nn.Embedding(5, 3), scale=1.0)
    indices = torch.tensor([[0, 2, 4, 2], [1, 1, 3, 0]])
    r = randn(2, 4, 3)
    out = emb(indices)
    (out * r).sum().backward()
    return layer_case(
        {"net.W": emb.weight}, {"indices": indices, "R": r}, {"out": out},
        {"net.W": emb.weight.grad})


def conv_pool(stride, padding, pool, pool_stride, x_shape, c_out, k):
    conv = randomize(nn.Conv2d(x_shape[1], c_out, k, stride=stride, padding=padding))
    x = leaf(randn(*x_shape))
    out = F.max_pool2d(conv(x), pool, stride=pool_stride)
    r = randn(*out.shape)
    (out * r).sum().backward()
    fields = {"net.conv.W": conv.weight, "net.conv.b": conv.bias}
    grads = {"net.conv.W": conv.weight.grad, "net.conv.b": conv.bias.grad}
    return layer_case(fields, {"x": x, "R": r}, {"out": out}, {"x": x.grad, **grads})


def rnn():
    cell = randomize(nn.RNN(3, 4, batch_first=True))
    with torch.no_grad():
        cell.bias_hh_l0.zero_()  # Gradus has one bias b = bias_ih + bias_hh
    x, r = leaf(randn(2, 5, 3)), randn(2, 5, 4)
    out, _ = cell(x)
    (out * r).sum().backward()
    fields = {"net.W_xh": cell.weight_ih_l0.T, "net.W_hh": cell.weight_hh_l0.T, "net.b": cell.bias_ih_l0}
    grads = {
        "net.W_xh": cell.weight_ih_l0.grad.T, "net.W_hh": cell.weight_hh_l0.grad.T,
        "net.b": cell.bias_ih_l0.grad,
    }
    return layer_case(fields, {"x": x, "R": r}, {"out": out}, {"x": x.grad, **grads})


def lstm_cell():
    cell = randomize(nn.LSTMCell(3, 4))  # gates in torch's order: input, forget, cell, output
    with torch.no_grad():
        cell.bias_hh.zero_()
    x, h0, c0 = leaf(randn(2, 3)), leaf(randn(2, 4)), leaf(randn(2, 4))
    r, s = randn(2, 4), randn(2, 4)
    h, c = cell(x, (h0, c0))
    ((h * r).sum() + (c * s).sum()).backward()
    fields = {"net.W": cell.weight_ih.T, "net.U": cell.weight_hh.T, "net.b": cell.bias_ih}
    grads = {"net.W": cell.weight_ih.grad.T, "net.U": cell.weight_hh.grad.T, "net.b": cell.bias_ih.grad}
    return layer_case(
        fields, {"x": x, "h0": h0, "c0": c0, "R": r, "S": s}, {"h": h, "c": c},
        {"x": x.grad, "h0": h0.grad, "c0": c0.grad, **grads})


def positional_encoding(max_len, d, length):
    """The table of "Attention Is All You Need", §3.5, as the Annotated Transformer builds it."""
    position = torch.arange(max_len, dtype=F64).unsqueeze(1)
    frequency = torch.exp(torch.arange(0, d, 2, dtype=F64) * (-math.log(10000.0) / d))
    table = torch.zeros(max_len, d, dtype=F64)
    table[:, 0::2] = torch.sin(position * frequency)
    table[:, 1::2] = torch.cos(position * frequency)
    x, r = leaf(randn(2, length, d)), randn(2, length, d)
    out = x + table[:length]
    (out * r).sum().backward()
    return layer_case({}, {"x": x, "R": r}, {"out": out, "net.table": table}, {"x": x.grad})


# ── losses ──────────────────────────────────────────────────────────────────


def cross_entropy_btc():
    """[B, T, C] logits and [B, T] classes, as a language model's loss."""
    logits = leaf(randn(2, 3, 5))
    classes = torch.tensor([[0, 4, 2], [3, 3, 1]])
    loss = F.cross_entropy(logits.reshape(-1, 5), classes.reshape(-1))
    loss.backward()
    return layer_case({}, {"logits": logits, "classes": classes}, {"loss": loss}, {"logits": logits.grad})


def language_model():
    """Embedding → Linear → cross_entropy: the gradient reaches the table through [B, T, C]."""
    emb = randomize(nn.Embedding(6, 4), scale=1.0)
    head = randomize(nn.Linear(4, 6))
    tokens = torch.tensor([[0, 1, 5], [2, 2, 4]])
    targets = torch.tensor([[1, 5, 3], [2, 4, 0]])
    logits = head(emb(tokens))
    loss = F.cross_entropy(logits.reshape(-1, 6), targets.reshape(-1))
    loss.backward()
    fields = {"emb.W": emb.weight, **linear_fields("head", head)}
    grads = {"emb.W": emb.weight.grad, **linear_fields("head", head, grad=True)}
    return layer_case(fields, {"tokens": tokens, "targets": targets}, {"logits": logits, "loss": loss}, grads)


def small_losses():
    """The prelude's mse_half, bce and hinge against their PyTorch spellings."""
    p = leaf(randn(6))
    y = randn(6)
    prob = leaf(f32(torch.sigmoid(randn(6))))
    label = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0, 0.0], dtype=F64)
    score = leaf(randn(6))
    sign = torch.tensor([1.0, -1.0, 1.0, 1.0, -1.0, -1.0], dtype=F64)
    mse_half = F.mse_loss(p, y) / 2
    bce = F.binary_cross_entropy(prob, label)
    hinge = F.relu(1 - sign * score).mean()
    (mse_half + bce + hinge).backward()
    return layer_case(
        {}, {"p": p, "y": y, "prob": prob, "label": label, "score": score, "sign": sign},
        {"mse_half": mse_half, "bce": bce, "hinge": hinge},
        {"p": p.grad, "prob": prob.grad, "score": score.grad})


# ── gradient clipping ───────────────────────────────────────────────────────


def clipping(kind, limit):
    lin = randomize(nn.Linear(3, 2))
    x, r = randn(4, 3), randn(4, 2)
    (lin(x) * r).sum().backward()
    outputs = {}
    if kind == "norm":
        # torch scales by max_norm / (total + 1e-6); the prelude by max_norm / total.
        outputs["total"] = torch.nn.utils.clip_grad_norm_(lin.parameters(), limit)
    else:
        torch.nn.utils.clip_grad_value_(lin.parameters(), limit)
    return layer_case(linear_fields("net", lin), {"x": x, "R": r}, outputs, linear_fields("net", lin, grad=True))


# ── optimizers ──────────────────────────────────────────────────────────────


def optimizer_case(name, options, torch_options, steps=5):
    """A 3 → 4 → 2 tanh network on a fixed batch, trained with mean squared error."""
    net = randomize(nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2)))
    x, y = randn(8, 3), randn(8, 2)
    fields = lambda: {**linear_fields("net.fc1", net[0]), **linear_fields("net.fc2", net[2])}
    start = {k: array(v) for k, v in fields().items()}
    opt = getattr(torch.optim, name)(net.parameters(), **torch_options)
    losses, after = [], []
    for _ in range(steps):
        opt.zero_grad()
        loss = ((net(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
        after.append({k: array(v) for k, v in fields().items()})
    return {
        "optimizer": "AdamW" if name == "AdamW" else name,
        "options": options,
        "params": start,
        "inputs": {"x": array(x), "y": array(y)},
        "losses": losses,
        "steps": after,
    }


def optimizers():
    return {
        "sgd": optimizer_case("SGD", {"lr": 0.1}, {"lr": 0.1}),
        "sgd_momentum_decay": optimizer_case(
            "SGD", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.05},
            {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.05}),
        "adam": optimizer_case("Adam", {"lr": 0.05}, {"lr": 0.05}),
        "adam_l2": optimizer_case(
            "Adam", {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "weight_decay": 0.1},
            {"lr": 0.05, "betas": (0.8, 0.99), "weight_decay": 0.1}),
        "adamw": optimizer_case(
            "AdamW", {"lr": 0.05, "weight_decay": 0.1}, {"lr": 0.05, "weight_decay": 0.1}),
        # Both default to weight_decay 0.01.
        "adamw_defaults": optimizer_case("AdamW", {"lr": 0.05}, {"lr": 0.05}),
    }


# ── learning-rate schedules ─────────────────────────────────────────────────


def schedule(make, lr0, steps):
    """The learning rate PyTorch's scheduler gives at t = 0, 1, …, steps − 1."""
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr0)
    scheduler = make(opt)
    rates = []
    for _ in range(steps):
        rates.append(scheduler.get_last_lr()[0])
        opt.step()
        scheduler.step()
    return rates


def schedules():
    sched = torch.optim.lr_scheduler
    warmup, total = 4, 12
    return {
        "exp_decay": {"args": [0.1, 0.9], "values": schedule(lambda o: sched.ExponentialLR(o, 0.9), 0.1, 12)},
        "step_decay": {"args": [0.1, 0.5, 3], "values": schedule(lambda o: sched.StepLR(o, 3, 0.5), 0.1, 12)},
        # Linear warm-up lr0·(t+1)/warmup, then cosine to 0 at t = total.
        "warmup_cosine": {
            "args": [0.1, warmup, total],
            "values": schedule(lambda o: sched.SequentialLR(o, [
                sched.LinearLR(o, start_factor=1 / warmup, end_factor=1.0, total_iters=warmup - 1),
                sched.CosineAnnealingLR(o, T_max=total - warmup),
            ], milestones=[warmup]), 0.1, total + 1),
        },
    }


def layers():
    return {
        "linear": linear(),
        "layer_norm": layer_norm(),
        "attention": attention(masked=False),
        "attention_causal": attention(masked=True),
        "transformer_block": transformer_block(causal=True),
        "transformer_block_full": transformer_block(causal=False),
        "embedding": embedding(),
        "conv_pool": conv_pool(1, 1, 2, None, (2, 2, 6, 6), 3, 3),
        "conv_stride_overlap": conv_pool(2, 0, 3, 2, (1, 2, 10, 10), 4, 2),
        "rnn": rnn(),
        "lstm_cell": lstm_cell(),
        "positional_encoding": positional_encoding(8, 4, 6),
        "positional_encoding_d6": positional_encoding(5, 6, 5),
        "cross_entropy_btc": cross_entropy_btc(),
        "language_model": language_model(),
        "small_losses": small_losses(),
        "clip_grad_norm": clipping("norm", 0.5),
        "clip_grad_norm_unclipped": clipping("norm", 100.0),
        "clip_grad_value": clipping("value", 0.3),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the fixture is out of date")
    args = parser.parse_args()
    torch.use_deterministic_algorithms(True)
    document = {
        "about": "PyTorch reference values for the Gradus prelude; regenerate with "
                 "scripts/make_layer_fixtures.py",
        "torch": torch.__version__.split("+")[0],
        "layers": layers(),
        "optimizers": optimizers(),
        "schedules": schedules(),
    }
    text = json.dumps(document, indent=1) + "\n"
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date", file=sys.stderr)
            sys.exit(1)
        return
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text)
    count = len(document["layers"]) + len(document["optimizers"]) + len(document["schedules"])
    print(f"wrote {count} cases to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
