#!/usr/bin/env bash
# Creates a small test CA, a broker certificate and one client certificate per gateway (CN = device id).
# Usage: deploy/mosquitto/make-certs.sh OUTDIR BROKER_HOSTNAME DEVICE_ID...
# For production use your organisation's PKI; keys here are unencrypted, as libmosquitto reads them.
set -euo pipefail
out=$1; broker=$2; shift 2
mkdir -p "$out"
cd "$out"
if [ ! -f ca.key ]; then
  openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/CN=EdgeLstm test CA" -keyout ca.key -out ca.crt 2>/dev/null
fi
openssl req -newkey rsa:2048 -nodes -subj "/CN=$broker" -keyout broker.key -out broker.csr 2>/dev/null
openssl x509 -req -in broker.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -out broker.crt \
  -extfile <(printf 'subjectAltName=DNS:%s,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' "$broker") 2>/dev/null
for device in "$@"; do
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$device" -keyout "$device.key" -out "$device.csr" 2>/dev/null
  openssl x509 -req -in "$device.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -out "$device.crt" \
    -extfile <(printf 'extendedKeyUsage=clientAuth\n') 2>/dev/null
done
rm -f ./*.csr
echo "make-certs.sh: wrote ca.crt, broker.crt/key and $# client certificates to $out"
