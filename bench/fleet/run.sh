#!/usr/bin/env bash
# bench/fleet/run.sh — a fleet upgrade against a loop of single runs, side by
# side: PG_SCHEMAS tenant schemas in one PostgreSQL database, MY_DBS MariaDB
# databases and LITE_FILES SQLite files, each upgraded from nothing to head
# over REVS revisions (a table with an index and a foreign key each):
#
#  - fleet: one `migrate upgrade head --all --parallel PARALLEL` per dialect
#    (targets listed by migrate.yaml's targets: a query, a query, a glob).
#  - loop: one `migrate -x t=NAME upgrade head` process per target, one after
#    the other (the shell loop a team writes around a single-database tool),
#    with migrate.yaml's url and version_table_schema set from ${x.t}.
#
# Every target is recreated empty before each of the two runs, and each run is
# checked: every target must end at head. It prints targets per second for
# both and the ratio (loop time over fleet time).
#
# Needs psql, the mariadb client and Go. Usage:
#   bench/fleet/run.sh [PG_SCHEMAS=500] [MY_DBS=50] [LITE_FILES=200] [PARALLEL=8] [REVS=5]
# with MIGRATE_BENCH_PG and MIGRATE_BENCH_MYSQL (default: the test servers'
# variables, else the local servers). It creates and drops the database
# migrate_bench_fleet on PostgreSQL and databases migrate_bench_fleet_* on MariaDB.
set -euo pipefail
PG_SCHEMAS=${1:-500}
MY_DBS=${2:-50}
LITE_FILES=${3:-200}
PARALLEL=${4:-8}
REVS=${5:-5}
pgbase=${MIGRATE_BENCH_PG:-${MIGRATE_TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/test?sslmode=disable}}
mybase=${MIGRATE_BENCH_MYSQL:-${MIGRATE_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/test}}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
command -v psql >/dev/null || { echo "psql is not installed" >&2; exit 1; }
command -v mariadb >/dev/null || { echo "the mariadb client is not installed" >&2; exit 1; }

pgdb=migrate_bench_fleet
pgurl=$(python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/"+sys.argv[2])))' "$pgbase" "$pgdb")
# mariadb client arguments from the URL: -h HOST -P PORT -u USER [-pPASS].
myargs=$(python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print("-h %s -P %s -u %s%s" % (p.hostname or "127.0.0.1", p.port or 3306, p.username or "root", (" -p"+p.password) if p.password else ""))' "$mybase")
myurl() { python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/"+sys.argv[2])))' "$mybase" "$1"; }
my() { mariadb $myargs -N -B "$@"; }
pg() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

cleanup() {
  pg -d "$pgbase" -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null 2>&1 || true
  for d in $(my -e "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'migrate\\_bench\\_fleet\\_%'" 2>/dev/null); do my -e "DROP DATABASE $d" || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

(cd "$root" && CGO_ENABLED=0 go build -o "$work/migrate" .)
mig="$work/migrate"

# The revisions: REVS tables, each with an index and a foreign key to the one before.
mkdir -p "$work/proj/migrations/versions"
prev=null
for i in $(seq 1 "$REVS"); do
  id=$(printf 'b%011d' "$i")
  fk=""
  [ "$i" -gt 1 ] && fk="
      foreign_keys:
        - {name: fk_t${i}_prev, columns: [prev_id], ref_table: t$((i - 1)), ref_columns: [id]}"
  cat > "$work/proj/migrations/versions/${id}_t$i.yaml" <<REV
revision: $id
down_revision: $prev
message: t$i
upgrade:
  - create_table:
      name: t$i
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: prev_id, type: integer}
        - {name: title, type: varchar(100), nullable: false}
      primary_key: {name: pk_t$i, columns: [id]}$fk
  - create_index: {name: ix_t${i}_title, table: t$i, columns: [title]}
downgrade:
  - drop_index: {name: ix_t${i}_title, table: t$i}
  - drop_table: {name: t$i}
REV
  prev=$id
done
head=$(printf 'b%011d' "$REVS")

lite="$work/lite"
cat > "$work/proj/fleet.yaml" <<YAML
script_location: migrations
targets:
  - name: pg
    query: SELECT name FROM tenants ORDER BY name
    url: '$pgurl'
  - name: my
    query: SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'migrate\\_bench\\_fleet\\_%' ORDER BY 1
    url: '$(myurl mysql)'
    tenant: database
  - name: lite
    glob: $lite/*.db
YAML
cat > "$work/proj/loop-pg.yaml" <<YAML
script_location: migrations
url: '$pgurl&search_path=\${x.t}'
version_table_schema: \${x.t}
YAML
[[ "$pgurl" == *\?* ]] || sed -i 's/&search_path/?search_path/' "$work/proj/loop-pg.yaml"
cat > "$work/proj/loop-my.yaml" <<YAML
script_location: migrations
url: '$(myurl '${x.t}')'
YAML
cat > "$work/proj/loop-lite.yaml" <<YAML
script_location: migrations
url: sqlite:///$lite/\${x.t}.db
YAML

pgnames() { for i in $(seq -w 1 "$PG_SCHEMAS"); do echo "tenant_$i"; done; }
mynames() { for i in $(seq -w 1 "$MY_DBS"); do echo "migrate_bench_fleet_$i"; done; }
litenames() { for i in $(seq -w 1 "$LITE_FILES"); do echo "shop_$i"; done; }

# fresh DIALECT: recreate the dialect's targets, empty.
fresh() {
  local n
  case $1 in
  pg)
    pg -d "$pgbase" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" -c "CREATE DATABASE $pgdb" >/dev/null
    { echo "CREATE TABLE tenants (name text PRIMARY KEY);"
      for n in $(pgnames); do echo "CREATE SCHEMA $n; INSERT INTO tenants VALUES ('$n');"; done; } | pg -d "$pgurl" >/dev/null ;;
  my)
    { for n in $(mynames); do echo "DROP DATABASE IF EXISTS $n; CREATE DATABASE $n;"; done; } | my ;;
  lite)
    rm -rf "$lite"; mkdir -p "$lite"
    for n in $(litenames); do : > "$lite/$n.db"; done ;;
  esac
}
# athead DIALECT: how many targets are at head, read from the servers.
athead() {
  local n
  case $1 in
  pg) { for n in $(pgnames); do echo "SELECT version_num FROM $n.migrate_version;"; done; } | pg -d "$pgurl" -At | grep -c "^$head\$" || true ;;
  my) { for n in $(mynames); do echo "SELECT version_num FROM $n.migrate_version;"; done; } | my | grep -c "^$head\$" || true ;;
  lite) for n in $(litenames); do "$mig" -q -c "$work/proj/loop-lite.yaml" -x "t=$n" current; done | grep -c "^$head" || true ;;
  esac
}
now() { date +%s%N; }

printf '%-6s %7s  %-22s  %-22s  %s\n' dialect targets "fleet (--parallel $PARALLEL)" "loop of single runs" "loop/fleet"
for d in pg my lite; do
  case $d in pg) n=$PG_SCHEMAS; names=pgnames ;; my) n=$MY_DBS; names=mynames ;; lite) n=$LITE_FILES; names=litenames ;; esac
  [ "$n" -gt 0 ] || continue
  # The fleet's run upgrades every target of this dialect (--target d/*).
  fresh pg; fresh my; fresh lite
  t0=$(now)
  "$mig" -q -c "$work/proj/fleet.yaml" upgrade head --target "$d/*" --parallel "$PARALLEL" > "$work/fleet-$d.txt" || { cat "$work/fleet-$d.txt"; exit 1; }
  t1=$(now)
  got=$(athead "$d"); [ "$got" -eq "$n" ] || { echo "fleet run: $got of $n $d targets at head" >&2; exit 1; }
  fresh "$d"
  t2=$(now)
  for name in $($names); do "$mig" -q -c "$work/proj/loop-$d.yaml" -x "t=$name" upgrade head; done
  t3=$(now)
  got=$(athead "$d"); [ "$got" -eq "$n" ] || { echo "loop: $got of $n $d targets at head" >&2; exit 1; }
  awk -v d="$d" -v n="$n" -v f=$((t1 - t0)) -v l=$((t3 - t2)) 'BEGIN {
    printf "%-6s %7d  %6.2f s %8.1f/s       %6.2f s %8.1f/s       %.1f×\n", d, n, f/1e9, n/(f/1e9), l/1e9, n/(l/1e9), l/f }'
done
