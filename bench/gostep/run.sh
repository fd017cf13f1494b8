#!/usr/bin/env bash
# bench/gostep/run.sh — what Go steps cost a run once their runner is built:
# `migrate upgrade head` on a database already at head, each a whole process,
# side by side in one run, alternating:
#
#  - plain: a project whose revisions have no Go step (the anchor);
#  - go: the same revisions with a Go step in place of one execute op, and
#    go_steps in migrate.yaml, so the command hands the run to the runner
#    program built from the project's module (cached: nothing changed).
#
# The first `go` run (which builds the runner) is reported on its own. SQLite,
# 20 revisions. Medians of RUNS; the difference is go minus plain, in ms.
#
# Usage: bench/gostep/run.sh [RUNS=15]
set -euo pipefail
RUNS=${1:-15}
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/bench/lib.sh"
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || { chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }' EXIT
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { awk -v ns="$1" 'BEGIN {printf "%.1f ms", ns/1e6}'; }

(cd "$root" && CGO_ENABLED=0 go build -o "$work/migrate" .)
mig="$work/migrate"
export XDG_CACHE_HOME="$work/cache"

# project DIR GO: 20 revisions; revision 10 fills a column, in Go when GO=1.
project() {
  local dir=$1 withgo=$2 prev=null
  mkdir -p "$dir/migrations/versions" "$dir/steps"
  bench_module "$dir"
  cat > "$dir/steps/steps.go" <<'GO'
package steps

import (
	"context"

	"github.com/retortdb/migrate/gostep"
)

func init() { gostep.Register("fill_t5", fill) }

func fill(ctx context.Context, s *gostep.Session) error {
	_, err := s.DB.ExecContext(ctx, "UPDATE t5 SET note = 'x'")
	return err
}
GO
  printf 'script_location: migrations\nurl: sqlite:///app.db\n' > "$dir/migrate.yaml"
  [ "$withgo" = 1 ] && printf 'go_steps: {package: ./steps}\n' >> "$dir/migrate.yaml"
  for i in $(seq 1 20); do
    local body="  - create_table: {name: t$i, columns: [{name: id, type: integer, nullable: false}, {name: note, type: text}]}"
    if [ "$i" = 10 ]; then
      if [ "$withgo" = 1 ]; then body="  - go: {func: fill_t5}"; else body="  - execute: \"UPDATE t5 SET note = 'x'\""; fi
    fi
    printf 'revision: r%02d\ndown_revision: %s\nmessage: r%d\nupgrade:\n%s\ndowngrade: []\n' "$i" "$prev" "$i" "$body" > "$dir/migrations/versions/r$(printf %02d "$i").yaml"
    prev=r$(printf %02d "$i")
  done
  (cd "$dir" && go mod tidy >/dev/null 2>&1 || true)
}
project "$work/plain" 0
project "$work/go" 1
(cd "$work/plain" && "$mig" -q upgrade head)
t0=$(now); (cd "$work/go" && "$mig" -q upgrade head); first=$(( $(now) - t0 ))

plain=(); gorun=()
for _ in $(seq 1 "$RUNS"); do
  t0=$(now); (cd "$work/plain" && "$mig" -q upgrade head); plain+=($(( $(now) - t0 )))
  t0=$(now); (cd "$work/go" && "$mig" -q upgrade head); gorun+=($(( $(now) - t0 )))
done
p=$(printf '%s\n' "${plain[@]}" | median)
g=$(printf '%s\n' "${gorun[@]}" | median)
echo "upgrade head at head, SQLite, 20 revisions, median of $RUNS (whole processes, alternating):"
printf '  %-34s %s\n' "plain (no Go step; anchor)" "$(ms "$p")"
printf '  %-34s %s\n' "go (cached runner, hand-off)" "$(ms "$g")"
printf '  %-34s %s (%s)\n' "difference go - plain" "$(ms "$(awk -v a="$g" -v b="$p" 'BEGIN {printf "%d", a - b}')")" "$(awk -v a="$g" -v b="$p" 'BEGIN {printf "%.2f×", a/b}')"
printf '  %-34s %s\n' "first go run (builds the runner)" "$(ms "$first")"
