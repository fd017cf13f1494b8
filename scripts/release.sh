#!/usr/bin/env bash
# Builds migrate's release binaries: static (CGO_ENABLED=0), reproducible
# (-trimpath, no build id), with the version and commit set through -ldflags -X.
#
#   scripts/release.sh [DIR]          every target into DIR (default dist/), plus DIR/SHA256SUMS
#   scripts/release.sh check          one target (linux/amd64) into a temporary directory, then
#                                     checks SHA256SUMS's format and content and the binary's version
#   scripts/release.sh binary OS ARCH OUT   one binary at OUT (the Dockerfile uses this)
#
# VERSION and COMMIT come from the environment, else from git (git describe --tags
# --always --dirty; git rev-parse HEAD), else "(devel)" and "".
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS="linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"
VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo '(devel)')}
COMMIT=${COMMIT:-$(git rev-parse HEAD 2>/dev/null || true)}
PKG=github.com/retortdb/migrate/cmd

binary() { # os arch out
  CGO_ENABLED=0 GOOS=$1 GOARCH=$2 go build -trimpath \
    -ldflags "-s -w -buildid= -X '$PKG.Version=$VERSION' -X '$PKG.Commit=$COMMIT'" -o "$3" .
}

name() { # os arch
  local n="migrate_${VERSION}_$1_$2"
  [ "$1" = windows ] && n="$n.exe"
  printf '%s' "$n"
}

sums() { # dir: writes dir/SHA256SUMS over the binaries in it
  (cd "$1" && sha256sum migrate_* > SHA256SUMS)
}

release() { # dir targets...
  local dir=$1; shift
  mkdir -p "$dir"
  rm -f "$dir"/migrate_* "$dir/SHA256SUMS"
  for t in "$@"; do
    echo "==> $t"
    binary "${t%/*}" "${t#*/}" "$dir/$(name "${t%/*}" "${t#*/}")"
  done
  sums "$dir"
}

check() {
  check_dir=$(mktemp -d)
  trap 'rm -rf "$check_dir"' EXIT
  local dir=$check_dir
  release "$dir" linux/amd64
  local want; want=$(name linux amd64)
  if ! grep -Eq "^[0-9a-f]{64}  ${want//./\\.}\$" "$dir/SHA256SUMS" || [ "$(wc -l < "$dir/SHA256SUMS")" -ne 1 ]; then
    echo "ERROR: $dir/SHA256SUMS is not one '<sha256>  $want' line:"; cat "$dir/SHA256SUMS"; exit 1
  fi
  (cd "$dir" && sha256sum --quiet -c SHA256SUMS) || { echo "ERROR: SHA256SUMS does not match the binary"; exit 1; }
  if [ "$(go env GOOS)/$(go env GOARCH)" = linux/amd64 ]; then
    local got; got=$("$dir/$want" version --format json)
    case $got in
      *"\"version\": \"$VERSION\""*) ;;
      *) echo "ERROR: the release binary reports another version than $VERSION:"; echo "$got"; exit 1 ;;
    esac
  fi
  echo "release check: $want and SHA256SUMS are well-formed (version $VERSION)"
}

case ${1:-} in
  check) check ;;
  binary) binary "$2" "$3" "$4" ;;
  *) release "${1:-dist}" $TARGETS ;;
esac
