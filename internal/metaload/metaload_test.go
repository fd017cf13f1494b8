package metaload_test

import (
	"context"
	"debug/buildinfo"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/internal/metaload"
	"github.com/retortdb/migrate/internal/scratch"
)

func TestLoadBuildsOnceAndLeavesNoFile(t *testing.T) {
	dir := scratch.Module(t, map[string]string{"models/models.go": scratch.DesignModels})
	cache := t.TempDir()
	spec := metaload.Spec{Dir: dir, Package: "./models", Symbol: "Metadata", CacheDir: cache}
	before := listTree(t, dir)
	res, err := metaload.Load(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Built {
		t.Error("first load did not build the loader")
	}
	if len(res.MetaData.Tables) != 2 || res.MetaData.Tables[1].Name != "books" || res.MetaData.Tables[1].Comment != "Books in the catalogue" {
		t.Errorf("loaded metadata is wrong: %+v", res.MetaData.Tables)
	}
	res2, err := metaload.Load(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if res2.Built {
		t.Error("second load with unchanged sources rebuilt the loader")
	}
	if after := listTree(t, dir); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("loading changed the user's tree:\nbefore %v\nafter  %v", before, after)
	}
	// A source change invalidates the cache.
	p := filepath.Join(dir, "models", "extra.go")
	if err := os.WriteFile(p, []byte("package models\n\nvar _ = Metadata.Table(\"extra\")\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res3, err := metaload.Load(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if !res3.Built || len(res3.MetaData.Tables) != 3 {
		t.Errorf("changed sources: built=%v tables=%d", res3.Built, len(res3.MetaData.Tables))
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name, file, symbol, pkg, want string
	}{
		{"missing symbol", scratch.DesignModels, "Nope", "./models", "metadata.symbol Nope: package ./models has no exported Nope"},
		{"wrong type", scratch.DesignModels + "\nvar Wrong = 42\n", "Wrong", "./models", "metadata.symbol Wrong in ./models has the wrong type int"},
		{"does not compile", "package models\n\nvar Metadata = undefinedThing\n", "Metadata", "./models", "models/models.go:3:16: undefined: undefinedThing"},
		{"invalid metadata", "package models\n\nimport \"github.com/retortdb/migrate/schema\"\n\nvar Metadata = schema.NewMetaData()\n\nvar _ = Metadata.Table(\"t\", schema.Col(\"a\", schema.Integer()), schema.Col(\"a\", schema.Integer()))\n", "Metadata", "./models", `column "a" is declared twice`},
		{"missing package dir", scratch.DesignModels, "Metadata", "./nowhere", "directory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := scratch.Module(t, map[string]string{"models/models.go": c.file})
			_, err := metaload.Load(context.Background(), metaload.Spec{Dir: dir, Package: c.pkg, Symbol: c.symbol, CacheDir: t.TempDir()})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error = %v; want it to contain %q", err, c.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans several lines: %q", err)
			}
		})
	}
}

func TestLoadWithoutGoToolchain(t *testing.T) {
	dir := scratch.Module(t, map[string]string{"models/models.go": scratch.DesignModels})
	t.Setenv("PATH", t.TempDir())
	_, err := metaload.Load(context.Background(), metaload.Spec{Dir: dir, Package: "./models", Symbol: "Metadata", CacheDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "needs the Go toolchain") || !strings.Contains(err.Error(), "cmd.WithMetadata") {
		t.Fatalf("error = %v", err)
	}
}

func TestNotInModule(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("GOFLAGS", "")
	_, err := metaload.Load(context.Background(), metaload.Spec{Dir: dir, Package: "./models", Symbol: "Metadata", CacheDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "not inside a Go module") {
		t.Fatalf("error = %v", err)
	}
}

func listTree(t *testing.T, dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		out = append(out, p)
		return nil
	})
	return out
}

// The loader compiles the metadata package, and only it, without inlining: the
// loader's own build information (what `go version -m` prints) records the flag.
func TestLoaderBuildsMetadataPackageWithoutInlining(t *testing.T) {
	dir := scratch.Module(t, map[string]string{"models/models.go": scratch.DesignModels})
	cache := t.TempDir()
	if _, err := metaload.Load(context.Background(), metaload.Spec{Dir: dir, Package: "./models", Symbol: "Metadata", CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	bins, _ := filepath.Glob(filepath.Join(cache, "loader-*"))
	if len(bins) != 1 {
		t.Fatalf("cache holds %v; want one loader", bins)
	}
	info, err := buildinfo.ReadFile(bins[0])
	if err != nil {
		t.Fatal(err)
	}
	var gcflags string
	for _, s := range info.Settings {
		if s.Key == "-gcflags" {
			gcflags = s.Value
		}
	}
	if gcflags != "example.com/shop/models/...=-l" {
		t.Fatalf("loader built with -gcflags %q; want inlining off for the metadata package and those under it alone", gcflags)
	}
}

// After each build the cache keeps only the KeepLoaders most recently used
// loaders; a loader used again counts as recent, and a cache hit deletes nothing.
func TestLoaderCacheIsPruned(t *testing.T) {
	dir := scratch.Module(t, map[string]string{"models/models.go": scratch.DesignModels})
	cache := t.TempDir()
	spec := metaload.Spec{Dir: dir, Package: "./models", Symbol: "Metadata", CacheDir: cache}
	// Old loaders from earlier states of the sources, oldest first, and a
	// half-written one a killed run left.
	old := time.Now().Add(-48 * time.Hour)
	var stale []string
	for i := 0; i < metaload.KeepLoaders+3; i++ {
		p := filepath.Join(cache, fmt.Sprintf("loader-old%02d", i))
		if err := os.WriteFile(p, []byte("x"), 0o755); err != nil {
			t.Fatal(err)
		}
		at := old.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
		stale = append(stale, p)
	}
	half := filepath.Join(cache, "loader-abc.tmp")
	if err := os.WriteFile(half, []byte("x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(half, old, old); err != nil {
		t.Fatal(err)
	}
	unrelated := filepath.Join(cache, "notes.txt")
	if err := os.WriteFile(unrelated, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := metaload.Load(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Built {
		t.Fatal("first load did not build")
	}
	got := loaders(t, cache)
	if len(got) != metaload.KeepLoaders {
		t.Fatalf("cache holds %d loaders %v; want %d", len(got), got, metaload.KeepLoaders)
	}
	// The newest old ones survive, the oldest and the half-written one do not.
	want := map[string]bool{}
	for _, p := range stale[len(stale)-(metaload.KeepLoaders-1):] {
		want[filepath.Base(p)] = true
	}
	for _, name := range got {
		if !want[name] && !strings.HasPrefix(name, "loader-") {
			t.Errorf("unexpected file %s kept", name)
		}
	}
	for _, p := range stale[:len(stale)-(metaload.KeepLoaders-1)] {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s (least recently used) was kept", filepath.Base(p))
		}
	}
	if _, err := os.Stat(half); err == nil {
		t.Error("a stale half-written loader was kept")
	}
	if _, err := os.Stat(unrelated); err != nil {
		t.Error("pruning deleted a file that is not a loader")
	}
	// A cache hit refreshes its loader's last use and deletes nothing.
	before := loaders(t, cache)
	res, err = metaload.Load(context.Background(), spec)
	if err != nil || res.Built {
		t.Fatalf("second load: built=%v err=%v", res != nil && res.Built, err)
	}
	if after := loaders(t, cache); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("a cache hit changed the cache: %v -> %v", before, after)
	}
}

func loaders(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "loader-*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range m {
		out = append(out, filepath.Base(p))
	}
	sort.Strings(out)
	return out
}

// A signal during the loader's go build (the CLI cancels the context on SIGINT and
// SIGTERM) is reported as an interruption, not as a package that does not
// compile, and leaves neither a temporary directory nor a loader behind.
func TestLoadInterruptedDuringBuild(t *testing.T) {
	var src strings.Builder
	src.WriteString("package models\n\nimport \"github.com/retortdb/migrate/schema\"\n\nvar Metadata = schema.NewMetaData()\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&src, "\nvar T%d = Metadata.Table(\"t%d\", schema.Col(\"id\", schema.BigInt()).PrimaryKey(), schema.Col(\"name\", schema.Varchar(20)).NotNull().ServerDefault(\"'x'\"), schema.Index(\"ix_t%d\", \"name\"))\n", i, i, i)
	}
	dir := scratch.Module(t, map[string]string{"models/models.go": src.String()})
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	cache := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := metaload.Load(ctx, metaload.Spec{Dir: dir, Package: "./models", Symbol: "Metadata", CacheDir: cache})
		done <- err
	}()
	// Cancel once go build's work directory exists: go build is running.
	var err error
	seen := false
	for !seen {
		select {
		case err = <-done:
			t.Skipf("the build finished before it could be interrupted (err %v)", err)
		default:
		}
		m, _ := filepath.Glob(filepath.Join(tmp, "migrate-loader-*", "go", "go-build*"))
		seen = len(m) > 0
		if !seen {
			time.Sleep(2 * time.Millisecond)
		}
	}
	cancel()
	err = <-done
	if err == nil || !strings.Contains(err.Error(), "was interrupted") || strings.Contains(err.Error(), "does not compile") {
		t.Fatalf("error = %v; want an interruption", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	if got := loaders(t, cache); len(got) != 0 {
		t.Errorf("an interrupted build stored %v", got)
	}
}
