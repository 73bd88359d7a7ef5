#!/usr/bin/env bash
# Writes what docker compose needs, once; re-running keeps what exists:
#  - bearer tokens: deploy/tokens.csv (read by the api-server) and .env (the components' own tokens);
#  - deploy/pki: a cluster CA (ca.crt, ca.key) and the api-server's serving certificate signed by it
#    (apiserver.crt, apiserver.key; EC P-256; names api-server, quarkube-api-server, localhost, 127.0.0.1, ::1).
#    Clients trust ca.crt: curl --cacert deploy/pki/ca.crt https://127.0.0.1:6443/...
# Run from anywhere; needs openssl for the certificates.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077

if [ -f deploy/tokens.csv ] && [ -f .env ]; then
  echo "deploy/tokens.csv and .env exist; keeping them"
else
  token() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
  admin=$(token) scheduler=$(token) cm=$(token) node=$(token)
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
fi

pki=deploy/pki
if [ -f $pki/ca.crt ] && [ -f $pki/apiserver.crt ] && [ -f $pki/apiserver.key ]; then
  echo "$pki exists; keeping it"
  exit 0
fi
command -v openssl >/dev/null || { echo "compose-env.sh needs openssl to make $pki" >&2; exit 1; }
mkdir -p $pki
if [ ! -f $pki/ca.crt ] || [ ! -f $pki/ca.key ]; then
  openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out $pki/ca.key
  openssl req -x509 -new -key $pki/ca.key -sha256 -days 3650 -subj "/CN=quarkube-ca" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out $pki/ca.crt
fi
openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out $pki/apiserver.key
ext=$(mktemp)
trap 'rm -f "$ext" $pki/apiserver.csr' EXIT
cat > "$ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:api-server,DNS:quarkube-api-server,DNS:localhost,IP:127.0.0.1,IP:::1
EXT
openssl req -new -key $pki/apiserver.key -subj "/CN=quarkube-api-server" -out $pki/apiserver.csr
openssl x509 -req -in $pki/apiserver.csr -CA $pki/ca.crt -CAkey $pki/ca.key -CAcreateserial -sha256 -days 365 \
  -extfile "$ext" -out $pki/apiserver.crt
rm -f $pki/ca.srl
chmod 644 $pki/ca.crt $pki/apiserver.crt
echo "wrote $pki (clients trust $pki/ca.crt)"
