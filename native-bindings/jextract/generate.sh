#!/usr/bin/env bash
# Regenerates the committed FFM bindings (dev.alexnet.nativebind.{cudart,cublas,cudnn}) with an installed jextract.
#
#   JEXTRACT=/opt/jextract/bin/jextract CUDA_HOME=/usr/local/cuda CUDNN_HOME=/opt/cudnn ./generate.sh
#   ./generate.sh --refresh-includes   # first rebuild <lib>.includes from --dump-includes filtered by <lib>.symbols
#
# Headers looked for: cuda_runtime_api.h in $CUDA_HOME/include, cublas_v2.h in $CUBLAS_HOME/include (default
# $CUDA_HOME/include), cudnn.h in $CUDNN_HOME/include (default $CUDA_HOME/include). No -l option is passed: the
# generated classes resolve symbols through SymbolLookup.loaderLookup(), and gpu-cudnn loads the libraries it
# discovers with System.load, so the library paths are chosen at run time. Versions used: see README.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../src/main/java"
jextract="${JEXTRACT:-$(command -v jextract || true)}"
[[ -n "$jextract" && -x "$jextract" ]] || { echo "generate.sh: set JEXTRACT or put jextract on PATH" >&2; exit 2; }
cuda_inc="${CUDA_HOME:-/usr/local/cuda}/include"
cublas_inc="${CUBLAS_HOME:-${CUDA_HOME:-/usr/local/cuda}}/include"
cudnn_inc="${CUDNN_HOME:-${CUDA_HOME:-/usr/local/cuda}}/include"
for f in "$cuda_inc/cuda_runtime_api.h" "$cublas_inc/cublas_v2.h" "$cudnn_inc/cudnn.h"; do
    [[ -f "$f" ]] || { echo "generate.sh: missing header $f" >&2; exit 2; }
done
includes=(-I "$cudnn_inc" -I "$cublas_inc" -I "$cuda_inc")

# lib  package-suffix  header-class  header
libs=(
    "cudart cudart CudaRuntime $cuda_inc/cuda_runtime_api.h"
    "cublas cublas Cublas      $cublas_inc/cublas_v2.h"
    "cudnn  cudnn  Cudnn       $cudnn_inc/cudnn.h"
)

if [[ "${1:-}" == "--refresh-includes" ]]; then
    for spec in "${libs[@]}"; do
        read -r lib _ _ header <<<"$spec"
        dump="$(mktemp)"
        "$jextract" "${includes[@]}" --dump-includes "$dump" "$header" >/dev/null 2>&1 || true
        # Keep "--include-<kind> <name>" for the names listed in <lib>.symbols; drop the header-path comments.
        awk 'NR == FNR { want[$1] = 1; next } /^--include-/ && ($2 in want) { print $1, $2 }' \
            "$here/$lib.symbols" "$dump" | sort -u > "$here/$lib.includes"
        missing="$(awk 'NR == FNR { have[$2] = 1; next } !($1 in have) { print $1 }' "$here/$lib.includes" "$here/$lib.symbols")"
        [[ -z "$missing" ]] || echo "generate.sh: $lib: not found in the headers: $missing" >&2
        rm -f "$dump"
    done
fi

for spec in "${libs[@]}"; do
    read -r lib pkg cls header <<<"$spec"
    rm -rf "$out/dev/alexnet/nativebind/$pkg"
    "$jextract" "${includes[@]}" \
        --output "$out" \
        -t "dev.alexnet.nativebind.$pkg" \
        --header-class-name "$cls" \
        "@$here/$lib.includes" \
        "$header"
done
echo "generated into $out/dev/alexnet/nativebind"
