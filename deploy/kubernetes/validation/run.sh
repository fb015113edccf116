#!/usr/bin/env bash
# Renders the suite with kustomize (kubectl) and validates every object against the Kubernetes
# schemas and the platform's rules (validate.mjs), then proves the validator catches broken
# manifests. Run by the build (deploy/kubernetes/pom.xml) after the services wrote their manifests.
set -euo pipefail
cd "$(dirname "$0")"
out=../target
mkdir -p "$out"
if ! command -v kubectl >/dev/null; then
  echo "kubectl is missing: installing Debian's package"
  (apt-get install -y -q kubectl || (apt-get update -q && apt-get install -y -q kubectl)) >"$out/apt-get-kubectl.log" 2>&1 \
    || { echo "cannot install kubectl (see $out/apt-get-kubectl.log); install it to validate the manifests" >&2; exit 1; }
fi
command -v node >/dev/null || { echo "node is missing: install Node.js 20+ to validate the manifests" >&2; exit 1; }
if [[ ! -d node_modules/kubernetes-models || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
kubectl kustomize ../base >"$out/base.yaml"
kubectl kustomize ../overlays/production >"$out/production.yaml"
node validate.mjs "$out/base.yaml" "$out/production.yaml"
node validate.mjs --self-test "$out/production.yaml"
