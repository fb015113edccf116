#!/usr/bin/env bash
# Prints the kubectl commands that create each service's Secret with fresh random keys (never
# commit the output). Database passwords are those of the roles your DBA created (decision 0001);
# the service clients' ids and secrets come from auth-service's admin API once it runs
# (docs/deployment.md, "First start").
#   deploy/kubernetes/secrets.sh <namespace> > create-secrets.sh   # review, fill the DB passwords
set -euo pipefail
ns="${1:-openbank}"
key() { head -c 32 /dev/urandom | base64; }
cat <<OUT
kubectl -n $ns create secret generic auth-service \\
  --from-literal=AUTH_DB_USER=auth --from-literal=AUTH_DB_PASSWORD='<auth role password>' \\
  --from-literal=AUTH_MASTER_KEY=$(key) --from-literal=AUTH_SECRET_HASH_KEY=$(key) \\
  --from-literal=AUTH_CURSOR_SECRET=$(key) --from-literal=AUTH_ADMIN_KEY=adm_$(head -c 24 /dev/urandom | base64 | tr '+/' 'xy' | tr -d '=')
kubectl -n $ns create secret generic provider-registry \\
  --from-literal=REGISTRY_DB_USER=registry --from-literal=REGISTRY_DB_PASSWORD='<registry role password>' \\
  --from-literal=REGISTRY_CURSOR_SECRET=$(key)
kubectl -n $ns create secret generic consent-service \\
  --from-literal=CONSENT_DB_USER=consent --from-literal=CONSENT_DB_PASSWORD='<consent role password>' \\
  --from-literal=CONSENT_CLIENT_ID='<client with scope internal>' --from-literal=CONSENT_CLIENT_SECRET='<its secret>'
kubectl -n $ns create secret generic ais-service \\
  --from-literal=AIS_DB_USER=ais --from-literal=AIS_DB_PASSWORD='<ais role password>' \\
  --from-literal=AIS_CURSOR_SECRET=$(key) \\
  --from-literal=AIS_CLIENT_ID='<client with scope internal>' --from-literal=AIS_CLIENT_SECRET='<its secret>'
kubectl -n $ns create secret generic pis-service \\
  --from-literal=PIS_DB_USER=pis --from-literal=PIS_DB_PASSWORD='<pis role password>' \\
  --from-literal=PIS_CURSOR_SECRET=$(key) \\
  --from-literal=PIS_CLIENT_ID='<client with scope internal>' --from-literal=PIS_CLIENT_SECRET='<its secret>'
kubectl -n $ns create secret generic webhook-dispatcher \\
  --from-literal=WEBHOOKS_DB_USER=webhooks --from-literal=WEBHOOKS_DB_PASSWORD='<webhooks role password>' \\
  --from-literal=WEBHOOKS_MASTER_KEY=$(key) --from-literal=WEBHOOKS_CURSOR_SECRET=$(key)
kubectl -n $ns create secret generic sandbox-bank \\
  --from-literal=SANDBOX_DB_USER=sandbox --from-literal=SANDBOX_DB_PASSWORD='<sandbox role password>'
OUT
