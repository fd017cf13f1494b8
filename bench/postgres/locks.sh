#!/usr/bin/env bash
# bench/postgres/locks.sh — how long writers wait while a revision that adds an
# index, a foreign key and NOT NULL to a table of ROWS rows runs, written plain
# (what autogenerate writes by default) and in the safe forms
# (autogenerate.safe_forms: concurrently, NOT VALID + validate_constraint, NOT NULL
# through a validated CHECK). A writer session inserts one row at a time into the
# table (pgbench) while `migrate upgrade head` runs; the script prints, side by side, the
# upgrade's time and the longest a single insert waited, with the anchor: the
# writer's median insert time when nothing else runs.
#
# Usage: bench/postgres/locks.sh [ROWS=1000000] [WINDOW_SECONDS=20]
# (MIGRATE_BENCH_PG or MIGRATE_TEST_POSTGRES_URL names the server; it creates and
# drops databases named migrate_bench_locks_* beside the one named.)
set -euo pipefail
ROWS=${1:-1000000}
# The writer runs for SECONDS_WINDOW seconds, which must cover the upgrade.
SECONDS_WINDOW=${2:-20}
base=${MIGRATE_BENCH_PG:-${MIGRATE_TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/test?sslmode=disable}}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
dbs=()
writer=""
cleanup() {
  [ -z "$writer" ] || kill "$writer" 2>/dev/null || true
  for d in "${dbs[@]}"; do psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
command -v psql >/dev/null || { echo "psql is not installed" >&2; exit 1; }
command -v pgbench >/dev/null || { echo "pgbench is not installed" >&2; exit 1; }

dburl() { python3 -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/"+sys.argv[2])))' "$base" "$1"; }
newdb() { psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null 2>&1; dbs+=("$1"); }
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { awk -v ns="$1" 'BEGIN {printf "%.0f", ns/1e6}'; }

(cd "$root" && CGO_ENABLED=0 go build -o "$work/migrate" .)
mig="$work/migrate"

tables='revision: r1
down_revision: null
message: tables
upgrade:
  - create_table:
      name: authors
      columns: [{name: id, type: bigint, nullable: false}]
      primary_key: {name: pk_authors, columns: [id]}
  - create_table:
      name: books
      columns:
        - {name: id, type: bigint, nullable: false}
        - {name: title, type: varchar(200)}
        - {name: author_id, type: bigint}
        - {name: n, type: integer}
      primary_key: {name: pk_books, columns: [id]}
downgrade: []'

plain='revision: r2
down_revision: r1
message: index, key, not null
upgrade:
  - create_index: {name: ix_books_n, table: books, columns: [n]}
  - create_foreign_key: {name: fk_books_author, table: books, columns: [author_id], ref_table: authors, ref_columns: [id]}
  - alter_column: {table: books, column: title, nullable: false, existing_type: varchar(200)}
downgrade: []'

safe='revision: r2
down_revision: r1
message: index, key, not null
transactional: false
upgrade:
  - create_index: {name: ix_books_n, table: books, columns: [n], concurrently: true}
  - create_foreign_key: {name: fk_books_author, table: books, columns: [author_id], ref_table: authors, ref_columns: [id], not_valid: true}
  - validate_constraint: {name: fk_books_author, table: books}
  - create_check_constraint: {name: ck_books_title_nn, table: books, condition: title IS NOT NULL, not_valid: true}
  - validate_constraint: {name: ck_books_title_nn, table: books}
  - alter_column: {table: books, column: title, nullable: false, existing_type: varchar(200)}
  - drop_constraint: {name: ck_books_title_nn, table: books, type: check}
downgrade: []'

# writer URL SECONDS PREFIX: one pgbench client inserting one row per
# transaction for SECONDS, each transaction's latency logged under PREFIX.
cat > "$work/insert.sql" <<'SQL'
\set id random(1, 1000000000)
INSERT INTO books VALUES (:id + 1000000000, 'w', 1, 1) ON CONFLICT DO NOTHING;
SQL
writer_run() { pgbench -n -c 1 -T "$2" -f "$work/insert.sql" --log --log-prefix="$3" "$1" >/dev/null; }
# latencies PREFIX: the logged latencies (µs), one a line.
latencies() { cat "$1".* | awk '{print $3}'; }

declare -A took waited writes
for mode in plain safe; do
  db=migrate_bench_locks_$mode
  newdb "$db"
  url=$(dburl "$db")
  proj="$work/$mode"
  mkdir -p "$proj/migrations/versions"
  printf 'script_location: migrations\nurl: %s\n' "$url" > "$proj/migrate.yaml"
  echo "$tables" > "$proj/migrations/versions/r1_tables.yaml"
  "$mig" -q -c "$proj/migrate.yaml" upgrade r1
  psql -X -q -d "$url" -c "INSERT INTO authors SELECT g FROM generate_series(1, $ROWS) g" \
    -c "INSERT INTO books SELECT g, 't' || g, g, g FROM generate_series(1, $ROWS) g" -c "VACUUM ANALYZE" >/dev/null
  if [ "$mode" = plain ]; then echo "$plain" > "$proj/migrations/versions/r2_change.yaml"; else echo "$safe" > "$proj/migrations/versions/r2_change.yaml"; fi
  if [ "$mode" = plain ]; then
    writer_run "$url" 2 "$work/anchor" # the anchor: the writer alone
  fi
  writer_run "$url" "$SECONDS_WINDOW" "$work/$mode" & writer=$!
  sleep 1
  t0=$(now)
  "$mig" -q -c "$proj/migrate.yaml" upgrade head
  took[$mode]=$(( $(now) - t0 ))
  wait "$writer"; writer=""
  waited[$mode]=$(( $(latencies "$work/$mode" | sort -n | tail -1) * 1000 ))
  writes[$mode]=$(latencies "$work/$mode" | wc -l)
done
anchor=$(( $(latencies "$work/anchor" | median | cut -d. -f1) * 1000 ))

printf '\nRevision "add index, add foreign key, set NOT NULL" on a table of %s rows, one writer inserting meanwhile\n' "$ROWS"
printf '%-34s %12s %12s %10s\n' "" "plain" "safe forms" "safe/plain"
printf '%-34s %10s ms %10s ms %10s\n' "migrate upgrade head" "$(ms "${took[plain]}")" "$(ms "${took[safe]}")" "$(awk -v a="${took[safe]}" -v b="${took[plain]}" 'BEGIN {printf "%.2f", a/b}')"
printf '%-34s %10s ms %10s ms %10s\n' "longest single insert" "$(ms "${waited[plain]}")" "$(ms "${waited[safe]}")" "$(awk -v a="${waited[safe]}" -v b="${waited[plain]}" 'BEGIN {printf "%.2f", a/b}')"
printf '%-34s %13s %13s\n' "inserts in the writer's window" "${writes[plain]}" "${writes[safe]}"
printf '%-34s %10s ms   (anchor: median insert, nothing else running)\n' "insert alone" "$(ms "$anchor")"
