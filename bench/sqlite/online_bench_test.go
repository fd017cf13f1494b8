package sqlite_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/retortdb/migrate/cmd"
)

// BenchmarkOnlineUpgrade runs `migrate upgrade head` in-process on the project
// in $BENCH_PROJ (written by run.sh with KEEP=1, or by hand) against a fresh
// SQLite file each time, for profiling the online path with -cpuprofile. It is
// skipped when BENCH_PROJ is unset.
func BenchmarkOnlineUpgrade(b *testing.B) {
	proj := os.Getenv("BENCH_PROJ")
	if proj == "" {
		b.Skip("BENCH_PROJ not set")
	}
	b.Chdir(proj)
	db := filepath.Join(b.TempDir(), "m.db")
	for b.Loop() {
		b.StopTimer()
		_ = os.Remove(db)
		b.StartTimer()
		args := []string{"-q", "--url", "sqlite:///" + db, "upgrade", "head"}
		if code := cmd.Run(context.Background(), args, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
