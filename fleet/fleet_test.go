package fleet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/retortdb/migrate/internal/config"
)

func targets(n int) []Target {
	var out []Target
	for i := range n {
		out = append(out, Target{Name: fmt.Sprintf("t%02d", i)})
	}
	return out
}

// TestRunBound checks that no more than Parallel targets run at once, that
// the bound is reached, and that every target gets its result in order.
func TestRunBound(t *testing.T) {
	for _, par := range []int{1, 3, 8} {
		var running, peak atomic.Int32
		// Targets start in batches of par, and each waits until its batch
		// is complete (or every target has started), so reaching the bound
		// is certain, not timed.
		var mu sync.Mutex
		started := 0
		cond := sync.NewCond(&mu)
		ts := targets(20)
		res := Run(context.Background(), ts, Options{Parallel: par}, func(ctx context.Context, tg Target) Outcome {
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			mu.Lock()
			started++
			full := (started + par - 1) / par * par // the end of this target's batch
			cond.Broadcast()
			for started < full && started < len(ts) {
				cond.Wait()
			}
			mu.Unlock()
			running.Add(-1)
			return Outcome{To: []string{"head"}, Status: Applied}
		})
		if got := peak.Load(); got != int32(par) {
			t.Errorf("--parallel %d: %d targets ran at once", par, got)
		}
		for i, r := range res {
			if r.Target != ts[i].Name || r.Status != Applied || !slices.Equal(r.To, []string{"head"}) || r.From == nil {
				t.Errorf("--parallel %d: result %d = %+v", par, i, r)
			}
		}
	}
}

// TestRunFailures checks that a failure stops no other target by default,
// and what --canary, --fail-fast and an interrupted context skip.
func TestRunFailures(t *testing.T) {
	ts := targets(10)
	fail := func(bad string) Func {
		return func(ctx context.Context, tg Target) Outcome {
			if tg.Name == bad {
				return Outcome{Err: errors.New("boom")}
			}
			return Outcome{Status: Applied}
		}
	}
	res := Run(context.Background(), ts, Options{Parallel: 4}, fail("t03"))
	if Count(res, Failed) != 1 || Count(res, Applied) != 9 || res[3].Error != "boom" {
		t.Errorf("default: %s", Summary(res))
	}
	res = Run(context.Background(), ts, Options{Parallel: 4, Canary: 4}, fail("t03"))
	if Count(res, Failed) != 1 || Count(res, Applied) != 3 || Count(res, Skipped) != 6 || res[9].Error != "not run: canary target t03 failed" {
		t.Errorf("canary: %s; %+v", Summary(res), res[9])
	}
	res = Run(context.Background(), ts, Options{Parallel: 4, Canary: 4}, fail("t05"))
	if Count(res, Failed) != 1 || Count(res, Applied) != 9 {
		t.Errorf("canary passed: %s", Summary(res))
	}
	res = Run(context.Background(), ts, Options{Parallel: 1, FailFast: true}, fail("t02"))
	if Count(res, Applied) != 2 || Count(res, Skipped) != 7 || !strings.Contains(res[5].Error, "--fail-fast after t02 failed") {
		t.Errorf("fail-fast: %s", Summary(res))
	}
	ctx, cancel := context.WithCancel(context.Background())
	res = Run(ctx, ts, Options{Parallel: 1}, func(ctx context.Context, tg Target) Outcome {
		if tg.Name == "t01" {
			cancel()
		}
		return Outcome{Status: Unchanged}
	})
	if Count(res, Unchanged) != 2 || Count(res, Skipped) != 8 || !strings.Contains(res[2].Error, "interrupted") {
		t.Errorf("interrupted: %s", Summary(res))
	}
}

func TestSelect(t *testing.T) {
	all := []Target{{Name: "eu"}, {Name: "pg/a1"}, {Name: "pg/a2"}, {Name: "pg/b1"}}
	got, err := Select(all, []string{"pg/a*", "eu", " "})
	if err != nil || len(got) != 3 || got[0].Name != "eu" || got[2].Name != "pg/a2" {
		t.Fatalf("Select: %v %v", got, err)
	}
	for _, n := range []string{"us", "x*", "pg/[a"} {
		if _, err := Select(all, []string{n}); err == nil {
			t.Errorf("Select(%q) found targets", n)
		}
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "names")
	if err := os.WriteFile(file, []byte("# first\neu\n\n  pg/b1  \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	names, err := ReadNames(file)
	if err != nil || !slices.Equal(names, []string{"eu", "pg/b1"}) {
		t.Errorf("ReadNames: %q %v", names, err)
	}
	if err := os.WriteFile(file, []byte("# none\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadNames(file); err == nil {
		t.Error("ReadNames accepted a file without names")
	}
}

// TestResolveFiles resolves a glob and named SQLite targets (no server
// needed): names, order, relative paths and duplicates.
func TestResolveFiles(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"b.db", "a.db", "c.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := []config.TargetSource{
		{Glob: filepath.Join(dir, "*.db"), Name: "lite", Line: 3},
		{Name: "main", URL: "sqlite:///main.db", Line: 4},
	}
	got, err := Resolve(context.Background(), src, "", dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Target{
		{Name: "lite/a", URL: "sqlite:///" + filepath.Join(dir, "a.db")},
		{Name: "lite/b", URL: "sqlite:///" + filepath.Join(dir, "b.db")},
		{Name: "main", URL: "sqlite:///" + filepath.Join(dir, "main.db")},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Resolve = %+v, want %+v", got, want)
	}
	src = append(src, config.TargetSource{Name: "lite/a", URL: "sqlite:///x.db", Line: 5})
	if _, err := Resolve(context.Background(), src, "", dir, nil); err == nil || !strings.Contains(err.Error(), "line 5") {
		t.Errorf("duplicate name: %v", err)
	}
	if _, err := Resolve(context.Background(), []config.TargetSource{{Glob: filepath.Join(dir, "*.sqlite"), Line: 2}}, "", dir, nil); err == nil || !strings.Contains(err.Error(), "matches no file") {
		t.Errorf("empty glob: %v", err)
	}
}

func TestReport(t *testing.T) {
	res := []Result{
		{Target: "a", From: []string{}, To: []string{"r2"}, Status: Applied, Duration: 0.5},
		{Target: "bb", From: []string{"r1"}, To: []string{"r1"}, Status: Failed, Error: "boom"},
	}
	var b bytes.Buffer
	if err := WriteTable(&b, res); err != nil {
		t.Fatal(err)
	}
	want := "TARGET  STATUS   FROM  TO  SECONDS  ERROR\n" +
		"a       applied  base  r2  0.50     \n" +
		"bb      failed   r1    r1  0.00     boom\n" +
		"2 targets: 1 applied, 1 failed\n"
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if err := WriteJSON(&b, res); err != nil {
		t.Fatal(err)
	}
	var back []map[string]any
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || len(back) != 2 {
		t.Fatal(err)
	}
	for _, k := range []string{"target", "from", "to", "status", "error", "duration"} {
		if _, ok := back[0][k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b.String())
		}
	}
	p := &Progress{W: &bytes.Buffer{}}
	p.Begin(3)
	p.Start("a")
	p.Start("b")
	p.Done("b", Failed)
	line := p.Line()
	p.End()
	if !strings.HasPrefix(line, "1/3 done, 1 failed, 1 running, 1 waiting; slowest: a (") {
		t.Errorf("progress line %q", line)
	}
}
