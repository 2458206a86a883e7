#!/usr/bin/env bash
# Builds dist/ for machines without a JDK, Maven or network: a jlinked runtime, alexnet.jar, the GPU tests and JUnit's console.
#
#   scripts/jlink-runtime.sh            # then copy dist/ (and scripts/) to the GPU machine and run scripts/gpu-check.sh
#
# dist/jre              java.base, java.logging, jdk.incubator.vector: enough for `bench` and the tests (about 44 MB,
#                       so dist/ stays under 64 MiB); JLINK_MODULES=jdeps adds what jdeps finds the jars need
#                       (java.desktop for plots, java.net.http for --download), or JLINK_MODULES=a,b,c names them
# dist/alexnet.jar      the CLI with every backend (cli/target/alexnet.jar)
# dist/lib/*.jar        core's test helpers, gpu-cudnn's test classes, junit-platform-console-standalone
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dist="${DIST:-$root/dist}"

find_jdk() {
  for d in "${ALEXNET_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$d" ] && [ -x "$d/bin/jlink" ] || continue
    v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$d"; return 0; fi
  done
  return 1
}
jdk=$(find_jdk) || { echo "jlink-runtime.sh: no JDK 25 with jlink found (set ALEXNET_JAVA_HOME)" >&2; exit 2; }

cd "$root"
offline=()
[ "${OFFLINE:-0}" = 1 ] && offline=(-o)
# package (never install): builds alexnet.jar, core's test-jar, and compiles gpu-cudnn's tests.
mvn -B -q -ntp "${offline[@]}" -DskipTests package

junit_platform=$(sed -n 's:.*<junit.version>5\.\([0-9.]*\)</junit.version>.*:1.\1:p' parent/pom.xml)
rm -rf "$dist"
mkdir -p "$dist/lib"
mvn -B -q -ntp "${offline[@]}" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_platform" -DoutputDirectory="$dist/lib"

cp cli/target/alexnet.jar "$dist/"
cp core/target/alexnet-core-*-tests.jar "$dist/lib/"
"$jdk/bin/jar" --create --file "$dist/lib/alexnet-gpu-cudnn-tests.jar" -C gpu-cudnn/target/test-classes .

modules="${JLINK_MODULES:-java.base,java.logging,jdk.incubator.vector}"
if [ "$modules" = jdeps ]; then
  modules=$("$jdk/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
    "$dist/alexnet.jar" "$dist"/lib/alexnet-*.jar),jdk.incubator.vector
fi
echo "jlink modules: $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=zip-9 \
  --output "$dist/jre"

"$dist/jre/bin/java" -version 2>&1 | head -1
du -sh "$dist" "$dist/jre" "$dist/alexnet.jar" "$dist"/lib/*.jar
