// Package metaload reads a user's declared schema metadata for the standalone CLI.
// It builds a small program that imports the configured package and prints the
// metadata symbol's JSON form, using `go build -overlay` so that no file is ever
// written into the user's tree, and caches the built program under the user cache
// directory keyed by a hash of the module's sources, so that a second run with
// unchanged sources does not rebuild.
//
// The metadata package and the packages under it (a schema laid out as table
// packages, `inspect --format go --out-dir`) are compiled without inlining
// (`-gcflags=<its import path>/...=-l`): a schema declared as hundreds of
// package-level `Metadata.Table(…)` variables is one huge package initialiser,
// and inlining the builder chains into it costs the compiler about twenty times
// more than the whole build without it, while the loader runs that code once; a
// table package of 100 table functions compiles in about half the time without
// inlining. Every other package is built with the default flags, so it comes
// from the Go build cache.
//
// The cache keeps the KeepLoaders most recently used loaders and removes the
// others after each build.
package metaload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/retortdb/migrate/schema"
)

// loaderVersion changes whenever the generated program changes, to invalidate
// cached builds.
const loaderVersion = "2"

// KeepLoaders is how many built loaders the cache keeps: after each build, the
// loaders not used most recently beyond this count are deleted (each is a
// 5–10 MB executable, one per state of the sources that was loaded).
const KeepLoaders = 5

// Spec says where the metadata is.
type Spec struct {
	// Dir is the directory the package path is relative to (where migrate.yaml is).
	Dir string
	// Package is a package path relative to Dir ("./models") or an import path.
	Package string
	// Symbol is the exported variable (*schema.MetaData) or function
	// (func() *schema.MetaData) to read.
	Symbol string
	// CacheDir holds built loaders; "" uses os.UserCacheDir()/migrate/metadata.
	CacheDir string
}

// staleTemp is how old a half-written loader (a ".tmp" file a killed process left
// in the cache) must be before pruning removes it.
const staleTemp = time.Hour

// Error is a metadata loading failure, with what to do about it.
type Error struct {
	Msg string
	Err error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// Result is the loaded metadata and whether the loader was (re)built this time.
type Result struct {
	MetaData *schema.MetaData
	Built    bool
}

// Load builds (or reuses) the loader program and runs it. Its errors are *Error
// values that say what is wrong and what to do: no Go toolchain, not inside a Go
// module, a package that does not compile (with the compiler's first error at
// file:line:col), a missing symbol, or a symbol of the wrong type.
func Load(ctx context.Context, spec Spec) (*Result, error) {
	if spec.Package == "" || spec.Symbol == "" {
		return nil, &Error{Msg: "migrate.yaml has no metadata.package/metadata.symbol: set them to the Go package and the exported *schema.MetaData variable that declare your schema (see README, Configuration)"}
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, &Error{Err: err, Msg: "loading metadata.package " + spec.Package + " needs the Go toolchain, and `go` is not in PATH: install Go (https://go.dev/dl), or build your own binary that calls cmd.Main(cmd.WithMetadata(yourMetadata))"}
	}
	modFile, err := goEnv(ctx, goBin, spec.Dir, "GOMOD")
	if err != nil {
		return nil, err
	}
	if modFile == "" || modFile == os.DevNull {
		return nil, &Error{Msg: fmt.Sprintf("metadata.package %s: %s is not inside a Go module (no go.mod found): run migrate from your module, or fix metadata.package", spec.Package, spec.Dir)}
	}
	modRoot := filepath.Dir(modFile)
	modPath, replaces, err := readGoMod(modFile)
	if err != nil {
		return nil, err
	}
	importPath, err := resolveImport(spec, modRoot, modPath)
	if err != nil {
		return nil, err
	}
	key, err := cacheKey(goBin, modRoot, replaces, importPath, spec.Symbol)
	if err != nil {
		return nil, err
	}
	cacheDir := spec.CacheDir
	if cacheDir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		cacheDir = filepath.Join(base, "migrate", "metadata")
	}
	bin := filepath.Join(cacheDir, "loader-"+key)
	built := false
	if _, err := os.Stat(bin); err != nil {
		if err := build(ctx, goBin, modRoot, importPath, spec, bin); err != nil {
			return nil, err
		}
		built = true
		prune(cacheDir, bin, KeepLoaders)
	} else {
		// The modification time records the last use, which pruning keeps by.
		now := time.Now()
		_ = os.Chtimes(bin, now, now)
	}
	m, err := run(ctx, bin, spec)
	if err != nil {
		return nil, err
	}
	return &Result{MetaData: m, Built: built}, nil
}

func goEnv(ctx context.Context, goBin, dir, name string) (string, error) {
	cmd := exec.CommandContext(ctx, goBin, "env", name)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", &Error{Err: err, Msg: fmt.Sprintf("running `go env %s` in %s failed: %s", name, dir, firstLine(stderr.String(), err))}
	}
	return strings.TrimSpace(string(out)), nil
}

// readGoMod returns the module path and the local directories of replace
// directives (their sources count for the cache key).
func readGoMod(path string) (string, []string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", nil, &Error{Err: err, Msg: "reading " + path + ": " + err.Error()}
	}
	modPath := ""
	var dirs []string
	inReplace := false
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		switch {
		case strings.HasPrefix(line, "module "):
			modPath = strings.Trim(strings.TrimSpace(strings.TrimPrefix(line, "module ")), `"`)
		case line == "replace (":
			inReplace = true
		case inReplace && line == ")":
			inReplace = false
		case inReplace || strings.HasPrefix(line, "replace "):
			if i := strings.Index(line, "=>"); i >= 0 {
				target := strings.Fields(strings.TrimSpace(line[i+2:]))
				if len(target) > 0 && (strings.HasPrefix(target[0], ".") || filepath.IsAbs(target[0])) {
					d := target[0]
					if !filepath.IsAbs(d) {
						d = filepath.Join(filepath.Dir(path), d)
					}
					dirs = append(dirs, d)
				}
			}
		}
	}
	if modPath == "" {
		return "", nil, &Error{Msg: path + " has no module line"}
	}
	return modPath, dirs, nil
}

func resolveImport(spec Spec, modRoot, modPath string) (string, error) {
	pkg := spec.Package
	if !strings.HasPrefix(pkg, ".") && !filepath.IsAbs(pkg) {
		return pkg, nil
	}
	abs := pkg
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(spec.Dir, pkg)
	}
	abs, _ = filepath.Abs(abs)
	root, _ := filepath.Abs(modRoot)
	rel, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", &Error{Msg: fmt.Sprintf("metadata.package %s is outside the module at %s: point it at a package inside your module", spec.Package, root)}
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		return "", &Error{Msg: fmt.Sprintf("metadata.package %s: directory %s does not exist: fix metadata.package in migrate.yaml", spec.Package, abs)}
	}
	if rel == "." {
		return modPath, nil
	}
	return modPath + "/" + filepath.ToSlash(rel), nil
}

// cacheKey hashes everything a rebuild depends on: the go binary, the loader
// version, the import path and symbol, and the name, size and modification time of
// every Go source, go.mod and go.sum in the module and in locally replaced modules.
func cacheKey(goBin, modRoot string, replaces []string, importPath, symbol string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", loaderVersion, goBin, importPath, symbol)
	if st, err := os.Stat(goBin); err == nil {
		fmt.Fprintf(h, "%d\x00%d\x00", st.Size(), st.ModTime().UnixNano())
	}
	for _, root := range append([]string{modRoot}, replaces...) {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				if p != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(name, ".go") || name == "go.mod" || name == "go.sum" {
				if info, err := d.Info(); err == nil {
					fmt.Fprintf(h, "%s\x00%d\x00%d\x00", p, info.Size(), info.ModTime().UnixNano())
				}
			}
			return nil
		})
		if err != nil {
			return "", &Error{Err: err, Msg: "hashing module sources: " + err.Error()}
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

const loaderSource = `// Code generated by migrate to load declared metadata. DO NOT EDIT.
package main

import (
	"os"

	"github.com/retortdb/migrate/schema"
	target %q
)

func main() { os.Exit(schema.LoaderMain(target.%s)) }
`

func build(ctx context.Context, goBin, modRoot, importPath string, spec Spec, bin string) error {
	return buildProgram(ctx, program{
		goBin: goBin, modRoot: modRoot, bin: bin,
		source:  fmt.Sprintf(loaderSource, importPath, spec.Symbol),
		dir:     ".migrate-metadata-loader",
		flags:   []string{"-gcflags=" + importPath + "/...=-l"},
		what:    "the metadata loader for " + spec.Package,
		failure: func(out string, err error) error { return compileError(out, spec, err) },
	})
}

// program is a generated main package built against the user's module.
type program struct {
	goBin, modRoot, bin string
	// source is main.go; dir the directory, inside modRoot, the overlay puts
	// it in (no file is written there).
	source, dir string
	// flags are go build's extra flags.
	flags []string
	// what names the program in errors.
	what string
	// failure turns the compiler's output into the error to return.
	failure func(stderr string, err error) error
	// ownModFile builds with a copy of the module's go.mod and go.sum
	// (-modfile, -mod=mod), which go build completes with the requirements
	// the program needs beyond the user's packages (the migrate command's
	// own), leaving the user's files untouched.
	ownModFile bool
}

// buildProgram builds p into p.bin with `go build -overlay`, so that nothing is
// written into the user's tree, through a temporary directory it removes.
func buildProgram(ctx context.Context, p program) error {
	tmp, err := os.MkdirTemp("", "migrate-loader-")
	if err != nil {
		return &Error{Err: err, Msg: "creating a temporary directory: " + err.Error()}
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "main.go")
	if err := os.WriteFile(src, []byte(p.source), 0o644); err != nil {
		return &Error{Err: err, Msg: err.Error()}
	}
	virtualDir := filepath.Join(p.modRoot, p.dir)
	ov, _ := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(virtualDir, "main.go"): src}})
	ovPath := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ovPath, ov, 0o644); err != nil {
		return &Error{Err: err, Msg: err.Error()}
	}
	if err := os.MkdirAll(filepath.Dir(p.bin), 0o755); err != nil {
		return &Error{Err: err, Msg: "creating the cache " + filepath.Dir(p.bin) + ": " + err.Error()}
	}
	out := filepath.Join(tmp, "loader")
	goTmp := filepath.Join(tmp, "go")
	if err := os.Mkdir(goTmp, 0o755); err != nil {
		return &Error{Err: err, Msg: err.Error()}
	}
	args := append([]string{"build"}, p.flags...)
	if p.ownModFile {
		mf := filepath.Join(tmp, "go.mod")
		for _, name := range []string{"go.mod", "go.sum"} {
			b, err := os.ReadFile(filepath.Join(p.modRoot, name))
			if err != nil && name == "go.mod" {
				return &Error{Err: err, Msg: "reading the module's go.mod: " + err.Error()}
			}
			if err := os.WriteFile(filepath.Join(tmp, name), b, 0o644); err != nil {
				return &Error{Err: err, Msg: err.Error()}
			}
		}
		args = append(args, "-mod=mod", "-modfile="+mf)
	}
	args = append(args, "-overlay", ovPath, "-o", out, "./"+p.dir)
	cmd := exec.CommandContext(ctx, p.goBin, args...)
	cmd.Dir = p.modRoot
	// go build's own work directory goes inside tmp, so that removing tmp removes
	// it even when go build is stopped before it cleans up.
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOTMPDIR="+goTmp)
	stopGroup(cmd)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil || interrupted(stderr.String()) {
			return &Error{Err: context.Canceled, Msg: fmt.Sprintf("building %s was interrupted: nothing was cached and no file was left behind; run the command again", p.what)}
		}
		return p.failure(stderr.String(), err)
	}
	if err := os.Rename(out, p.bin); err != nil {
		// A rename across file systems fails: copy instead.
		b, rerr := os.ReadFile(out)
		if rerr == nil {
			rerr = os.WriteFile(p.bin+".tmp", b, 0o755)
		}
		if rerr == nil {
			rerr = os.Rename(p.bin+".tmp", p.bin)
		}
		if rerr != nil {
			return &Error{Err: rerr, Msg: "storing " + p.what + " in " + p.bin + ": " + rerr.Error()}
		}
	}
	return nil
}

// interrupted reports whether go build's output says that it or one of its tools
// was stopped by a signal (a terminal's Ctrl-C reaches the whole process group).
func interrupted(out string) bool {
	for _, s := range []string{"signal: interrupt", "signal: terminated", "signal: killed", "signal: hangup"} {
		if strings.Contains(out, s) {
			return true
		}
	}
	return false
}

// prune deletes the loaders in dir beyond the keep most recently used ones (never
// keepBin, the one just built), and half-written ones older than staleTemp. Errors
// are ignored: a loader that cannot be deleted costs only disk space.
func prune(dir, keepBin string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type loader struct {
		path string
		used time.Time
	}
	var loaders []loader
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, "loader-") || e.IsDir() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		p := filepath.Join(dir, name)
		if strings.HasSuffix(name, ".tmp") {
			if time.Since(info.ModTime()) > staleTemp {
				_ = os.Remove(p)
			}
			continue
		}
		if p != keepBin {
			loaders = append(loaders, loader{p, info.ModTime()})
		}
	}
	sort.Slice(loaders, func(i, j int) bool { return loaders[i].used.After(loaders[j].used) })
	for i, l := range loaders {
		if i >= keep-1 {
			_ = os.Remove(l.path)
		}
	}
}

func compileError(out string, spec Spec, err error) error {
	lines := compilerLines(out)
	for _, l := range lines {
		if strings.Contains(l, "undefined: target."+spec.Symbol) {
			return &Error{Err: err, Msg: fmt.Sprintf("metadata.symbol %s: package %s has no exported %s: declare `var %s = schema.NewMetaData(…)` there, or fix metadata.symbol in migrate.yaml", spec.Symbol, spec.Package, spec.Symbol, spec.Symbol)}
		}
	}
	return packageCompileError(lines, "metadata.package", spec.Package, err)
}

// compilerLines returns go build's output without blank lines and the
// "# package" headers.
func compilerLines(out string) []string {
	lines := []string{}
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// packageCompileError is the error for a user's package (named by the
// migrate.yaml key, e.g. metadata.package) that go build could not compile:
// a module that lacks migrate's packages is told how to add them; otherwise
// the first compiler line is quoted with a count of the others.
func packageCompileError(lines []string, key, pkg string, err error) error {
	for _, l := range lines {
		if strings.Contains(l, "is not in std") || strings.Contains(l, "no required module provides package github.com/retortdb/migrate") || strings.Contains(l, "missing go.sum entry") {
			return &Error{Err: err, Msg: fmt.Sprintf("%s %s: %s: run `go get github.com/retortdb/migrate && go mod tidy` in your module", key, pkg, l)}
		}
	}
	first := "the Go compiler failed"
	if len(lines) > 0 {
		first = lines[0]
	}
	more := ""
	if len(lines) > 1 {
		more = fmt.Sprintf(" (and %d more line(s))", len(lines)-1)
	}
	return &Error{Err: err, Msg: fmt.Sprintf("%s %s does not compile: %s%s: fix it, then run again (`go build %s` shows everything)", key, pkg, first, more, pkg)}
}

func run(ctx context.Context, bin string, spec Spec) (*schema.MetaData, error) {
	cmd := exec.CommandContext(ctx, bin)
	cmd.Dir = spec.Dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		msg := strings.TrimSpace(stderr.String())
		if errors.As(err, &ee) {
			switch ee.ExitCode() {
			case 3:
				return nil, &Error{Err: err, Msg: fmt.Sprintf("metadata.symbol %s in %s has the %s: declare it as `var %s = schema.NewMetaData(…)` or `func %s() *schema.MetaData`", spec.Symbol, spec.Package, msg, spec.Symbol, spec.Symbol)}
			case 4:
				return nil, &Error{Err: err, Msg: fmt.Sprintf("the metadata in %s.%s is not valid: %s", spec.Package, spec.Symbol, msg)}
			}
		}
		return nil, &Error{Err: err, Msg: fmt.Sprintf("running the metadata loader for %s failed: %s", spec.Package, firstLine(msg, err))}
	}
	m, err := schema.UnmarshalJSON(stdout.Bytes())
	if err != nil {
		return nil, &Error{Err: err, Msg: fmt.Sprintf("the metadata loader for %s printed something that is not metadata JSON: %v", spec.Package, err)}
	}
	return m, nil
}

func firstLine(s string, err error) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return err.Error()
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
