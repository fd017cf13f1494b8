package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// BenchmarkModerncFloor executes the statements of the --sql script in
// $BENCH_SQL (run.sh's ddl.sql) one by one in one transaction through
// database/sql and modernc.org/sqlite, the driver migrate uses: the least an
// online run on the pure-Go SQLite can cost, to set against migrate's own
// time. It is skipped when BENCH_SQL is unset.
func BenchmarkModerncFloor(b *testing.B) {
	path := os.Getenv("BENCH_SQL")
	if path == "" {
		b.Skip("BENCH_SQL not set")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var stmts []string
	for _, s := range strings.Split(string(data), ";\n") {
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			if !strings.HasPrefix(l, "--") {
				lines = append(lines, l)
			}
		}
		s = strings.TrimSpace(strings.Join(lines, "\n"))
		if s != "" && s != "BEGIN" && s != "COMMIT" {
			stmts = append(stmts, s)
		}
	}
	ctx := context.Background()
	b.Run("per-statement", func(b *testing.B) { floorRun(ctx, b, stmts) })
	// One Exec per revision (modernc runs a multi-statement string in one
	// call): what batching a step's statements would save.
	var steps []string
	for i := 0; i < len(stmts); {
		j := i + 1
		for j < len(stmts) && !strings.HasPrefix(stmts[j-1], "INSERT INTO migrate_version") && !strings.HasPrefix(stmts[j-1], "UPDATE migrate_version") {
			j++
		}
		steps = append(steps, strings.Join(stmts[i:j], ";\n"))
		i = j
	}
	b.Run("per-revision", func(b *testing.B) { floorRun(ctx, b, steps) })
}

func floorRun(ctx context.Context, b *testing.B, stmts []string) {
	for b.Loop() {
		b.StopTimer()
		file := filepath.Join(b.TempDir(), "f.db")
		b.StartTimer()
		db, err := sql.Open("sqlite", "file:"+file+"?_pragma=foreign_keys(1)&_txlock=immediate")
		if err != nil {
			b.Fatal(err)
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				b.Fatalf("%s: %v", s, err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}
