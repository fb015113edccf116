#!/usr/bin/env bash
# Writes deploy/compose/.env with fresh random keys and passwords (mode 600, never commit it).
set -euo pipefail
cd "$(dirname "$0")"
[[ -e .env ]] && { echo ".env exists; delete it to start over (the data encrypted with it becomes unreadable)"; exit 1; }
key() { head -c 32 /dev/urandom | base64; }
pw() { head -c 18 /dev/urandom | base64 | tr '+/' 'xy'; }
umask 077
{
  echo "POSTGRES_PASSWORD=$(pw)"
  for svc in AUTH REGISTRY SANDBOX WEBHOOKS PIS CONSENT AIS; do echo "DB_PASSWORD_$svc=$(pw)"; done
  echo "AUTH_MASTER_KEY=$(key)"
  echo "AUTH_SECRET_HASH_KEY=$(key)"
  echo "AUTH_CURSOR_SECRET=$(key)"
  echo "AUTH_ADMIN_KEY=adm_$(head -c 24 /dev/urandom | base64 | tr '+/' 'xy' | tr -d '=')"
  echo "REGISTRY_CURSOR_SECRET=$(key)"
  echo "WEBHOOKS_MASTER_KEY=$(key)"
  echo "WEBHOOKS_CURSOR_SECRET=$(key)"
  echo "PIS_CURSOR_SECRET=$(key)"
  echo "AIS_CURSOR_SECRET=$(key)"
  echo "# service clients (scope internal): create them with auth-service's admin API after the"
  echo "# first start, fill these in, then: docker compose up -d (docs/deployment.md)"
  for svc in PIS CONSENT AIS; do echo "${svc}_CLIENT_ID="; echo "${svc}_CLIENT_SECRET="; done
} > .env
echo "wrote $(pwd)/.env"
