#!/usr/bin/env bash
# Runs every endpoint of the API on http://localhost:${PORT:-8080} in one process, under the
# official Functions Framework invoker. With no configuration: offline model provider,
# in-instance cache, open API. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")"

PORT=${PORT:-8080}
local_dir=functions/local/target
jar="$local_dir/deployment/agentfn-local.jar"

# Build unless the gateway JAR is newer than every source and POM.
if [ ! -f "$jar" ] || [ -n "$(find shared functions pom.xml -newer "$jar" \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -print -quit)" ]; then
  echo "Building (tests skipped; run the README's test command for those)..." >&2
  ./mvnw -q -B -DskipTests package -pl functions/local -am
fi

echo "Serving http://localhost:$PORT (Ctrl-C to stop)" >&2
exec java ${JAVA_OPTS:-} -cp "$local_dir/invoker/*" com.google.cloud.functions.invoker.runner.Invoker \
  --classpath "$jar" --target dev.agentfn.function.local.LocalGateway --port "$PORT"
