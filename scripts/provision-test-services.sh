#!/usr/bin/env bash
# Installs and starts what the test suite needs on a fresh Debian machine, idempotently:
# the PostgreSQL server (installed but stopped on these machines) with a test role and
# database, then every scripts/provision.d/*.sh (Kafka test broker, browser, ...).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq >/dev/null; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
export -f as_root apt_install 2>/dev/null || true

if [ -n "${KETNOI_TEST_DATABASE_URL:-}" ]; then
  echo "provision: using KETNOI_TEST_DATABASE_URL as given"
else
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  pg_lsclusters -h | grep -q "^$version main" || as_root pg_createcluster "$version" main >/dev/null
  if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
    as_root pg_ctlcluster "$version" main start
  fi
  psql_admin() { as_root runuser -u postgres -- psql -qAtX -v ON_ERROR_STOP=1 "$@"; }
  psql_admin -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='ketnoi') THEN CREATE ROLE ketnoi LOGIN PASSWORD 'ketnoi' CREATEDB; END IF; END\$\$;"
  psql_admin -tc "SELECT 1 FROM pg_database WHERE datname='ketnoi_test'" | grep -q 1 \
    || psql_admin -c "CREATE DATABASE ketnoi_test OWNER ketnoi"
  echo "provision: PostgreSQL $version up, database ketnoi_test"
fi

for step in scripts/provision.d/*.sh; do
  [ -e "$step" ] || continue
  bash "$step"
done
