# Sourced by .ci/test and benches/table.sh: `pg_cluster_start` makes a throw-away PostgreSQL
# cluster in /tmp on a free loopback port, exports PG_CLUSTER_URL (a superuser URL) and
# PG_CLUSTER_RESTART (the command that restarts it), and removes it when the shell exits.
# Returns 1 when the PostgreSQL server is not installed (Debian: postgresql).
# initdb and postgres refuse to run as root: as root, the cluster belongs to `postgres`.

pg_cluster_start() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    return 1
  fi
  PG_CLUSTER_DIR=$(mktemp -d /tmp/filimbi-pg.XXXXXX)
  PG_CLUSTER_AS=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$PG_CLUSTER_DIR"
    PG_CLUSTER_AS=(runuser -u postgres --)
  fi
  PG_CLUSTER_BIN=$bin
  trap pg_cluster_stop EXIT
  echo "== a throw-away PostgreSQL cluster in $PG_CLUSTER_DIR"
  "${PG_CLUSTER_AS[@]}" "$bin/initdb" -D "$PG_CLUSTER_DIR/data" -A trust -U postgres -E UTF8 \
    --no-sync >/dev/null
  local port started=""
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 30000))
    # Durable commits as in production (fsync on); more connections than the default 100,
    # since every test instance and every replica has its own pool.
    if "${PG_CLUSTER_AS[@]}" "$bin/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/log" -w \
      -o "-p $port -k $PG_CLUSTER_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" \
      start >/dev/null; then
      started=1
      break
    fi
  done
  if [ -z "$started" ]; then
    cat "$PG_CLUSTER_DIR/log" >&2
    return 2
  fi
  export PG_CLUSTER_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export PG_CLUSTER_RESTART="${PG_CLUSTER_AS[*]} $bin/pg_ctl -D $PG_CLUSTER_DIR/data -l $PG_CLUSTER_DIR/log -m fast -w restart"
}

pg_cluster_stop() {
  if [ -n "${PG_CLUSTER_DIR:-}" ]; then
    "${PG_CLUSTER_AS[@]}" "$PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m immediate stop \
      >/dev/null 2>&1 || true
    rm -rf "$PG_CLUSTER_DIR"
  fi
}
