#!/usr/bin/env bash
# GPU machine check (no JDK, Maven or network needed): GPU-vs-reference tests, then paper-preset throughput vs PyTorch.
#
#   scripts/jlink-runtime.sh      # on a build machine: makes dist/
#   scripts/gpu-check.sh          # on the GPU machine, from the repository root with dist/ present
#
# cuDNN and cuBLAS are expected in NVIDIA's Python wheels (nvidia/cudnn, nvidia/cublas, nvidia/cuda_runtime or
# nvidia/cu13), found through the site-packages of python3; the CUDA toolkit is not needed. Finishes in < 8 minutes.
# Environment: DIST (default ./dist), PYTHON (default python3), STEPS (default 20), BATCH (default 32).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="${DIST:-$root/dist}"
python="${PYTHON:-python3}"
steps="${STEPS:-20}"
batch="${BATCH:-32}"
java="$dist/jre/bin/java"
status=0

[ -x "$java" ] || { echo "gpu-check: $java missing; run scripts/jlink-runtime.sh first and copy dist/" >&2; exit 2; }
echo "== machine"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
"$java" -version 2>&1 | head -1

# ---- libraries from Python wheels: LD_LIBRARY_PATH for cuDNN's own dlopen calls, ALEXNET_*_LIB_DIR for discovery
echo "== libraries"
if command -v "$python" >/dev/null; then
  sites=$("$python" - <<'PY' 2>/dev/null
import site, sys
paths = list(getattr(site, "getsitepackages", lambda: [])()) + [site.getusersitepackages()] + sys.path
seen = []
for p in paths:
    if p and p not in seen:
        seen.append(p)
print("\n".join(seen))
PY
)
  libdirs=()
  while IFS= read -r s; do
    [ -d "$s/nvidia" ] || continue
    for d in "$s"/nvidia/*/lib; do [ -d "$d" ] && libdirs+=("$d"); done
  done <<< "$sites"
  for d in "${libdirs[@]}"; do
    ls "$d"/libcudnn.so.9 >/dev/null 2>&1 && : "${ALEXNET_CUDNN_LIB_DIR:=$d}"
    ls "$d"/libcublas.so.1[23] >/dev/null 2>&1 && : "${ALEXNET_CUBLAS_LIB_DIR:=$d}"
    ls "$d"/libcudart.so.1[23] >/dev/null 2>&1 && : "${ALEXNET_CUDART_LIB_DIR:=$d}"
  done
  if [ "${#libdirs[@]}" -gt 0 ]; then
    LD_LIBRARY_PATH="$(IFS=:; echo "${libdirs[*]}")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
  export LD_LIBRARY_PATH ALEXNET_CUDNN_LIB_DIR ALEXNET_CUBLAS_LIB_DIR ALEXNET_CUDART_LIB_DIR 2>/dev/null
fi
echo "ALEXNET_CUDART_LIB_DIR=${ALEXNET_CUDART_LIB_DIR:-}"
echo "ALEXNET_CUBLAS_LIB_DIR=${ALEXNET_CUBLAS_LIB_DIR:-}"
echo "ALEXNET_CUDNN_LIB_DIR=${ALEXNET_CUDNN_LIB_DIR:-}"

jvm=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -ea -Xmx8g -Xss4m)
cp="$dist/alexnet.jar:$(ls "$dist"/lib/*.jar | tr '\n' ':')"

# ---- equivalence tests: every op against the reference backend; a missing GPU backend fails here, it does not skip
echo "== gpu tests"
timeout 330 "$java" "${jvm[@]}" -Dalexnet.gpu.require=true -cp "$cp" org.junit.platform.console.ConsoleLauncher execute \
  --disable-banner --details=tree --fail-if-no-tests \
  --select-class dev.alexnet.gpu.cuda.CudaCheckTest \
  --select-class dev.alexnet.gpu.CudnnBackendProviderTest \
  --select-class dev.alexnet.gpu.CudnnBackendEquivalenceTest \
  --select-class dev.alexnet.gpu.CudnnModelTest || { echo "gpu-check: GPU TESTS FAILED (rc $?)"; status=1; }

# ---- throughput: one paper-preset training step, batch 32, float32 without TF32, Java vs PyTorch
echo "== throughput (paper preset, batch $batch, $steps steps, fp32, TF32 off)"
java_json=$(timeout 150 "$java" "${jvm[@]}" -jar "$dist/alexnet.jar" bench --preset paper --backend gpu \
  --batch-size "$batch" --steps "$steps")
rc=$?
echo "$java_json"
[ $rc -eq 0 ] || { echo "gpu-check: java bench failed (rc $rc)"; status=1; }

ips() { # images_per_second from a JSON object on stdin
  sed -n 's/.*"images_per_second"[[:space:]]*:[[:space:]]*\([0-9.eE+-]*\).*/\1/p' | head -1
}
java_ips=$(printf '%s\n' "$java_json" | ips)

if command -v "$python" >/dev/null && "$python" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
  torch_json=$(timeout 150 "$python" "$root/scripts/bench_torch.py" --batch-size "$batch" --steps "$steps")
  rc=$?
  echo "$torch_json"
  [ $rc -eq 0 ] || { echo "gpu-check: pytorch bench failed (rc $rc)"; status=1; }
  torch_ips=$(printf '%s\n' "$torch_json" | ips)
  if [ -n "$java_ips" ] && [ -n "$torch_ips" ]; then
    awk -v j="$java_ips" -v t="$torch_ips" 'BEGIN {
      printf "java gpu: %.1f images/s   pytorch: %.1f images/s   java/pytorch: %.3f\n", j, t, j / t }'
  fi
else
  echo "pytorch with CUDA not available: only the Java figure is reported (java gpu: ${java_ips:-?} images/s)"
fi
exit $status
