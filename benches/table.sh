#!/usr/bin/env bash
# The benchmark table for both engines (README, "Benchmarks"): SQLite, and PostgreSQL in a
# throw-away cluster when the PostgreSQL server is installed. Prints a Markdown table, then
# the SMS benchmark on the same engines (inbound SMS per second, direct and through a real
# Kannel, next to web reports per second in the same run).
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/pg-cluster.sh
if pg_cluster_start; then
  export FILIMBI_BENCH_DATABASE_URL="$PG_CLUSTER_URL"
else
  echo "PostgreSQL is not installed (apt-get install postgresql): SQLite only"
fi
cargo bench --locked --bench table
cargo bench --locked --bench sms
