#!/usr/bin/env bash
# bench/sqlite/rebuild.sh — time a table rebuild ("move and copy") on a big SQLite
# table: `migrate upgrade head` applying `alter_column … nullable: false` to a
# ROWS-row, 4-column table, against the sqlite3 client running the one-copy recipe
# of SQLite's "Making Other Kinds Of Table Schema Changes" (create the new table,
# copy, drop, rename, check the keys) on an identical copy of the file. Both are
# timed as whole processes, alternating, RUNS times (the file copies are made
# before the clock starts); prints each run, the medians and the ratio, and checks
# that both results hold the same rows.
# Usage: bench/sqlite/rebuild.sh [ROWS=1000000] [RUNS=5]
set -euo pipefail
ROWS=${1:-1000000}
RUNS=${2:-5}
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
cat > migrations/versions/r0000000base_t.yaml <<'YAML'
revision: r0000000base
down_revision: null
message: big table
upgrade:
  - create_table:
      name: t
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: name, type: varchar(100)}
        - {name: qty, type: integer}
        - {name: price, type: real}
      primary_key: {columns: [id]}
downgrade:
  - drop_table: {name: t}
YAML
cat > migrations/versions/r000000alter_t.yaml <<'YAML'
revision: r000000alter
down_revision: r0000000base
message: qty not null
upgrade:
  - alter_column: {table: t, column: qty, nullable: false, existing_type: integer}
downgrade:
  - alter_column: {table: t, column: qty, nullable: true, existing_type: integer}
YAML
"$mig" -q --url "sqlite:///$work/template.db" upgrade r0000000base
sqlite3 "$work/template.db" "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $ROWS)
  INSERT INTO t SELECT i, 'item ' || i, i % 1000, i * 0.25 FROM s"
# The recipe, written from the table's definition as SQLite stores it.
{
  echo "PRAGMA foreign_keys = OFF;"
  echo "BEGIN;"
  sqlite3 "$work/template.db" "SELECT sql FROM sqlite_schema WHERE name = 't'" |
    sed -e 's/CREATE TABLE t /CREATE TABLE new_t /' -e 's/qty INTEGER,/qty INTEGER NOT NULL,/'
  echo ";"
  echo "INSERT INTO new_t SELECT * FROM t;"
  echo "DROP TABLE t;"
  echo "ALTER TABLE new_t RENAME TO t;"
  echo "PRAGMA foreign_key_check;"
  echo "UPDATE migrate_version SET version_num = 'r000000alter';"
  echo "COMMIT;"
} > "$work/recipe.sql"
grep -q 'qty INTEGER NOT NULL' "$work/recipe.sql" || { echo "could not write the recipe:" >&2; cat "$work/recipe.sql" >&2; exit 1; }

# Each process is timed by /usr/bin/time: wall seconds and CPU seconds (user +
# system), which a loaded machine disturbs less than the wall time.
command -v /usr/bin/time >/dev/null || { echo "/usr/bin/time is not installed (apt-get install time)" >&2; exit 1; }
timed() { /usr/bin/time -f '%e %U %S' -o "$work/time" "$@"; awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/time"; }
declare -a tm ts cm cs
for r in $(seq 1 "$RUNS"); do
  cp "$work/template.db" "$work/m.db"; cp "$work/template.db" "$work/s.db"
  read -r w c < <(timed "$mig" -q --url "sqlite:///$work/m.db" upgrade head); tm+=("$w"); cm+=("$c")
  read -r w c < <(timed sh -c "sqlite3 -bail '$work/s.db' < '$work/recipe.sql' >/dev/null"); ts+=("$w"); cs+=("$c")
  echo "run $r: migrate ${tm[-1]} ms (CPU ${cm[-1]} ms), sqlite3 ${ts[-1]} ms (CPU ${cs[-1]} ms)"
  q="SELECT count(*) || ' ' || total(id) || ' ' || total(qty) || ' ' || total(length(name)) || ' ' || total(price) FROM t"
  a=$(sqlite3 "$work/m.db" "$q"); b=$(sqlite3 "$work/s.db" "$q")
  [ "$a" = "$b" ] || { echo "the results differ: migrate $a, sqlite3 $b" >&2; exit 1; }
  sqlite3 "$work/m.db" "SELECT sql FROM sqlite_schema WHERE name = 't'" | grep -q 'qty INTEGER NOT NULL' ||
    { echo "migrate did not make qty NOT NULL" >&2; exit 1; }
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mm=$(median "${tm[@]}"); ms=$(median "${ts[@]}"); mc=$(median "${cm[@]}"); sc=$(median "${cs[@]}")
echo "rows: $ROWS, runs: $RUNS, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median migrate upgrade head (alter_column nullable: false): ${mm} ms, CPU ${mc} ms"
echo "median sqlite3 one-copy recipe: ${ms} ms, CPU ${sc} ms"
awk -v a="$mm" -v b="$ms" -v c="$mc" -v d="$sc" 'BEGIN { printf "ratio migrate/sqlite3: %.2f wall, %.2f CPU (target <= 1.3)\n", a / b, c / d }'
