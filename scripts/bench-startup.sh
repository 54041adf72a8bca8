#!/usr/bin/env bash
# REPL start-up to the first prompt, prelude included: times `echo ':quit' | gradus` (the
# budget is 100 ms; see benchmarks/REPL.md). Uses hyperfine when installed, else a loop.
# Usage: scripts/bench-startup.sh [path/to/gradus] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-}"
runs="${2:-30}"
if [ -z "$binary" ]; then
  swift build -c release --product gradus >/dev/null
  binary="$(swift build -c release --show-bin-path)/gradus"
fi
export NO_COLOR=1 HOME="$(mktemp -d)"
trap 'rm -rf "$HOME"' EXIT

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs "$runs" --input <(printf ':quit\n') "$binary"
else
  echo ':quit' | "$binary" >/dev/null  # warm the file cache
  times=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    echo ':quit' | "$binary" >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v runs="$runs" '
    { t[NR] = $1; sum += $1 }
    END {
      printf "echo :quit | gradus, %d runs\n", runs
      printf "  min %.1f ms   median %.1f ms   mean %.1f ms   max %.1f ms\n",
        t[1] / 1000, t[int((NR + 1) / 2)] / 1000, sum / NR / 1000, t[NR] / 1000
    }'
fi

# In a terminal the REPL also starts libedit and reads the history file: time from the start
# of the process to its first `In [1]: ` prompt in a pseudo-terminal (needs python3).
command -v python3 >/dev/null || exit 0
TERM=xterm python3 - "$binary" "$runs" <<'PY'
import os, pty, select, statistics, sys, time
binary, runs = sys.argv[1], int(sys.argv[2])
times = []
for run in range(runs + 2):  # the first two warm the caches
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(binary, [binary])
    out = b""
    while b"In [1]: " not in out:
        if not select.select([fd], [], [], 5)[0]:
            sys.exit("no prompt within 5 s")
        out += os.read(fd, 4096)
    if run >= 2:
        times.append((time.perf_counter() - start) * 1000)
    os.write(fd, b"\x04")  # Ctrl-D
    try:
        while select.select([fd], [], [], 2)[0] and os.read(fd, 4096):
            pass
    except OSError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
times.sort()
print(f"first prompt in a pseudo-terminal (libedit, history), {runs} runs")
print(f"  min {times[0]:.1f} ms   median {statistics.median(times):.1f} ms   max {times[-1]:.1f} ms")
PY
