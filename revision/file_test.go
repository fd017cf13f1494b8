package revision

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
	"github.com/retortdb/migrate/schemas"
)

const fileFixtures = "../testdata/revisions"

func TestParseFileGood(t *testing.T) {
	path := filepath.Join(fileFixtures, "good", "3a4b5c6d9e0f_add_books_table.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseFile(path, data)
	if err != nil {
		t.Fatal(err)
	}
	want := &Revision{
		ID: "3a4b5c6d9e0f", DownRevisions: []string{"1f2e3d4c5b6a"}, Message: "add books table",
		CreateDate: "2026-11-20 10:00:00.000000+00:00", Transactional: true, Path: path,
		Upgrade: []ops.Op{
			&ops.CreateTable{Table: &schema.Table{
				Name: "books",
				Columns: []*schema.Column{
					{Name: "id", Type: schema.Integer(), Autoincrement: true},
					{Name: "title", Type: schema.Varchar(200)},
					{Name: "author_id", Type: schema.Integer(), Nullable: true},
				},
				PrimaryKey:  &schema.PrimaryKeyDef{Name: "pk_books", Columns: []string{"id"}},
				ForeignKeys: []*schema.ForeignKeyDef{{Name: "fk_books_author_id_authors", Columns: []string{"author_id"}, RefTable: "authors", RefColumns: []string{"id"}, OnDelete: "CASCADE"}},
			}},
			&ops.CreateIndex{Table: "books", Index: &schema.IndexDef{Name: "ix_books_title", Columns: []string{"title"}}},
		},
		Downgrade: []ops.Op{
			&ops.DropIndex{Name: "ix_books_title", Table: "books"},
			&ops.DropTable{Name: "books"},
		},
	}
	if d := cmp.Diff(want, r, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(Revision{}, "Checksum")); d != "" {
		t.Errorf("ParseFile (-want +got):\n%s", d)
	}
	if len(r.Checksum) != 64 || strings.Trim(r.Checksum, "0123456789abcdef") != "" {
		t.Errorf("Checksum = %q, want 64 hex digits", r.Checksum)
	}
	r2, _ := ParseFile(path, append(data, '\n'))
	if r2.Checksum == r.Checksum {
		t.Error("Checksum does not change with the file's bytes")
	}
}

func TestParseFileBroken(t *testing.T) {
	dir := filepath.Join(fileFixtures, "broken")
	cases := []struct {
		file, want string
		is         error
	}{
		{"syntax.yaml", `syntax.yaml:3:19: could not find flow mapping end token '}'`, nil},
		{"unknown_key.yaml", `unknown_key.yaml:2:1: unknown key "down_revison" (want one of: revision, down_revision, branch_labels, depends_on, message, transactional, upgrade, downgrade)`, nil},
		{"unknown_op.yaml", `unknown_op.yaml:3:5: upgrade: unknown operation "create_tabel" (known: create_table, drop_table, rename_table, rename_index, rename_constraint, add_column, drop_column, alter_column, create_index, drop_index, create_unique_constraint, create_foreign_key, create_check_constraint, create_primary_key, drop_constraint, validate_constraint, create_table_comment, drop_table_comment, create_enum, drop_enum, add_enum_value, drop_enum_value, execute, bulk_insert, create_object, drop_object, replace_object, go)`, nil},
		{"unknown_op_key.yaml", `unknown_op_key.yaml:3:27: upgrade: drop_table: unknown key "cascade" (want one of: name, schema, columns, primary_key, foreign_keys, unique_constraints, check_constraints, indexes, comment, engine, collation, options, partition_by, acknowledge_destructive, sqlite_strict, sqlite_without_rowid)`, nil},
		{"wrong_type.yaml", `wrong_type.yaml:5:50: upgrade: add_column.column (isbn).nullable: want true or false, got the string "yes please"`, nil},
		{"missing_revision.yaml", `missing_revision.yaml:2:1: missing "revision: <id>"; every revision file names its own id`, nil},
		{"bad_revision_id.yaml", `bad_revision_id.yaml:1:11: revision: "abc-def" is not a valid revision id (1 to 32 letters, digits or underscores)`, nil},
		{"empty.yaml", `empty.yaml:1:1: the file is empty; a revision file needs at least "revision: <id>" (delete the file or write one with ` + "`migrate revision`)", yamlx.ErrEmpty},
		{"binary.yaml", `binary.yaml:1:14: a NUL byte: this is not YAML text (a binary file?); save it as UTF-8 text; revision files must be YAML text`, yamlx.ErrBinary},
		{"bad_type.yaml", `bad_type.yaml:3:52: upgrade: add_column.column (c).type: type "varchar(ten)": argument "ten" is not a non-negative integer`, nil},
		{"numeric_revision.yaml", `numeric_revision.yaml:1:11: revision: want a string, got the integer 10 (put it in quotes to make it a string)`, nil},
		{"transactional.yaml", `transactional.yaml:2:16: transactional: want true or false, got the string "maybe"`, nil},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join(dir, c.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ParseFile(path, data)
			want := filepath.Join(dir, c.want)
			if err == nil || err.Error() != want {
				t.Fatalf("error\n got %v\nwant %s", err, want)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != path || fe.Line == 0 {
				t.Errorf("error is %T %+v, want a *FileError with a position", err, err)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("error does not wrap %v", c.is)
			}
		})
	}
}

func TestParseFileTooBig(t *testing.T) {
	data := make([]byte, MaxFileSize+1)
	_, err := ParseFile("big.yaml", data)
	want := fmt.Sprintf("big.yaml: file is %d bytes, more than the %d-byte limit for a revision file; is it really a revision?", MaxFileSize+1, MaxFileSize)
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestParseFileForms(t *testing.T) {
	src := "revision: m1\ndown_revision: [a1, b2]\nbranch_labels: [x, y]\ndepends_on: d3\ntransactional: false\nupgrade: null\n"
	r, err := ParseFile("m.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := &Revision{ID: "m1", DownRevisions: []string{"a1", "b2"}, BranchLabels: []string{"x", "y"}, DependsOn: []string{"d3"}, Path: "m.yaml"}
	if d := cmp.Diff(want, r, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(Revision{}, "Checksum")); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	for src, want := range map[string]string{
		"revision: a\ndown_revision: {x: 1}\n":  "x.yaml:2:16: down_revision: want null, an id or a list of ids, got a map",
		"revision: a\ndown_revision: [a-b]\n":   `x.yaml:2:17: down_revision: "a-b" is not a valid revision id (1 to 32 letters, digits or underscores)`,
		"revision: a\nmessage: [1]\n":           "x.yaml:2:10: message: want a string, got a list",
		"- revision: a\n":                       "x.yaml:1:1: a revision file is a map with keys revision, down_revision, branch_labels, depends_on, message, transactional, upgrade, downgrade; got a list",
		"revision: a\nupgrade: {drop_table: x}": `x.yaml:2:10: upgrade: want a list of operations (each line starting with "- "), got a map`,
	} {
		_, err := ParseFile("x.yaml", []byte(src))
		if err == nil || err.Error() != want {
			t.Errorf("%q: error = %v, want %q", src, err, want)
		}
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	path := filepath.Join(fileFixtures, "good", "3a4b5c6d9e0f_add_books_table.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	base, err := ParseFile(path, data)
	if err != nil {
		t.Fatal(err)
	}
	messages := []string{"add books table", "", "two\nlines", "Create Date: trick\nreal: no", "carriage\rreturn", "tab\tand \x01 control", "# hash", "'quoted' \"both\"", "unicode é 日本 \u2028 sep", "trailing   "}
	for _, msg := range messages {
		r := *base
		r.Message = msg
		r.BranchLabels = []string{"lbl", "true"}
		r.DependsOn = []string{"0012ab"}
		r.Transactional = false
		r.DownRevisions = []string{"aaa", "bbb"}
		r.Upgrade = append(r.Upgrade, &ops.Execute{SQL: msg + "\nSELECT 1"})
		out, err := Marshal(&r)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseFile("m.yaml", out)
		if err != nil {
			t.Fatalf("%q: ParseFile(Marshal): %v\n%s", msg, err, out)
		}
		if d := cmp.Diff(&r, back, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(Revision{}, "Path", "Checksum")); d != "" {
			t.Errorf("%q: round trip (-want +got):\n%s\n%s", msg, d, out)
		}
	}
}

func TestMarshalLayout(t *testing.T) {
	path := filepath.Join(fileFixtures, "good", "3a4b5c6d9e0f_add_books_table.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseFile(path, data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	// The fixture is DESIGN.md's example; without its two trailing comments it
	// is exactly what Marshal writes.
	// What Marshal adds: the line naming the schema for editors.
	const schemaLine = "# yaml-language-server: $schema=" + schemas.RevisionURL + "\n"
	want := schemaLine + strings.Replace(string(data), "   # null for a base; a list for a merge", "", 1)
	want = strings.Replace(want, "           # false runs this revision outside a transaction (CREATE INDEX CONCURRENTLY)", "", 1)
	if string(out) != want {
		t.Errorf("Marshal:\n%s\nwant:\n%s", out, want)
	}
	base := &Revision{ID: "abc", Transactional: true, Message: "first"}
	out, err = Marshal(base)
	if err != nil {
		t.Fatal(err)
	}
	wantBase := schemaLine + "# first\n#\n# Revision ID: abc\n# Revises: <base>\nrevision: abc\ndown_revision: null\nbranch_labels: []\ndepends_on: []\nmessage: first\ntransactional: true\nupgrade: []\ndowngrade: []\n"
	if string(out) != wantBase {
		t.Errorf("Marshal(base):\n%q\nwant:\n%q", out, wantBase)
	}
	if _, err := Marshal(&Revision{ID: "x", Upgrade: []ops.Op{&ops.CreateTable{}}}); err == nil || err.Error() != "revision x: upgrade: op 1 (create_table): Table is nil" {
		t.Errorf("Marshal with a broken op: %v", err)
	}
}
