#!/usr/bin/env bash
# Gradus beside PyTorch (and micrograd) on the workloads of the lessons, in one run on this
# machine: see benchmarks/README.md.
#
#   scripts/bench-vs-torch.sh                      # full comparison (about 5 minutes)
#   scripts/bench-vs-torch.sh --quick              # smaller workloads, 2 repeats
#   scripts/bench-vs-torch.sh --sweep [--quick]    # scaling tables (W3, W5) for SCALING.md
#   scripts/bench-vs-torch.sh --gradus-only --quick  # CI smoke test: Gradus side only, no Python
#   scripts/bench-vs-torch.sh --threads 1,default  # one thread each, then each side's defaults
#
# Other options go to benchmarks/run.py (--repeats N, --only W1,W3, --threads). Builds the release
# binary; the comparison creates .venv-bench/ with torch, numpy and micrograd from PyPI unless they
# are already there (set BENCH_PIP_ARGS to pass extra pip arguments, e.g. a CPU-only index).
# GRADUS=path uses that gradus binary instead of building one.
# Results: benchmarks/results/latest.md and latest.json (scaling.md/.json for --sweep).
set -euo pipefail
cd "$(dirname "$0")/.."

gradus_only=false
quick=false
for arg in "$@"; do
  case "$arg" in
    --gradus-only) gradus_only=true ;;
    --quick) quick=true ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  esac
done

if [ -n "${GRADUS:-}" ]; then
  gradus="$GRADUS"  # a binary built already: no build
else
  swift build -c release --product gradus >&2
  gradus="$(swift build -c release --show-bin-path)/gradus"
fi

if $gradus_only; then
  # Each workload once, timed inside Gradus; fails if any errors or prints no RESULT line.
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  export OPENBLAS_NUM_THREADS=1 GRADUS_THREADS=1 NO_COLOR=1
  status=0
  start=$(date +%s)
  for file in benchmarks/gradus/W*.grad; do
    name="$(basename "$file" .grad)"
    program="$tmp/$name.grad"
    if $quick; then
      sed -E 's/^quick = false( +#.*)$/quick = true\1/' "$file" >"$program"
      grep -q '^quick = true' "$program" || { echo "$file: no \`quick = false  # param\` line" >&2; status=1; continue; }
    else
      cp "$file" "$program"
    fi
    if ! output="$("$gradus" run "$program" 2>&1)"; then
      echo "FAILED $name:" >&2
      echo "$output" | sed 's/^/    /' >&2
      status=1
      continue
    fi
    if ! grep -q '^RESULT ' <<<"$output"; then
      echo "FAILED $name: no RESULT line" >&2
      echo "$output" | sed 's/^/    /' >&2
      status=1
      continue
    fi
    grep '^RESULT ' <<<"$output"
  done
  echo "gradus-only$($quick && echo ' --quick'): $(($(date +%s) - start)) s, $([ $status -eq 0 ] && echo 'all workloads ran' || echo 'FAILURES above')" >&2
  exit $status
fi

# The PyTorch side: a virtual environment with torch, numpy and micrograd from PyPI.
venv=.venv-bench
if ! "$venv/bin/python" -c 'import torch, numpy, micrograd' 2>/dev/null; then
  echo "setting up $venv (torch, numpy, micrograd from PyPI)…" >&2
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install --quiet ${BENCH_PIP_ARGS:-} torch numpy micrograd >&2
fi

# The engine's benchmark binary gives the raw CBLAS figures W4 is compared against; optional.
bench=""
if swift build -c release --product gradus-bench >/dev/null 2>&1; then
  bench="$(swift build -c release --show-bin-path)/gradus-bench"
else
  echo "note: gradus-bench did not build; W4 is reported without raw CBLAS figures" >&2
fi

exec "$venv/bin/python" benchmarks/run.py --gradus "$gradus" --python "$venv/bin/python" \
  --bench "$bench" "$@"
