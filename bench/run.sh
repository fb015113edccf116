#!/usr/bin/env bash
# Token endpoint benchmark (docs/benchmarks.md). Options are passed on:
#   --duration=30 --connections=8 --warmup=120 --skip-keycloak --keycloak-only
# Service JVM flags for experiments: BENCH_JAVA_OPTS="-Dbench.service.jvm-args=-XX:+UseParallelGC,-Xms512m" (comma-separated)
# The JDK that runs this script also runs auth-service and Keycloak: pick it with JAVA_HOME,
# e.g. JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "==> installing wrk (Debian)"; apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }
./mvnw -B -q -DskipTests install -pl bench -am
./mvnw -B -q -N dependency:get -Dartifact=org.keycloak:keycloak-quarkus-dist:26.7.3:zip -Dtransitive=false
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" ${BENCH_JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dopenbank.root="$PWD" \
  -cp "bench/target/token-bench.jar:bench/target/lib/*" dev.openbank.bench.TokenBenchmark "$@"
