package e2e_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/cmd"
	"github.com/retortdb/migrate/internal/scratch"
)

var migrateBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "migrate-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	migrateBin = filepath.Join(dir, "migrate")
	// The binary reports the version this test process has (cmd.Version),
	// whatever version Go would stamp from the checkout.
	build := exec.Command("go", "build", "-o", migrateBin, "-ldflags", "-X github.com/retortdb/migrate/cmd.Version="+cmd.Version, ".")
	build.Dir = scratch.RepoRoot()
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building migrate: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one run of the binary.
type result struct {
	Code           int
	Stdout, Stderr string
}

// project is a scratch directory in which the binary runs.
type project struct {
	t   *testing.T
	Dir string
	Env []string
}

func (p *project) run(args ...string) result {
	p.t.Helper()
	cmd := exec.Command(migrateBin, args...)
	cmd.Dir = p.Dir
	cmd.Env = append(append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(os.TempDir(), "migrate-e2e-cache")), p.Env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		p.t.Fatalf("running migrate %v: %v", args, err)
	}
	return result{Code: code, Stdout: out.String(), Stderr: errb.String()}
}

// ok runs the binary and fails the test unless it exits 0.
func (p *project) ok(args ...string) result {
	p.t.Helper()
	r := p.run(args...)
	if r.Code != 0 {
		p.t.Fatalf("migrate %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.Code, r.Stdout, r.Stderr)
	}
	return r
}

// fails runs the binary and checks the exit status, that stderr's last line is
// one ERROR line containing want, and that there is no Go panic or stack trace.
func (p *project) fails(code int, want string, args ...string) result {
	p.t.Helper()
	r := p.run(args...)
	if r.Code != code {
		p.t.Fatalf("migrate %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.Code, code, r.Stdout, r.Stderr)
	}
	checkErrorLine(p.t, r.Stderr, want)
	return r
}

func checkErrorLine(t *testing.T, stderr, want string) {
	t.Helper()
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
		t.Fatalf("stderr shows a panic or stack trace:\n%s", stderr)
	}
	var errLines []string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if strings.HasPrefix(l, "ERROR: ") {
			errLines = append(errLines, l)
		}
	}
	if len(errLines) != 1 {
		t.Fatalf("want exactly one ERROR line, got %d:\n%s", len(errLines), stderr)
	}
	if !strings.Contains(errLines[0], want) {
		t.Fatalf("ERROR line %q does not contain %q", errLines[0], want)
	}
}

func (p *project) write(rel, content string) {
	p.t.Helper()
	path := filepath.Join(p.Dir, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

func (p *project) read(rel string) string {
	p.t.Helper()
	b, err := os.ReadFile(filepath.Join(p.Dir, rel))
	if err != nil {
		p.t.Fatal(err)
	}
	return string(b)
}

func (p *project) versionFiles() []string {
	p.t.Helper()
	m, _ := filepath.Glob(filepath.Join(p.Dir, "migrations", "versions", "*.yaml"))
	return m
}
