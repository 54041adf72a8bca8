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

import argparse
import json
import math
import pathlib
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from make_lesson_fixtures import (  # noqa: E402  (the shared generator and helpers)
    F64,
    OUTPUT,
    ROOT,
    GradusRandom,
    f32,
    flat,
    rand_uniform,
    randn,
)

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


LESSONS = {
    "15-optimizers": lesson_15,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the fixture is out of date")
    args = parser.parse_args()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)  # the tensors are tiny: threads only add overhead
    current = OUTPUT.read_text() if OUTPUT.exists() else ""
    document = json.loads(current) if current else {}
    for name, make in LESSONS.items():
        document[name] = {key: flat(value) for key, value in make().items()}
    document = {name: document[name] for name in sorted(document)}
    text = json.dumps(document, indent=1, sort_keys=False) + "\n"
    if args.check:
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run scripts/make_lesson_fixtures_15_18.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text)
    print(f"wrote lessons 15–18 into {OUTPUT.relative_to(ROOT)}: {sum(len(document[n]) for n in LESSONS)} values")
    return 0


if __name__ == "__main__":
    sys.exit(main())
