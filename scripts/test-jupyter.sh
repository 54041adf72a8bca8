#!/usr/bin/env bash
# The Jupyter kernel's tests (Tests/jupyter) against the built `gradus`: the protocol through
# jupyter_client, exported notebooks through nbformat and nbclient, all from PyPI: creates .venv-jupyter (ignored by git) on first use, installs the
# kernelspec into it, and runs the tests under a timeout (a hung kernel must not hang CI).
# Needs python3 with venv (Debian: python3-venv) and network access for pip the first time.
# VENV=DIR uses another virtual environment (it gets jupyter_client if it lacks it).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv-jupyter}
bin=$(swift build --show-bin-path)
[ -x "$bin/gradus" ] || swift build --product gradus
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c "import jupyter_client, nbclient, nbformat" 2>/dev/null \
  || "$venv/bin/pip" install -q jupyter_client nbclient nbformat
# The kernelspec goes into the environment; JUPYTER_PATH makes jupyter_client find it there
# even when the environment is not the one `jupyter` itself runs from.
"$bin/gradus" kernel install --prefix "$venv" >/dev/null
export JUPYTER_PATH="$PWD/$venv/share/jupyter" GRADUS="$bin/gradus"
# The kernels' state (their session counter) goes to a folder of this run, not the user's.
XDG_STATE_HOME=$(mktemp -d)
export XDG_STATE_HOME
trap 'rm -rf "$XDG_STATE_HOME"' EXIT
timeout 180 "$venv/bin/python" -m unittest discover -s Tests/jupyter -v
