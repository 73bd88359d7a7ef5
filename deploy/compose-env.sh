#!/usr/bin/env bash
# Writes the bearer tokens docker compose needs: deploy/tokens.csv (read by the api-server) and .env (the
# components' own tokens). Run once from the repository root; re-running keeps existing tokens.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f deploy/tokens.csv ] && [ -f .env ] && { echo "deploy/tokens.csv and .env exist; keeping them"; exit 0; }
token() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
admin=$(token) scheduler=$(token) cm=$(token) node=$(token)
umask 077
cat > deploy/tokens.csv <<CSV
$admin,admin,admin
$scheduler,system:kube-scheduler,system:kube-scheduler
$cm,system:kube-controller-manager,system:kube-controller-manager
$node,system:node:quarkube-agent,system:node:quarkube-agent
CSV
cat > .env <<ENV
QUARKUBE_SCHEDULER_TOKEN=$scheduler
QUARKUBE_CONTROLLER_MANAGER_TOKEN=$cm
QUARKUBE_NODE_TOKEN=$node
ENV
echo "admin token (for kubectl): $admin"
