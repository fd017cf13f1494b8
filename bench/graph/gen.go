// Command graph generates large revision directories and times the migrate
// binary on them as whole processes: loading (`heads`), `history`, and
// `upgrade head --sql` against a SQLite URL, side by side for each size.
//
// Usage (from the repository root):
//
//	go run ./bench/graph                       # N = 1,000, 10,000, 100,000; 5 runs each
//	go run ./bench/graph -sizes 1000,10000 -runs 7
//	go run ./bench/graph -gen-only -sizes 10000 -dir /tmp/g   # just write the files
//	go run ./bench/graph -dir /tmp/g -sql-max 100000          # also upgrade --sql at 100k (slow)
//
// Each revision has one small op (create_table of a one-column table, dropped
// on downgrade). The graph is one main line with, every 200 revisions, a side
// branch of 5 revisions that a merge revision joins back 10 revisions later, as
// revision/graph_bench_test.go's benchRevs. The output is a Markdown table of
// the median wall time of each command per size, and the ratio of the largest
// size to the one ten times smaller.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
	"github.com/retortdb/migrate/schema"
)

func main() {
	sizes := flag.String("sizes", "1000,10000,100000", "comma-separated numbers of revisions")
	runs := flag.Int("runs", 5, "timed runs per command (the median is reported)")
	dir := flag.String("dir", "", "where to write the projects (default: a temporary directory, removed at the end)")
	genOnly := flag.Bool("gen-only", false, "write the projects and stop")
	bin := flag.String("bin", "", "the migrate binary to time (default: build one from this repository)")
	sqlMax := flag.Int("sql-max", 10000, "time `upgrade head --sql` only up to this N (it renders every op, and its time is the dialect's)")
	flag.Parse()
	if err := run(*sizes, *runs, *dir, *genOnly, *bin, *sqlMax); err != nil {
		fmt.Fprintln(os.Stderr, "ERROR:", err)
		os.Exit(1)
	}
}

func run(sizeList string, runs int, dir string, genOnly bool, bin string, sqlMax int) error {
	var ns []int
	for _, s := range strings.Split(sizeList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-sizes: %q is not a positive number", s)
		}
		ns = append(ns, n)
	}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "migrate-bench-graph-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	for _, n := range ns {
		start := time.Now()
		if err := generate(filepath.Join(dir, fmt.Sprint("n", n)), n); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "generated N=%d in %s\n", n, time.Since(start).Round(time.Millisecond))
	}
	if genOnly {
		fmt.Fprintln(os.Stderr, "projects in", dir)
		return nil
	}
	if bin == "" {
		bin = filepath.Join(dir, "migrate")
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("building migrate: %v\n%s", err, out)
		}
	}
	cmds := [][]string{{"heads", "-q"}, {"history", "-q"}, {"upgrade", "head", "--sql", "-q"}}
	med := map[int][]time.Duration{}
	for _, n := range ns {
		proj := filepath.Join(dir, fmt.Sprint("n", n))
		for _, args := range cmds {
			if args[0] == "upgrade" && n > sqlMax {
				med[n] = append(med[n], -1)
				continue
			}
			var ts []time.Duration
			for i := 0; i < runs+1; i++ { // the first run warms the page cache and is dropped
				d, err := timeRun(bin, proj, args)
				if err != nil {
					return err
				}
				if i > 0 {
					ts = append(ts, d)
				}
			}
			slices.Sort(ts)
			med[n] = append(med[n], ts[len(ts)/2])
		}
	}
	fmt.Printf("GOMAXPROCS=%d, %s/%s, median of %d runs (wall time of the whole process)\n\n", runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runs)
	fmt.Println("| N | `heads` | `history` | `upgrade head --sql` |")
	fmt.Println("|---:|---:|---:|---:|")
	for _, n := range ns {
		fmt.Printf("| %d |", n)
		for _, d := range med[n] {
			if d < 0 {
				fmt.Print(" (skipped, -sql-max) |")
				continue
			}
			fmt.Printf(" %s |", ms(d))
		}
		fmt.Println()
	}
	for _, n := range ns {
		if slices.Contains(ns, n/10) && n >= 10 {
			fmt.Printf("| ratio %d/%d |", n, n/10)
			for i := range cmds {
				if med[n][i] < 0 || med[n/10][i] < 0 {
					fmt.Print(" – |")
					continue
				}
				fmt.Printf(" %.1f× |", float64(med[n][i])/float64(med[n/10][i]))
			}
			fmt.Println()
		}
	}
	return nil
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000)
}

// timeRun runs the binary once in proj and returns its wall time; output is
// discarded but a failure is an error with its stderr.
func timeRun(bin, proj string, args []string) (time.Duration, error) {
	c := exec.Command(bin, args...)
	c.Dir = proj
	c.Env = append(os.Environ(), "MIGRATE_URL=")
	var errb strings.Builder
	c.Stderr = &errb
	c.Stdout = nil
	start := time.Now()
	err := c.Run()
	d := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("migrate %s in %s: %v\n%s", strings.Join(args, " "), proj, err, errb.String())
	}
	return d, nil
}

// generate writes a project with n revisions into dir.
func generate(dir string, n int) error {
	versions := filepath.Join(dir, "migrations", "versions")
	if err := os.MkdirAll(versions, 0o755); err != nil {
		return err
	}
	cfg := "script_location: migrations\nurl: sqlite:///bench.db\n"
	if err := os.WriteFile(filepath.Join(dir, "migrate.yaml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	revs := shape(n)
	for i, r := range revs {
		table := fmt.Sprintf("t%06d", i)
		r.Message = "create table " + table
		r.CreateDate = "2026-01-01 00:00:00.000000+00:00"
		r.Transactional = true
		r.Upgrade = []ops.Op{&ops.CreateTable{Table: &schema.Table{Name: table, Columns: []*schema.Column{{Name: "id", Type: schema.Integer(), Nullable: true}}}}}
		r.Downgrade = []ops.Op{&ops.DropTable{Name: table}}
		data, err := revision.Marshal(r)
		if err != nil {
			return err
		}
		name := filepath.Join(versions, fmt.Sprintf("%s_create_table_%s.yaml", r.ID, table))
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// shape returns n revisions (ids and parents only): a main line with, every
// 200 revisions, a side branch of 5 revisions merged back 10 revisions later.
func shape(n int) []*revision.Revision {
	id := func(i int) string { return fmt.Sprintf("%012x", (uint64(i)*0x9E3779B97F4A7C15)&(1<<48-1)) }
	revs := make([]*revision.Revision, 0, n)
	prev, sideTip, mergeAt := "", "", -1
	for len(revs) < n {
		i := len(revs)
		r := &revision.Revision{ID: id(i)}
		if prev != "" {
			r.DownRevisions = []string{prev}
		}
		if i == mergeAt {
			r.DownRevisions = append(r.DownRevisions, sideTip)
		}
		revs = append(revs, r)
		prev = r.ID
		if i%200 == 100 && n-len(revs) > 20 {
			p := r.ID
			for k := 0; k < 5; k++ {
				s := &revision.Revision{ID: id(len(revs)), DownRevisions: []string{p}}
				revs = append(revs, s)
				p = s.ID
			}
			sideTip, mergeAt = p, len(revs)+10
		}
	}
	return revs
}
