"""Runs the Gradus workloads beside their PyTorch (and micrograd) equivalents and reports medians.

Called by scripts/bench-vs-torch.sh, which builds Gradus and sets up .venv-bench/ first:

    python benchmarks/run.py --gradus .build/release/gradus [--quick] [--sweep] [--repeats N]
                             [--only W1,W3] [--bench .build/release/gradus-bench]
                             [--threads 1|default|1,default]

Every program times itself and prints `RESULT <name> key=value ...`; this script runs the sides
alternately (one untimed warm-up run of each first, then `repeats` rounds, the order of the sides
swapped every round), takes the median of each figure, and writes a table to standard output,
benchmarks/results/latest.md and latest.json (or scaling.md/.json with --sweep).
Standard library only.
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "benchmarks")
RESULTS = os.path.join(BENCH, "results")

# One thread on every side, whatever the machine: OpenBLAS (Gradus, and PyTorch builds that use
# it), OpenMP and MKL (PyTorch), Gradus's own threads (GRADUS_THREADS). The PyTorch scripts also
# call torch.set_num_threads(1) (BENCH_THREADS, read by torch/common.py).
CHILD_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "GRADUS_THREADS": "1",
    "BENCH_THREADS": "1",
    "NO_COLOR": "1",
}
THREAD_VARIABLES = ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS",
                    "MKL_NUM_THREADS", "GRADUS_THREADS"]
# The thread modes of --threads: "1" (one thread each side) and "default" (each side as a learner
# runs it, with nothing set: PyTorch's own torch.get_num_threads(), and Gradus's default of every
# core, asked for through GRADUS_THREADS until `gradus --threads` makes every core its default).
THREAD_MODES = ("1", "default")


def child_env(mode):
    """The environment of every program run in thread mode `mode`."""
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    if mode == "1":
        env.update(CHILD_ENV)
    else:
        env.update({"GRADUS_THREADS": str(os.cpu_count() or 1), "BENCH_THREADS": "default",
                    "NO_COLOR": "1"})
    return env

WORKLOADS = ["W1", "W2", "W3", "W4", "W5", "W6"]
# Training steps compared like W3 (issue 18): label and, per thread mode, the target on
# Gradus/PyTorch as text and as a test of the ratio.
TRAINING_STEPS = {
    "W7": ("W7 CNN 2×(conv 3×3, ReLU, max-pool 2), 16×16, batch 64, SGD",
           {"1": ("≤ 0.8×", 0.8), "default": ("≤ 1.0×", 1.0)}),
    "W8": ("W8 char LSTM E32 H128, T32 B16, AdamW", {"1": ("≤ 0.6×", 0.6), "default": ("≤ 0.8×", 0.8)}),
    "W9": ("W9 GPT d128 h4 L2, T64 B16, AdamW", {"1": ("≤ 0.8×", 0.8), "default": ("≤ 1.0×", 1.0)}),
}
WORKLOADS += list(TRAINING_STEPS)
# Workloads whose Gradus run lasts only tens of milliseconds, where one slow run (a neighbour
# waking up) moves the median of five: they get at least nine rounds.
SHORT = {"W1", "W2", "W6"}


# ── Running one program ──────────────────────────────────────────────────────────────────────


class Failure(Exception):
    pass


def gradus_source(workload, overrides):
    """The workload's text with `name = value  # param` lines replaced by the overrides."""
    path = os.path.join(BENCH, "gradus", workload + ".grad")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for name, value in overrides.items():
        pattern = re.compile(rf"^{re.escape(name)} = [^#\n]*(#\s*param.*)$", re.M)
        if not pattern.search(text):
            raise Failure(f"{path} has no line `{name} = ...  # param` to override")
        text = pattern.sub(lambda m, v=value: f"{name} = {v}   {m.group(1)}", text)
    return text


def run_command(argv, label, timeout, env):
    try:
        done = subprocess.run(
            argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        raise Failure(f"{label}: no answer after {timeout} s")
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-15:]
        raise Failure(f"{label}: exit status {done.returncode}\n    " + "\n    ".join(tail))
    results = parse_results(done.stdout)
    if not results:
        raise Failure(f"{label}: printed no RESULT line\n    {done.stdout[-500:]}")
    return results


def parse_results(text):
    """{name: {key: float}} from `RESULT name key=value ...` lines."""
    results = {}
    for line in text.splitlines():
        words = line.split()
        if len(words) < 2 or words[0] != "RESULT":
            continue
        figures = {}
        for word in words[2:]:
            key, _, value = word.partition("=")
            try:
                if key == "blocks":
                    figures[key] = statistics.median(float(v) for v in value.split(";"))
                else:
                    figures[key] = float(value)
            except (ValueError, statistics.StatisticsError):
                pass
        if "blocks" in figures:
            # W1 and W2 time their steps in blocks: a run's figure is its median block (a
            # burst of noise spoils one block, not a run of a few tens of milliseconds); the
            # mean over every timed step stays in the JSON as `us_per_step_mean`.
            figures["us_per_step_mean"] = figures.get("us_per_step", float("nan"))
            figures["us_per_step"] = figures["blocks"]
        results[words[1]] = figures
    return results


class Runner:
    def __init__(self, args, mode="1"):
        self.args = args
        self.mode = mode  # the thread mode, one of THREAD_MODES
        self.env = child_env(mode)
        self.tmp = tempfile.mkdtemp(prefix="gradus-bench-")

    def gradus(self, workload, overrides):
        overrides = dict(overrides)
        if self.args.quick:
            overrides.setdefault("quick", "true")
        text = gradus_source(workload, overrides)
        path = os.path.join(self.tmp, f"{workload}.grad")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return run_command([self.args.gradus, "run", path], f"gradus {workload}", self.args.timeout,
                           self.env)

    def python(self, side, workload, overrides):
        script = os.path.join(BENCH, side, workload + ".py")
        argv = [self.args.python, script] + [f"{k}={v}" for k, v in overrides.items()]
        if self.args.quick:
            argv.append("--quick")
        return run_command(argv, f"{side} {workload}", self.args.timeout, self.env)

    def raw_blas(self):
        """Raw CBLAS GFLOP/s from the engine's gradus-bench, as {"W4.float32.256": {"gflops": x}}
        like a RESULT line; raises Failure when gradus-bench fails."""
        out = os.path.join(self.tmp, "matmul.json")
        argv = [self.args.bench, "--only", "matmul", "--json", out]
        if self.args.quick:
            argv.insert(1, "--quick")
        env = dict(self.env)
        if self.mode != "1":
            # Raw OpenBLAS at the thread count Gradus is given (its own default is one thread).
            env["OPENBLAS_NUM_THREADS"] = env["GRADUS_THREADS"]
        done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=self.args.timeout)
        if done.returncode != 0 or not os.path.exists(out):
            raise Failure(f"gradus-bench --only matmul: exit status {done.returncode}")
        with open(out, encoding="utf-8") as f:
            report = json.load(f)
        os.remove(out)
        results = {}
        for figure in report.get("figures", []):
            if figure.get("name") == "raw CBLAS" and "size" in figure and "dtype" in figure:
                name = f"W4.{figure['dtype']}.{int(figure['size'])}"
                results[name] = {"gflops": figure["value"]}
        if not results:
            raise Failure("gradus-bench --only matmul: no raw CBLAS figures in its JSON")
        return results


def sides_of(workload, args):
    sides = ["gradus"]
    if not args.gradus_only:
        sides.append("torch")
        if workload == "W2":
            sides.append("micrograd")
        # W4's yardstick: raw CBLAS from gradus-bench, measured in the same rounds.
        if workload == "W4" and args.bench and os.access(args.bench, os.X_OK):
            sides.append("raw")
    return sides


def measure(runner, workload, sides, overrides, repeats, errors, micrograd_repeats=3):
    """{side: [results of each repeat]} after one untimed warm-up run of each side."""
    def once(side):
        if side == "gradus":
            return runner.gradus(workload, overrides)
        if side == "micrograd":
            return runner.python("micrograd", workload, {})
        if side == "raw":
            return runner.raw_blas()
        return runner.python(side, workload, overrides)

    samples = {side: [] for side in sides}
    failed = set()
    for round_ in range(repeats + 1):  # round 0 is the warm-up
        order = sides if round_ % 2 == 0 else list(reversed(sides))
        for side in order:
            if side in failed:
                continue
            if side == "micrograd" and round_ > micrograd_repeats:
                continue  # a few seconds a run: fewer repeats
            if side == "micrograd" and round_ == 0:
                continue  # its runs are long enough not to need one
            try:
                result = once(side)
            except Failure as problem:
                if side != "raw":  # the raw CBLAS yardstick is optional
                    errors.append(str(problem))
                failed.add(side)
                print(f"  FAILED {problem}", file=sys.stderr)
                continue
            if round_ > 0:
                samples[side].append(result)
        progress = ", ".join(
            f"{side} {summary(samples[side])}" for side in sides if samples[side]
        )
        if round_ > 0:
            print(f"  {workload} round {round_}/{repeats}: {progress}", file=sys.stderr)
    return samples


def summary(results):
    last = results[-1]
    parts = []
    for name, figures in last.items():
        for key in ("us_per_step", "gflops", "us_per_op"):
            if key in figures:
                parts.append(f"{name} {figures[key]:.4g} {key.replace('_per_', '/')}")
                break
    return "; ".join(parts[:3]) + (" …" if len(parts) > 3 else "")


def figures(samples, name, key):
    """The values of one figure over the repeats."""
    return [r[name][key] for r in samples if name in r and key in r[name]]


def stats(values):
    if not values:
        return None
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


# ── Machine and load ────────────────────────────────────────────────────────────────────────


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return [float(x) for x in f.read().split()[:3]]
    except OSError:
        return [float("nan")] * 3


def machine():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def output(argv, env=None):
    """A program's standard output on one line, or "?" when it cannot be run."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                              env=env or child_env("1"), cwd=ROOT)
        return " ".join(done.stdout.split())
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def versions(args):
    result = {"gradus": output([args.gradus, "--version"])}
    if not args.gradus_only:
        result["torch"] = output([args.python, "-c",
                                  "import torch, numpy; print('torch', torch.__version__, "
                                  "'numpy', numpy.__version__)"])
        result["micrograd"] = output([args.python, "-c",
                                      "from importlib.metadata import version; "
                                      "print('micrograd', version('micrograd'))"])
    return result


TORCH_THREADS = ("import torch, re; import common; "
                 "blas = re.search(r'BLAS_INFO=(\\w+)', torch.__config__.show()); "
                 "print(torch.get_num_threads(), blas.group(1) if blas else '?')")


def thread_settings(args, mode):
    """What each side runs with in thread mode `mode`: the variables set, Gradus's --version
    line (its BLAS kernel and thread count), PyTorch's thread count and BLAS library."""
    env = child_env(mode)
    settings = {
        "variables": {k: env[k] for k in THREAD_VARIABLES + ["BENCH_THREADS"] if k in env},
        "gradus": output([args.gradus, "--version"], env),
    }
    if not args.gradus_only:
        words = output([args.python, "-c", TORCH_THREADS], dict(env, PYTHONPATH=os.path.join(
            BENCH, "torch"))).split()
        settings["torch_threads"] = words[0] if words else "?"
        settings["torch_blas"] = words[1] if len(words) > 1 else "?"
    return settings


# ── The comparison table ───────────────────────────────────────────────────────────────────


def row(workload, label, unit, gradus, torch, target, met, detail, losses=None, extra=None):
    return {"workload": workload, "label": label, "unit": unit, "gradus": gradus, "torch": torch,
            "target": target, "met": met, "detail": detail, "losses": losses or {},
            **(extra or {})}


def median(values):
    s = stats(values)
    return s and s["median"]


# Issue 18's targets on Gradus/PyTorch where they differ between the thread modes: text and bound.
RATIO_TARGETS = {
    "W3": {"1": ("≤ 0.6×", 0.6), "default": ("≤ 0.8×", 0.8)},
    "W5": {"1": ("≤ 0.8×", 0.8), "default": ("≤ 1.0×", 1.0)},
}


def compare(workload, samples, mode="1"):
    """Table rows for one workload from its samples, with the targets of thread mode `mode`."""
    g = samples.get("gradus", [])
    t = samples.get("torch", [])
    rows = []

    def time_row(name, label, target_text, check, detail="", loss_key="final_loss"):
        gs, ts = stats(figures(g, name, "us_per_step")), stats(figures(t, name, "us_per_step"))
        ratio = gs and ts and gs["median"] / ts["median"]
        losses = {"gradus": median(figures(g, name, loss_key)),
                  "torch": median(figures(t, name, loss_key))}
        met = None if ratio is None else check(ratio)
        return row(workload, label, "µs/step", gs, ts, target_text, met, detail, losses,
                   {"ratio": ratio})

    if workload in TRAINING_STEPS:
        label, targets = TRAINING_STEPS[workload]
        text, bound = targets[mode]
        rows.append(time_row(workload, label, text, lambda r: r <= bound))
    elif workload == "W1":
        rows.append(time_row("W1", "W1 seed MLP 10-20-1, batch 64, SGD", "≥ 10× faster",
                             lambda r: r <= 0.1))
    elif workload == "W2":
        r = time_row("W2", "W2 two moons MLP 2-16-16-1, hinge + L2, SGD", "≥ 10× faster",
                     lambda r: r <= 0.1)
        m = samples.get("micrograd", [])
        ms = stats(figures(m, "W2", "us_per_step"))
        r["micrograd"] = ms
        r["losses"]["step3"] = {
            "gradus": median(figures(g, "W2", "loss_step3")),
            "torch": median(figures(t, "W2", "loss_step3")),
            "micrograd": median(figures(m, "W2", "loss_step3")),
        }
        if ms and r["gradus"]:
            r["micrograd_ratio"] = r["gradus"]["median"] / ms["median"]
        rows.append(r)
    elif workload == "W3":
        text, bound = RATIO_TARGETS["W3"][mode]
        rows.append(time_row("W3", "W3 char Transformer d64 h4 L2, T32 B16, AdamW", text,
                             lambda r: r <= bound))
    elif workload == "W4":
        for n in (256, 1024):
            for dtype in ("float32", "float64"):
                name = f"W4.{dtype}.{n}"
                gs = stats(figures(g, name, "gflops"))
                ts = stats(figures(t, name, "gflops"))
                raw = median(figures(samples.get("raw", []), name, "gflops"))
                vs_raw = gs and raw and gs["median"] / raw
                ratio = gs and ts and gs["median"] / ts["median"]
                rows.append(row(
                    "W4", f"W4 matmul {n}×{n} {dtype}", "GFLOP/s", gs, ts,
                    "≥ 90% of raw OpenBLAS", None if vs_raw is None else vs_raw >= 0.9, "",
                    None, {"ratio": ratio, "raw_blas": raw, "vs_raw": vs_raw,
                           "raw": stats(figures(samples.get("raw", []), name, "gflops"))},
                ))
    elif workload == "W5":
        names = sorted({n for r in g + t for n in r if n.startswith("W5.T")},
                       key=lambda n: int(n[4:]))
        text, bound = RATIO_TARGETS["W5"][mode]
        for name in names:
            rows.append(time_row(name, f"W5 attention head fwd+bwd, d 64, T {name[4:]}",
                                 text, lambda r: r <= bound))
    elif workload == "W6":
        gs, ts = stats(figures(g, "W6", "us_per_op")), stats(figures(t, "W6", "us_per_op"))
        ratio = gs and ts and gs["median"] / ts["median"]
        rows.append(row("W6", "W6 one small op (16 elements), graph recorded", "µs/op", gs, ts,
                        "≤ 1 µs", None if not gs else gs["median"] <= 1.0, "", None,
                        {"ratio": ratio}))
    return rows


def fmt(value, digits=4):
    if value is None:
        return "—"
    if value >= 1e5:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}" if value < 1000 else f"{value:,.0f}"


def loss_text(losses):
    gl, tl = losses.get("gradus"), losses.get("torch")
    if gl is None or tl is None:
        return "—"
    rel = abs(gl - tl) / max(abs(tl), 1e-30)
    mark = "" if rel < 1e-3 else " ⚠"
    return f"{gl:.6g} / {tl:.6g}{mark}"


def ratio_text(r):
    if r.get("unit") == "GFLOP/s":
        parts = []
        if r.get("vs_raw") is not None:
            parts.append(f"{r['vs_raw'] * 100:.0f}% of raw ({fmt(r['raw_blas'])})")
        if r.get("ratio") is not None:
            parts.append(f"{r['ratio']:.2f}× PyTorch's rate")
        return "; ".join(parts) or "—"
    ratio = r.get("ratio")
    if ratio is None:
        return "—"
    faster = 1 / ratio
    text = f"{ratio:.3f} ({faster:.1f}× faster)" if faster >= 1 else f"{ratio:.2f} ({ratio:.1f}× slower)"
    return text


def met_text(met):
    return {True: "✓", False: "✗", None: "?"}[met]


MODE_TITLES = {"1": "one thread each", "default": "defaults each (all cores)"}


def markdown(report):
    lines = []
    run = report["run"]
    modes = run["modes"]
    lines.append(f"# Gradus beside PyTorch — {run['date']}")
    lines.append("")
    lines.append(f"- machine: {run['machine']}")
    lines.append(f"- load average (1, 5, 15 min): before {fmt_load(run['load_before'])}, "
                 f"after {fmt_load(run['load_after'])}")
    for name, version in run["versions"].items():
        lines.append(f"- {name}: {version}")
    for mode in modes:
        lines.append(f"- {MODE_TITLES[mode]}: {settings_text(run['threads'][mode])}")
    lines.append(f"- medians of {run['repeats']} alternating runs "
                 f"({'at least 9 for W1, W2, W6; ' if not run['quick'] else ''}"
                 f"micrograd 3) after a warm-up run{' (--quick: smaller workloads, figures noisy)' if run['quick'] else ''}")
    if len(modes) > 1:
        lines += [""] + summary_table(report["rows"], modes)
    for mode in modes:
        rows = [r for r in report["rows"] if r.get("mode", "1") == mode]
        lines += ["", f"## {MODE_TITLES[mode].capitalize()}", ""] + detail_table(rows)
    w2 = next((r for r in report["rows"] if r["workload"] == "W2"), None)
    if w2 and w2.get("micrograd"):
        m = w2["micrograd"]["median"]
        s3 = w2["losses"].get("step3", {})
        lines.append("")
        lines.append(
            f"micrograd (W2, {w2['micrograd']['n']} runs of 3 steps, float64 scalars): "
            f"{fmt(m)} µs/step; Gradus is {m / w2['gradus']['median']:,.0f}× faster. "
            f"Loss at step 3 — Gradus {fmt(s3.get('gradus'), 8)}, PyTorch "
            f"{fmt(s3.get('torch'), 8)}, micrograd {fmt(s3.get('micrograd'), 8)}.")
    if any(r["workload"] == "W4" and r.get("raw_blas") is None for r in report["rows"]):
        lines.append("")
        lines.append("W4: no raw CBLAS figures (gradus-bench not built, or it failed).")
    lines.append("")
    lines.append("Gradus/PyTorch is time per step over time per step (below 1: Gradus is faster); "
                 "for W4 it is the GFLOP/s rate against raw OpenBLAS (cblas_sgemm/dgemm on "
                 "preallocated buffers: `gradus-bench --only matmul`, run in the same rounds at "
                 "Gradus's thread count) and against PyTorch's rate. The load column is the "
                 "1-minute load average before and after the workload's rounds. "
                 "Spread (min–max over the runs) is in latest.json.")
    if report["errors"]:
        lines.append("")
        lines.append("## Errors")
        for e in report["errors"]:
            lines.append("```\n" + e + "\n```")
    return "\n".join(lines) + "\n"


def settings_text(settings):
    """One line: what each side ran with in a thread mode."""
    variables = " ".join(f"{k}={v}" for k, v in settings["variables"].items()) or "none set"
    version = settings["gradus"]
    blas = version[version.find("BLAS:"):version.find(" allocator:")] if "BLAS:" in version else version
    text = f"Gradus {blas}"
    if "torch_threads" in settings:
        text += (f"; PyTorch threads: {settings['torch_threads']} "
                 f"(BLAS {settings['torch_blas']})")
    return text + f"; variables: {variables}"


def detail_table(rows):
    lines = ["| workload | unit | Gradus | PyTorch | Gradus/PyTorch | target | met | "
             "final loss Gradus / PyTorch | load before → after |",
             "|---|---|---:|---:|---|---|:-:|---|---|"]
    for r in rows:
        g = r["gradus"] and r["gradus"]["median"]
        t = r["torch"] and r["torch"]["median"]
        load = (f"{r['load_before'][0]:.2f} → {r['load_after'][0]:.2f}"
                if "load_before" in r else "—")
        lines.append(f"| {r['label']} | {r['unit']} | {fmt(g)} | {fmt(t)} | {ratio_text(r)} | "
                     f"{r['target']} | {met_text(r['met'])} | {loss_text(r['losses'])} | {load} |")
    return lines


def summary_table(rows, modes):
    """Issue 18's table of targets, one column per thread mode, with the measured figure."""
    def cell(r):
        if r is None:
            return "—"
        if r["unit"] == "GFLOP/s" and r.get("vs_raw") is not None:
            figure = f"{r['vs_raw'] * 100:.0f}% of raw"
        elif r["unit"] == "µs/op":
            figure = f"{fmt(r['gradus'] and r['gradus']['median'])} µs"
        elif r.get("ratio") is not None:
            figure = f"{r['ratio']:.2f}×"
        else:
            figure = "—"
        return f"{figure} (target {r['target']}) {met_text(r['met'])}"

    labels = list(dict.fromkeys(r["label"] for r in rows))
    by_mode = {(r["label"], r.get("mode", "1")): r for r in rows}
    lines = ["| workload | " + " | ".join(MODE_TITLES[m] for m in modes) + " |",
             "|---|" + "---|" * len(modes)]
    for label in labels:
        lines.append(f"| {label} | " + " | ".join(cell(by_mode.get((label, m))) for m in modes)
                     + " |")
    return lines


def fmt_load(load):
    return ", ".join(f"{x:.2f}" for x in load)


# ── Scaling sweep ───────────────────────────────────────────────────────────────────────────


W3_BASE = {"d": 64, "layers": 2, "batch": 16, "context": 32}
W3_SWEEP = [
    ("width d", "d", [32, 64, 128]),
    ("depth (layers)", "layers", [1, 2, 4]),
    ("batch", "batch", [8, 16, 32]),
    ("sequence length T", "context", [16, 32, 64, 128]),
]
W3_VOCAB = 65


def w3_flops(d, layers, batch, context):
    """Training FLOPs of one W3 step: 6 per multiply-add of each weight per token (forward 2,
    backward 4), plus attention scores and mixing (4·T²·d forward per sequence, ×3)."""
    tokens = batch * context
    dense = 6 * tokens * (layers * 12 * d * d + d * W3_VOCAB)
    attention = layers * 12 * batch * context * context * d
    return dense + attention


def w5_flops(t, d):
    """One attention head, forward and backward: projections 3·2·T·d², scores and mixing
    2·2·T²·d, all ×3."""
    return 3 * (6 * t * d * d + 4 * t * t * d)


def sweep(runner, args, errors):
    rows = []
    steps = {"steps": 4 if args.quick else 20, "warmup": 2 if args.quick else 3}
    for title, key, values in W3_SWEEP:
        for value in values:
            config = dict(W3_BASE, **{key: value})
            print(f"W3 {key}={value}", file=sys.stderr)
            samples = measure(runner, "W3", ["gradus", "torch"], {**config, **steps},
                              args.repeats, errors)
            g = stats(figures(samples["gradus"], "W3", "us_per_step"))
            t = stats(figures(samples["torch"], "W3", "us_per_step"))
            rows.append({"workload": "W3", "sweep": title, "key": key, "value": value,
                         "config": config, "gradus": g, "torch": t,
                         "flops": w3_flops(**config)})
    for d in ([64] if args.quick else [32, 64, 128]):
        print(f"W5 d={d}", file=sys.stderr)
        samples = measure(runner, "W5", ["gradus", "torch"], {"d": d}, args.repeats, errors)
        names = sorted({n for r in samples["gradus"] for n in r}, key=lambda n: int(n[4:]))
        for name in names:
            t_len = int(name[4:])
            g = stats(figures(samples["gradus"], name, "us_per_step"))
            t = stats(figures(samples["torch"], name, "us_per_step"))
            rows.append({"workload": "W5", "sweep": "sequence length T", "key": "T",
                         "value": t_len, "config": {"T": t_len, "d": d}, "gradus": g,
                         "torch": t, "flops": w5_flops(t_len, d)})
    return rows


ASYMPTOTIC = {
    ("W3", "d"): "O(L·B·T·d² + L·B·T²·d + B·T·d·V): ≈ d² once the d² matmuls dominate",
    ("W3", "layers"): "O(L): each block costs the same",
    ("W3", "batch"): "O(B)",
    ("W3", "context"): "O(L·B·T·d² + L·B·T²·d): linear while T ≪ 12d, quadratic beyond",
    ("W5", "T"): "O(T·d² + T²·d): quadratic in T once T ≫ 1.5d",
}


def scaling_markdown(report):
    run = report["run"]
    lines = [f"# How time per step grows — {run['date']}", "",
             f"- machine: {run['machine']}",
             f"- load average: before {fmt_load(run['load_before'])}, after "
             f"{fmt_load(run['load_after'])}",
             f"- {run['versions'].get('gradus', '')}; {run['versions'].get('torch', '')}",
             f"- medians of {run['repeats']} alternating runs; one thread each side; "
             "“× base” is the time over the first row of its group, “FLOP model” the same "
             "ratio predicted by the FLOP count", ""]
    groups = []
    for r in report["rows"]:
        fixed = tuple(sorted((k, v) for k, v in r["config"].items() if k != r["key"]))
        key = (r["workload"], r["sweep"], fixed)
        if not groups or groups[-1][0] != key:
            groups.append((key, []))
        groups[-1][1].append(r)
    for (workload, title, _), items in groups:
        asym = ASYMPTOTIC.get((workload, items[0]["key"]), "")
        base_cfg = {k: v for k, v in items[0]["config"].items() if k != items[0]["key"]}
        fixed = ", ".join(f"{k} {v}" for k, v in base_cfg.items())
        lines.append(f"## {workload}: {title} ({fixed})")
        lines.append("")
        lines.append(f"Asymptotic cost: {asym}")
        lines.append("")
        lines.append("| value | MFLOP/step | FLOP model × base | Gradus ms/step | × base | "
                     "PyTorch ms/step | × base | Gradus/PyTorch |")
        lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
        b = items[0]
        for r in items:
            g = r["gradus"] and r["gradus"]["median"]
            t = r["torch"] and r["torch"]["median"]
            bg = b["gradus"] and b["gradus"]["median"]
            bt = b["torch"] and b["torch"]["median"]
            lines.append(
                f"| {r['value']} | {r['flops'] / 1e6:,.1f} | {r['flops'] / b['flops']:.2f} | "
                f"{fmt(g and g / 1000)} | {fmt(g and bg and g / bg, 3)} | {fmt(t and t / 1000)} | "
                f"{fmt(t and bt and t / bt, 3)} | {fmt(g and t and g / t, 3)} |")
        lines.append("")
    if report["errors"]:
        lines.append("## Errors")
        for e in report["errors"]:
            lines.append("```\n" + e + "\n```")
    return "\n".join(lines) + "\n"


# ── Main ────────────────────────────────────────────────────────────────────────────────────


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gradus", default=os.path.join(ROOT, ".build/release/gradus"))
    parser.add_argument("--bench", default=os.path.join(ROOT, ".build/release/gradus-bench"),
                        help="gradus-bench, for raw CBLAS figures (optional)")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--quick", action="store_true", help="small workloads, 2 repeats")
    parser.add_argument("--sweep", action="store_true", help="the scaling sweep (W3, W5)")
    parser.add_argument("--gradus-only", action="store_true", help="no PyTorch or micrograd")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--only", default=None, help="comma-separated workloads, e.g. W1,W3")
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument("--out", default=RESULTS, help="directory for the results files")
    parser.add_argument("--threads", default="1",
                        help="thread modes, comma-separated: 1 (one thread each side), default "
                             "(each side's default thread count), or 1,default (both)")
    args = parser.parse_args()
    modes = list(dict.fromkeys(args.threads.split(",")))
    if not modes or any(m not in THREAD_MODES for m in modes):
        parser.error(f"--threads: {args.threads!r}; use 1, default or 1,default")
    if args.sweep and modes != ["1"]:
        parser.error("--sweep runs at one thread each side only")
    args.repeats_given = args.repeats is not None
    if args.repeats is None:
        args.repeats = 2 if args.quick else 5
    workloads = args.only.split(",") if args.only else WORKLOADS

    runners = {mode: Runner(args, mode) for mode in modes}
    errors = []
    started = time.time()
    run = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "versions": versions(args),
        "quick": args.quick,
        "repeats": args.repeats,
        "modes": modes,
        "threads": {mode: thread_settings(args, mode) for mode in modes},
        "load_before": load_average(),
    }
    os.makedirs(args.out, exist_ok=True)

    if args.sweep:
        rows = sweep(runners["1"], args, errors)
        run["load_after"] = load_average()
        run["seconds"] = round(time.time() - started, 1)
        report = {"run": run, "rows": rows, "errors": errors}
        text = scaling_markdown(report)
        base = "scaling"
    else:
        rows = []
        for workload in workloads:
            repeats = args.repeats
            if workload in SHORT and not args.quick and not args.repeats_given:
                repeats = max(repeats, 9)  # runs of a few tens of ms: more of them
            # Both thread modes of a workload back to back, so that they see the same machine.
            for mode in modes:
                print(f"{workload} ({MODE_TITLES[mode]})", file=sys.stderr)
                load_before = load_average()
                samples = measure(runners[mode], workload, sides_of(workload, args), {}, repeats,
                                  errors)
                load_after = load_average()
                for r in compare(workload, samples, mode):
                    rows.append(dict(r, mode=mode, load_before=load_before,
                                     load_after=load_after))
        run["load_after"] = load_average()
        run["seconds"] = round(time.time() - started, 1)
        report = {"run": run, "rows": rows, "errors": errors}
        text = markdown(report)
        base = "latest"

    with open(os.path.join(args.out, base + ".json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1, ensure_ascii=False)
    with open(os.path.join(args.out, base + ".md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    print(f"written: {os.path.relpath(os.path.join(args.out, base + '.md'), ROOT)} and .json "
          f"({run['seconds']} s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
