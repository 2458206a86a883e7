#!/usr/bin/env bash
# Runs a bench main or JMH with the bench module's class path: bench/run.sh peers [args] | jmh [JMH args] | fma.
# Build first: mvn -B -q -ntp -o -Pbench -pl bench -am package -DskipTests
# THREADS (default: all cores) sets both peers' thread counts; PyTorch natives come from the jar (ai.djl.offline).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
java="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
threads="${THREADS:-$(nproc)}"
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads"
opts=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -Xmx6g)
what="${1:-peers}"; shift || true
case "$what" in
  fma)   exec "$java" "${opts[@]}" -cp "$cp" dev.alexnet.bench.FmaPeak "$threads" "$@" ;;
  peers) exec "$java" "${opts[@]}" -cp "$cp" dev.alexnet.bench.PeerComparison --threads "$threads" "$@" ;;
  jmh)   exec "$java" "${opts[@]}" -cp "$cp" org.openjdk.jmh.Main -p threads="$threads" "$@" ;;
  *) echo "usage: bench/run.sh peers|jmh|fma [args]" >&2; exit 2 ;;
esac
