#!/usr/bin/env bash
# bench/postgres/objects.sh — `migrate check` with the database in sync, medians
# of RUNS whole processes, for 500 tables alone (the anchor) and for the same
# 500 tables plus 500 views and 200 SQL functions declared in lower case (not
# as the server prints them), so that every check has the server normalise
# each definition in a scratch schema inside a rolled-back transaction — the
# worst case. Both binaries are built with cmd.Main(cmd.WithMetadata(…)), so
# loading the metadata is excluded, as in run.sh. It prints both medians and
# their ratio.
#
# Usage: MIGRATE_BENCH_PG=postgres://root@127.0.0.1:5432/test bench/postgres/objects.sh [RUNS=5]
# It creates and drops databases named migrate_bench_obj_* beside the one named.
set -euo pipefail
RUNS=${1:-5}
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
dburl() { python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/"+sys.argv[2])))' "$base" "$1"; }
newdb() { psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null 2>&1; dbs+=("$1"); }
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { awk -v ns="$1" 'BEGIN {printf "%.0f", ns/1e6}'; }

(cd "$root" && CGO_ENABLED=0 go build -o "$work/migrate" .)
mig="$work/migrate"

# setup NAME GENMODELS-ARGS...: a project with a binary holding the models,
# and a database built from them; prints the binary's path.
setup() {
  local name=$1; shift
  local proj="$work/$name"
  mkdir -p "$proj/models"
  (cd "$root" && go run ./bench/postgres/genmodels "$@") > "$proj/models/models.go"
  bench_metadata_binary "$proj" "$proj/bin"
  newdb "migrate_bench_obj_$name"
  local url; url=$(dburl "migrate_bench_obj_$name")
  (cd "$proj" && "$mig" -q init >/dev/null \
    && MIGRATE_URL="$url" ./bin -q revision --autogenerate -m schema >/dev/null \
    && MIGRATE_URL="$url" ./bin -q upgrade head >/dev/null \
    && MIGRATE_URL="$url" ./bin -q check >/dev/null)
}

setup tables -n 500
setup objects -n 500 -views 500 -functions 200
declare -a ta=() tb=()
# The URLs are worked out before the timed runs: dburl starts python3.
url_tables=$(dburl migrate_bench_obj_tables)
url_objects=$(dburl migrate_bench_obj_objects)
for r in $(seq 1 "$RUNS"); do
  t0=$(now); (cd "$work/tables" && MIGRATE_URL=$url_tables ./bin -q check); t1=$(now)
  (cd "$work/objects" && MIGRATE_URL=$url_objects ./bin -q check); t2=$(now)
  ta+=($((t1 - t0))); tb+=($((t2 - t1)))
done
ma=$(printf '%s\n' "${ta[@]}" | median); mb=$(printf '%s\n' "${tb[@]}" | median)
echo "check, 500 tables: median $(ms "$ma") ms (runs: $(for x in "${ta[@]}"; do printf '%s ' "$(ms "$x")"; done)ms)"
echo "check, 500 tables + 500 views + 200 functions (each normalised by the server): median $(ms "$mb") ms (runs: $(for x in "${tb[@]}"; do printf '%s ' "$(ms "$x")"; done)ms), ratio $(awk -v a="$mb" -v b="$ma" 'BEGIN {printf "%.2f", a/b}')"
