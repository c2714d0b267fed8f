#!/usr/bin/env bash
# Build llama-cpp-python from its sdist with instruction sets chosen on purpose, never -march=native.
#
#   scripts/build-llama-wheel.sh [avx2|avx512]   -> prints the wheelhouse folder holding the wheel
#
# avx2 (default): runs on every x86-64 CPU with AVX2/FMA/F16C (Haswell, Zen and newer). AMX kernels are off:
#   compiled in by -march=native on a CPU with AMX they crashed (SIGSEGV in ggml_backend_amx_mul_mat).
# avx512: adds AVX-512 (F/BW/VL/VNNI/VBMI/BF16); dies with SIGILL on a CPU without it, so its wheelhouse is named
#   after this host and it is only built when this CPU has avx512f.
#
# pip's wheel cache keys a built wheel by version alone, whatever flags made it, so the wheel is built with
# --no-cache-dir into a folder whose name carries the version and the flags, and installed from there.
set -euo pipefail
VERSION="${LLAMA_CPP_VERSION:-0.3.36}"
VARIANT="${1:-${LLAMA_CPU:-avx2}}"
PIP="${PIP:-pip}"
ROOT="${MTBRIEF_WHEELHOUSE:-${XDG_CACHE_HOME:-$HOME/.cache}/mtbrief/wheelhouse}"

BASE="-DGGML_NATIVE=OFF -DGGML_CPU_ALL_VARIANTS=OFF -DGGML_BACKEND_DL=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DLLAMA_CURL=OFF"
case "$(uname -m)" in
  x86_64|amd64)
    case "$VARIANT" in
      avx2)
        FLAGS="$BASE -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX512=OFF -DGGML_AVX_VNNI=OFF"
        TAG="avx2-fma-f16c-noamx";;
      avx512)
        grep -qw avx512f /proc/cpuinfo || { echo "build-llama-wheel: this CPU has no AVX-512; use avx2" >&2; exit 2; }
        FLAGS="$BASE -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON -DGGML_AVX_VNNI=ON"
        TAG="avx512-noamx-host-$(hostname -s)";;
      *) echo "build-llama-wheel: unknown variant '$VARIANT' (avx2 | avx512)" >&2; exit 2;;
    esac;;
  *) FLAGS="$BASE"; TAG="$(uname -m)-generic";;
esac

DEST="$ROOT/llama-cpp-python-$VERSION-$TAG"
if ! ls "$DEST"/llama_cpp_python-"$VERSION"-*.whl >/dev/null 2>&1; then
  mkdir -p "$DEST.tmp"
  echo "build-llama-wheel: building llama-cpp-python $VERSION ($TAG) from source, about 4-7 minutes on 2 cores" >&2
  CMAKE_ARGS="$FLAGS" CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" \
    "$PIP" wheel --no-cache-dir --no-deps --no-binary llama-cpp-python "llama-cpp-python==$VERSION" -w "$DEST.tmp" >&2
  printf '%s\n' "$FLAGS" > "$DEST.tmp/CMAKE_ARGS"
  rm -rf "$DEST" && mv "$DEST.tmp" "$DEST"
fi
echo "$DEST"
