package e2e_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
)

// liteTortureModels declares every portable type, defaults of each kind,
// composite and self-referencing keys, unique constraints, partial and
// expression-free unique indexes, checks, an enum, and names that need quoting.
const liteTortureModels = `package models

import "github.com/retortdb/migrate/schema"

var Metadata = schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))

var Kinds = Metadata.Table("all_types",
	schema.Col("id", schema.Integer()).PrimaryKey(),
	schema.Col("big", schema.BigInt()).NotNull().ServerDefault("0"),
	schema.Col("small", schema.SmallInt()).ServerDefault("-1"),
	schema.Col("flag", schema.Boolean()).NotNull().ServerDefault("false"),
	schema.Col("vc", schema.Varchar(40)).NotNull().ServerDefault("'it''s'"),
	schema.Col("ch", schema.Char(3)),
	schema.Col("body", schema.Text()),
	schema.Col("amount", schema.Numeric(12, 3)).ServerDefault("0.5"),
	schema.Col("ratio", schema.Real()),
	schema.Col("precise", schema.Double()).ServerDefault("1e3"),
	schema.Col("day", schema.Date()).ServerDefault("CURRENT_DATE"),
	schema.Col("at", schema.Time()),
	schema.Col("stamp", schema.Timestamp()).NotNull().ServerDefault("CURRENT_TIMESTAMP"),
	schema.Col("stamptz", schema.TimestampTZ()),
	schema.Col("span", schema.Interval()),
	schema.Col("raw", schema.Blob()).ServerDefault("X'00FF'"),
	schema.Col("doc", schema.JSON()).ServerDefault("'{}'"),
	schema.Col("uid", schema.UUID()).Unique(),
	schema.Col("expr_default", schema.Integer()).ServerDefault("(1 + 2)"),
	schema.Col("status", schema.Enum("lite_status", "new", "open", "closed")).NotNull().ServerDefault("'new'"),
	schema.Check("amount_positive", "amount >= 0"),
	schema.Index("ix_all_types_open", "big").Where("status = 'open'"),
	schema.Index("ix_all_types_vc_small", "vc", "small").Unique(),
)

var Nodes = Metadata.Table("nodes",
	schema.Col("id", schema.BigInt()).PrimaryKey(),
	schema.Col("parent_id", schema.BigInt()).References("nodes.id", schema.OnDelete("SET NULL")),
	schema.Col("name", schema.Varchar(50)).NotNull(),
	schema.UniqueConstraint("uq_nodes_parent_name", "parent_id", "name"),
)

var Pairs = Metadata.Table("pairs",
	schema.Col("a", schema.Integer()).NotNull(),
	schema.Col("b", schema.Varchar(10)).NotNull(),
	schema.Col("node_id", schema.BigInt()).References("nodes.id"),
	schema.PrimaryKeyConstraint("a", "b"),
	schema.Check("b_not_empty", "length(b) > 0"),
)

var Quoted = Metadata.Table("Order Lines",
	schema.Col("Id", schema.Integer()).PrimaryKey(),
	schema.Col("select", schema.Varchar(20)).NotNull(),
	schema.Col("pair a", schema.Integer()).NotNull(),
	schema.Col("pair b", schema.Varchar(10)).NotNull(),
	schema.Col("quote\"d", schema.Text()),
	schema.ForeignKey([]string{"pair a", "pair b"}, "pairs", []string{"a", "b"}, schema.OnDelete("CASCADE")),
	schema.Index("ix_order_lines_select", "select"),
)
`

// A schema with every feature autogenerates, upgrades, and then checks clean;
// changing an enum's values in Go is noticed and rebuilds the table; downgrade
// base leaves only the version table.
func TestLiteTortureNoSpuriousDiffs(t *testing.T) {
	dir := scratch.Module(t, map[string]string{"models/models.go": liteTortureModels})
	p := &project{t: t, Dir: dir, Env: []string{"MIGRATE_URL=sqlite:///app.db"}}
	p.ok("init")
	p.ok("revision", "--autogenerate", "-m", "torture")
	p.ok("upgrade", "head")
	if r := p.run("check"); r.Code != 0 {
		t.Fatalf("check right after upgrade: exit %d, want 0 (spurious diffs):\n%s", r.Code, r.Stderr)
	}

	p.write("models/models.go", strings.Replace(liteTortureModels, `"new", "open", "closed"`, `"new", "open", "closed", "archived"`, 1))
	r := p.run("check")
	if r.Code != 1 || !strings.Contains(r.Stderr, "status") {
		t.Fatalf("check after changing the enum: exit %d, want 1 naming status:\n%s", r.Code, r.Stderr)
	}
	p.ok("revision", "--autogenerate", "-m", "archived")
	script := p.ok("upgrade", "head", "--sql").Stdout
	step := script[strings.LastIndex(script, "-- Running upgrade"):]
	if !strings.Contains(step, `CREATE TABLE _migrate_tmp_all_types`) || !strings.Contains(step, `'archived'`) {
		t.Fatalf("the enum change is not a rebuild of all_types with the new value:\n%s", step)
	}
	p.ok("upgrade", "head")
	db := liteOpen(t, filepath.Join(dir, "app.db"))
	if _, err := db.Exec(`INSERT INTO all_types (id, status) VALUES (1, 'archived')`); err != nil {
		t.Fatalf("the new enum value is refused after upgrade: %v", err)
	}
	if _, err := db.Exec(`INSERT INTO all_types (id, status) VALUES (2, 'bogus')`); err == nil {
		t.Fatal("a value outside the enum is accepted")
	}
	if _, err := db.Exec(`DELETE FROM all_types`); err != nil {
		t.Fatal(err)
	}
	if r := p.run("check"); r.Code != 0 {
		t.Fatalf("check after the enum revision: exit %d, want 0:\n%s", r.Code, r.Stderr)
	}

	p.ok("downgrade", "base")
	if got := liteTables(t, filepath.Join(dir, "app.db")); strings.Join(got, ",") != leftAfterBase {
		t.Fatalf("tables after downgrade base: %v, want only %s", got, leftAfterBase)
	}
}
