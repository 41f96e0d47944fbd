#!/usr/bin/env bash
# Set-up step of the README's commands: create .venv and install the pinned requirements into it,
# or, when .venv already holds exactly these pins, do nothing (so an author's rebuild does not wait
# ~12 s for pip to re-check ~130 pins and rebuild the editable ahe_lib).
#
#   bash book/_tools/venv.sh          requirements.txt (with ahe_lib, editable), then Kwant
#   bash book/_tools/venv.sh --lab    the same, then requirements-lab.txt (JupyterLab, for the tests)
#
# "Holds exactly these pins" means: the SHA-256 of the requirement files, pyproject.toml, the venv's
# Python version and the checkout's path equals the stamp this script wrote after its last successful install
# (.venv/ahe-base.sha256, .venv/ahe-lab.sha256). Any edit to those files re-runs pip. After changing
# the venv by hand, delete the stamps (or .venv) to make this script install again.
set -euo pipefail
cd "$(dirname "$0")/../.."

lab=0
case "${1:-}" in
  "") ;;
  --lab) lab=1 ;;
  *) echo "usage: bash book/_tools/venv.sh [--lab]" >&2; exit 2 ;;
esac

[ -x .venv/bin/python ] || python3 -m venv .venv
pip=(.venv/bin/python -m pip install -q)
version=$(.venv/bin/python -c 'import sys; print(sys.version)')
# the checkout's own path too: the editable ahe_lib (and the venv's scripts) point to where it was installed
base_sha=$( { echo "$version"; pwd -P; cat requirements.txt requirements-kwant.txt pyproject.toml; } | sha256sum | cut -d' ' -f1)

if [ "$(cat .venv/ahe-base.sha256 2>/dev/null)" != "$base_sha" ]; then
  rm -f .venv/ahe-base.sha256 .venv/ahe-lab.sha256
  "${pip[@]}" -r requirements.txt
  # Kwant ships only sources and must be compiled against the NumPy and Cython just installed
  "${pip[@]}" --no-build-isolation --use-pep517 -r requirements-kwant.txt
  echo "$base_sha" > .venv/ahe-base.sha256
fi

if [ "$lab" = 1 ]; then
  lab_sha=$( { echo "$base_sha"; cat requirements-lab.txt; } | sha256sum | cut -d' ' -f1)
  if [ "$(cat .venv/ahe-lab.sha256 2>/dev/null)" != "$lab_sha" ]; then
    "${pip[@]}" -r requirements-lab.txt
    echo "$lab_sha" > .venv/ahe-lab.sha256
  fi
fi
