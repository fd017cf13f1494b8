package main

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/retortdb/migrate/cmd"
)

// BenchmarkCLI runs `upgrade head --sql` (or the arguments in $BENCH_ARGS)
// in-process on the project in $BENCH_PROJ, for profiling with -cpuprofile;
// it is skipped when BENCH_PROJ is unset.
func BenchmarkCLI(b *testing.B) {
	proj := os.Getenv("BENCH_PROJ")
	if proj == "" {
		b.Skip("BENCH_PROJ not set")
	}
	b.Chdir(proj)
	args := []string{"-q", "upgrade", "head", "--sql"}
	if a := os.Getenv("BENCH_ARGS"); a != "" {
		args = strings.Fields(a)
	}
	for b.Loop() {
		if code := cmd.Run(context.Background(), args, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
