"""Convolution and pooling size by size: Gradus beside PyTorch at one thread.

    python benchmarks/conv_sizes.py [--gradus .build/release/gradus] [--rounds 5]

Runs benchmarks/conv_sizes.grad and the same operations in PyTorch (`F.conv2d`,
`F.max_pool2d`, float32, `torch.set_num_threads(1)`, OPENBLAS_NUM_THREADS=1) in alternating
rounds, and prints a Markdown table of the medians: forward, and forward + backward (gradients
of the image and the kernel, from `sum(y)`). Both sides time the CPU time of their thread
(steadier than the wall clock on a busy machine), repeating each call until it has taken
`budget` seconds. Needs torch (the venv of scripts/bench-vs-torch.sh).
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
       "NO_COLOR": "1"}
os.environ.update(ENV)

import torch  # noqa: E402  (after the thread settings)
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)

# [batch, channels in, height = width, channels out (0: 2×2 max pooling), kernel, stride,
# padding]: the lessons' and learners' sizes, W7's two layers among them.
SIZES = [
    [32, 1, 8, 4, 3, 1, 0],       # lesson 09's tiny CNN
    [64, 3, 16, 16, 3, 1, 1],     # W7, first layer
    [64, 16, 8, 32, 3, 1, 1],     # W7, second layer
    [64, 1, 28, 16, 5, 1, 2],     # MNIST-sized, 5×5
    [32, 32, 32, 64, 3, 1, 1],    # CIFAR-sized middle layer
    [64, 16, 32, 32, 3, 2, 1],    # stride 2
    [64, 64, 16, 64, 1, 1, 0],    # 1×1
    [1, 3, 64, 16, 3, 1, 1],      # one image
    [128, 8, 16, 16, 5, 1, 2],    # batch 128, 5×5
    [64, 16, 16, 0, 2, 2, 0],     # max pooling, W7's first
    [64, 32, 32, 0, 2, 2, 0],     # max pooling, larger
]


def name(s):
    return "conv_sizes.N{}_C{}_H{}_O{}_k{}_s{}_p{}".format(*s)


def label(s):
    n, c, h, o, k, stride, pad = s
    if o == 0:
        return f"max_pool2d 2×2 of [{n}, {c}, {h}, {h}]"
    return f"conv [{n}, {c}, {h}, {h}] → {o}, {k}×{k}, s{stride} p{pad}"


def seconds_per_call(work, budget):
    n = 1
    while True:
        t0 = time.thread_time()
        for _ in range(n):
            work()
        elapsed = time.thread_time() - t0
        if elapsed >= budget:
            return elapsed / n
        n *= 2


def torch_round(budget):
    results = {}
    for s in SIZES:
        n, c, h, o, k, stride, pad = s
        g = torch.Generator().manual_seed(1)
        x = torch.randn(n, c, h, h, generator=g, requires_grad=True)
        w = (torch.randn(max(o, 1), c, k, k, generator=g) / (c * k * k) ** 0.5).requires_grad_()

        def apply():
            if o == 0:
                return F.max_pool2d(x, 2)
            return F.conv2d(x, w, stride=stride, padding=pad)

        def inference():
            with torch.no_grad():
                apply()

        def training():
            apply().sum().backward()

        results[name(s)] = {"fwd_us": seconds_per_call(inference, budget) * 1e6,
                            "fwdbwd_us": seconds_per_call(training, budget) * 1e6}
    return results


def gradus_round(gradus, budget):
    with open(os.path.join(ROOT, "benchmarks", "conv_sizes.grad"), encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"^sizes = .*# param$", f"sizes = {SIZES}   # param", text, flags=re.M)
    text = re.sub(r"^budget = .*# param(.*)$", rf"budget = {budget}   # param\1", text, flags=re.M)
    with tempfile.NamedTemporaryFile("w", suffix=".grad", delete=False) as f:
        f.write(text)
    try:
        done = subprocess.run([gradus, "run", f.name], cwd=ROOT, capture_output=True, text=True,
                              env=dict(os.environ, **ENV), check=True)
    finally:
        os.remove(f.name)
    results = {}
    for line in done.stdout.splitlines():
        words = line.split()
        if words[:1] == ["RESULT"]:
            results[words[1]] = {k: float(v) for k, v in (w.split("=") for w in words[2:])}
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gradus", default=os.path.join(ROOT, ".build/release/gradus"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--budget", type=float, default=0.05)
    args = parser.parse_args()
    load_before = os.getloadavg()
    rounds = {"gradus": [], "torch": []}
    for r in range(args.rounds):
        sides = ["gradus", "torch"] if r % 2 == 0 else ["torch", "gradus"]
        for side in sides:
            if side == "gradus":
                rounds[side].append(gradus_round(args.gradus, args.budget))
            else:
                rounds[side].append(torch_round(args.budget))
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)
    load_after = os.getloadavg()

    def med(side, s, key):
        values = [r[name(s)][key] for r in rounds[side] if name(s) in r]
        return statistics.median(values) if values else float("nan")

    print(f"torch {torch.__version__}, one thread each side, medians of {args.rounds} "
          f"alternating rounds, CPU time of the thread; load average before "
          f"{', '.join(f'{x:.1f}' for x in load_before)}, after "
          f"{', '.join(f'{x:.1f}' for x in load_after)}\n")
    print("| size | fwd Gradus µs | fwd PyTorch µs | ratio | fwd+bwd Gradus µs | "
          "fwd+bwd PyTorch µs | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for s in SIZES:
        gf, tf = med("gradus", s, "fwd_us"), med("torch", s, "fwd_us")
        gb, tb = med("gradus", s, "fwdbwd_us"), med("torch", s, "fwdbwd_us")
        print(f"| {label(s)} | {gf:,.1f} | {tf:,.1f} | {gf / tf:.2f} | {gb:,.1f} | {tb:,.1f} | "
              f"{gb / tb:.2f} |")


if __name__ == "__main__":
    main()
