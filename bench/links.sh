#!/usr/bin/env bash
# Payment-link benchmark (docs/benchmarks.md): links/create with Idempotency-Key and the outbox on,
# at full speed and at 1,000/s, then links/list over the links created.
#   bench/links.sh --duration=20
# The JDK that runs this script also runs the services: pick it with JAVA_HOME.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests install -pl bench -am
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" ${BENCH_JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dopenbank.root="$PWD" \
  -cp "bench/target/token-bench.jar:bench/target/lib/*" dev.openbank.bench.LinkBenchmark "$@"
