package sqlite

import (
	"cmp"
	"context"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	sq "github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/schema"
)

// torture declares tables that exercise every portable type, enums, defaults of
// each kind, composite and self-referencing keys, named constraints, every kind
// of index and names that need quoting.
func torture() *schema.MetaData {
	md := schema.NewMetaData()
	md.Table("all_types",
		schema.Col("id", schema.Integer()).PrimaryKey(),
		schema.Col("b", schema.BigInt()),
		schema.Col("s", schema.SmallInt()).NotNull().ServerDefault("0"),
		schema.Col("flag", schema.Boolean()).NotNull().ServerDefault("true"),
		schema.Col("off", schema.Boolean()).ServerDefault("false"),
		schema.Col("v", schema.Varchar(20)).ServerDefault("'text'"),
		schema.Col("c", schema.Char(3)),
		schema.Col("t", schema.Text()).Comment("comments are not stored"),
		schema.Col("num", schema.Numeric(10, 2)).ServerDefault("1.5"),
		schema.Col("r", schema.Real()),
		schema.Col("d", schema.Double()),
		schema.Col("dt", schema.Date()),
		schema.Col("tm", schema.Time()),
		schema.Col("ts", schema.Timestamp()).NotNull().ServerDefault("CURRENT_TIMESTAMP"),
		schema.Col("tstz", schema.TimestampTZ()),
		schema.Col("iv", schema.Interval()),
		schema.Col("bl", schema.Blob()),
		schema.Col("j", schema.JSON()),
		schema.Col("u", schema.UUID()),
		schema.Col("mood", schema.Enum("mood", "happy", "it's sad")).NotNull().ServerDefault("'happy'"),
		schema.Col("geo", schema.Dialect("sqlite", "GEOMETRY")),
		schema.Check("ck_all_types_num", "num >= 0"),
	).Comment("table comments are not stored")
	md.Table("Users",
		schema.Col("id", schema.Integer()).PrimaryKey(),
		schema.Col("select", schema.Varchar(50)).NotNull().Unique(),
		schema.Col(`we"ird`, schema.Text()),
		schema.Col("Email", schema.Varchar(255)),
		schema.Col("active", schema.Boolean()),
		schema.Col("state", schema.Enum("user_state", "new", "gone")),
		schema.UniqueConstraint("uq_users_email_weird", "Email", `we"ird`),
		schema.Index("ix_users_email", "Email"),
		schema.Index("ux_users_lower_email", "lower(\"Email\")").Unique(),
		schema.Index("ix_users_active_select", "select").Where("active = 1"),
		schema.Index("Ix_Users_Weird", `we"ird`, "id"),
	)
	md.Table("order_lines",
		schema.Col("order_id", schema.Integer()),
		schema.Col("line_no", schema.SmallInt()),
		schema.Col("qty", schema.Integer()).NotNull().ServerDefault("1"),
		schema.PrimaryKeyConstraint("order_id", "line_no"),
	)
	md.Table("shipments",
		schema.Col("id", schema.BigInt()).PrimaryKey().Autoincrement(false),
		schema.Col("order_id", schema.Integer()).NotNull(),
		schema.Col("line_no", schema.SmallInt()).NotNull(),
		schema.Col("user_id", schema.Integer()).References("Users.id", schema.OnDelete("SET NULL"), schema.OnUpdate("CASCADE")),
		schema.ForeignKey([]string{"order_id", "line_no"}, "order_lines", []string{"order_id", "line_no"}, schema.OnDelete("CASCADE"), schema.ConstraintName("fk_shipments_line")),
		schema.Check("", "order_id > 0"),
	)
	md.Table("employees",
		schema.Col("id", schema.Integer()).PrimaryKey(),
		schema.Col("manager_id", schema.Integer()).References("employees.id", schema.ConstraintName("fk_employees_manager")),
		schema.Col("order", schema.Integer()),
		schema.Index("ix_employees_order_desc", "\"order\" * -1"),
	)
	md.FindTable("", "order_lines").PrimaryKey.Name = "pk_order_lines"
	md.FindTable("", "employees").PrimaryKey.Name = "pk_employees"
	return md
}

// expected is what the inspector should read back for declared tables: the same
// tables with comments dropped, sorted as the inspector sorts.
func expected(md *schema.MetaData) []*schema.Table {
	var out []*schema.Table
	for _, t := range md.Tables {
		c := t.Clone()
		c.Comment = ""
		for _, col := range c.Columns {
			col.Comment = ""
		}
		out = append(out, c)
	}
	sortMeta(&schema.MetaData{Tables: out})
	return out
}

func TestRoundTrip(t *testing.T) {
	db := testdb.SQLite(t)
	md := torture()
	if err := md.Validate(); err != nil {
		t.Fatal(err)
	}
	create(t, db.SQL, md.Tables...)
	var in inspect.Inspector = Inspector{}
	got, err := in.Inspect(context.Background(), db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := gocmp.Diff(expected(md), got.Tables); d != "" {
		t.Fatalf("inspected tables differ from declared (-declared +inspected):\n%s", d)
	}
	names := make([]string, len(got.Enums))
	for i, e := range got.Enums {
		names[i] = e.Name
	}
	if !slices.Equal(names, []string{"mood", "user_state"}) {
		t.Errorf("enums = %v, want [mood user_state]", names)
	}
	if !slices.IsSortedFunc(got.Tables, func(a, b *schema.Table) int { return cmp.Compare(a.Name, b.Name) }) {
		t.Error("tables are not sorted by name")
	}
}

func TestInspectExcludesAndViews(t *testing.T) {
	db := testdb.SQLite(t)
	md := torture()
	create(t, db.SQL, md.Tables...)
	for _, s := range []string{
		`CREATE VIEW v_users AS SELECT id FROM "Users"`,
		`CREATE TABLE _migrate_tmp_x (a)`,
		`CREATE TABLE migrate_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)`,
		`CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT)`, // creates sqlite_sequence
	} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Inspector{}.Inspect(context.Background(), db.SQL, inspect.Options{ExcludeTables: []string{"migrate_version"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range got.Tables {
		names = append(names, tb.Name)
	}
	want := []string{"Users", "all_types", "employees", "order_lines", "seq", "shipments"}
	if !slices.Equal(names, want) {
		t.Errorf("tables = %v, want %v", names, want)
	}
	if !slices.Equal(got.Views, []string{"v_users"}) {
		t.Errorf("views = %v, want [v_users]", got.Views)
	}
}

// TestInspectHandWrittenDDL reads SQL written the ways people write it rather
// than the way the dialect renders it.
func TestInspectHandWrittenDDL(t *testing.T) {
	db := testdb.SQLite(t)
	for _, s := range []string{
		`CREATE TABLE p (
			id integer primary key, -- a rowid alias
			code TEXT CONSTRAINT uq_code UNIQUE,
			/* an enum written by hand */ kind varchar(1) NOT NULL CONSTRAINT "kind_t" CHECK (kind IN ('a','b')),
			price DECIMAL(8,3) CHECK (price > 0) DEFAULT (0.5),
			at DATETIME DEFAULT (CURRENT_TIMESTAMP)
		)`,
		`CREATE TABLE c (pid REFERENCES p, note TEXT, FOREIGN KEY (note) REFERENCES p(code))`,
		`CREATE UNIQUE INDEX ux_c ON c (pid) WHERE note IS NOT NULL AND note <> 'x,y'`,
	} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Inspector{}.Inspect(context.Background(), db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, c := got.FindTable("", "p"), got.FindTable("", "c")
	// A rowid alias declared without NOT NULL reads as declared (pragma
	// table_info says notnull=0), so that a rebuild writes it back the same.
	if id := p.FindColumn("id"); !id.Autoincrement || !id.Nullable || id.SQLiteAutoincrement {
		t.Errorf("p.id = %+v, want autoincrement, nullable as declared (rowid alias)", id)
	}
	if k := p.FindColumn("kind"); !k.Type.Equal(schema.Enum("kind_t", "a", "b")) {
		t.Errorf("p.kind type = %v %v, want enum kind_t [a b]", k.Type, k.Type.EnumValues)
	}
	// DECIMAL(8,3) is kept as declared (a rebuild writes it back verbatim) and
	// is the same type as numeric(8, 3) to autogenerate.
	if pr := p.FindColumn("price"); pr.Type.Name != "sqlite.DECIMAL(8,3)" || !(sq.Dialect{}).EquivalentType(schema.Numeric(8, 3), pr.Type) || pr.Default == nil || *pr.Default != "0.5" {
		t.Errorf("p.price = %+v", pr)
	}
	if at := p.FindColumn("at"); at.Default == nil || *at.Default != "CURRENT_TIMESTAMP" {
		t.Errorf("p.at default = %v, want CURRENT_TIMESTAMP", at.Default)
	}
	if len(p.Checks) != 1 || p.Checks[0].Expr != "price > 0" || p.Checks[0].Name != "" {
		t.Errorf("p checks = %+v, want one unnamed price > 0", p.Checks)
	}
	if len(p.Uniques) != 1 || p.Uniques[0].Name != "uq_code" {
		t.Errorf("p uniques = %+v, want uq_code", p.Uniques)
	}
	if len(c.ForeignKeys) != 2 {
		t.Fatalf("c foreign keys = %+v", c.ForeignKeys)
	}
	for _, fk := range c.ForeignKeys {
		switch fk.Columns[0] {
		case "pid":
			if !slices.Equal(fk.RefColumns, []string{"id"}) {
				t.Errorf("REFERENCES p without columns should refer to p's key, got %v", fk.RefColumns)
			}
		case "note":
			if !slices.Equal(fk.RefColumns, []string{"code"}) {
				t.Errorf("c.note refers to %v, want code", fk.RefColumns)
			}
		}
	}
	if len(c.Indexes) != 1 || c.Indexes[0].Where != "note IS NOT NULL AND note <> 'x,y'" || !c.Indexes[0].Unique || len(c.Uniques) != 0 {
		t.Errorf("c indexes = %+v, uniques = %+v: want one partial unique index and no unique constraint", c.Indexes, c.Uniques)
	}
}

// TestInspectDuplicateKeys reads keys that SQLite stores in ways the pragmas
// alone get wrong: two foreign keys on the same column and parent (the pragma
// lists them last declared first) and UNIQUE constraints that repeat the
// primary key's or another UNIQUE's columns (SQLite makes no index for them).
func TestInspectDuplicateKeys(t *testing.T) {
	db := testdb.SQLite(t)
	for _, s := range []string{
		`CREATE TABLE p (id INTEGER PRIMARY KEY)`,
		`CREATE TABLE c (a INT NOT NULL, b INT,
			CONSTRAINT f1 FOREIGN KEY (a) REFERENCES p (id) ON DELETE CASCADE,
			CONSTRAINT f2 FOREIGN KEY (a) REFERENCES p (id),
			CONSTRAINT pk PRIMARY KEY (a),
			CONSTRAINT u1 UNIQUE (a),
			CONSTRAINT u2 UNIQUE (b),
			CONSTRAINT u3 UNIQUE (b))`,
	} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Inspector{}.Inspect(context.Background(), db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := got.FindTable("", "c")
	want := []*schema.ForeignKeyDef{
		{Name: "f1", Columns: []string{"a"}, RefTable: "p", RefColumns: []string{"id"}, OnDelete: "CASCADE"},
		{Name: "f2", Columns: []string{"a"}, RefTable: "p", RefColumns: []string{"id"}},
	}
	if d := gocmp.Diff(want, c.ForeignKeys); d != "" {
		t.Errorf("foreign keys (-want +got):\n%s", d)
	}
	wantU := []*schema.UniqueDef{{Name: "u1", Columns: []string{"a"}}, {Name: "u2", Columns: []string{"b"}}, {Name: "u3", Columns: []string{"b"}}}
	if d := gocmp.Diff(wantU, c.Uniques); d != "" {
		t.Errorf("unique constraints (-want +got):\n%s", d)
	}
}

// TestInspectIndexOrder reads each index key's ordering back as the model
// writes it, for an index the dialect renders and one written by hand.
func TestInspectIndexOrder(t *testing.T) {
	db := testdb.SQLite(t)
	create(t, db.SQL, &schema.Table{Name: "t", Columns: []*schema.Column{
		{Name: "a", Type: schema.Integer(), Nullable: true}, {Name: "b", Type: schema.Text(), Nullable: true},
	}, Indexes: []*schema.IndexDef{{Name: "ix_ab", Columns: []string{"a", "b"}, Order: []string{"DESC"}}}})
	if _, err := db.SQL.Exec(`CREATE INDEX ix_hand ON t (lower(b) desc, a ASC)`); err != nil {
		t.Fatal(err)
	}
	got, err := Inspector{}.Inspect(context.Background(), db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []*schema.IndexDef{
		{Name: "ix_ab", Columns: []string{"a", "b"}, Order: []string{"DESC"}},
		{Name: "ix_hand", Columns: []string{"lower(b)", "a"}, Order: []string{"DESC"}},
	}
	if d := gocmp.Diff(want, got.FindTable("", "t").Indexes); d != "" {
		t.Errorf("indexes (-want +got):\n%s", d)
	}
}

// A named IN check on a column whose declared type is not the one the enum
// renders (VARCHAR of the longest value) stays a CHECK, and the column keeps
// its type: read as an enum, a rebuild would write VARCHAR(5) for Sakila's
// film.rating VARCHAR(10).
func TestInspectInCheckOnWiderColumn(t *testing.T) {
	db := testdb.SQLite(t)
	if _, err := db.SQL.Exec(`CREATE TABLE film (rating VARCHAR(10) DEFAULT 'G', CONSTRAINT CHECK_rating CHECK(rating in ('G','PG','PG-13')))`); err != nil {
		t.Fatal(err)
	}
	got, err := Inspector{}.Inspect(context.Background(), db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := got.FindTable("", "film")
	if r := f.FindColumn("rating"); !r.Type.Equal(schema.Varchar(10)) {
		t.Errorf("film.rating type = %v, want varchar(10)", r.Type)
	}
	if len(f.Checks) != 1 || f.Checks[0].Name != "CHECK_rating" || len(got.Enums) != 0 {
		t.Errorf("checks %+v, enums %v: want the CHECK kept and no enum", f.Checks, got.Enums)
	}
}
