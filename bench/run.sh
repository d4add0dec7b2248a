#!/usr/bin/env bash
# The benchmark harness's one entry command: builds what it measures (tests skipped), runs the
# benchmarks (all, or those named) and prints one table. Benchmarks are not tests: run them on a
# quiet machine. Usage: bench/run.sh [--list] [--repeat N] [benchmark ...]
# BENCH_MAVEN_FLAGS (default -o, offline) is passed to the build.
set -euo pipefail
cd "$(dirname "$0")/.."
# HTTP load comes from wrk (Debian package "wrk"): install it when missing and we may, else say how.
if [[ " $* " != *" --list "* ]] && ! command -v wrk >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "installing wrk (apt-get install -y wrk)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2 || true
  fi
  command -v wrk >/dev/null || {
    echo "bench/run.sh: wrk is required for HTTP load; install it (Debian/Ubuntu: sudo apt-get install wrk)" >&2
    exit 2
  }
fi
./mvnw -B -q ${BENCH_MAVEN_FLAGS--o} -Pbench -DskipTests package -pl functions/local,bench -am
exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/classes:bench/target/lib/*" dev.agentfn.bench.Bench "$@"
