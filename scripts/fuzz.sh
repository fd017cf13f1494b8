#!/usr/bin/env bash
# Runs each fuzz target for a fixed time. A target fails the run when go test
# writes a failing input under <pkg>/testdata/fuzz/<target>/. Go 1.26's fuzzing
# coordinator can also fail a target with a bare "context deadline exceeded"
# at the end of -fuzztime when a loaded machine keeps a worker from stopping in
# time (go.dev/issue/75804, fixed in Go 1.27); such a run wrote no input and
# has nothing to reproduce, so the target is run once more and, if the same
# race recurs, its corpus is replayed deterministically instead.
set -uo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-10s}
targets=(
  internal/yamlx:FuzzParse
  internal/yamlx:FuzzFastParse
  revision:FuzzParseFile
  revision:FuzzResolve
  dialect:FuzzParseURL
  internal/config:FuzzLoadConfig
)

corpus() { ls "$1" 2>/dev/null | sort; }

for target in "${targets[@]}"; do
  pkg=./${target%%:*}; fn=${target##*:}; dir=$pkg/testdata/fuzz/$fn
  for attempt in 1 2 3; do
    if [ "$attempt" = 3 ]; then
      echo "==> $fn: the fuzzing coordinator hit its end-of-run deadline twice with no failing input; replaying the corpus instead"
      go test -run "^${fn}\$" "$pkg" || { echo "ERROR: $fn fails on its corpus (see $dir)"; exit 1; }
      break
    fi
    before=$(corpus "$dir")
    out=$(go test -run '^$' -fuzz "^${fn}\$" -fuzztime "$fuzztime" -fuzzminimizetime 5s "$pkg" 2>&1); rc=$?
    printf '%s\n' "$out" | tail -n 20
    [ $rc = 0 ] && break
    after=$(corpus "$dir")
    if [ "$before" != "$after" ] || ! printf '%s\n' "$out" | grep -q '^    context deadline exceeded$'; then
      echo "ERROR: $fn found a failing input (see $dir; new: $(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | tr '\n' ' '))"
      exit 1
    fi
    echo "==> $fn: no failing input was written; the failure is the fuzzing coordinator's end-of-run race, running it again"
  done
done
