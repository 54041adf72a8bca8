#!/usr/bin/env python3
"""Writes Tests/GradusAutogradTests/Fixtures/numerics.json: PyTorch at the edges of the number line.

For sigmoid, log_sigmoid, softplus, binary cross-entropy (on probabilities and on logits),
log_softmax, cross_entropy, norm, relu and maximum/amax: values and gradients at extreme inputs
(±1e4, ±100, ±30, ±1, 0, and ties), in float32 and float64, with upstream gradient 1 (the
gradient of the sum of the outputs). Also: the loss curve of a 4-point logistic regression
trained with bce(sigmoid(x @ w), y) at lr 1, and what round, argmax, maximum and minimum do with
halves and NaN. The Swift tests (NumericsFixtureTests.swift in GradusAutogradTests and GradusRuntimeTests)
replay it without Python.

NaN and infinities are written as the strings "nan", "inf" and "-inf" (JSON has no such numbers).

Usage (from the repository root; needs torch 2.x):
    .venv/bin/python scripts/make_numerics_fixtures.py            # write the fixture
    .venv/bin/python scripts/make_numerics_fixtures.py --check    # fail if it would change
"""

import argparse
import json
import math
import pathlib
import sys

import torch
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Tests" / "GradusAutogradTests" / "Fixtures" / "numerics.json"
# The logistic regression and rounding again, for the tests that run Gradus source.
LANGUAGE_OUTPUT = ROOT / "Tests" / "GradusRuntimeTests" / "Fixtures" / "numerics_language.json"
DTYPES = {"float64": torch.float64, "float32": torch.float32}

EXTREMES = [-1e4, -100.0, -30.0, -1.0, 0.0, 1.0, 30.0, 100.0, 1e4]


def number(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def values(t):
    t = torch.as_tensor(t).detach().to(torch.float64)
    return {"shape": list(t.shape), "data": [number(v) for v in t.reshape(-1).tolist()]}


def labels(n):
    """0, 1, 0, 1, …: every extreme input meets both labels across the two loss cases."""
    return [float(k % 2) for k in range(n)]


def function_case(name, fn, inputs, dtype, differentiable, targets=None):
    """PyTorch's output of fn(*inputs) and the gradient of its sum for the differentiable inputs
    (cross_entropy also takes class indices, `targets`)."""
    xs = [
        torch.tensor(x, dtype=DTYPES[dtype], requires_grad=d)
        for x, d in zip(inputs, differentiable)
    ]
    out = fn(*xs) if targets is None else fn(*xs, torch.tensor(targets))
    wanted = [x for x in xs if x.requires_grad]
    grads = torch.autograd.grad(out.sum(), wanted) if wanted else []
    it = iter(grads)
    case = {
        "name": f"{name} {dtype}",
        "fn": name,
        "dtype": dtype,
        "inputs": [values(x) for x in xs],
        "output": values(out),
        "grads": [values(next(it)) if d else None for d in differentiable],
    }
    if targets is not None:
        case["targets"] = values(torch.tensor(targets))
    return case


def function_cases():
    extremes = EXTREMES
    probabilities_of_extremes = [float(torch.sigmoid(torch.tensor(z, dtype=torch.float64))) for z in extremes]
    # Exactly 0 and 1 too: what sigmoid rounds to in float32 at ±100.
    probabilities = probabilities_of_extremes + [0.0, 1.0, 0.0, 1.0]
    rows = [[-1e4, 0.0, 1e4], [100.0, 100.0, -100.0], [0.0, 0.0, 0.0], [-30.0, 1.0, 30.0]]
    specs = [
        ("sigmoid", torch.sigmoid, [extremes], [True]),
        ("log_sigmoid", F.logsigmoid, [extremes], [True]),
        ("softplus", F.softplus, [extremes], [True]),
        ("relu", torch.relu, [extremes], [True]),
        ("tanh", torch.tanh, [extremes], [True]),
        # Labels flipped between the two cases so that every p meets y = 0 and y = 1.
        ("bce", F.binary_cross_entropy, [probabilities, labels(len(probabilities))], [True, False]),
        ("bce", F.binary_cross_entropy,
         [probabilities, [1 - y for y in labels(len(probabilities))]], [True, False]),
        # The labels' gradient too, where PyTorch's is finite: it does not clamp log p there
        # (∞ at p = 0 or 1), Gradus does, as in the forward.
        ("bce", F.binary_cross_entropy,
         [[0.3, 0.9, 1e-3, 0.999999, 0.5, 1e-30], [1.0, 0.0, 0.5, 1.0, 0.0, 0.25]], [True, True]),
        ("bce_with_logits", F.binary_cross_entropy_with_logits,
         [extremes, labels(len(extremes))], [True, True]),
        ("bce_with_logits", F.binary_cross_entropy_with_logits,
         [extremes, [1 - y for y in labels(len(extremes))]], [True, True]),
        ("log_softmax", lambda x: F.log_softmax(x, dim=1), [rows], [True]),
        ("cross_entropy", F.cross_entropy, [rows], [True], [0, 1, 2, 0]),
        ("cross_entropy", F.cross_entropy, [rows], [True], [2, 2, 1, 2]),
        ("norm", torch.linalg.vector_norm, [[0.0, 0.0, 0.0]], [True]),
        ("norm", torch.linalg.vector_norm, [[3.0, -4.0, 0.0]], [True]),
        ("norm", torch.linalg.vector_norm, [[1e4, -1e4, 0.0, 100.0]], [True]),
        # Ties: maximum splits the gradient in halves, amax evenly among the maxima.
        ("maximum", torch.maximum, [[0.0, 1.0, -1.0, 2.0], [0.0, 1.0, 3.0, -2.0]], [True, True]),
        ("minimum", torch.minimum, [[0.0, 1.0, -1.0, 2.0], [0.0, 1.0, 3.0, -2.0]], [True, True]),
        ("amax", torch.amax, [[3.0, 1.0, 3.0, 3.0, -1e4]], [True]),
        # clip at its bounds: gradient 1 there (torch.clamp), not maximum's half.
        ("clamp", lambda x: torch.clamp(x, -1.0, 1.0), [[-1e4, -2.0, -1.0, 0.0, 1.0, 2.0]], [True]),
    ]
    cases = []
    for dtype in DTYPES:
        for name, fn, inputs, differentiable, *targets in specs:
            cases.append(function_case(name, fn, inputs, dtype, differentiable, *targets))
    return cases


def logistic_regression():
    """w ← w − 1·∇ bce(sigmoid(x @ w), y), from w = 0, in float32 (Gradus's default dtype)."""
    x = torch.tensor([[0.5, 1.0], [1.5, -0.5], [-1.0, -0.5], [-0.5, 1.5]])
    y = torch.tensor([1.0, 1.0, 0.0, 0.0])
    w = torch.zeros(2, requires_grad=True)
    epochs, every, lr = 1000, 50, 1.0
    losses = []
    for epoch in range(epochs):
        loss = F.binary_cross_entropy(torch.sigmoid(x @ w), y)
        if epoch % every == 0 or epoch == epochs - 1:
            losses.append({"epoch": epoch, "loss": float(loss.detach())})
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            w.grad = None
    return {
        "x": values(x), "y": values(y), "lr": lr, "epochs": epochs,
        "losses": losses, "final_w": values(w),
    }


def rounding():
    x = torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 3.5, 0.125, 0.375, 1e15 + 0.5],
                     dtype=torch.float64)
    return {
        "input": values(x),
        "digits_0": values(torch.round(x)),
        "digits_2": values(torch.round(x, decimals=2)),
    }


def argmax_cases():
    nan = float("nan")
    inf = float("inf")
    rows = torch.tensor([[1.0, nan, 3.0, nan], [nan, 1.0, 2.0, 3.0], [1.0, 3.0, 3.0, 2.0],
                         [-inf, -inf, -inf, -inf], [0.0, inf, nan, inf]], dtype=torch.float64)
    return {
        "input": values(rows),
        "axis_1": values(torch.argmax(rows, dim=1)),
        "axis_0": values(torch.argmax(rows, dim=0)),
        "all": values(torch.argmax(rows)),
    }


def nan_extremes():
    nan = float("nan")
    a = torch.tensor([nan, 1.0, nan, 2.0, -0.0])
    b = torch.tensor([1.0, nan, nan, 2.0, 5.0])
    return {
        "a": values(a), "b": values(b),
        "maximum": values(torch.maximum(a, b)), "minimum": values(torch.minimum(a, b)),
    }


def build():
    torch.manual_seed(0)
    return {
        "torch": torch.__version__,
        "functions": function_cases(),
        "logistic_regression": logistic_regression(),
        "round": rounding(),
        "argmax": argmax_cases(),
        "nan_extremes": nan_extremes(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the fixture would change")
    args = parser.parse_args()
    fixture = build()
    outputs = {
        OUTPUT: fixture,
        LANGUAGE_OUTPUT: {
            "torch": fixture["torch"],
            "logistic_regression": fixture["logistic_regression"],
            "round": fixture["round"],
        },
    }
    for path, content in outputs.items():
        text = json.dumps(content, indent=1, allow_nan=False) + "\n"
        if args.check:
            if path.read_text() != text:
                sys.exit(f"{path} is out of date; rerun without --check")
            print(f"{path} is up to date")
        else:
            path.write_text(text)
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
