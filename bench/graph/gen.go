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
//	go run ./bench/graph -bin /tmp/old,/tmp/new               # two builds side by side
//
// Each revision has one small op (create_table of a one-column table, dropped
// on downgrade). The graph is one main line with, every 200 revisions, a side
// branch of 5 revisions that a merge revision joins back 10 revisions later, as
// revision/graph_bench_test.go's benchRevs. With several binaries (-bin a,b)
// each run times every binary in turn, so that they share the machine's load.
// The output is a Markdown table of the median wall time and the median CPU
// time (user + system) of each command per size and binary, and the ratio of
// each size to the one ten times smaller.
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
	bin := flag.String("bin", "", "the migrate binaries to time, comma-separated (default: build one from this repository)")
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
	var bins []string
	if bin == "" {
		b := filepath.Join(dir, "migrate")
		build := exec.Command("go", "build", "-o", b, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("building migrate: %v\n%s", err, out)
		}
		bins = []string{b}
	} else {
		bins = strings.Split(bin, ",")
	}
	cmds := [][]string{{"heads", "-q"}, {"history", "-q"}, {"upgrade", "head", "--sql", "-q"}}
	// med[b][n][c] is the median of binary b, size n, command c (wall < 0:
	// skipped).
	med := make([]map[int][]timing, len(bins))
	for b := range bins {
		med[b] = map[int][]timing{}
	}
	for _, n := range ns {
		proj := filepath.Join(dir, fmt.Sprint("n", n))
		for _, args := range cmds {
			if args[0] == "upgrade" && n > sqlMax {
				for b := range bins {
					med[b][n] = append(med[b][n], timing{wall: -1})
				}
				continue
			}
			ts := make([][]timing, len(bins))
			for i := 0; i < runs+1; i++ { // the first run warms the page cache and is dropped
				for b, bin := range bins {
					t, err := timeRun(bin, proj, args)
					if err != nil {
						return err
					}
					if i > 0 {
						ts[b] = append(ts[b], t)
					}
				}
			}
			for b := range bins {
				med[b][n] = append(med[b][n], median(ts[b]))
			}
		}
	}
	fmt.Printf("GOMAXPROCS=%d, %s/%s, median of %d runs: wall time of the whole process (CPU time, user + system)\n", runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runs)
	for b, bin := range bins {
		fmt.Printf("\n%s\n\n", bin)
		fmt.Println("| N | `heads` | `history` | `upgrade head --sql` |")
		fmt.Println("|---:|---:|---:|---:|")
		for _, n := range ns {
			fmt.Printf("| %d |", n)
			for _, t := range med[b][n] {
				if t.wall < 0 {
					fmt.Print(" (skipped, -sql-max) |")
					continue
				}
				fmt.Printf(" %s (%s) |", ms(t.wall), ms(t.cpu))
			}
			fmt.Println()
		}
		for _, n := range ns {
			if slices.Contains(ns, n/10) && n >= 10 {
				fmt.Printf("| ratio %d/%d |", n, n/10)
				for i := range cmds {
					hi, lo := med[b][n][i], med[b][n/10][i]
					if hi.wall < 0 || lo.wall < 0 {
						fmt.Print(" – |")
						continue
					}
					fmt.Printf(" %.1f× (%.1f×) |", float64(hi.wall)/float64(lo.wall), float64(hi.cpu)/float64(max(lo.cpu, 1)))
				}
				fmt.Println()
			}
		}
	}
	return nil
}

// timing is one run's (or a median's) wall and CPU time.
type timing struct{ wall, cpu time.Duration }

// median returns the median wall time and, separately, the median CPU time.
func median(ts []timing) timing {
	walls := make([]time.Duration, len(ts))
	cpus := make([]time.Duration, len(ts))
	for i, t := range ts {
		walls[i], cpus[i] = t.wall, t.cpu
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	return timing{wall: walls[len(walls)/2], cpu: cpus[len(cpus)/2]}
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000)
}

// timeRun runs the binary once in proj and returns its wall time and CPU time
// (user + system); output is discarded but a failure is an error with its
// stderr.
func timeRun(bin, proj string, args []string) (timing, error) {
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
		return timing{}, fmt.Errorf("migrate %s in %s: %v\n%s", strings.Join(args, " "), proj, err, errb.String())
	}
	return timing{wall: d, cpu: c.ProcessState.UserTime() + c.ProcessState.SystemTime()}, nil
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
