#!/usr/bin/env bash
# What the test suites need besides npm packages: MariaDB and Redis running, the test databases
# and their user, Debian's Chromium and two DICOM toolkits. Idempotent; starts or installs only what is missing.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Chromium for the browser tests; dciodvfy (dicom3tools) and dcmdump (DCMTK) check de-identified DICOM.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v dciodvfy >/dev/null 2>&1 || missing+=(dicom3tools)
command -v dcmdump >/dev/null 2>&1 || missing+=(dcmtk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing from Debian's packages: ${missing[*]}…"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! mysqladmin --user=root ping >/dev/null 2>&1; then
  echo "Starting MariaDB…"
  as_root mkdir -p /run/mysqld
  as_root chown mysql:mysql /run/mysqld
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  for _ in $(seq 1 60); do mysqladmin --user=root ping >/dev/null 2>&1 && break; sleep 0.5; done
fi

if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  echo "Starting Redis…"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 40); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.25; done
fi

# The test user logs in over TCP; depending on name resolution MariaDB sees it as localhost or 127.0.0.1.
as_root mysql --user=root <<'SQL'
CREATE DATABASE IF NOT EXISTS tessera_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS tessera_e2e CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS tessera_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'tessera'@'localhost' IDENTIFIED BY 'tessera-test';
CREATE USER IF NOT EXISTS 'tessera'@'127.0.0.1' IDENTIFIED BY 'tessera-test';
GRANT ALL PRIVILEGES ON tessera_test.* TO 'tessera'@'localhost', 'tessera'@'127.0.0.1';
GRANT ALL PRIVILEGES ON tessera_e2e.* TO 'tessera'@'localhost', 'tessera'@'127.0.0.1';
GRANT ALL PRIVILEGES ON tessera_bench.* TO 'tessera'@'localhost', 'tessera'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
echo "Test services ready: MariaDB, Redis, Chromium."
