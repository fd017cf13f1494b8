#!/usr/bin/env bash
# Benchmark `migrate check` on MySQL/MariaDB with a database in sync with the
# metadata: for each size (500 and 5,000 tables by default; 10 columns, an index,
# a unique constraint and a foreign key each) it builds the bench binary (migrate
# with the metadata built in, so Go loading is not timed), creates a database,
# autogenerates and applies (upgrade --sql through the client) one revision
# per 1,000 tables, then times RUNS runs of `migrate check` as whole processes
# and prints the median. It also times the plain migrate binary reading the same
# metadata through its loader (`metadata:` in migrate.yaml, the project a Go
# module whose package models declares it), the loader built and cached first.
#
# Usage: bench/mysql/run.sh [SIZES...]
#   MIGRATE_BENCH_MYSQL_URL  server URL (default mysql://root@127.0.0.1:3306/test);
#                            databases bench_mysql_<N> are created beside it
#   RUNS                     timed runs per size (default 7)
#   KEEP=1                   keep each database and its project (revision files)
#                            under BENCH_DIR (default $XDG_CACHE_HOME/migrate-bench/mysql,
#                            or ~/.cache/…), and reuse them on the next run when
#                            `migrate check` finds them in sync: creating 5,000
#                            tables takes many minutes. Without KEEP the databases
#                            are dropped at the end.
#   COMPARE=REF              also build the bench binary from git REF (e.g. main)
#                            and time it alternately with the working tree's, run
#                            for run, on the same database.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/bench/lib.sh"
base=${MIGRATE_BENCH_MYSQL_URL:-mysql://root@127.0.0.1:3306/test}
runs=${RUNS:-7}
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(500 5000)

client=$(command -v mariadb || command -v mysql || true)
[ -n "$client" ] || { echo "bench: neither the mariadb nor the mysql client is installed" >&2; exit 1; }
hostport=${base#*://}; hostport=${hostport#*@}; hostport=${hostport%%/*}
host=${hostport%%:*}; port=${hostport#*:}; [ "$port" = "$hostport" ] && port=3306
userinfo=${base#*://}; userinfo=${userinfo%%@*}; user=${userinfo%%:*}
sqlc() { "$client" -h "$host" -P "$port" -u "$user" -N -e "$1"; }
sqlc_db() { "$client" -h "$host" -P "$port" -u "$user" -N "$1"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$work/migrate-bench"
(cd "$root" && CGO_ENABLED=0 go build -o "$bin" ./bench/mysql)
mig="$work/migrate"
(cd "$root" && CGO_ENABLED=0 go build -o "$mig" .)
old=""
if [ -n "${COMPARE:-}" ]; then
	mkdir "$work/old"
	git -C "$root" archive "$COMPARE" | tar -x -C "$work/old"
	old="$work/migrate-bench-old"
	(cd "$work/old" && CGO_ENABLED=0 go build -o "$old" ./bench/mysql)
fi
keepdir=${BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/migrate-bench/mysql}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
# timeit BIN: seconds one `check` run of BIN takes, as a whole process.
timeit() {
	local s e
	s=$(now); "$1" -q check >/dev/null 2>&1; e=$(now)
	echo "$e - $s" | bc -l
}

for n in "${sizes[@]}"; do
	db="bench_mysql_$n"
	url="${base%/*}/$db"
	proj="$work/p$n"
	[ -n "${KEEP:-}" ] && proj="$keepdir/p$n"
	export MIGRATE_URL=$url BENCH_TABLES=$n
	reused=""
	if [ -n "${KEEP:-}" ] && [ -f "$proj/migrate.yaml" ] && (cd "$proj" && "$bin" -q check >/dev/null 2>&1); then
		reused=1
	fi
	gen=0; up=0
	if [ -z "$reused" ]; then
		sqlc "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4"
		rm -rf "$proj"; mkdir -p "$proj"
		cd "$proj"
		"$bin" -q init >/dev/null
		# Revisions of at most 1,000 tables each: a revision file has a 10 MB limit.
		for ((k = 1000; k < n + 1000; k += 1000)); do
			m=$((k < n ? k : n))
			s=$(now); BENCH_TABLES=$m "$bin" -q revision --autogenerate -m "bench $m" >/dev/null; e=$(now); gen=$(echo "$gen + $e - $s" | bc -l)
			# Applied as an offline script through the client: the same DDL, without
			# the online runner's per-statement progress records, which double the
			# setup time at 5,000 tables.
			from=$("$bin" -q current | awk '{print $1}')
			s=$(now); BENCH_TABLES=$m "$bin" -q upgrade "${from:+$from:}head" --sql | sqlc_db "$db"; e=$(now); up=$(echo "$up + $e - $s" | bc -l)
		done
	fi
	cd "$proj"
	"$bin" -q check >/dev/null 2>&1 || { echo "bench: check found changes at $n tables" >&2; "$bin" check >&2 || true; exit 1; }
	if [ -n "$old" ]; then
		"$old" -q check >/dev/null 2>&1 || { echo "bench: the $COMPARE binary's check found changes at $n tables" >&2; "$old" check >&2 || true; exit 1; }
	fi
	# The loader's project: a module requiring this tree, its package models
	# declaring the same tables.
	mkdir -p "$proj/models"
	bench_module "$proj" full
	cat > "$proj/models/models.go" <<GO
// Package models is the benchmark's schema of $n tables, read by migrate's loader.
package models

import bench "github.com/retortdb/migrate/bench/mysql/models"

// Metadata is the declared schema.
var Metadata = bench.Metadata($n)
GO
	"$mig" -q check >/dev/null 2>&1 || { echo "bench: check through the loader found changes at $n tables" >&2; "$mig" check >&2 || true; exit 1; }
	times=(); otimes=(); ltimes=()
	for _ in $(seq "$runs"); do
		[ -n "$old" ] && otimes+=("$(timeit "$old")")
		times+=("$(timeit "$bin")")
		ltimes+=("$(timeit "$mig")")
	done
	med=$(printf '%s\n' "${times[@]}" | median)
	setup="reused database"
	[ -z "$reused" ] && setup=$(printf 'autogenerate=%.2fs  upgrade=%.2fs' "$gen" "$up")
	printf 'tables=%d  check median=%.3fs over %d runs (runs: %s)  %s\n' \
		"$n" "$med" "$runs" "$(printf '%.3f ' "${times[@]}")" "$setup"
	printf 'tables=%d  check through the cached loader: median=%.3fs (runs: %s)\n' \
		"$n" "$(printf '%s\n' "${ltimes[@]}" | median)" "$(printf '%.3f ' "${ltimes[@]}")"
	if [ -n "$old" ]; then
		printf 'tables=%d  %s: check median=%.3fs (runs: %s)\n' \
			"$n" "$COMPARE" "$(printf '%s\n' "${otimes[@]}" | median)" "$(printf '%.3f ' "${otimes[@]}")"
	fi
	cd "$root"
	[ -n "${KEEP:-}" ] || sqlc "DROP DATABASE IF EXISTS $db"
done
