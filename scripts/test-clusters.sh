#!/usr/bin/env bash
# Test servers for the cluster tests, on one machine:
#   - a 3-node MariaDB Galera cluster (Debian's galera-4 with the installed
#     mariadb-server; SQL ports 3311-3313, rsync state transfer),
#   - PgBouncer in transaction pooling on port 6432 in front of the local
#     PostgreSQL (127.0.0.1:5432),
#   - a streaming replica of the local PostgreSQL on port 5433, made with
#     pg_basebackup.
#
# Usage (as root):
#   scripts/test-clusters.sh start   install what is missing, start what is not
#                                    running (idempotent), print the export lines
#   scripts/test-clusters.sh env     print the export lines only
#   scripts/test-clusters.sh stop    stop all three
#   scripts/test-clusters.sh clean   stop all three, remove their data and
#                                    drop the replica's slot on the primary
#
# `eval "$(scripts/test-clusters.sh start)"` sets MIGRATE_TEST_GALERA_URLS
# (comma-separated), MIGRATE_TEST_PGBOUNCER_URL and MIGRATE_TEST_PG_REPLICA_URL.
# Progress goes to stderr; stdout carries only the export lines.
set -euo pipefail

GALERA_DIR=${MIGRATE_GALERA_DIR:-/var/lib/migrate-galera}
PGB_DIR=${MIGRATE_PGBOUNCER_DIR:-/var/lib/migrate-pgbouncer}
REPLICA_DIR=${MIGRATE_PG_REPLICA_DIR:-/var/lib/migrate-pgreplica}
PG_HOST=127.0.0.1
PG_PORT=5432
PGB_PORT=6432
REPLICA_PORT=5433
GALERA_SQL_PORTS=(3311 3312 3313)
GALERA_GCOMM_PORTS=(4571 4572 4573)
GALERA_IST_PORTS=(4581 4582 4583)
GALERA_SST_PORTS=(4591 4592 4593)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# wait_until SECONDS DESCRIPTION COMMAND...: runs COMMAND every half second
# until it succeeds; fails naming DESCRIPTION after SECONDS.
wait_until() {
  local secs=$1 what=$2; shift 2
  local i
  for ((i = 0; i < secs * 2; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  return 1
}

# pid_of FILE PROGRAM: the pid in FILE when that process is running PROGRAM
# (a stale pid file may name a pid the system has given to something else).
pid_of() {
  local pid
  pid=$(cat "$1" 2>/dev/null || true)
  [ -n "$pid" ] && grep -qa "$2" "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
  return 0
}

print_env() {
  local urls=() i
  for i in 0 1 2; do urls+=("mysql://root@127.0.0.1:${GALERA_SQL_PORTS[$i]}/test"); done
  local IFS=,
  echo "export MIGRATE_TEST_GALERA_URLS='${urls[*]}'"
  echo "export MIGRATE_TEST_PGBOUNCER_URL='postgres://root@127.0.0.1:${PGB_PORT}/test?sslmode=disable&pooling=transaction'"
  echo "export MIGRATE_TEST_PG_REPLICA_URL='postgres://root@127.0.0.1:${REPLICA_PORT}/test?sslmode=disable'"
}

install_missing() {
  local need=()
  [ -e /usr/lib/galera/libgalera_smm.so ] || need+=(galera-4)
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
  command -v rsync >/dev/null 2>&1 || need+=(rsync)
  command -v lsof >/dev/null 2>&1 || need+=(lsof)
  [ -x /usr/sbin/pgbouncer ] || need+=(pgbouncer)
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || die "apt-get update failed: check the network and the apt sources, then run again"
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || die "apt-get install ${need[*]} failed: install them by hand and run again"
  fi
  # The package starts its own PgBouncer on 6432 with its default
  # configuration (session pooling): ours replaces it.
  if [ -f /etc/pgbouncer/pgbouncer.ini ] && pgrep -f '^/usr/sbin/pgbouncer .*/etc/pgbouncer/pgbouncer.ini' >/dev/null 2>&1; then
    log "stopping the packaged PgBouncer"
    (command -v service >/dev/null && service pgbouncer stop >/dev/null 2>&1) || pkill -f '^/usr/sbin/pgbouncer .*/etc/pgbouncer/pgbouncer.ini' || true
  fi
}

# ---------------------------------------------------------------- Galera

galera_sql() { # node index (0-2), SQL
  mariadb --protocol=tcp -h 127.0.0.1 -P "${GALERA_SQL_PORTS[$1]}" -u root -N -B -e "$2"
}

galera_size() { galera_sql "$1" "SHOW STATUS LIKE 'wsrep_cluster_size'" 2>/dev/null | awk '{print $2}'; }

galera_node_ready() { # node index
  local ready
  ready=$(galera_sql "$1" "SHOW STATUS LIKE 'wsrep_ready'" 2>/dev/null | awk '{print $2}')
  [ "$ready" = ON ]
}

galera_synced() {
  local i
  for i in 0 1 2; do
    galera_node_ready "$i" || return 1
    [ "$(galera_size "$i")" = 3 ] || return 1
  done
}

galera_pid() { pid_of "$GALERA_DIR/node$(($1 + 1)).pid" mariadbd; }

galera_stop() {
  local i pid
  for i in 2 1 0; do
    pid=$(galera_pid "$i")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait_until 30 "node $((i + 1)) to stop" bash -c "! kill -0 $pid" || kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$GALERA_DIR/node$((i + 1)).pid"
  done
}

galera_write_config() { # node index
  local n=$(($1 + 1)); local dir="$GALERA_DIR/node$n"
  cat >"$GALERA_DIR/node$n.cnf" <<EOF
[mariadbd]
datadir=$dir/data
socket=$dir/mysqld.sock
pid-file=$GALERA_DIR/node$n.pid
port=${GALERA_SQL_PORTS[$1]}
bind-address=127.0.0.1
log-error=$dir/error.log
skip-name-resolve=0
performance_schema=OFF
innodb_buffer_pool_size=32M
innodb_log_file_size=16M
innodb_flush_log_at_trx_commit=2
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
character-set-server=utf8mb4
collation-server=utf8mb4_general_ci
wsrep_on=ON
wsrep_provider=/usr/lib/galera/libgalera_smm.so
wsrep_cluster_name=migrate_test
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:${GALERA_GCOMM_PORTS[$1]}
wsrep_cluster_address=gcomm://127.0.0.1:${GALERA_GCOMM_PORTS[0]},127.0.0.1:${GALERA_GCOMM_PORTS[1]},127.0.0.1:${GALERA_GCOMM_PORTS[2]}
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:${GALERA_GCOMM_PORTS[$1]};ist.recv_addr=127.0.0.1:${GALERA_IST_PORTS[$1]};gcache.size=64M;evs.suspect_timeout=PT5S;evs.inactive_timeout=PT10S"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:${GALERA_SST_PORTS[$1]}
EOF
}

galera_launch() { # node index, extra args...
  local idx=$1; shift
  local n=$((idx + 1))
  setsid /usr/sbin/mariadbd --defaults-file="$GALERA_DIR/node$n.cnf" --user=mysql "$@" \
    </dev/null >>"$GALERA_DIR/node$n/stdout.log" 2>&1 &
}

galera_start() {
  if galera_synced; then
    log "Galera: 3 nodes already synced"
    return 0
  fi
  # A cluster that is partly up, or stopped with its state on disk, is
  # rebuilt from scratch: it is test data, and a fresh bootstrap is faster
  # and surer than recovering the newest node.
  log "Galera: (re)creating the 3-node cluster in $GALERA_DIR"
  galera_stop
  rm -rf "$GALERA_DIR"
  mkdir -p "$GALERA_DIR"
  local i
  for i in 0 1 2; do
    mkdir -p "$GALERA_DIR/node$((i + 1))/data"
    galera_write_config "$i"
  done
  chown -R mysql:mysql "$GALERA_DIR"
  mariadb-install-db --defaults-file="$GALERA_DIR/node1.cnf" --user=mysql \
    --auth-root-authentication-method=normal --skip-test-db --wsrep-on=OFF >"$GALERA_DIR/install.log" 2>&1 ||
    die "mariadb-install-db for Galera node 1 failed: see $GALERA_DIR/install.log"
  galera_launch 0 --wsrep-new-cluster
  wait_until 60 "Galera node 1" galera_node_ready 0 || die "Galera node 1 did not bootstrap in 60 s: see $GALERA_DIR/node1/error.log"
  galera_sql 0 "CREATE DATABASE IF NOT EXISTS test" || die "Galera node 1: cannot create database test"
  # Join one node at a time: each takes its state by rsync from a synced node.
  for i in 1 2; do
    galera_launch "$i"
    wait_until 60 "Galera node $((i + 1))" galera_node_ready "$i" ||
      die "Galera node $((i + 1)) did not join in 60 s: see $GALERA_DIR/node$((i + 1))/error.log"
  done
  wait_until 30 "Galera cluster size 3" galera_synced || die "the Galera cluster did not reach 3 synced nodes in 30 s: see $GALERA_DIR/node*/error.log"
  log "Galera: 3 nodes synced"
}

# ---------------------------------------------------------------- PostgreSQL

pg_primary_sql() { psql -h "$PG_HOST" -p "$PG_PORT" -U root -d postgres -tAqc "$1"; }

pg_primary_ready() {
  wait_until 60 "PostgreSQL on $PG_PORT" psql -h "$PG_HOST" -p "$PG_PORT" -U root -d postgres -tAc 'select 1' ||
    die "PostgreSQL does not answer on $PG_HOST:$PG_PORT: start it first"
}

pgb_running() { psql -h 127.0.0.1 -p "$PGB_PORT" -U root -d test -tAc 'select 1' >/dev/null 2>&1; }

pgbouncer_stop() {
  local pid; pid=$(pid_of "$PGB_DIR/pgbouncer.pid" pgbouncer)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait_until 10 "PgBouncer to stop" bash -c "! kill -0 $pid" || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PGB_DIR/pgbouncer.pid"
}

pgbouncer_start() {
  if pgb_running && [ -n "$(pid_of "$PGB_DIR/pgbouncer.pid" pgbouncer)" ]; then
    log "PgBouncer: already running on $PGB_PORT"
    return 0
  fi
  pgbouncer_stop
  mkdir -p "$PGB_DIR"
  cat >"$PGB_DIR/pgbouncer.ini" <<EOF
[databases]
* = host=$PG_HOST port=$PG_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGB_PORT
unix_socket_dir =
auth_type = trust
auth_file = $PGB_DIR/userlist.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,search_path
server_reset_query =
logfile = $PGB_DIR/pgbouncer.log
pidfile = $PGB_DIR/pgbouncer.pid
admin_users = root
EOF
  echo '"root" ""' >"$PGB_DIR/userlist.txt"
  chown -R postgres:postgres "$PGB_DIR"
  log "PgBouncer: starting on $PGB_PORT (transaction pooling)"
  su postgres -s /bin/sh -c "/usr/sbin/pgbouncer -d $PGB_DIR/pgbouncer.ini" >&2 ||
    die "PgBouncer did not start: see $PGB_DIR/pgbouncer.log"
  wait_until 20 "PgBouncer" pgb_running || die "PgBouncer does not answer on $PGB_PORT after 20 s: see $PGB_DIR/pgbouncer.log"
}

REPLICA_SLOT=migrate_test_replica

# replica_running: the replica is in recovery and streams from the primary
# (a replica that fell behind the primary's WAL is in recovery but stuck).
replica_running() {
  [ "$(psql -h 127.0.0.1 -p "$REPLICA_PORT" -U root -d postgres -tAc \
    "select pg_is_in_recovery() and exists (select 1 from pg_stat_wal_receiver where status = 'streaming')" 2>/dev/null)" = t ]
}

drop_slot() {
  pg_primary_sql "select pg_drop_replication_slot('$REPLICA_SLOT') from pg_replication_slots where slot_name = '$REPLICA_SLOT' and not active" >/dev/null 2>&1 || true
}

replica_stop() {
  if [ -f "$REPLICA_DIR/data/postmaster.pid" ]; then
    local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    if ! su postgres -s /bin/sh -c "$bin/pg_ctl -D $REPLICA_DIR/data -m fast -w -t 30 stop" >/dev/null 2>&1; then
      local pid; pid=$(head -1 "$REPLICA_DIR/data/postmaster.pid" 2>/dev/null || true)
      if [ -n "$pid" ] && grep -qa postgres "/proc/$pid/cmdline" 2>/dev/null; then kill -9 "$pid" || true; fi
    fi
  fi
}

replica_start() {
  # Replication connections from 127.0.0.1 (pg_hba, reloaded without a
  # restart); wal_level must be replica or logical, which needs a restart
  # when it is not (PostgreSQL's default is replica).
  local hba level
  hba=$(pg_primary_sql 'show hba_file')
  if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
    log "PostgreSQL: allowing replication connections from 127.0.0.1 in $hba"
    printf 'host replication all 127.0.0.1/32 trust\n' >>"$hba"
    pg_primary_sql 'select pg_reload_conf()' >/dev/null
  fi
  level=$(pg_primary_sql 'show wal_level')
  if [ "$level" = minimal ]; then
    log "PostgreSQL: wal_level is minimal; setting replica and restarting the primary"
    pg_primary_sql "alter system set wal_level = replica" >/dev/null
    pg_primary_sql "alter system set max_wal_senders = 10" >/dev/null
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main restart
    pg_primary_ready
  fi
  if replica_running; then
    log "PostgreSQL replica: already streaming on $REPLICA_PORT"
    return 0
  fi
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  local ver; ver=$(pg_primary_sql 'show server_version_num'); ver=${ver:0:2}
  [ -x "/usr/lib/postgresql/$ver/bin/postgres" ] && bin=/usr/lib/postgresql/$ver/bin
  # A stopped replica whose slot is still there catches up from where it
  # stopped: much faster than a new copy of the primary.
  if [ -f "$REPLICA_DIR/data/PG_VERSION" ] && [ -n "$(pg_primary_sql "select 1 from pg_replication_slots where slot_name = '$REPLICA_SLOT'")" ]; then
    log "PostgreSQL replica: restarting the one in $REPLICA_DIR"
    replica_stop
    su postgres -s /bin/sh -c "$bin/pg_ctl -D $REPLICA_DIR/data -l $REPLICA_DIR/replica.log -w -t 60 start" >/dev/null 2>&1 || true
    if wait_until 30 "replica" replica_running; then
      log "PostgreSQL replica: streaming on $REPLICA_PORT"
      return 0
    fi
    log "PostgreSQL replica: it does not stream; making a new one"
  fi
  replica_stop
  # The replica streams through a replication slot, so that the primary keeps
  # the WAL it has not received yet (other work on the primary may write WAL
  # faster than a fresh replica starts); max_slot_wal_keep_size bounds what a
  # stopped replica's slot can hold back (a reload, no restart).
  drop_slot
  if [ "$(pg_primary_sql 'show max_slot_wal_keep_size')" = -1 ]; then
    pg_primary_sql "alter system set max_slot_wal_keep_size = '4GB'" >/dev/null
    pg_primary_sql 'select pg_reload_conf()' >/dev/null
  fi
  log "PostgreSQL replica: pg_basebackup into $REPLICA_DIR"
  rm -rf "$REPLICA_DIR"
  mkdir -p "$REPLICA_DIR"
  chown postgres:postgres "$REPLICA_DIR"
  su postgres -s /bin/sh -c "$bin/pg_basebackup -h $PG_HOST -p $PG_PORT -U root -D $REPLICA_DIR/data -R -C -S $REPLICA_SLOT -X stream -c fast --no-sync" >&2 ||
    die "pg_basebackup failed: is replication allowed for root from 127.0.0.1?"
  cat >"$REPLICA_DIR/data/postgresql.conf" <<EOF
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$REPLICA_DIR'
hba_file = '$REPLICA_DIR/data/pg_hba.conf'
hot_standby = on
# A throwaway test replica: no fsync (and so no sync of the copied data
# directory at its first start, which takes minutes on a large primary).
fsync = off
max_connections = 100
shared_buffers = 32MB
wal_receiver_status_interval = 1s
EOF
  cat >"$REPLICA_DIR/data/pg_hba.conf" <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
  chown -R postgres:postgres "$REPLICA_DIR"
  chmod 700 "$REPLICA_DIR/data"
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $REPLICA_DIR/data -l $REPLICA_DIR/replica.log -w -t 120 start" >/dev/null ||
    die "the PostgreSQL replica did not start: see $REPLICA_DIR/replica.log"
  wait_until 30 "replica" replica_running || die "the PostgreSQL replica is not in recovery on $REPLICA_PORT: see $REPLICA_DIR/replica.log"
  log "PostgreSQL replica: streaming on $REPLICA_PORT"
}

case "${1:-}" in
start)
  [ "$(id -u)" = 0 ] || die "run as root (it installs packages and starts servers as mysql and postgres)"
  install_missing
  pg_primary_ready
  galera_start
  pgbouncer_start
  replica_start
  print_env
  ;;
env) print_env ;;
stop)
  # The replica's slot stays, so that the next start catches up from it
  # (max_slot_wal_keep_size bounds what it holds back); clean drops it.
  galera_stop
  pgbouncer_stop
  replica_stop
  ;;
clean)
  galera_stop
  pgbouncer_stop
  replica_stop
  drop_slot
  rm -rf "$GALERA_DIR" "$PGB_DIR" "$REPLICA_DIR"
  ;;
*)
  echo "usage: $0 start|env|stop|clean" >&2
  exit 2
  ;;
esac
