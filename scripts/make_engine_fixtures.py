#!/usr/bin/env python3
"""Writes Tests/GradusAutogradTests/Fixtures/engine_ops.json: PyTorch's values for the engine tests.

For each case: fixed inputs, the op's parameters, PyTorch's forward output, a fixed random
upstream gradient and PyTorch's input gradients under that upstream
(torch.autograd.grad(output, inputs, upstream)). Most cases are float64; a few are float32.
The Swift tests (FixtureTests.swift) replay every case through the engine and need no Python.

Usage (from the repository root; needs torch 2.x and numpy):
    .venv/bin/python scripts/make_engine_fixtures.py            # write the fixture
    .venv/bin/python scripts/make_engine_fixtures.py --check    # fail if it would change
    .venv/bin/python scripts/make_engine_fixtures.py --rng      # print reference RNG values
"""

import argparse
import json
import math
import pathlib
import sys

import numpy as np
import torch
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Tests" / "GradusAutogradTests" / "Fixtures" / "engine_ops.json"
DTYPES = {"float64": torch.float64, "float32": torch.float32}

rng = np.random.RandomState(1234)


def randn(*shape, low=None):
    """Fixed normal inputs; with `low`, magnitudes are at least `low` (away from kinks)."""
    values = rng.randn(*shape)
    if low is not None:
        values = np.sign(values) * (low + np.abs(values))
    return values


def positive(*shape):
    return rng.uniform(0.5, 2.0, size=shape)


def array(values):
    values = np.asarray(values, dtype=np.float64)
    return {"shape": list(values.shape), "data": [float(v) for v in values.reshape(-1)]}


def tensor_json(t):
    return array(t.detach().to(torch.float64).numpy())


def apply_slice(x, items):
    """Python slice semantics via slice.indices, independent of the engine's own resolution."""
    axis = 0
    for item in items:
        if "index" in item:
            x = x.select(axis, item["index"])
        else:
            positions = range(*slice(item["start"], item["stop"], item["step"]).indices(x.shape[axis]))
            x = x.index_select(axis, torch.tensor(list(positions), dtype=torch.long))
            axis += 1
    return x


def forward(op, xs, p):
    """The PyTorch reference for each op name the Swift test understands."""
    unary = {
        "neg": torch.neg, "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt,
        "abs": torch.abs, "tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid,
        "gelu": lambda x: F.gelu(x, approximate="tanh"),
        "norm": lambda x: torch.linalg.vector_norm(x),
    }
    binary = {
        "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div,
        "pow": torch.pow, "maximum": torch.maximum, "minimum": torch.minimum,
        "matmul": torch.matmul, "mse": F.mse_loss,
    }
    if op in unary:
        return unary[op](xs[0])
    if op in binary:
        return binary[op](xs[0], xs[1])
    if op == "where":
        return torch.where(torch.tensor(p["mask"]["data"]).reshape(p["mask"]["shape"]) != 0, xs[0], xs[1])
    if op in ("sum", "mean", "amax", "amin"):
        dims = p.get("axes")
        f = {"sum": torch.sum, "mean": torch.mean, "amax": torch.amax, "amin": torch.amin}[op]
        if dims is None:
            out = f(xs[0], dim=tuple(range(xs[0].dim())))
            return out.reshape([1] * xs[0].dim()) if p["keep"] else out
        return f(xs[0], dim=tuple(dims), keepdim=p["keep"])
    if op == "permute":
        return xs[0].permute(*p["order"])
    if op == "transpose":
        return xs[0].transpose(*p["dims"])
    if op == "reshape":
        return xs[0].reshape(p["shape"])
    if op == "slice":
        return apply_slice(xs[0], p["items"])
    if op == "concat":
        return torch.cat(xs, dim=p["axis"])
    if op == "stack":
        return torch.stack(xs, dim=p["axis"])
    if op == "gather":
        index = torch.tensor(p["index"]["data"], dtype=torch.long).reshape(p["index"]["shape"])
        return torch.gather(xs[0], p["axis"], index)
    if op == "embedding":
        indices = torch.tensor(p["indices"]["data"], dtype=torch.long).reshape(p["indices"]["shape"])
        return F.embedding(indices, xs[0])
    if op == "conv2d":
        return F.conv2d(xs[0], xs[1], stride=p["stride"], padding=p["padding"])
    if op == "max_pool2d":
        return F.max_pool2d(xs[0], p["kernel"], stride=p["stride"], padding=p["padding"])
    if op == "softmax":
        return torch.softmax(xs[0], dim=p["axis"])
    if op == "log_softmax":
        return torch.log_softmax(xs[0], dim=p["axis"])
    if op == "cross_entropy":
        targets = torch.tensor(p["targets"]["data"], dtype=torch.long).reshape(p["targets"]["shape"])
        return F.cross_entropy(xs[0], targets)
    if op == "layer_norm":
        return F.layer_norm(xs[0], xs[0].shape[-1:], eps=1e-5)
    raise ValueError(f"unknown op {op}")


def case(name, op, inputs, dtype="float64", **params):
    torch_dtype = DTYPES[dtype]
    inputs = [np.asarray(x, dtype=np.float64) for x in inputs]
    if dtype == "float32":  # store exactly the float32 values both sides compute with
        inputs = [x.astype(np.float32).astype(np.float64) for x in inputs]
    xs = [torch.tensor(x, dtype=torch_dtype, requires_grad=True) for x in inputs]
    out = forward(op, xs, params)
    upstream = torch.tensor(rng.randn(*out.shape), dtype=torch_dtype)
    grads = torch.autograd.grad(out, xs, upstream, allow_unused=True)
    return {
        "name": name,
        "op": op,
        "dtype": dtype,
        "params": params,
        "inputs": [array(x) for x in inputs],
        "output": tensor_json(out),
        "upstream": tensor_json(upstream),
        "grads": [tensor_json(g) if g is not None else None for g in grads],
    }


def distinct(*shape):
    """Normal values with no two equal (max/min/pool/maximum cases must avoid ties)."""
    n = int(np.prod(shape)) if shape else 1
    return (rng.permutation(n) * 0.37 - n * 0.17 + rng.uniform(-0.1, 0.1, n)).reshape(shape)


def cases():
    c = []
    for op in ("add", "sub", "mul", "div"):
        rhs = positive if op == "div" else randn
        c.append(case(f"{op}_same", op, [randn(2, 3), rhs(2, 3)]))
        c.append(case(f"{op}_broadcast", op, [randn(2, 1, 3), rhs(4, 1)]))
    c.append(case("add_scalar", "add", [randn(3), randn()]))
    c.append(case("pow_both", "pow", [positive(2, 3), randn(2, 3)]))
    c.append(case("pow_broadcast_exponent", "pow", [positive(2, 3), randn(3)]))
    for op in ("neg", "exp", "tanh", "sigmoid", "gelu", "norm"):
        c.append(case(op, op, [randn(2, 3)]))
    for op in ("log", "sqrt"):
        c.append(case(op, op, [positive(2, 3)]))
    for op in ("abs", "relu"):
        c.append(case(op, op, [randn(3, 4, low=0.1)]))
    pair = distinct(2, 6)
    c.append(case("maximum", "maximum", [pair[0].reshape(2, 3), pair[1].reshape(2, 3)]))
    c.append(case("minimum_broadcast", "minimum", [distinct(2, 3), distinct(3) + 0.05]))
    c.append(case("where", "where", [randn(2, 3), randn(2, 3)], mask=array([[1, 0, 1], [0, 0, 1]])))
    c.append(case("where_broadcast", "where", [randn(2, 3), randn(3)], mask=array([1, 0, 1])))
    for op in ("sum", "mean", "amax", "amin"):
        make = distinct if op in ("amax", "amin") else randn
        c.append(case(f"{op}_axis1", op, [make(2, 3, 4)], axes=[1], keep=False))
        c.append(case(f"{op}_axes02_keep", op, [make(2, 3, 4)], axes=[0, 2], keep=True))
        c.append(case(f"{op}_all", op, [make(2, 3)], axes=None, keep=False))
        c.append(case(f"{op}_all_keep", op, [make(2, 3)], axes=None, keep=True))
    c.append(case("matmul_2d", "matmul", [randn(3, 4), randn(4, 5)]))
    c.append(case("matmul_vector_matrix", "matmul", [randn(4), randn(4, 3)]))
    c.append(case("matmul_matrix_vector", "matmul", [randn(3, 4), randn(4)]))
    c.append(case("matmul_dot", "matmul", [randn(5), randn(5)]))
    c.append(case("matmul_batched_broadcast", "matmul", [randn(2, 1, 3, 4), randn(3, 4, 2)]))
    c.append(case("matmul_batched_vector", "matmul", [randn(2, 3, 4), randn(4)]))
    c.append(case("permute", "permute", [randn(2, 3, 4)], order=[2, 0, 1]))
    c.append(case("transpose", "transpose", [randn(2, 3, 4)], dims=[0, 2]))
    c.append(case("reshape", "reshape", [randn(2, 6)], shape=[3, 2, 2]))
    c.append(case("slice_index_range", "slice", [randn(4, 5)],
                  items=[{"index": -2}, {"start": 1, "stop": None, "step": 2}]))
    c.append(case("slice_negative_step", "slice", [randn(4, 5)],
                  items=[{"start": None, "stop": None, "step": -1}, {"start": -1, "stop": 0, "step": -2}]))
    c.append(case("slice_clamped", "slice", [randn(3, 4)],
                  items=[{"start": -10, "stop": 10, "step": None}, {"start": 2, "stop": 100, "step": 1}]))
    c.append(case("concat_axis1", "concat", [randn(2, 1), randn(2, 3), randn(2, 2)], axis=1))
    c.append(case("stack_last", "stack", [randn(2, 3), randn(2, 3)], axis=-1))
    c.append(case("gather_axis1", "gather", [randn(3, 4)], axis=1,
                  index=array([[0, 3, 3], [1, 1, 0], [2, 3, 0]])))
    c.append(case("gather_axis0", "gather", [randn(3, 4)], axis=0, index=array([[2, 0, 1, 2], [2, 2, 0, 0]])))
    c.append(case("embedding", "embedding", [randn(5, 3)], indices=array([[1, 4, 1], [0, 0, 2]])))
    c.append(case("conv2d", "conv2d", [randn(2, 3, 5, 5), randn(4, 3, 3, 3)], stride=1, padding=0))
    c.append(case("conv2d_stride2_pad1", "conv2d", [randn(2, 2, 6, 5), randn(3, 2, 3, 2)], stride=2, padding=1))
    c.append(case("max_pool2d", "max_pool2d", [distinct(2, 2, 4, 4)], kernel=2, stride=2, padding=0))
    c.append(case("max_pool2d_overlap_pad", "max_pool2d", [distinct(1, 2, 5, 5)], kernel=3, stride=2, padding=1))
    c.append(case("softmax_last", "softmax", [randn(3, 4)], axis=-1))
    c.append(case("softmax_axis0", "softmax", [randn(3, 2, 4)], axis=0))
    c.append(case("log_softmax", "log_softmax", [randn(3, 4) * 10], axis=1))
    c.append(case("cross_entropy", "cross_entropy", [randn(4, 5)], targets=array([1, 0, 4, 4])))
    c.append(case("cross_entropy_d2l", "cross_entropy",
                  [np.log([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])], targets=array([0, 2])))
    c.append(case("cross_entropy_single", "cross_entropy", [[[2.0, 1.0, 0.1]]], targets=array([0])))
    c.append(case("mse", "mse", [randn(3, 2), randn(3, 2)]))
    c.append(case("layer_norm", "layer_norm", [randn(3, 5)]))
    c.append(case("layer_norm_3d", "layer_norm", [randn(2, 3, 4) * 3 + 1]))
    for op, inputs, params in (
        ("matmul", [randn(2, 1, 7, 9), randn(3, 9, 5)], {}),
        ("softmax", [randn(3, 6) * 4], {"axis": -1}),
        ("conv2d", [randn(1, 2, 6, 6), randn(3, 2, 3, 3)], {"stride": 2, "padding": 1}),
        ("layer_norm", [randn(4, 8)], {}),
        ("gelu", [randn(3, 4) * 2], {}),
        ("cross_entropy", [randn(3, 4)], {"targets": array([3, 0, 1])}),
        ("sum", [randn(4, 50)], {"axes": [1], "keep": False}),
    ):
        c.append(case(f"{op}_f32", op, inputs, dtype="float32", **params))
    return c


def reference_rng(seed, count):
    """xoshiro256** seeded by SplitMix64, as RandomGenerator documents (independent check)."""
    mask = (1 << 64) - 1
    mix = seed
    state = []
    for _ in range(4):
        mix = (mix + 0x9E3779B97F4A7C15) & mask
        z = mix
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        state.append(z ^ (z >> 31))

    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & mask

    out = []
    for _ in range(count):
        result = (rotl((state[1] * 5) & mask, 7) * 9) & mask
        t = (state[1] << 17) & mask
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = rotl(state[3], 45)
        out.append(result)
    return out


def reference_permutation(seed, n):
    """RandomGenerator.permutation: Fisher-Yates drawing with Swift's Int.random(in:using:),
    which is Lemire's nearly divisionless bounded integer on 64-bit draws."""
    raw = iter(reference_rng(seed, 64 * n + 64))
    mask = (1 << 64) - 1

    def bounded(upper):
        product = next(raw) * upper
        if product & mask < upper:
            threshold = ((1 << 64) - upper) % upper
            while product & mask < threshold:
                product = next(raw) * upper
        return product >> 64

    result = list(range(n))
    for i in range(n - 1, 0, -1):
        j = bounded(i + 1)
        result[i], result[j] = result[j], result[i]
    return result


def print_rng():
    raw = reference_rng(42, 4)
    print("next(), seed 42:", [hex(v) for v in raw])
    print("uniform(), seed 42:", [repr((v >> 11) * 2.0**-53) for v in raw])
    u = [(v >> 11) * 2.0**-53 for v in reference_rng(7, 2)]
    radius = math.sqrt(-2 * math.log(u[0]))
    print("normal(), seed 7:", repr(radius * math.cos(2 * math.pi * u[1])),
          repr(radius * math.sin(2 * math.pi * u[1])))
    print("permutation(10), seed 11:", reference_permutation(11, 10))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the fixture is out of date")
    parser.add_argument("--rng", action="store_true", help="print reference RandomGenerator values")
    args = parser.parse_args()
    if args.rng:
        print_rng()
        return
    torch.use_deterministic_algorithms(True)
    document = {
        "about": "PyTorch reference values for the Gradus engine; regenerate with "
                 "scripts/make_engine_fixtures.py (see scripts/README.md)",
        "torch": torch.__version__.split("+")[0],
        "cases": cases(),
    }
    text = json.dumps(document, indent=1) + "\n"
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date", file=sys.stderr)
            sys.exit(1)
        return
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text)
    print(f"wrote {len(document['cases'])} cases to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
