#!/usr/bin/env bash
# PostgreSQL's first start (docker-entrypoint-initdb.d): one login role and one schema per service,
# each role able to touch only its own schema (decision 0001). Passwords come from compose's .env.
set -euo pipefail
for svc in auth registry sandbox webhooks pis consent ais; do
  var="DB_PASSWORD_${svc^^}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE $svc LOGIN PASSWORD '${!var}';
CREATE SCHEMA $svc AUTHORIZATION $svc;
REVOKE ALL ON SCHEMA $svc FROM PUBLIC;
SQL
done
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -c "REVOKE ALL ON SCHEMA public FROM PUBLIC"
