package postgres

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	pgdialect "github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// tortureMetaData declares tables that exercise every portable type, every kind
// of default, keys of every shape, comments and identifiers that need quoting.
// Defaults are written in NormalizeDefault's canonical form, so the declared
// model and the inspected one must be equal. cycle lists the foreign keys that
// form a cycle between a_node and b_node: they are created after both tables.
func tortureMetaData(t *testing.T) (m *schema.MetaData, cycle map[string]*schema.ForeignKeyDef) {
	t.Helper()
	m = schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))
	m.Table("User",
		schema.Col("id", schema.BigInt()).PrimaryKey(),
		schema.Col("order", schema.Integer()).NotNull().ServerDefault("0"),
		schema.Col("bıgınt", schema.BigInt()),
		schema.Col(`it"s`, schema.Text()).ServerDefault("'text'"),
		schema.Col("quote", schema.Text()).ServerDefault("'it''s'"),
		schema.Col("email", schema.Varchar(255)).NotNull().Comment("where we write"),
		schema.Col("nick", schema.Varchar(40)).Unique(),
		schema.Col("title", schema.Text()),
		schema.Col("status", schema.Enum("book_status", "draft", "published")).NotNull().ServerDefault("'draft'"),
		schema.Col("mood", schema.Enum("Mood", "happy", "it's sad")).ServerDefault("'happy'"),
		schema.Col("created_at", schema.TimestampTZ()).NotNull().ServerDefault("CURRENT_TIMESTAMP"),
		schema.Col("active", schema.Boolean()).NotNull().ServerDefault("true"),
		schema.Col("deleted", schema.Boolean()).ServerDefault("false"),
		schema.Col("price", schema.Numeric(10, 2)).ServerDefault("1.5"),
		schema.Col("qty", schema.Integer()).ServerDefault("-1"),
		schema.Col("deleted_at", schema.Timestamp()),
		schema.Col("manager_id", schema.BigInt()).References("User.id", schema.OnDelete("SET NULL")),
		schema.UniqueConstraint("uq_user_email", "email"),
		schema.Check("ck_user_qty", "qty >= '-1'::integer"),
		schema.Check("Select Check", `"order" >= 0`),
		schema.Index("ix_user_title", "title"),
		schema.Index("ix_user_bigint", "bıgınt").Unique(),
		schema.Index("ix_user_live_email", "email").Where("deleted_at IS NULL"),
		schema.Index("ix_user_lower_title", "lower(title)"),
		schema.Index("ix_user_expr_two", "(qty + 1)", "title").Where("active AND qty > 0"),
	).Comment("People who use it; it's a test")
	m.Table("every_type",
		schema.Col("c_integer", schema.Integer()).PrimaryKey().Autoincrement(false),
		schema.Col("c_bigint", schema.BigInt()),
		schema.Col("c_smallint", schema.SmallInt()),
		schema.Col("c_boolean", schema.Boolean()),
		schema.Col("c_varchar", schema.Varchar(20)),
		schema.Col("c_varchar_any", schema.Type{Name: schema.TVarchar}),
		schema.Col("c_char", schema.Char(3)),
		schema.Col("c_text", schema.Text()),
		schema.Col("c_numeric", schema.Numeric(12, 4)),
		schema.Col("c_numeric_any", schema.Numeric(0, 0)),
		schema.Col("c_real", schema.Real()).ServerDefault("1.5"),
		schema.Col("c_double", schema.Double()).ServerDefault("2.5"),
		schema.Col("c_date", schema.Date()).ServerDefault("CURRENT_DATE"),
		schema.Col("c_time", schema.Time()),
		schema.Col("c_timestamp", schema.Timestamp()).ServerDefault("CURRENT_TIMESTAMP"),
		schema.Col("c_timestamptz", schema.TimestampTZ()),
		schema.Col("c_interval", schema.Interval()),
		schema.Col("c_blob", schema.Blob()),
		schema.Col("c_json", schema.JSON()).ServerDefault("'{}'"),
		schema.Col("c_uuid", schema.UUID()),
		schema.Col("c_jsonb", schema.Dialect("postgresql", "jsonb")).ServerDefault("'[]'"),
		schema.Col("c_int_array", schema.Dialect("postgresql", "integer[]")),
		schema.Col("c_inet", schema.Dialect("postgresql", "inet")),
		schema.Col("c_small_serial", schema.SmallInt()).NotNull().Autoincrement(true),
	)
	m.Table("shipment",
		schema.Col("region", schema.Char(2)),
		schema.Col("num", schema.Integer()),
		schema.PrimaryKeyConstraint("region", "num"),
	)
	m.Table("order_line",
		schema.Col("ship_region", schema.Char(2)),
		schema.Col("ship_num", schema.Integer()),
		schema.Col("line_no", schema.SmallInt()),
		schema.PrimaryKeyConstraint("ship_region", "ship_num", "line_no"),
		schema.ForeignKey([]string{"ship_region", "ship_num"}, "shipment", []string{"region", "num"},
			schema.OnUpdate("CASCADE"), schema.OnDelete("RESTRICT"), schema.ConstraintName("fk_line_shipment")),
	)
	m.Table("a_node",
		schema.Col("id", schema.Integer()).PrimaryKey(),
		schema.Col("b_id", schema.Integer()).References("b_node.id", schema.OnDelete("CASCADE")),
	)
	m.Table("b_node",
		schema.Col("id", schema.Integer()).PrimaryKey(),
		schema.Col("a_id", schema.Integer()).References("a_node.id"),
	)
	if err := m.Validate(); err != nil {
		t.Fatalf("torture metadata does not validate: %v", err)
	}
	cycle = map[string]*schema.ForeignKeyDef{}
	for _, tb := range m.Tables {
		if tb.Name == "a_node" || tb.Name == "b_node" {
			cycle[tb.Name] = tb.ForeignKeys[0]
		}
	}
	return m, cycle
}

// createOps renders m as the ops autogenerate would write: enums, tables (minus
// the cycle's foreign keys), indexes, then the cycle's foreign keys.
func createOps(m *schema.MetaData, cycle map[string]*schema.ForeignKeyDef) []ops.Op {
	var list []ops.Op
	for _, e := range m.Enums {
		list = append(list, &ops.CreateEnum{Schema: e.Schema, Name: e.Name, Values: e.Values})
	}
	for _, t := range m.Tables {
		c := t.Clone()
		if cycle[t.Name] != nil {
			c.ForeignKeys = nil
		}
		list = append(list, &ops.CreateTable{Table: c})
	}
	for _, t := range m.Tables {
		for _, ix := range t.Indexes {
			list = append(list, &ops.CreateIndex{Schema: t.Schema, Table: t.Name, Index: ix})
		}
	}
	for _, name := range []string{"a_node", "b_node"} {
		if fk := cycle[name]; fk != nil {
			list = append(list, &ops.CreateForeignKey{Table: name, ForeignKey: fk})
		}
	}
	return list
}

// sorted returns a copy of m in the order Inspect reports, without the naming
// convention (the database does not store one).
func sorted(m *schema.MetaData) *schema.MetaData {
	out := &schema.MetaData{Views: m.Views}
	for _, t := range m.Tables {
		out.Tables = append(out.Tables, t.Clone())
	}
	for _, e := range m.Enums {
		x := *e
		out.Enums = append(out.Enums, &x)
	}
	sortMetaData(out)
	return out
}

func applyOps(t *testing.T, db *testdb.DB, list []ops.Op) {
	t.Helper()
	stmts, err := pgdialect.Dialect{}.Render(list, nil)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.SQL.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := tx.Exec(s.SQL); err != nil {
			tx.Rollback() //nolint:errcheck
			t.Fatalf("op %d (%s): %s: %v", s.Op, ops.Name(list[s.Op]), s.SQL, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestRoundTripTorture(t *testing.T) {
	db := testdb.Postgres(t)
	m, cycle := tortureMetaData(t)
	applyOps(t, db, createOps(m, cycle))

	var in inspect.Inspector = Inspector{}
	got, err := in.Inspect(context.Background(), db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sorted(m), got); diff != "" {
		t.Errorf("inspected schema differs from the declared one (-declared +inspected):\n%s", diff)
	}

	// Every declared default, normalised, equals what was read back.
	d := pgdialect.Dialect{}
	for _, tb := range m.Tables {
		for _, c := range tb.Columns {
			if c.Default == nil {
				continue
			}
			gc := got.FindTable("", tb.Name).FindColumn(c.Name)
			if gc == nil || gc.Default == nil || d.NormalizeDefault(*c.Default, c.Type) != *gc.Default {
				t.Errorf("%s.%s: declared default %q does not normalise to the inspected one (%v)", tb.Name, c.Name, *c.Default, gc)
			}
		}
	}
}

// TestInspectOptionsAndRelations covers schemas, exclusion, views, partitions,
// serial columns and extension-owned objects.
func TestInspectOptionsAndRelations(t *testing.T) {
	db := testdb.Postgres(t)
	for _, s := range []string{
		`CREATE EXTENSION pg_stat_statements`,
		`CREATE TABLE base (id serial PRIMARY KEY, n integer DEFAULT nextval('base_id_seq'::regclass), label varchar(10) DEFAULT NULL)`,
		`CREATE SEQUENCE free_seq`,
		`CREATE TABLE uses_free (id integer DEFAULT nextval('free_seq') NOT NULL)`,
		`CREATE TABLE skipped (id integer)`,
		`CREATE VIEW v_base AS SELECT id FROM base`,
		`CREATE MATERIALIZED VIEW mv_base AS SELECT id FROM base`,
		`CREATE TABLE measurement (id integer NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)`,
		`CREATE TABLE measurement_2026 PARTITION OF measurement FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`,
		`CREATE INDEX ix_measurement_at ON measurement (at)`,
		`CREATE TABLE refs_measurement (mid integer, mat date, FOREIGN KEY (mid, mat) REFERENCES measurement (id, at))`,
		`CREATE SCHEMA "Other"`,
		`CREATE TYPE "Other".color AS ENUM ('red', 'green')`,
		`CREATE TABLE "Other".paint (id integer PRIMARY KEY, c "Other".color DEFAULT 'red', base_id integer REFERENCES base (id))`,
		`CREATE TABLE "Other".shelf (id integer PRIMARY KEY, paint_id integer REFERENCES "Other".paint (id))`,
		`CREATE VIEW "Other".v_paint AS SELECT id FROM "Other".paint`,
	} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	ctx := context.Background()
	m, err := Inspector{}.Inspect(ctx, db.SQL, inspect.Options{ExcludeTables: []string{"skipped"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range m.Tables {
		names = append(names, tb.Name)
	}
	if diff := cmp.Diff([]string{"base", "measurement", "measurement_2026", "refs_measurement", "uses_free"}, names); diff != "" {
		t.Errorf("tables (-want +got):\n%s", diff)
	}
	var objects []string
	for _, o := range m.Objects {
		objects = append(objects, o.Key()+" "+o.Definition)
	}
	wantObjects := []string{
		"extension:pg_stat_statements 1.10",
		"sequence:free_seq AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE",
		"view:v_base SELECT base.id\n   FROM base",
		"materialized_view:mv_base SELECT base.id\n   FROM base",
		"partition:measurement.measurement_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
	}
	if diff := cmp.Diff(wantObjects, objects); diff != "" {
		t.Errorf("objects (-want +got), extension views must not appear:\n%s", diff)
	}
	if len(m.Views) != 0 {
		t.Errorf("views %v are objects now, not names", m.Views)
	}
	if meas := m.FindTable("", "measurement"); meas.PartitionBy != "RANGE (at)" {
		t.Errorf("measurement.PartitionBy = %q, want RANGE (at)", meas.PartitionBy)
	}
	base := m.FindTable("", "base")
	if c := base.FindColumn("id"); !c.Autoincrement || c.Default != nil {
		t.Errorf("serial column base.id = %+v, want autoincrement without default", c)
	}
	if c := base.FindColumn("n"); c.Autoincrement || c.Default == nil || *c.Default != "nextval('base_id_seq'::regclass)" {
		t.Errorf("base.n (nextval of a sequence it does not own) = %+v", c)
	}
	if c := base.FindColumn("label"); c.Default != nil {
		t.Errorf("DEFAULT NULL read back as %q, want no default", *c.Default)
	}
	uf := m.FindTable("", "uses_free")
	if c := uf.FindColumn("id"); c.Autoincrement || c.Default == nil || *c.Default != "nextval('free_seq'::regclass)" {
		t.Errorf("uses_free.id = %+v, want a nextval default, not autoincrement", c)
	}
	meas := m.FindTable("", "measurement")
	if meas.PrimaryKey == nil || meas.PrimaryKey.Name != "measurement_pkey" || len(meas.Indexes) != 1 || meas.Indexes[0].Name != "ix_measurement_at" {
		t.Errorf("partitioned table = pk %+v, indexes %+v", meas.PrimaryKey, meas.Indexes)
	}
	if fks := m.FindTable("", "refs_measurement").ForeignKeys; len(fks) != 1 || fks[0].RefTable != "measurement" {
		t.Errorf("foreign keys to a partitioned table = %+v, want exactly one, to measurement", fks)
	}

	other, err := Inspector{}.Inspect(ctx, db.SQL, inspect.Options{Schemas: []string{"Other"}})
	if err != nil {
		t.Fatal(err)
	}
	want := &schema.MetaData{
		Tables: []*schema.Table{
			{Name: "paint", Schema: "Other",
				Columns: []*schema.Column{
					{Name: "id", Type: schema.Integer()},
					{Name: "c", Type: schema.Enum("color", "red", "green"), Nullable: true, Default: ptr("'red'")},
					{Name: "base_id", Type: schema.Integer(), Nullable: true},
				},
				PrimaryKey:  &schema.PrimaryKeyDef{Name: "paint_pkey", Columns: []string{"id"}},
				ForeignKeys: []*schema.ForeignKeyDef{{Name: "paint_base_id_fkey", Columns: []string{"base_id"}, RefTable: "base", RefColumns: []string{"id"}}},
			},
			{Name: "shelf", Schema: "Other",
				Columns: []*schema.Column{
					{Name: "id", Type: schema.Integer()},
					{Name: "paint_id", Type: schema.Integer(), Nullable: true},
				},
				PrimaryKey:  &schema.PrimaryKeyDef{Name: "shelf_pkey", Columns: []string{"id"}},
				ForeignKeys: []*schema.ForeignKeyDef{{Name: "shelf_paint_id_fkey", Columns: []string{"paint_id"}, RefSchema: "Other", RefTable: "paint", RefColumns: []string{"id"}}},
			},
		},
		Enums: []*schema.EnumDef{{Name: "color", Schema: "Other", Values: []string{"red", "green"}}},
		Objects: []*schema.ObjectDef{
			{Kind: schema.KindExtension, Name: "pg_stat_statements", Definition: "1.10", Comment: other.Objects[0].Comment},
			{Kind: schema.KindSchema, Name: "Other"},
			{Kind: schema.KindView, Schema: "Other", Name: "v_paint", Definition: "SELECT paint.id\n   FROM \"Other\".paint", DependsOn: []string{"schema:Other", "table:Other.paint"}},
		},
	}
	if diff := cmp.Diff(want, other); diff != "" {
		t.Errorf("schema Other (-want +got):\n%s", diff)
	}
}

func ptr[T any](v T) *T { return &v }

// TestQueryCountIsFixed checks that 3 tables and 40 tables take the same number
// of catalog queries.
func TestQueryCountIsFixed(t *testing.T) {
	count := func(n int) int {
		db := testdb.Postgres(t)
		m := schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))
		for i := 0; i < n; i++ {
			m.Table(tableName(i),
				schema.Col("id", schema.Integer()).PrimaryKey(),
				schema.Col("v", schema.Enum("e", "a", "b")).ServerDefault("'a'").Comment("c"),
				schema.Col("parent", schema.Integer()).References(tableName(i)+".id"),
				schema.Index("", "v"),
				schema.Check("", "id > 0"),
			)
		}
		applyOps(t, db, createOps(m, nil))
		got, q, err := inspectDB(context.Background(), db.SQL, inspect.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Tables) != n {
			t.Fatalf("inspected %d tables, want %d", len(got.Tables), n)
		}
		return q
	}
	small, large := count(3), count(40)
	if small != large {
		t.Errorf("3 tables took %d queries, 40 tables took %d: the count must not depend on the table count", small, large)
	}
	if small != 8 {
		t.Errorf("Inspect ran %d queries, want the documented 8", small)
	}
}

func tableName(i int) string {
	return "t" + string(rune('a'+i/26)) + string(rune('a'+i%26))
}
