#!/usr/bin/env bash
# The benchmark harness's one entry command: builds what it measures (tests skipped), runs the
# benchmarks (all, or those named) and prints one table. Benchmarks are not tests: run them on a
# quiet machine. Usage: bench/run.sh [--list] [--repeat N] [benchmark ...]
# BENCH_MAVEN_FLAGS (default -o, offline) is passed to the build.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q ${BENCH_MAVEN_FLAGS--o} -Pbench -DskipTests package -pl functions/local,bench -am
exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/classes:bench/target/lib/*" dev.agentfn.bench.Bench "$@"
