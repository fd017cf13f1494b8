package mysql

import (
	"errors"
	"strings"
	"testing"

	"github.com/retortdb/migrate/dialect"
	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

func ptr[T any](v T) *T { return &v }

func acctSchema() *schema.MetaData {
	m := schema.NewMetaData()
	m.Table("acct",
		schema.Col("id", schema.BigInt()).PrimaryKey().Comment("the id"),
		schema.Col("v", schema.Varchar(10)).ServerDefault("'x'").Comment("vee"),
		schema.Col("n", schema.Integer()).NotNull().ServerDefault("5"),
		schema.Col("ts", schema.TimestampTZ()).NotNull().ServerDefault("CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"),
	)
	return m
}

func column(t *testing.T, m *schema.MetaData, name string) *schema.Column {
	t.Helper()
	c := m.FindTable("", "acct").FindColumn(name)
	if c == nil {
		t.Fatalf("column %q not found", name)
	}
	return c
}

func TestAlterColumnKeepsDefaultCommentAutoincrement(t *testing.T) {
	db := testdb.MySQL(t)
	m := acctSchema()
	apply(t, db, m, createAll(m)...)
	cur, _ := inspectT(t, db, inspect.Options{})
	if ts := column(t, cur, "ts"); ts.Default == nil || *ts.Default != "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP" {
		t.Fatalf("ts default read back as %v", ts.Default)
	}

	// Nullable change with the current schema known: default and comment stay.
	apply(t, db, cur, &ops.AlterColumn{Table: "acct", Column: "v", Nullable: ptr(false)})
	// Comment change from existing_* facts alone: auto_increment stays.
	apply(t, db, nil, &ops.AlterColumn{Table: "acct", Column: "id", Comment: &ops.Change{Value: ptr("new id")},
		ExistingType: ptr(schema.BigInt()), ExistingNullable: ptr(false), ExistingAutoincrement: ptr(true)})
	// Nullable change from existing_* facts: default stays.
	apply(t, db, nil, &ops.AlterColumn{Table: "acct", Column: "n", Nullable: ptr(true),
		ExistingType: ptr(schema.Integer()), ExistingNullable: ptr(false), ExistingServerDefault: ptr("5"), ExistingAutoincrement: ptr(false)})
	// Nullable change keeps ON UPDATE CURRENT_TIMESTAMP.
	apply(t, db, cur, &ops.AlterColumn{Table: "acct", Column: "ts", Nullable: ptr(true)})

	got, _ := inspectT(t, db, inspect.Options{})
	v := column(t, got, "v")
	if v.Nullable || v.Default == nil || *v.Default != "'x'" || v.Comment != "vee" {
		t.Errorf("v after nullable change: %+v (default %v), want NOT NULL, default 'x', comment vee", v, v.Default)
	}
	id := column(t, got, "id")
	if !id.Autoincrement || id.Comment != "new id" || id.Nullable {
		t.Errorf("id after comment change: %+v, want auto_increment, comment 'new id'", id)
	}
	n := column(t, got, "n")
	if !n.Nullable || n.Default == nil || *n.Default != "5" {
		t.Errorf("n after nullable change: %+v (default %v), want nullable with default 5", n, n.Default)
	}
	ts := column(t, got, "ts")
	if !ts.Nullable || ts.Default == nil || *ts.Default != "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP" {
		t.Errorf("ts after nullable change: %+v (default %v)", ts, ts.Default)
	}

	// Rename keeps everything; a default-only change needs no facts.
	apply(t, db, got, &ops.AlterColumn{Table: "acct", Column: "v", NewName: "w"})
	apply(t, db, nil, &ops.AlterColumn{Table: "acct", Column: "n", ServerDefault: &ops.Change{Value: ptr("9")}})
	got, _ = inspectT(t, db, inspect.Options{})
	if w := got.FindTable("", "acct").FindColumn("w"); w == nil || w.Default == nil || *w.Default != "'x'" || w.Comment != "vee" || w.Nullable {
		t.Errorf("renamed column w: %+v", w)
	}
	if n := column(t, got, "n"); n.Default == nil || *n.Default != "9" || !n.Nullable {
		t.Errorf("n after SET DEFAULT: %+v (default %v)", n, n.Default)
	}

	// Without facts the renderer refuses, naming what to add, and nothing runs.
	_, err := mysqldialect.Dialect{}.Render([]ops.Op{&ops.AlterColumn{Table: "acct", Column: "id", Nullable: ptr(false)}}, &dialect.RenderEnv{})
	var re *dialect.RenderError
	if !errors.As(err, &re) || re.Table != "acct" || !strings.Contains(err.Error(), "existing_type") || !strings.Contains(err.Error(), `"id"`) {
		t.Errorf("render without facts: %v", err)
	}
}

// collationOf reads a column's collation from information_schema directly.
func collationOf(t *testing.T, db *testdb.DB, table, col string) string {
	t.Helper()
	var coll string
	if err := db.SQL.QueryRow(`SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?`, table, col).Scan(&coll); err != nil {
		t.Fatal(err)
	}
	return coll
}

// matchesUpper counts the rows of accounts whose token = 'ABC' (the row holds
// 'abc': 0 under a binary collation, 1 under a case-insensitive one).
func matchesUpper(t *testing.T, db *testdb.DB) int {
	t.Helper()
	var n int
	if err := db.SQL.QueryRow("SELECT COUNT(*) FROM accounts WHERE token = 'ABC'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAlterColumnKeepsCollation(t *testing.T) {
	db := testdb.MySQL(t)
	m := schema.NewMetaData()
	m.Table("accounts",
		schema.Col("id", schema.Integer()).PrimaryKey(),
		schema.Col("token", schema.Varchar(40)).Collation("utf8mb3_bin"),
	).Collation("utf8mb4_unicode_ci")
	apply(t, db, m, createAll(m)...)
	if _, err := db.SQL.Exec("INSERT INTO accounts VALUES (1, 'abc')"); err != nil {
		t.Fatal(err)
	}
	check := func(step, want string, wantMatches int) {
		t.Helper()
		if got := collationOf(t, db, "accounts", "token"); got != want {
			t.Errorf("%s: token's collation is %s, want %s", step, got, want)
		}
		if n := matchesUpper(t, db); n != wantMatches {
			t.Errorf("%s: token = 'ABC' matches %d rows, want %d", step, n, wantMatches)
		}
	}
	check("created", "utf8mb3_bin", 0)

	// A type change restated with the schema known keeps the collation; so
	// does its reverse (the downgrade).
	cur, _ := inspectT(t, db, inspect.Options{})
	up := &ops.AlterColumn{Table: "accounts", Column: "token", Type: ptr(schema.Varchar(60)),
		ExistingType: ptr(schema.Varchar(40)), ExistingNullable: ptr(true), ExistingAutoincrement: ptr(false)}
	apply(t, db, cur, up)
	check("after the type change", "utf8mb3_bin", 0)
	down, err := ops.Reverse(up)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := inspectT(t, db, inspect.Options{})
	apply(t, db, after, down)
	check("after the downgrade", "utf8mb3_bin", 0)

	// From existing_* facts alone (as offline, for a column no revision
	// describes), existing_collation keeps it.
	apply(t, db, nil, &ops.AlterColumn{Table: "accounts", Column: "token", Nullable: ptr(false),
		ExistingType: ptr(schema.Varchar(40)), ExistingNullable: ptr(true), ExistingAutoincrement: ptr(false), ExistingCollation: ptr("utf8mb3_bin")})
	check("after a nullable change from facts", "utf8mb3_bin", 0)

	// A collation change to the table default, and its reverse.
	cur, _ = inspectT(t, db, inspect.Options{})
	change := &ops.AlterColumn{Table: "accounts", Column: "token", Collation: &ops.Change{},
		ExistingType: ptr(schema.Varchar(40)), ExistingNullable: ptr(false), ExistingAutoincrement: ptr(false), ExistingCollation: ptr("utf8mb3_bin")}
	apply(t, db, cur, change)
	check("after the collation change", "utf8mb4_unicode_ci", 1)
	back, err := ops.Reverse(change)
	if err != nil {
		t.Fatal(err)
	}
	cur, _ = inspectT(t, db, inspect.Options{})
	apply(t, db, cur, back)
	check("after its reverse", "utf8mb3_bin", 0)
}
