package revision

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// loadBenchDir writes n revision files of benchRevs' shape, each with one
// small create_table op, as bench/graph does, and returns the directory.
func loadBenchDir(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	for i, r := range benchRevs(n) {
		table := fmt.Sprintf("t%06d", i)
		r.Message, r.Transactional = "create table "+table, true
		r.Upgrade = []ops.Op{&ops.CreateTable{Table: &schema.Table{Name: table, Columns: []*schema.Column{{Name: "id", Type: schema.Integer(), Nullable: true}}}}}
		r.Downgrade = []ops.Op{&ops.DropTable{Name: table}}
		data, err := Marshal(r)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, r.ID+".yaml"), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkLoadDirs measures reading and parsing n revision files (the fast
// path) and building the graph.
func BenchmarkLoadDirs(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		dir := loadBenchDir(b, n)
		b.Run(fmt.Sprint("N=", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				revs, err := LoadDirs([]string{dir})
				if err != nil || len(revs) != n {
					b.Fatalf("%d revisions, %v", len(revs), err)
				}
				if _, err := NewGraph(revs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseFile compares the fast path with yamlx on one typical file.
func BenchmarkParseFile(b *testing.B) {
	r := benchRevs(1)[0]
	r.Message, r.Transactional = "create table t", true
	r.Upgrade = []ops.Op{&ops.CreateTable{Table: &schema.Table{Name: "t", Columns: []*schema.Column{{Name: "id", Type: schema.Integer(), Nullable: true}}}}}
	r.Downgrade = []ops.Op{&ops.DropTable{Name: "t"}}
	data, err := Marshal(r)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			if _, err := ParseFile("f.yaml", data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("yamlx", func(b *testing.B) {
		// A comment after a value leaves the fast subset.
		slow := append([]byte(nil), data...)
		slow = append(slow[:len(slow)-1], []byte(" # slow path\n")...)
		for b.Loop() {
			if _, err := ParseFile("f.yaml", slow); err != nil {
				b.Fatal(err)
			}
		}
	})
}
