#!/usr/bin/env bash
# Transactions benchmark (docs/benchmarks.md): ais-service's transactions/list over one consent with
# 10M transactions, first page, middle and end of the keyset, beside pgbench running the same SQL.
#   bench/transactions.sh --rows=10000000 --duration=15 --connections=8
# The JDK that runs this script also runs ais-service: pick it with JAVA_HOME.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in pgbench:postgresql-client wrk:wrk; do
  if ! command -v "${tool%%:*}" >/dev/null; then
    echo "${tool%%:*} is missing: installing Debian's ${tool##*:}"
    apt-get install -y -q "${tool##*:}" >/dev/null
  fi
done
./mvnw -B -q -DskipTests install -pl bench -am
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" ${BENCH_JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dopenbank.root="$PWD" \
  -cp "bench/target/token-bench.jar:bench/target/lib/*" dev.openbank.bench.TransactionBenchmark "$@"
