// Package docs_test runs the shell commands shown in README.md and docs/*.md.
package docs_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// notRun lists the shown commands this test does not run, each with the reason.
// A command shown in the docs that is neither run nor listed here fails the test.
var notRun = map[string]string{
	"go install github.com/retortdb/migrate@latest": "needs the network; the test puts the binary built from this checkout on PATH instead",
	"go get github.com/retortdb/migrate/schema":     "needs the network; the scratch project requires this checkout through a replace",
	"go test ./...": "is the test suite this test belongs to",
	"MIGRATE_TEST_POSTGRES_URL='postgres://root@127.0.0.1:5432/test?sslmode=disable' MIGRATE_TEST_MYSQL_URL='mysql://root@127.0.0.1:3306/test' MIGRATE_TEST_REQUIRE_SERVERS=1 go test ./...": "is the test suite with servers (.ci/run runs it)",
	"$EDITOR migrate.yaml":      "is interactive; the template's url and metadata already fit the scratch project",
	"docker build -t migrate .": "needs a Docker engine; scripts/release.sh check builds the same binary",
	`docker run --rm -v "$PWD:/work" -w /work -e MIGRATE_URL migrate upgrade head`: "needs a Docker engine",
	"go test ./runner -run Golden -update":                                         "rewrites the golden files",
	`migrate revision --baseline -m "baseline"`:                                    "needs a database that never had migrations, which the scratch projects are not; e2e TestPgPagilaBaseline runs it on Pagila",
}

// block is one fenced shell block: its file and its commands (continuation
// lines joined, comments removed).
type block struct {
	file     string
	commands []string
}

var fence = regexp.MustCompile("^```(sh|bash|shell)$")

func shellBlocks(t *testing.T) []block {
	t.Helper()
	files, _ := filepath.Glob("*.md")
	files = append([]string{filepath.Join("..", "README.md")}, files...)
	var out []block
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var cur *block
		pending := ""
		for _, line := range strings.Split(string(data), "\n") {
			switch {
			case cur == nil && fence.MatchString(line):
				cur = &block{file: f}
			case cur != nil && line == "```":
				out = append(out, *cur)
				cur = nil
			case cur != nil:
				if s, ok := strings.CutSuffix(strings.TrimSpace(line), `\`); ok {
					pending += strings.TrimSpace(s) + " "
					continue
				}
				cmd := pending + line
				pending = ""
				if i := strings.Index(cmd, " # "); i >= 0 {
					cmd = cmd[:i]
				}
				if cmd = strings.TrimSpace(cmd); cmd != "" {
					cur.commands = append(cur.commands, cmd)
				}
			}
		}
	}
	return out
}

// TestShownCommandsRun runs every command shown in a shell block of README.md
// and docs/*.md with the migrate binary built from this checkout, in scratch
// copies of the example project: the repository's set-up commands in a
// directory holding migrations_example/, the quick start and the commands
// that follow it in a new project (a module with the example's models and no
// migrate.yaml), the others in the example project. A shown revision id of
// the docs' examples stands for the example project's base revision.
func TestShownCommandsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and the metadata loader")
	}
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	bin := filepath.Join(root, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "migrate"), ".")
	build.Dir = repo
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	example := filepath.Join(root, "migrations_example")
	quick := filepath.Join(root, "quick")
	copyDir(t, filepath.Join(repo, "migrations_example"), example, repo)
	copyDir(t, filepath.Join(repo, "migrations_example"), quick, repo)
	for _, rm := range []string{"migrate.yaml", "migrations"} {
		if err := os.RemoveAll(filepath.Join(quick, rm)); err != nil {
			t.Fatal(err)
		}
	}
	base := "5b4cbe8f4550" // the example project's base revision
	ran := 0
	for _, b := range shellBlocks(t) {
		dir := example
		joined := strings.Join(b.commands, "\n")
		switch {
		case strings.Contains(joined, "go run ."):
			dir = root
		case strings.Contains(joined, "migrate init"), strings.Contains(joined, "inspect --format go"), strings.Contains(joined, "history -r"):
			dir = quick
		}
		for _, c := range b.commands {
			if why, ok := notRun[c]; ok {
				t.Logf("%s: not run: %s (%s)", b.file, c, why)
				continue
			}
			run := strings.ReplaceAll(c, "go run .", "migrate")
			run = strings.ReplaceAll(run, "1f2e3d4c5b6a", base)
			if !strings.HasPrefix(run, "migrate ") {
				t.Errorf("%s: %q is neither run by this test nor listed in notRun with a reason", b.file, c)
				continue
			}
			sh := exec.Command("bash", "-euo", "pipefail", "-c", run)
			sh.Dir = dir
			sh.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "MIGRATE_URL=", "DATABASE_URL=")
			var outb bytes.Buffer
			sh.Stdout, sh.Stderr = &outb, &outb
			if err := sh.Run(); err != nil {
				t.Errorf("%s: `%s` (run as `%s` in %s) failed: %v\n%s", b.file, c, run, filepath.Base(dir), err, outb.String())
				continue
			}
			ran++
		}
	}
	if ran < 15 {
		t.Errorf("ran only %d shown commands", ran)
	}
}

// copyDir copies the regular files under src to dst, pointing a go.mod's
// replace of this module at repo.
func copyDir(t *testing.T, src, dst, repo string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if strings.HasSuffix(p, ".db") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if d.Name() == "go.mod" {
			data = bytes.ReplaceAll(data, []byte("=> ../"), []byte("=> "+repo))
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
