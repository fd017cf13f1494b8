# bench/lib.sh — shell functions the bench scripts share; source it with
# `. "$root/bench/lib.sh"` after setting root to the repository's top.

# bench_module DIR [full]: writes DIR/go.mod for module example.com/bench,
# requiring migrate from the working tree at $root, and migrate's go.sum.
# With "full", migrate's own requirements are added too, for a module whose
# binary imports migrate's cmd package.
bench_module() {
  local dir=$1 full=${2:-}
  cat > "$dir/go.mod" <<MOD
module example.com/bench

go 1.26.0

require github.com/retortdb/migrate v0.0.0

replace github.com/retortdb/migrate => $root
MOD
  if [ "$full" = full ]; then
    sed -n '/^require (/,/^)/p' "$root/go.mod" >> "$dir/go.mod"
  fi
  cp "$root/go.sum" "$dir/go.sum"
}

# bench_metadata_binary DIR OUT: builds OUT, a migrate binary with the
# models of package DIR/models passed in (cmd.WithMetadata), no loader.
bench_metadata_binary() {
  local dir=$1 out=$2
  bench_module "$dir" full
  cat > "$dir/main.go" <<'GO'
package main

import (
	"example.com/bench/models"
	"github.com/retortdb/migrate/cmd"
)

func main() { cmd.Main(cmd.WithMetadata(models.Metadata)) }
GO
  (cd "$dir" && CGO_ENABLED=0 go build -o "$out" .)
}
