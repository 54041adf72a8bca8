#!/usr/bin/env python3
"""Safetensors interoperability fixtures: files written by Python for Gradus to read, and a check
in Python of a file Gradus wrote.

Both sides use the parameters of this Gradus model (Linear keeps W as [n_in, n_out]):

    model Net() {
      fc1 = Linear(3, 4)
      fc2 = Linear(4, 2)
      forward(x) = fc2(relu(fc1(x)))
    }

Python → Gradus: `python_written.safetensors` is written here with `safetensors.numpy.save_file`
(float32, the values of PYTHON_VALUES below, metadata {"writer": "python safetensors"}).
SafeTensorsTests loads it into the model and compares every value bit for bit with the same
formulas computed in Swift.

Gradus → Python: `gradus_written.safetensors` is produced by running
`scripts/fixtures/gradus_write.grad` with `gradus run` in the fixture directory; it is committed
and only regenerated (with --gradus) when the format is meant to change. This script opens it
with `safetensors.numpy.load_file` (and `safe_open` for the metadata) and checks names, dtypes,
shapes and values against GRADUS_VALUES, computed here in float32 arithmetic exactly as Gradus
computes them. SafeTensorsTests runs gradus_write.grad again and checks that today's `save`
writes the same bytes as the committed file (format stability).

Usage (from the repository root; needs numpy and safetensors):
    .venv/bin/python scripts/make_safetensors_fixtures.py             # write python_written, verify gradus_written
    .venv/bin/python scripts/make_safetensors_fixtures.py --check     # fail if python_written would change
    .venv/bin/python scripts/make_safetensors_fixtures.py --verify FILE   # check any Gradus-written file
    .venv/bin/python scripts/make_safetensors_fixtures.py --gradus .build/debug/gradus
        # also regenerate gradus_written.safetensors with that binary (format changes only)
"""

import argparse
import pathlib
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "GradusRuntimeTests" / "Fixtures" / "safetensors"
PYTHON_WRITTEN = FIXTURES / "python_written.safetensors"
GRADUS_WRITTEN = FIXTURES / "gradus_written.safetensors"
GRADUS_SCRIPT = ROOT / "scripts" / "fixtures" / "gradus_write.grad"

F32 = np.float32
SHAPES = {"fc1.W": (3, 4), "fc1.b": (4,), "fc2.W": (4, 2), "fc2.b": (2,)}


def python_values():
    """What Python writes. SafeTensorsTests.pythonWrittenValues computes the same in Swift."""
    return {
        # Exact in float32: (i - 5.5) / 8.
        "fc1.W": ((np.arange(12, dtype=F32) - F32(5.5)) * F32(0.125)).reshape(3, 4),
        # Not exact: the nearest float32 to each decimal.
        "fc1.b": np.array([0.1, -0.2, 0.3, -0.4], dtype=F32),
        # Correctly rounded float32 division: i / 3.
        "fc2.W": (np.arange(8, dtype=F32) / F32(3)).reshape(4, 2),
        # A subnormal (2^-140) and negative zero: the bits must survive.
        "fc2.b": np.array([np.ldexp(F32(1), -140), -0.0], dtype=F32),
    }


def gradus_values():
    """What scripts/fixtures/gradus_write.grad assigns, in float32 arithmetic as Gradus does it."""
    return {
        "fc1.W": (np.arange(12, dtype=F32) * F32(0.1) - F32(0.5)).reshape(3, 4),
        "fc1.b": np.arange(4, dtype=F32) * F32(0.25) - F32(1),
        "fc2.W": (np.arange(8, dtype=F32) * F32(-0.3) + F32(1)).reshape(4, 2),
        "fc2.b": np.array([1.5, -2.5], dtype=F32),
    }


def verify(path):
    """Checks a Gradus-written file; returns a list of problems (empty when it matches)."""
    problems = []
    tensors = load_file(str(path))
    expected = gradus_values()
    if sorted(tensors) != sorted(expected):
        problems.append(f"names {sorted(tensors)}, expected {sorted(expected)}")
    for name, want in expected.items():
        got = tensors.get(name)
        if got is None:
            continue
        if got.dtype != np.float32:
            problems.append(f"{name}: dtype {got.dtype}, expected float32")
        if got.shape != SHAPES[name]:
            problems.append(f"{name}: shape {got.shape}, expected {SHAPES[name]}")
        elif not np.array_equal(got.view(np.uint32), want.view(np.uint32)):
            problems.append(f"{name}: values {got.ravel().tolist()}, expected {want.ravel().tolist()}")
    with safe_open(str(path), framework="numpy") as f:
        if f.metadata() != {"format": "gradus"}:
            problems.append(f"metadata {f.metadata()}, expected {{'format': 'gradus'}}")
    return problems


def python_bytes():
    with tempfile.TemporaryDirectory() as scratch:
        out = pathlib.Path(scratch) / "python_written.safetensors"
        save_file(python_values(), str(out), metadata={"writer": "python safetensors"})
        return out.read_bytes()


def regenerate_gradus(binary):
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run([str(pathlib.Path(binary).resolve()), "run", str(GRADUS_SCRIPT)], cwd=scratch,
                                capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"gradus run {GRADUS_SCRIPT} failed:\n{result.stdout}{result.stderr}")
        shutil.copyfile(pathlib.Path(scratch) / "gradus_written.safetensors", GRADUS_WRITTEN)
    print(f"wrote {GRADUS_WRITTEN.relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if python_written would change")
    parser.add_argument("--verify", metavar="FILE", help="only check a Gradus-written file")
    parser.add_argument("--gradus", metavar="BINARY", help="regenerate gradus_written with this gradus")
    args = parser.parse_args()

    if args.verify:
        problems = verify(args.verify)
        for p in problems:
            print(f"{args.verify}: {p}", file=sys.stderr)
        print(f"{args.verify}: {'OK' if not problems else 'MISMATCH'}")
        return 1 if problems else 0

    data = python_bytes()
    if args.check:
        if not PYTHON_WRITTEN.exists() or PYTHON_WRITTEN.read_bytes() != data:
            print(f"{PYTHON_WRITTEN.relative_to(ROOT)} would change", file=sys.stderr)
            return 1
    else:
        FIXTURES.mkdir(parents=True, exist_ok=True)
        PYTHON_WRITTEN.write_bytes(data)
        print(f"wrote {PYTHON_WRITTEN.relative_to(ROOT)} ({len(data)} bytes)")

    if args.gradus:
        regenerate_gradus(args.gradus)
    problems = verify(GRADUS_WRITTEN) if GRADUS_WRITTEN.exists() else ["missing; run with --gradus BINARY"]
    for p in problems:
        print(f"{GRADUS_WRITTEN.relative_to(ROOT)}: {p}", file=sys.stderr)
    if not problems:
        print(f"{GRADUS_WRITTEN.relative_to(ROOT)}: read by Python safetensors, names, shapes and values OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
