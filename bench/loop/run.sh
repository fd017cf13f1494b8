#!/usr/bin/env bash
# bench/loop/run.sh — the developer loop against PostgreSQL, each a whole
# process, side by side in one run, at 100, 500 and 5,000 tables (or SIZES):
#
#  - cold: `migrate check` with an empty loader cache and an empty Go build cache
#    (the first run on a new machine or in CI: the loader, the schema package and
#    the standard library are all compiled); one run per size.
#  - edit: `migrate check` right after appending a comment to the model file (the
#    loader is rebuilt; the Go build cache holds everything but the model).
#  - same: `migrate check` with nothing edited (the cached loader runs).
#  - alembic: Alembic's `revision --autogenerate` on the same schema declared as
#    SQLAlchemy models (compare_type and compare_server_default on, as in
#    migrate's defaults), the file it writes deleted after each run.
#
# The model is one file in the documented style (a package-level
# `var T = Metadata.Table(…)` per table; 8 columns, an index, a unique constraint
# and a foreign key each), written by bench/loop/genmodels with the equivalent
# SQLAlchemy models. The database is in sync, so every command finds nothing.
# From PACKAGES_FROM tables on (default 1000), the Go models are then rewritten
# by `migrate inspect --out-dir models --tables-per-package 100` (a root package
# and table packages of 100 tables), and the edit goes to the table package in
# the middle. Medians of RUNS; ratios are Alembic's time over migrate's.
#
# Needs psql, Go, and Alembic with SQLAlchemy and psycopg2 for /usr/bin/python3
# (Debian: apt-get install python3-alembic python3-sqlalchemy python3-psycopg2).
#
# Usage: MIGRATE_BENCH_PG=postgres://root@127.0.0.1:5432/test bench/loop/run.sh [RUNS=5] [SIZES="100 500 5000"]
# It creates and drops databases named migrate_bench_loop_* beside the one named.
# COLD=0 skips the cold runs (each compiles the standard library: minutes).
set -euo pipefail
RUNS=${1:-5}
SIZES=${2:-100 500 5000}
base=${MIGRATE_BENCH_PG:-${MIGRATE_TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/test?sslmode=disable}}
py=${PYTHON:-/usr/bin/python3}
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/bench/lib.sh"
work=$(mktemp -d)
dbs=()
cleanup() {
  for d in "${dbs[@]}"; do psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done
  [ -n "${KEEP:-}" ] || { chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
}
trap cleanup EXIT
command -v psql >/dev/null || { echo "psql is not installed" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "/usr/bin/time is not installed (apt-get install time)" >&2; exit 1; }
"$py" -c 'import alembic, sqlalchemy, psycopg2' 2>/dev/null || { echo "$py lacks alembic, sqlalchemy or psycopg2 (apt-get install python3-alembic python3-sqlalchemy python3-psycopg2)" >&2; exit 1; }

# dburl NAME [SCHEME]: the URL of database NAME beside $base.
dburl() { "$py" -c 'import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); p=p._replace(path="/"+sys.argv[2]); p=p._replace(scheme=sys.argv[3]) if sys.argv[3] else p; print(u.urlunsplit(p))' "$base" "$1" "${2:-}"; }
newdb() { psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null 2>&1; dbs+=("$1"); }
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
secs() { awk -v ns="$1" 'BEGIN {printf "%.2f s", ns/1e9}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f×", a/b}'; }
list() { for x in "$@"; do printf '%s ' "$(awk -v ns="$x" 'BEGIN {printf "%.2f", ns/1e9}')"; done; }

(cd "$root" && CGO_ENABLED=0 go build -o "$work/migrate" . && go build -o "$work/genmodels" ./bench/loop/genmodels)
mig="$work/migrate"
# The loader cache lives in the work directory, not in the user's cache.
export XDG_CACHE_HOME="$work/cache"

summary=()
for tables in $SIZES; do
  proj="$work/p$tables"
  mkdir -p "$proj/models" "$proj/alembic/versions"
  "$work/genmodels" -n "$tables" -go "$proj/models/models.go" -py "$proj/alembic/bench_models.py"
  bench_module "$proj"
  db="migrate_bench_loop_$tables"
  newdb "$db"
  url=$(dburl "$db")
  export MIGRATE_URL="$url"
  # Alembic's own version table is not part of the schema.
  (cd "$proj" && "$mig" -q init >/dev/null && go mod tidy >/dev/null 2>&1 \
    && sed -i 's/^  exclude_tables: \[\]$/  exclude_tables: [alembic_version]/' migrate.yaml)
  grep -q 'exclude_tables: \[alembic_version\]' "$proj/migrate.yaml" || { echo "migrate.yaml: could not exclude alembic_version" >&2; exit 1; }
  # Bring the database in sync, statement by statement (5,000 tables in one
  # transaction exceed the default max_locks_per_transaction).
  (cd "$proj" && "$mig" -q revision --autogenerate -m schema >/dev/null && "$mig" -q upgrade head --sql) \
    | grep -v -E '^(BEGIN|COMMIT);$' | psql -X -q -v ON_ERROR_STOP=1 -d "$url" -f - >/dev/null
  (cd "$proj" && "$mig" -q check >/dev/null) || { echo "check at $tables tables is not clean after setup" >&2; exit 1; }
  edit="$proj/models/models.go"
  layout="one file"
  if [ "$tables" -ge "${PACKAGES_FROM:-1000}" ]; then
    rm "$proj/models/models.go"
    (cd "$proj" && "$mig" -q inspect --out-dir models --tables-per-package 100 >/dev/null)
    edit="$proj/models/models$(printf %02d $(( (tables + 199) / 200 )))/tables.go"
    [ -f "$edit" ] || { echo "inspect --out-dir wrote no $edit" >&2; exit 1; }
    (cd "$proj" && "$mig" -q check >/dev/null) || { echo "check at $tables tables is not clean with the packages layout" >&2; exit 1; }
    layout="packages of 100 tables"
  fi

  # Alembic's project: its own versions directory, the same models.
  cat > "$proj/alembic/alembic.ini" <<INI
[alembic]
script_location = .
sqlalchemy.url = $(dburl "$db" postgresql+psycopg2)
INI
  cat > "$proj/alembic/env.py" <<'PY'
import sys, os
sys.path.insert(0, os.path.dirname(__file__))
from alembic import context
from sqlalchemy import engine_from_config, pool
import bench_models

config = context.config
skip = {"migrate_version", "migrate_history"}

def include_object(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and name in skip)

connectable = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
with connectable.connect() as connection:
    context.configure(connection=connection, target_metadata=bench_models.metadata,
                      compare_type=True, compare_server_default=True, include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()
PY
  cat > "$proj/alembic/script.py.mako" <<'MAKO'
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
MAKO
  alembic_rev() {
    (cd "$proj/alembic" && "$py" -m alembic -c alembic.ini revision --autogenerate -m bench >/dev/null 2>"$work/alembic.err") \
      || { cat "$work/alembic.err" >&2; exit 1; }
  }
  alembic_rev
  f=$(ls "$proj"/alembic/versions/*.py)
  # Alembic reads the same schema: its revision must be empty.
  if ! awk '/^def upgrade/ {u=1; next} u && NF && $1 !~ /^#/ {print; exit}' "$f" | grep -q '^ *pass$'; then
    echo "WARN  Alembic's autogenerate at $tables tables is not empty (the SQLAlchemy models differ): $(sed -n '/^def upgrade/,/^def downgrade/p' "$f" | head -5 | tr '\n' ' ')" >&2
  fi
  rm -f "$f"

  # cold: empty loader cache, empty Go build cache (COLD=0 skips it).
  cold=0
  if [ "${COLD:-1}" != 0 ]; then
    rm -rf "$XDG_CACHE_HOME/migrate"
    t0=$(now); (cd "$proj" && GOCACHE="$work/gocache-$tables" "$mig" -q check); t1=$(now)
    cold=$((t1 - t0))
    chmod -R u+w "$work/gocache-$tables"; rm -rf "$work/gocache-$tables"
  fi

  (cd "$proj" && "$mig" -q check) # the loader for the current sources
  # CPU time (user + system of the process and every child it waited for, so
  # the go build of the loader too), which a loaded machine disturbs less than
  # the wall time.
  cpu() { /usr/bin/time -f '%U %S' -o "$work/cpu" "$@"; }
  cpuns() { awk '{ printf "%d\n", ($1 + $2) * 1e9 }' "$work/cpu"; }
  declare -a te=() ts=() ta=() ce=() cs=()
  for r in $(seq 1 "$RUNS"); do
    echo "// edit $r" >> "$edit"
    t0=$(now); (cd "$proj" && cpu "$mig" -q check); t1=$(now); ce+=($(cpuns))
    (cd "$proj" && cpu "$mig" -q check); t2=$(now); cs+=($(cpuns))
    alembic_rev; t3=$(now)
    rm -f "$proj"/alembic/versions/*.py
    te+=($((t1 - t0))); ts+=($((t2 - t1))); ta+=($((t3 - t2)))
  done
  me=$(printf '%s\n' "${te[@]}" | median); ms=$(printf '%s\n' "${ts[@]}" | median); ma=$(printf '%s\n' "${ta[@]}" | median)
  mce=$(printf '%s\n' "${ce[@]}" | median); mcs=$(printf '%s\n' "${cs[@]}" | median)
  coldtxt=$([ "$cold" = 0 ] && echo "not run" || secs "$cold")
  echo "$tables tables ($layout, $(cat "$proj"/models/*.go "$proj"/models/*/*.go 2>/dev/null | wc -c) bytes of Go): cold $coldtxt; check after an edit median $(secs "$me"); check, nothing edited median $(secs "$ms"); alembic revision --autogenerate median $(secs "$ma"); alembic/edit $(ratio "$ma" "$me"), alembic/unedited $(ratio "$ma" "$ms")"
  echo "  runs (s): edit $(list "${te[@]}"); unedited $(list "${ts[@]}"); alembic $(list "${ta[@]}"); CPU: edit $(list "${ce[@]}"), unedited $(list "${cs[@]}")"
  summary+=("| $tables | $layout | $coldtxt | $(secs "$me") ($(secs "$mce")) | $(secs "$ms") ($(secs "$mcs")) | $(secs "$ma") | $(ratio "$ma" "$me") |")
  unset te ts ta
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); migrate's CPU time in brackets"
echo "| tables | models | cold loader build | \`check\` after an edit | \`check\`, nothing edited | Alembic \`revision --autogenerate\` | Alembic / edit |"
echo "|---:|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${summary[@]}"
