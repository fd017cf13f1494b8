#!/usr/bin/env bash
# Benchmark `migrate check` on MySQL/MariaDB with a database in sync with the
# metadata: for each size (500 and 5,000 tables by default; 10 columns, an index,
# a unique constraint and a foreign key each) it builds the bench binary (migrate
# with the metadata built in, so Go loading is not timed), creates a database,
# autogenerates and applies one revision, then times RUNS runs of `migrate check`
# as whole processes and prints the median.
#
# Usage: bench/mysql/run.sh [SIZES...]
#   MIGRATE_BENCH_MYSQL_URL  server URL (default mysql://root@127.0.0.1:3306/test);
#                            databases bench_mysql_<N> are created and dropped beside it
#   RUNS                     timed runs per size (default 7)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
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

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$work/migrate-bench"
(cd "$root" && CGO_ENABLED=0 go build -o "$bin" ./bench/mysql)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }

for n in "${sizes[@]}"; do
	db="bench_mysql_$n"
	sqlc "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4"
	url="${base%/*}/$db"
	proj="$work/p$n"; mkdir -p "$proj"
	(
		cd "$proj"
		export MIGRATE_URL=$url
		"$bin" -q init >/dev/null
		# Revisions of at most 1,000 tables each: a revision file has a 10 MB limit.
		t0=$(now); gen=0; up=0
		for ((k = 1000; k < n + 1000; k += 1000)); do
			m=$((k < n ? k : n))
			s=$(now); BENCH_TABLES=$m "$bin" -q revision --autogenerate -m "bench $m" >/dev/null; e=$(now); gen=$(echo "$gen + $e - $s" | bc -l)
			s=$(now); BENCH_TABLES=$m "$bin" -q upgrade head >/dev/null; e=$(now); up=$(echo "$up + $e - $s" | bc -l)
		done
		export BENCH_TABLES=$n
		"$bin" -q check >/dev/null 2>&1 || { echo "bench: check found changes at $n tables" >&2; "$bin" check >&2 || true; exit 1; }
		times=()
		for _ in $(seq "$runs"); do
			s=$(now); "$bin" -q check >/dev/null 2>&1; e=$(now)
			times+=("$(echo "$e - $s" | bc -l)")
		done
		med=$(printf '%s\n' "${times[@]}" | median)
		printf 'tables=%d  check median=%.3fs over %d runs (runs: %s)  autogenerate=%.2fs  upgrade=%.2fs\n' \
			"$n" "$med" "$runs" "$(printf '%.3f ' "${times[@]}")" "$gen" "$up"
	)
	sqlc "DROP DATABASE IF EXISTS $db"
done
