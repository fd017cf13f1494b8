package metaload_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
