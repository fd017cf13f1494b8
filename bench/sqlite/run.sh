#!/usr/bin/env bash
# bench/sqlite/run.sh — time `migrate upgrade head` over N revisions (each creates a
# table and an index) on a fresh SQLite file, against the sqlite3 client running
# the same DDL (migrate's own --sql script, one transaction) on a fresh file.
# Both are timed as whole processes, alternating, RUNS times; prints each run, the
# medians and the ratio. Usage: bench/sqlite/run.sh [N=1000] [RUNS=7]
set -euo pipefail
N=${1:-1000}
RUNS=${2:-7}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
command -v sqlite3 >/dev/null || { echo "sqlite3 is not installed (apt-get install sqlite3)" >&2; exit 1; }

(cd "$root" && CGO_ENABLED=0 go build -o "$work/migrate" .)
mig="$work/migrate"
proj="$work/proj"
mkdir -p "$proj"
cd "$proj"
"$mig" -q init >/dev/null
prev=null
for i in $(seq 1 "$N"); do
  rev=$(printf 'b%011d' "$i")
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
"$mig" -q --url sqlite:///unused.db upgrade head --sql > "$work/ddl.sql"
grep -q '^BEGIN;' "$work/ddl.sql" || { echo "the --sql script has no BEGIN: not one transaction" >&2; exit 1; }

now() { date +%s%N; }
declare -a tm ts
for r in $(seq 1 "$RUNS"); do
  rm -f "$work/m.db" "$work/s.db"
  t0=$(now); "$mig" -q --url "sqlite:///$work/m.db" upgrade head; t1=$(now)
  sqlite3 -bail "$work/s.db" < "$work/ddl.sql" >/dev/null; t2=$(now)
  tm+=($(( (t1 - t0) / 1000000 ))); ts+=($(( (t2 - t1) / 1000000 )))
  echo "run $r: migrate ${tm[-1]} ms, sqlite3 ${ts[-1]} ms"
  n=$(sqlite3 "$work/m.db" "SELECT count(*) FROM sqlite_schema WHERE type IN ('table','index') AND name LIKE '%t%'")
  [ "$n" -ge $((2 * N)) ] || { echo "migrate created only $n objects" >&2; exit 1; }
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mm=$(median "${tm[@]}"); ms=$(median "${ts[@]}")
echo "revisions: $N, runs: $RUNS"
echo "median migrate upgrade head: ${mm} ms"
echo "median sqlite3 (same DDL, one transaction): ${ms} ms"
awk -v a="$mm" -v b="$ms" 'BEGIN { printf "ratio migrate/sqlite3: %.2f (target <= 2)\n", a / b }'
