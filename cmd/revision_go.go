package cmd

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/gostep"
	"github.com/retortdb/migrate/internal/config"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
)

// goStub is a Go step written by `revision --go NAME`: the file of stub
// functions in go_steps.package and the ops of the revision.
type goStub struct {
	path     string
	source   []byte
	up, down ops.Op
}

// planGoStub prepares `revision --go name`: the revision's go op (upgrade
// NAME, downgrade NAME_downgrade, each the other's reverse) and the file
// go_steps.package/NAME.go registering two stub functions. It writes nothing;
// an existing file, a bad name or a missing go_steps.package is an error.
func planGoStub(c *config.Config, name string, rev *revision.Revision) (*goStub, error) {
	if !gostep.ValidName(name) {
		return nil, cmdutil.FlagErrorf("--go %q: a Go step name is letters, digits and _, not starting with a digit", name)
	}
	if c.GoStepsPackage == "" {
		return nil, fmt.Errorf("revision --go %s: %s has no go_steps.package: add `go_steps: {package: ./migrations/steps}` (a package of your module) to it, then run again; nothing was written", name, c.Path)
	}
	if !strings.HasPrefix(c.GoStepsPackage, ".") && !filepath.IsAbs(c.GoStepsPackage) {
		return nil, fmt.Errorf("revision --go %s: go_steps.package %s is an import path; write it as a directory relative to %s (./migrations/steps) so the stub can be written there; nothing was written", name, c.GoStepsPackage, c.Path)
	}
	dir := c.Abs(c.GoStepsPackage)
	path := filepath.Join(dir, name+".go")
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("revision --go %s: %s already exists: choose another name, or write the revision by hand with go: {func: %s}; nothing was written", name, path, name)
	}
	pkg, err := goPackageName(dir)
	if err != nil {
		return nil, err
	}
	down := name + "_downgrade"
	register := "gostep.Register(%q, %s)"
	if c.GoStepsSymbol != "" {
		register = c.GoStepsSymbol + ".Add(%q, %s)"
	}
	upFn, downFn := goIdent(name), goIdent(down)
	var b bytes.Buffer
	fmt.Fprintf(&b, `package %s

import (
	"context"

	"github.com/retortdb/migrate/gostep"
)

func init() {
	`+register+`
	`+register+`
}

// %s is the Go step of revision %s (%q): it runs inside the revision's
// transaction (s.DB), after the ops before it and before those after it. Write
// SQL in the database's own dialect (s.Dialect), in batches for large tables.
func %s(ctx context.Context, s *gostep.Session) error {
	s.Log.Info("TODO: write %s")
	return nil
}

// %s undoes %s on downgrade.
func %s(ctx context.Context, s *gostep.Session) error {
	s.Log.Info("TODO: write %s")
	return nil
}
`, pkg, name, upFn, down, downFn, upFn, rev.ID, rev.Message, upFn, name, downFn, upFn, downFn, down)
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("revision --go %s: formatting the stub: %w", name, err)
	}
	return &goStub{
		path: path, source: src,
		up:   &ops.GoStep{Func: name, Reverse: down},
		down: &ops.GoStep{Func: down, Reverse: name},
	}, nil
}

// write writes the stub file (its directory made when missing).
func (s *goStub) write() error {
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return fmt.Errorf("creating %s for the Go step stub: %w", filepath.Dir(s.path), err)
	}
	f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("writing the Go step stub: %w", err)
	}
	if _, err := f.Write(s.source); err != nil {
		f.Close()
		return fmt.Errorf("writing the Go step stub %s: %w", s.path, err)
	}
	return f.Close()
}

var packageClause = regexp.MustCompile(`(?m)^package\s+([A-Za-z_][A-Za-z0-9_]*)`)

// goPackageName is the package name of the Go files in dir (not tests), or
// the directory's name made an identifier when it has none.
func goPackageName(dir string) (string, error) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		if m := packageClause.FindSubmatch(b); m != nil {
			return string(m[1]), nil
		}
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return -1
	}, filepath.Base(dir))
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		name = "steps" + name
	}
	return name, nil
}

// goIdent turns a step name (backfill_emails) into an unexported Go name
// (backfillEmails).
func goIdent(name string) string {
	parts := strings.Split(name, "_")
	var b strings.Builder
	for i, p := range parts {
		if p == "" {
			continue
		}
		if i == 0 || b.Len() == 0 {
			b.WriteString(strings.ToLower(p[:1]) + p[1:])
			continue
		}
		b.WriteString(strings.ToUpper(p[:1]) + p[1:])
	}
	if b.Len() == 0 {
		return "step"
	}
	return b.String()
}
