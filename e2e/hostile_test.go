package e2e_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/revision"
	_ "modernc.org/sqlite"
)

// hostileBase is a project with two applied revisions on a SQLite file.
const hostileRevA = `revision: aaaa00000001
down_revision: null
message: first
upgrade:
  - create_table:
      name: t
      columns:
        - {name: id, type: integer, nullable: false}
      primary_key: {name: pk_t, columns: [id]}
downgrade:
  - drop_table: {name: t}
`

const hostileRevB = `revision: bbbb00000002
down_revision: aaaa00000001
message: second
upgrade:
  - add_column: {table: t, column: {name: c, type: integer}}
downgrade:
  - drop_column: {table: t, column: c}
`

// hostileCase is one piece of bad input: files to write (path → content; "" path
// prefix relative to the project), the arguments, and what must come out.
type hostileCase struct {
	name  string
	files map[string]string
	env   []string
	prep  []string // run (and must succeed) after the files are written, before the snapshot
	args  []string
	code  int
	want  string
}

func hostileCases(dir string) []hostileCase {
	v := "migrations/versions/"
	rev := func(id, parent, body string) string {
		p := "null"
		if parent != "" {
			p = parent
		}
		return "revision: " + id + "\ndown_revision: " + p + "\nmessage: x\n" + body
	}
	huge := "revision: hhhh00000009\ndown_revision: bbbb00000002\nmessage: '" + strings.Repeat("x", revision.MaxFileSize+1) + "'\n"
	return []hostileCase{
		{name: "yaml syntax", files: map[string]string{v + "c.yaml": "revision: cccc\nupgrade: [\n"}, args: []string{"upgrade", "head"}, code: 1, want: "c.yaml:2:"},
		{name: "unknown top key", files: map[string]string{v + "c.yaml": rev("cccc00000003", "bbbb00000002", "mesage: y\n")}, args: []string{"upgrade", "head"}, code: 1, want: `unknown key "mesage"`},
		{name: "unknown op", files: map[string]string{v + "c.yaml": rev("cccc00000003", "bbbb00000002", "upgrade:\n  - create_tabel: {name: u}\n")}, args: []string{"upgrade", "head"}, code: 1, want: `unknown operation "create_tabel"`},
		{name: "unknown op key", files: map[string]string{v + "c.yaml": rev("cccc00000003", "bbbb00000002", "upgrade:\n  - drop_table: {name: t, cascade: true}\n")}, args: []string{"upgrade", "head"}, code: 1, want: `"cascade"`},
		{name: "wrong type", files: map[string]string{v + "c.yaml": rev("cccc00000003", "bbbb00000002", "upgrade:\n  - add_column: {table: t, column: {name: d, type: integer, nullable: \"yes please\"}}\n")}, args: []string{"upgrade", "head"}, code: 1, want: `"yes please"`},
		{name: "unknown column type", files: map[string]string{v + "c.yaml": rev("cccc00000003", "bbbb00000002", "upgrade:\n  - add_column: {table: t, column: {name: d, type: integr}}\n")}, args: []string{"upgrade", "head"}, code: 1, want: `unknown type "integr"`},
		{name: "enum without values", files: map[string]string{v + "c.yaml": rev("cccc00000003", "bbbb00000002", "upgrade:\n  - add_column: {table: t, column: {name: d, type: enum}}\n")}, args: []string{"upgrade", "head"}, code: 1, want: "enum"},
		{name: "empty file", files: map[string]string{v + "c.yaml": ""}, args: []string{"upgrade", "head"}, code: 1, want: "c.yaml"},
		{name: "binary file", files: map[string]string{v + "c.yaml": "revision: x\x00\x01\x02\xff"}, args: []string{"upgrade", "head"}, code: 1, want: "c.yaml"},
		{name: "invalid utf-8", files: map[string]string{v + "c.yaml": "revision: cccc\nmessage: \xc3\x28\n"}, args: []string{"history"}, code: 1, want: "c.yaml"},
		{name: "huge file", files: map[string]string{v + "h.yaml": huge}, args: []string{"upgrade", "head"}, code: 1, want: "h.yaml"},
		{name: "duplicate id", files: map[string]string{v + "dup.yaml": strings.Replace(hostileRevB, "message: second", "message: copy", 1)}, args: []string{"upgrade", "head"}, code: 1, want: "bbbb00000002"},
		{name: "missing parent", files: map[string]string{v + "c.yaml": rev("cccc00000003", "nope00000000", "")}, args: []string{"heads"}, code: 1, want: "nope00000000"},
		{name: "missing dependency", files: map[string]string{v + "c.yaml": rev("cccc00000003", "bbbb00000002", "depends_on: [zzzz00000000]\n")}, args: []string{"heads"}, code: 1, want: "zzzz00000000"},
		{name: "cycle", files: map[string]string{v + "c.yaml": rev("cccc00000003", "dddd00000004", ""), v + "d.yaml": rev("dddd00000004", "cccc00000003", "")}, args: []string{"heads"}, code: 1, want: "cycle"},
		{name: "bad id in file", files: map[string]string{v + "c.yaml": rev("bad id!", "bbbb00000002", "")}, args: []string{"heads"}, code: 1, want: "c.yaml"},
		{name: "no revision key", files: map[string]string{v + "c.yaml": "down_revision: bbbb00000002\nmessage: x\n"}, args: []string{"heads"}, code: 1, want: "revision"},
		{name: "down_revision a map", files: map[string]string{v + "c.yaml": "revision: cccc00000003\ndown_revision: {a: b}\n"}, args: []string{"heads"}, code: 1, want: "c.yaml:2:"},
		{name: "upgrade not a list", files: map[string]string{v + "c.yaml": rev("cccc00000003", "bbbb00000002", "upgrade: drop everything\n")}, args: []string{"heads"}, code: 1, want: "c.yaml:4:"},
		{name: "op with two keys", files: map[string]string{v + "c.yaml": rev("cccc00000003", "bbbb00000002", "upgrade:\n  - {drop_table: {name: t}, drop_index: {name: i, table: t}}\n")}, args: []string{"upgrade", "head"}, code: 1, want: "c.yaml:5:"},
		{name: "label collision", files: map[string]string{v + "c.yaml": rev("cccc00000003", "bbbb00000002", "branch_labels: [lbl]\n"), v + "d.yaml": rev("dddd00000004", "bbbb00000002", "branch_labels: [lbl]\n")}, args: []string{"heads"}, code: 1, want: "lbl"},
		{name: "invalid rev-id", args: []string{"revision", "-m", "x", "--rev-id", "bad id!"}, code: 2, want: "--rev-id"},
		{name: "rev-id too long", args: []string{"revision", "-m", "x", "--rev-id", strings.Repeat("a", 33)}, code: 2, want: "--rev-id"},
		{name: "config syntax", files: map[string]string{"bad.yaml": "script_location: [\n"}, args: []string{"-c", "bad.yaml", "current"}, code: 1, want: "bad.yaml:"},
		{name: "config unknown key", files: map[string]string{"bad.yaml": "script_location: migrations\nversion_tabel: x\n"}, args: []string{"-c", "bad.yaml", "current"}, code: 1, want: `bad.yaml:2:1: unknown key "version_tabel"`},
		{name: "config wrong type", files: map[string]string{"bad.yaml": "script_location: migrations\ntransaction_per_migration: [x]\n"}, args: []string{"-c", "bad.yaml", "current"}, code: 1, want: "bad.yaml:2:"},
		{name: "unset variable", files: map[string]string{"bad.yaml": "script_location: migrations\nurl: ${MIGRATE_HOSTILE_UNSET}\n"}, args: []string{"-c", "bad.yaml", "current"}, env: []string{"MIGRATE_URL="}, code: 1, want: "${MIGRATE_HOSTILE_UNSET} is not set"},
		{name: "missing config", args: []string{"-c", "none.yaml", "current"}, code: 1, want: "none.yaml: no such file"},
		{name: "unknown scheme", args: []string{"--url", "oracle://scott:tiger1@h/db", "current"}, code: 1, want: `unknown database URL scheme "oracle"`},
		{name: "url without scheme", args: []string{"--url", "just-a-file.db", "current"}, code: 1, want: "has no scheme"},
		{name: "unreachable host", args: []string{"--url", "postgresql://u:hunter2pw@127.0.0.1:1/db", "current"}, code: 1, want: "cannot connect to postgresql://u:***@127.0.0.1:1/db"},
		{name: "unreachable mysql", args: []string{"--url", "mysql://u:hunter2pw@127.0.0.1:1/db", "upgrade", "head"}, code: 1, want: "cannot connect to mysql://u:***@127.0.0.1:1/db"},
		{name: "read-only database", args: []string{"--url", "sqlite:///" + filepath.Join(dir, "app.db") + "?mode=ro", "upgrade", "head"}, files: map[string]string{v + "c.yaml": rev("cccc00000003", "bbbb00000002", "upgrade:\n  - add_column: {table: t, column: {name: d, type: integer}}\n")}, code: 1, want: "readonly"},
		{name: "unknown target", args: []string{"upgrade", "zzzz"}, code: 1, want: "No such revision or branch 'zzzz'"},
		{name: "ambiguous prefix", files: map[string]string{v + "c.yaml": rev("bbbb00000003", "bbbb00000002", "")}, args: []string{"upgrade", "bbbb"}, code: 1, want: "Multiple revisions start with 'bbbb'"},
		{name: "head with two heads", files: map[string]string{v + "c.yaml": rev("cccc00000003", "aaaa00000001", "")}, args: []string{"upgrade", "head"}, code: 1, want: "cccc00000003"},
		{name: "revision with two heads", files: map[string]string{v + "c.yaml": rev("cccc00000003", "aaaa00000001", "")}, args: []string{"revision", "-m", "x"}, code: 1, want: "head"},
		{name: "downgrade sql without range", args: []string{"downgrade", "base", "--sql"}, code: 2, want: "range"},
		{name: "online range", args: []string{"upgrade", "aaaa00000001:head"}, code: 2, want: "--sql"},
		{name: "unknown command", args: []string{"upgarde", "head"}, code: 2, want: "unknown command"},
		{name: "unknown flag", args: []string{"upgrade", "head", "--fast"}, code: 2, want: "unknown flag"},
		{name: "bad lock timeout", args: []string{"upgrade", "head", "--lock-timeout", "soon"}, code: 2, want: "lock-timeout"},
		{name: "bad format", args: []string{"heads", "--format", "xml"}, code: 2, want: "--format"},
		{name: "missing argument", args: []string{"upgrade"}, code: 2, want: "arg"},
		{name: "failing statement", files: map[string]string{v + "c.yaml": rev("cccc00000003", "bbbb00000002", "upgrade:\n  - add_column: {table: t, column: {name: d, type: integer}}\n  - execute: INSERT INTO no_such_table VALUES (1)\n")}, args: []string{"upgrade", "head"}, code: 1, want: "failed at statement 2 of 2"},
		{name: "downgrade that does not reverse", files: map[string]string{v + "c.yaml": rev("cccc00000003", "bbbb00000002", "downgrade:\n  - drop_table: {name: not_there}\n")}, prep: []string{"upgrade", "head"}, args: []string{"downgrade", "base"}, code: 1, want: "not_there"},
		{name: "metadata does not compile", files: map[string]string{"models/models.go": "package models\n\nvar Metadata = nope\n"}, args: []string{"check"}, code: 3, want: "undefined: nope"},
		{name: "metadata symbol missing", files: map[string]string{"models/models.go": "package models\n"}, args: []string{"check"}, code: 3, want: "no exported Metadata"},
	}
}

// dbSnapshot is the schema and version rows of the SQLite file, to prove a failed
// run changed nothing.
func dbSnapshot(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var parts []string
	rows, err := db.Query(`SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		parts = append(parts, s)
	}
	rows.Close()
	vr, err := db.Query(`SELECT version_num FROM migrate_version`)
	if err != nil {
		t.Fatal(err)
	}
	for vr.Next() {
		var s string
		_ = vr.Scan(&s)
		parts = append(parts, "row "+s)
	}
	vr.Close()
	sort.Strings(parts)
	return strings.Join(parts, "\n")
}

func TestHostileInput(t *testing.T) {
	probe := hostileCases("")
	if len(probe) < 40 {
		t.Fatalf("the corpus has %d cases; issue 8 asks for at least 40", len(probe))
	}
	for i := range probe {
		name := probe[i].name
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := scratch.Module(t, map[string]string{"models/models.go": scratch.DesignModels})
			dbPath := filepath.Join(dir, "app.db")
			p := &project{t: t, Dir: dir, Env: []string{"MIGRATE_URL=sqlite:///" + dbPath}}
			p.ok("init")
			p.write("migrations/versions/a.yaml", hostileRevA)
			p.write("migrations/versions/b.yaml", hostileRevB)
			p.ok("upgrade", "head")
			var c hostileCase
			for _, x := range hostileCases(dir) {
				if x.name == name {
					c = x
				}
			}
			for path, body := range c.files {
				if path == "models/models.go" {
					_ = os.Remove(filepath.Join(dir, "models", "models.go"))
				}
				p.write(path, body)
			}
			if c.prep != nil {
				p.ok(c.prep...)
			}
			before := dbSnapshot(t, dbPath)
			p.Env = append(p.Env, c.env...)
			r := p.fails(c.code, c.want, c.args...)
			for _, secret := range []string{"hunter2pw", "tiger1"} {
				if strings.Contains(r.Stdout+r.Stderr, secret) {
					t.Fatalf("a password appears in the output:\n%s%s", r.Stdout, r.Stderr)
				}
			}
			if after := dbSnapshot(t, dbPath); after != before {
				t.Fatalf("the failed run changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}
