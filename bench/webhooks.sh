#!/usr/bin/env bash
# Webhook delivery benchmark (docs/benchmarks.md): events in on Kafka, signed deliveries out to a
# local receiver, beside the raw HTTP rate and the bare signing rate, all in one run.
#   bench/webhooks.sh --alg=ES256 --events=20000 --rate-seconds=20 --rate-warmup-seconds=60
# The JDK that runs this script also runs the dispatcher: pick it with JAVA_HOME, e.g.
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/webhooks.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests install -pl bench -am
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" ${BENCH_JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dopenbank.root="$PWD" \
  -cp "bench/target/token-bench.jar:bench/target/lib/*" dev.openbank.bench.WebhookBenchmark "$@"
