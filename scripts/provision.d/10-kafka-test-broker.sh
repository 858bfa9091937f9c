#!/usr/bin/env bash
# Kafka test broker: librdkafka's in-process mock cluster behind a tiny C program
# (test/kafka-broker/mock_cluster.c). Idempotent: installs librdkafka-dev only when its
# header is missing, and recompiles only when the source is newer than the binary.
set -euo pipefail
cd "$(dirname "$0")/../.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

src=test/kafka-broker/mock_cluster.c
out=test/kafka-broker/build/mock-cluster

if [ ! -f /usr/include/librdkafka/rdkafka_mock.h ] || ! command -v gcc >/dev/null; then
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librdkafka-dev gcc >/dev/null
fi

if [ ! -x "$out" ] || [ "$src" -nt "$out" ] || [ "$0" -nt "$out" ]; then
  mkdir -p "$(dirname "$out")"
  gcc -std=c11 -O2 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -o "$out.tmp" "$src" -lrdkafka
  mv "$out.tmp" "$out"
  echo "provision: compiled $out"
fi
echo "provision: Kafka test broker ready ($out)"
