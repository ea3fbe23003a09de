#!/usr/bin/env bash
# Checks the deployment files without a Docker engine or a Kubernetes cluster:
#   1. docker-compose config on docker/compose.yaml, alone and with docker/compose.fleet.yaml
#      (Debian: docker-compose),
#   2. kustomize renders docker/k8s, the GPU overlay docker/k8s-gpu and the fleet overlay
#      docker/k8s-fleet (kubectl kustomize),
#   3. every rendered Kubernetes object validates against the Kubernetes API schemas of the npm
#      package kubernetes-models (.ci/k8s-schema-check.mjs; types and required fields, not unknown
#      fields; a FlinkDeployment's podTemplate as a core/v1 PodTemplate).
# Steps 2 and 3 are skipped, saying so, where kubectl or node/npm are missing. The YAML-level
# assertions (healthchecks, non-root, token from a Secret, no unauthenticated port, HA, ...) are
# Java tests: DeploymentFilesTest (tools), DeploymentConfigTest and GrafanaDashboardTest (flink-jobs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== docker-compose config"
docker-compose -f docker/compose.yaml config -q
docker-compose -f docker/compose.yaml -f docker/compose.fleet.yaml config -q

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rendered=()
if command -v kubectl >/dev/null; then
  echo "== kubectl kustomize docker/k8s docker/k8s-gpu"
  kubectl kustomize docker/k8s > "$work/base.yaml"
  kubectl kustomize docker/k8s-gpu > "$work/gpu.yaml"
  kubectl kustomize docker/k8s-fleet > "$work/fleet.yaml"
  grep -q "kind: StatefulSet" "$work/fleet.yaml" || { echo "the fleet overlay has no learner StatefulSet"; exit 1; }
  grep -q "nvidia.com/gpu" "$work/gpu.yaml" || { echo "the GPU overlay asks for no GPU"; exit 1; }
  rendered=("$work/base.yaml" "$work/gpu.yaml" "$work/fleet.yaml")
else
  echo "== kubectl not found: kustomize rendering skipped (the schema check reads the files)"
fi

if command -v node >/dev/null && command -v npm >/dev/null; then
  echo "== Kubernetes schema check (kubernetes-models)"
  # the npm registry is the only network this needs: when it is unreachable the check is skipped,
  # saying so, rather than failing the build on the network
  if npm install --silent --no-audit --no-fund --prefix "$work/npm" kubernetes-models@4.5.1 js-yaml@4 >/dev/null; then
    NODE_PATH="$work/npm/node_modules" node .ci/k8s-schema-check.mjs \
      docker/k8s/model-server.yaml docker/k8s/prepare-base-model.yaml docker/k8s/flink-deployment.yaml \
      docker/k8s/network-policy.yaml docker/k8s/secrets.example.yaml \
      docker/k8s-fleet/learner.yaml docker/k8s-fleet/generators.yaml docker/k8s-fleet/network-policy-fleet.yaml "${rendered[@]}"
  else
    echo "== npm install failed (registry unreachable?): Kubernetes schema check skipped"
  fi
else
  echo "== node/npm not found: Kubernetes schema check skipped"
fi
echo "== deployment checks passed"
