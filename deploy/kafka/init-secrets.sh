#!/bin/sh
# Creates deploy/kafka/secrets/kafka.env: one random SASL/PLAIN password per Kafka principal
# (brokers, the admin of kafka-init, each city node). Kept if it exists; never committed.
# Usage (from the repository root): sh deploy/kafka/init-secrets.sh
set -eu
dir="$(dirname "$0")/secrets"
file="$dir/kafka.env"
if [ -f "$file" ]; then
  echo "kept $file"
  exit 0
fi
umask 077
mkdir -p "$dir"
password() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
{
  echo "KAFKA_BROKER_PASSWORD=$(password)"
  echo "KAFKA_ADMIN_PASSWORD=$(password)"
  echo "KAFKA_PASSWORD_VN_HUE=$(password)"
  echo "KAFKA_PASSWORD_FR_NEVERS=$(password)"
  echo "KAFKA_PASSWORD_KR_KOICA=$(password)"
} >"$file"
echo "wrote $file (mode 0600)"
