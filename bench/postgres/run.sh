#!/usr/bin/env bash
# bench/postgres/run.sh — PostgreSQL timings, each a whole process, medians of RUNS:
#
#  1. `migrate check` with the database in sync, for schemas of 500 and 5,000
#     tables (10 columns, an index, a unique constraint and a foreign key each).
#     The binary is built with cmd.Main(cmd.WithMetadata(models.Metadata)), so
#     metadata loading (the go-built loader) is excluded; the warm-cache loader
#     path (`metadata:` in migrate.yaml) is timed separately on the same schema.
#  2. `migrate upgrade head` over N revisions that each create a table and an
#     index, on a fresh database, versus `psql -1 -f` of migrate's own
#     `upgrade head --sql` script (the same DDL and version-table statements).
#
# Usage: MIGRATE_BENCH_PG=postgres://root@127.0.0.1:5432/test bench/postgres/run.sh [RUNS=5] [N=1000]
#   SIZES="500 5000"  the schema sizes of part 1; N=0 skips part 2.
# It creates and drops databases named migrate_bench_* beside the one named.
set -euo pipefail
RUNS=${1:-5}
N=${2:-1000}
base=${MIGRATE_BENCH_PG:-${MIGRATE_TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/test?sslmode=disable}}
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/bench/lib.sh"
work=$(mktemp -d)
dbs=()
cleanup() {
  for d in "${dbs[@]}"; do psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
command -v psql >/dev/null || { echo "psql is not installed" >&2; exit 1; }

# dburl NAME: the URL of database NAME beside $base.
dburl() { python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/"+sys.argv[2])))' "$base" "$1"; }
newdb() { psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null 2>&1; dbs+=("$1"); }
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { awk -v ns="$1" 'BEGIN {printf "%.0f", ns/1e6}'; }

(cd "$root" && CGO_ENABLED=0 go build -o "$work/migrate" .)
mig="$work/migrate"

# --- 1. check at 500 and 5,000 tables -------------------------------------
for tables in ${SIZES:-500 5000}; do
  proj="$work/check$tables"
  mkdir -p "$proj/models"
  (cd "$root" && go run ./bench/postgres/genmodels -n "$tables") > "$proj/models/models.go"
  bench_metadata_binary "$proj" "$work/migrate-bench$tables"
  db="migrate_bench_check_$tables"
  newdb "$db"
  url=$(dburl "$db")
  (cd "$proj" && "$mig" -q init >/dev/null \
    && MIGRATE_URL="$url" "$work/migrate-bench$tables" -q revision --autogenerate -m schema >/dev/null \
    && MIGRATE_URL="$url" "$work/migrate-bench$tables" -q upgrade head --sql) \
    | grep -v -E '^(BEGIN|COMMIT);$' | psql -X -q -v ON_ERROR_STOP=1 -d "$url" -f - >/dev/null
  # (set up statement by statement: 5,000 tables in one transaction exceed the
  # default max_locks_per_transaction)
  # A database that has been in use has had its catalogs vacuumed and analysed
  # by autovacuum; one just built has not, and its catalog queries are slower.
  psql -X -q -d "$url" -c "VACUUM ANALYZE" >/dev/null
  (cd "$proj" && MIGRATE_URL="$url" "$mig" -q check >/dev/null) # builds and caches the loader
  declare -a tc=() tl=()
  for r in $(seq 1 "$RUNS"); do
    t0=$(now); (cd "$proj" && MIGRATE_URL="$url" "$work/migrate-bench$tables" -q check); t1=$(now)
    (cd "$proj" && MIGRATE_URL="$url" "$mig" -q check); t2=$(now)
    tc+=($((t1 - t0))); tl+=($((t2 - t1)))
  done
  mc=$(printf '%s\n' "${tc[@]}" | median); ml=$(printf '%s\n' "${tl[@]}" | median)
  echo "check $tables tables: metadata passed in: median $(ms "$mc") ms; with the cached loader: median $(ms "$ml") ms (runs: $(for x in "${tc[@]}"; do printf '%s ' "$(ms "$x")"; done)ms)"
done

# --- 2. upgrade head over N revisions vs psql -1 -f -------------------------
[ "$N" -gt 0 ] || exit 0
proj="$work/upgrade"
mkdir -p "$proj"
cd "$proj"
"$mig" -q init >/dev/null
prev=null
for i in $(seq 1 "$N"); do
  rev=$(printf 'p%011d' "$i")
  cat > "migrations/versions/${rev}_t${i}.yaml" <<YAML
revision: $rev
down_revision: $prev
message: table $i
upgrade:
  - create_table:
      name: t$i
      columns:
        - {name: id, type: integer, nullable: false, autoincrement: true}
        - {name: name, type: varchar(100), nullable: false}
        - {name: created_at, type: timestamp, server_default: CURRENT_TIMESTAMP}
      primary_key: {columns: [id]}
  - create_index: {name: ix_t${i}_name, table: t$i, columns: [name]}
downgrade:
  - drop_index: {name: ix_t${i}_name, table: t$i}
  - drop_table: {name: t$i}
YAML
  prev=$rev
done
"$mig" -q --url postgresql://offline/unused upgrade head --sql | grep -v -E '^(BEGIN|COMMIT);$' > "$work/ddl.sql"
declare -a tm=() tp=()
for r in $(seq 1 "$RUNS"); do
  newdb migrate_bench_up_m; newdb migrate_bench_up_p
  um=$(dburl migrate_bench_up_m); up=$(dburl migrate_bench_up_p) # before the clock: dburl starts python3
  t0=$(now); MIGRATE_URL=$um "$mig" -q upgrade head; t1=$(now)
  psql -X -q -1 -v ON_ERROR_STOP=1 -d "$up" -f "$work/ddl.sql" >/dev/null; t2=$(now)
  tm+=($((t1 - t0))); tp+=($((t2 - t1)))
done
mm=$(printf '%s\n' "${tm[@]}" | median); mp=$(printf '%s\n' "${tp[@]}" | median)
echo "upgrade head, $N revisions: migrate median $(ms "$mm") ms, psql -1 -f median $(ms "$mp") ms, ratio $(awk -v a="$mm" -v b="$mp" 'BEGIN {printf "%.2f", a/b}')"
echo "  migrate runs: $(for x in "${tm[@]}"; do printf '%s ' "$(ms "$x")"; done)ms; psql runs: $(for x in "${tp[@]}"; do printf '%s ' "$(ms "$x")"; done)ms"
