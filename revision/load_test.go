package revision

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadDirsGood(t *testing.T) {
	dir := filepath.Join(fileFixtures, "good")
	revs, err := LoadDirs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range revs {
		got = append(got, r.ID+" "+filepath.Base(r.Path))
	}
	want := []string{"1f2e3d4c5b6a 1f2e3d4c5b6a_create_authors.yml", "3a4b5c6d9e0f 3a4b5c6d9e0f_add_books_table.yaml"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("LoadDirs = %v, want %v (sorted by path, README skipped)", got, want)
	}
	if revs[0].BranchLabels[0] != "catalog" || len(revs[0].Upgrade) != 2 {
		t.Errorf("first revision = %+v", revs[0])
	}
}

func TestLoadDirsBroken(t *testing.T) {
	dir := filepath.Join(fileFixtures, "broken")
	_, err := LoadDirs([]string{dir})
	if err == nil {
		t.Fatal("no error for a directory of broken files")
	}
	entries, _ := os.ReadDir(dir)
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(entries) {
		t.Fatalf("%d error lines for %d broken files:\n%v", len(lines), len(entries), err)
	}
	for i, e := range entries {
		if !strings.HasPrefix(lines[i], filepath.Join(dir, e.Name())+":") {
			t.Errorf("line %d = %q, want it to start with %s:", i, lines[i], e.Name())
		}
	}
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Errorf("joined error holds no *FileError")
	}
}

func TestLoadDirsManyBroken(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 25; i++ {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%02d.yaml", i)), []byte("revision: [\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := LoadDirs([]string{dir})
	lines := strings.Split(fmt.Sprint(err), "\n")
	if len(lines) != 21 || lines[20] != "… and 5 more broken revision files" {
		t.Errorf("got %d lines, last %q; want 20 errors and \"… and 5 more broken revision files\"", len(lines), lines[len(lines)-1])
	}
	if !strings.HasPrefix(lines[0], filepath.Join(dir, "r00.yaml")+":") {
		t.Errorf("first line %q does not name r00.yaml", lines[0])
	}
}

func TestLoadDirsMissing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	_, err := LoadDirs([]string{dir})
	want := "version directory " + dir + " does not exist; run `migrate init` to create it, or fix version_locations in the config"
	if err == nil || !strings.HasPrefix(err.Error(), want) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error = %v, want it to start with %q and wrap fs.ErrNotExist", err, want)
	}
}

func TestLoadDirsSeveralAndEmpty(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	write := func(dir, name, id string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("revision: "+id+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(a, "x.yaml", "x1")
	write(b, "y.yml", "y1")
	write(b, ".#y.yaml", "junk-id")
	if err := os.Mkdir(filepath.Join(b, "sub.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	revs, err := LoadDirs([]string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 2 {
		t.Fatalf("got %d revisions, want 2 (hidden file and directory skipped)", len(revs))
	}
	revs, err = LoadDirs([]string{t.TempDir()})
	if err != nil || len(revs) != 0 {
		t.Errorf("empty directory: %d revisions, %v", len(revs), err)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "abc_first.yaml")
	r := &Revision{ID: "abc", Message: "first", Transactional: true}
	if err := WriteFile(path, r); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Marshal(r)
	if string(data) != string(want) {
		t.Errorf("file holds %q, want %q", data, want)
	}
	r2 := &Revision{ID: "abc", Message: "second", Transactional: true}
	err = WriteFile(path, r2)
	if err == nil || !errors.Is(err, fs.ErrExist) {
		t.Errorf("overwriting: error = %v, want one wrapping fs.ErrExist", err)
	}
	if again, _ := os.ReadFile(path); string(again) != string(data) {
		t.Error("the existing file was changed")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want 1 (no temporary file left)", len(entries))
	}
	if err := WriteFile(filepath.Join(dir, "missing", "x.yaml"), r); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

func TestSlug(t *testing.T) {
	cases := []struct {
		msg  string
		max  int
		want string
	}{
		{"Add books table", 40, "add_books_table"},
		{"  --Add   BOOKS, table!!  ", 40, "add_books_table"},
		{"add books table", 9, "add_books"},
		{"add books table", 10, "add_books"},
		{"add books table", 11, "add_books"},
		{"supercalifragilistic", 5, "super"},
		{"café crème", 40, "caf_cr_me"},
		{"!!!", 40, ""},
		{"a b c", 0, "a_b_c"},
		{"v2 migration: 3rd try", 40, "v2_migration_3rd_try"},
	}
	for _, c := range cases {
		if got := Slug(c.msg, c.max); got != c.want {
			t.Errorf("Slug(%q, %d) = %q, want %q", c.msg, c.max, got, c.want)
		}
	}
}
