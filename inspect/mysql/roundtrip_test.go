package mysql

import (
	"slices"
	"strings"
	"testing"

	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// tortureSchema declares every portable type MySQL supports, an enum, defaults of
// each kind, a composite primary key, composite and self-referencing foreign keys,
// named unique and check constraints, plain, unique, prefix and fulltext indexes,
// comments, names that need quoting, and MySQL's table engine, collation and
// options and a column collation.
func tortureSchema() *schema.MetaData {
	m := schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))
	m.Table("parent",
		schema.Col("a", schema.Integer()),
		schema.Col("b", schema.Varchar(20)),
		schema.Col("label", schema.Varchar(50)).NotNull(),
		schema.PrimaryKeyConstraint("a", "b"),
		schema.UniqueConstraint("uq_parent_label", "label"),
	).Engine("InnoDB").Collation("utf8mb4_unicode_ci").Options("ROW_FORMAT=DYNAMIC")
	m.Table("Torture Table",
		schema.Col("id", schema.BigInt()).PrimaryKey().Comment("row id, it's unique"),
		schema.Col("i", schema.Integer()).NotNull().ServerDefault("0"),
		schema.Col("si", schema.SmallInt()),
		schema.Col("flag", schema.Boolean()).NotNull().ServerDefault("true"),
		schema.Col("off", schema.Boolean()).ServerDefault("false"),
		schema.Col("name", schema.Varchar(100)).NotNull().ServerDefault("'text'"),
		schema.Col("quote", schema.Varchar(100)).ServerDefault(`'it''s \\ here'`),
		schema.Col("code", schema.Char(3)),
		schema.Col("body", schema.Text()),
		schema.Col("notes", schema.Text()).ServerDefault("'none'"),
		schema.Col("token", schema.UUID()).ServerDefault("uuid()"),
		schema.Col("touched", schema.TimestampTZ()).ServerDefault("CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"),
		schema.Col("price", schema.Numeric(10, 2)).ServerDefault("1.5"),
		schema.Col("ratio", schema.Real()),
		schema.Col("score", schema.Double()).ServerDefault("1.5"),
		schema.Col("born", schema.Date()),
		schema.Col("at", schema.Time()),
		schema.Col("local_ts", schema.Timestamp()),
		schema.Col("created_at", schema.TimestampTZ()).NotNull().ServerDefault("CURRENT_TIMESTAMP"),
		schema.Col("data", schema.Blob()),
		schema.Col("doc", schema.JSON()),
		schema.Col("uid", schema.UUID()),
		schema.Col("status", schema.Enum("status", "draft", "it's live")).NotNull().ServerDefault("'draft'"),
		schema.Col("order", schema.Integer()).Comment("a reserved word"),
		schema.Col("weird`name", schema.Varchar(10)),
		schema.Col("pa", schema.Integer()),
		schema.Col("pb", schema.Varchar(20)),
		schema.Col("parent_id", schema.BigInt()).References("Torture Table.id", schema.OnDelete("SET NULL")),
		schema.Col("big_text", schema.Dialect("mysql", "mediumtext")),
		schema.Col("uns", schema.Dialect("mysql", "int unsigned")),
		schema.Col("bin_code", schema.Varchar(10)).Collation("utf8mb3_bin"),
		schema.ForeignKey([]string{"pa", "pb"}, "parent", []string{"a", "b"}, schema.OnDelete("CASCADE"), schema.OnUpdate("CASCADE")),
		schema.UniqueConstraint("uq_named", "name", "code"),
		schema.Check("ck_price", "price >= 0"),
		schema.Index("ix_plain", "i", "si"),
		schema.Index("ix_uniq", "uid").Unique(),
		schema.Index("ix prefix", "body(20)", "order"),
		schema.Index("ix_ft", "body", "notes").Using("fulltext"),
	).Comment("torture 'table' \\ comment").Engine("InnoDB").Collation("utf8mb4_unicode_ci")
	return m
}

func TestRoundTripTorture(t *testing.T) {
	db := testdb.MySQL(t)
	m := tortureSchema()
	if err := m.Validate(); err != nil {
		t.Fatalf("declared schema is invalid: %v", err)
	}
	apply(t, db, m, createAll(m)...)
	got, _ := inspectT(t, db, inspect.Options{})
	if d := diffMeta(asMySQLStores(m), got); d != "" {
		t.Errorf("inspected schema differs from declared (-declared +inspected):\n%s", d)
	}

	// The comparison can fail: a change made behind the model's back shows up.
	if _, err := db.SQL.Exec("ALTER TABLE `Torture Table` MODIFY COLUMN si SMALLINT NOT NULL DEFAULT 3"); err != nil {
		t.Fatal(err)
	}
	got, _ = inspectT(t, db, inspect.Options{})
	if d := diffMeta(asMySQLStores(m), got); !strings.Contains(d, `"3"`) {
		t.Errorf("a changed column was not reported; diff:\n%s", d)
	}
}

// TestInspectIndexOrder reads a descending key back in IndexDef.Order, as the
// dialect renders it, not in the column's name.
func TestInspectIndexOrder(t *testing.T) {
	db := testdb.MySQL(t)
	tb := &schema.Table{Name: "t", Columns: []*schema.Column{
		{Name: "a", Type: schema.Integer(), Nullable: true}, {Name: "b", Type: schema.Integer(), Nullable: true},
	}}
	apply(t, db, &schema.MetaData{}, &ops.CreateTable{Table: tb},
		&ops.CreateIndex{Table: "t", Index: &schema.IndexDef{Name: "ix_ab", Columns: []string{"a", "b"}, Order: []string{"DESC"}}})
	got, _ := inspectT(t, db, inspect.Options{})
	ix := got.FindTable("", "t").Indexes
	if len(ix) != 1 || !slices.Equal(ix[0].Columns, []string{"a", "b"}) || !slices.Equal(ix[0].Order, []string{"DESC"}) {
		t.Errorf("indexes = %+v, want ix_ab on (a, b) with order [DESC]", ix)
	}
}
