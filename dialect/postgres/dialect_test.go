package postgres

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/testdb"
)

func TestRegisteredAndCapabilities(t *testing.T) {
	d, err := dialect.Get("postgresql")
	if err != nil {
		t.Fatal(err)
	}
	if d.Name() != "postgresql" {
		t.Errorf("Name() = %q", d.Name())
	}
	want := dialect.Capabilities{TransactionalDDL: true, NamedEnums: true, Comments: true, Schemas: true}
	if got := d.Capabilities(); got != want {
		t.Errorf("Capabilities() = %+v, want %+v", got, want)
	}
	if d.Begin() != "BEGIN" || d.Commit() != "COMMIT" {
		t.Errorf("Begin/Commit = %q/%q", d.Begin(), d.Commit())
	}
}

func TestQuoteIdent(t *testing.T) {
	cases := map[string]string{
		"books":      "books",
		"_x1$":       "_x1$",
		"Books":      `"Books"`,
		"order":      `"order"`,
		"user":       `"user"`,
		"join":       `"join"`,
		"int":        "int", // a col_name keyword is a valid column name
		"bıgınt":     `"bıgınt"`,
		`we"ird`:     `"we""ird"`,
		"1st":        `"1st"`,
		"with space": `"with space"`,
		"":           `""`,
	}
	for in, want := range cases {
		if got := (Dialect{}).QuoteIdent(in); got != want {
			t.Errorf("QuoteIdent(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestLiteral(t *testing.T) {
	ts := time.Date(2026, 11, 20, 10, 0, 0, 123000000, time.FixedZone("", 2*3600))
	cases := []struct {
		in   any
		want string
	}{
		{nil, "NULL"}, {true, "true"}, {false, "false"},
		{42, "42"}, {int64(-7), "-7"}, {uint8(255), "255"}, {uint64(math.MaxUint64), "18446744073709551615"},
		{1.5, "1.5"}, {float32(0.25), "0.25"}, {math.NaN(), "'NaN'"}, {math.Inf(-1), "'-Infinity'"},
		{"it's", "'it''s'"}, {`back\slash`, `'back\slash'`},
		{[]byte{0, 1, 0xff}, `'\x0001ff'::bytea`},
		{ts, "'2026-11-20 10:00:00.123+02:00'"},
	}
	for _, c := range cases {
		got, err := Dialect{}.Literal(c.in)
		if err != nil || got != c.want {
			t.Errorf("Literal(%#v) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []any{struct{}{}, "a\x00b", []string{"a"}} {
		if got, err := (Dialect{}).Literal(bad); err == nil {
			t.Errorf("Literal(%#v) = %q, want an error", bad, got)
		}
	}
}

func TestVersionTableSQL(t *testing.T) {
	d := Dialect{}
	vt := dialect.VersionTable{Name: "migrate_version"}
	if got, want := d.CreateVersionTable(vt), "CREATE TABLE IF NOT EXISTS migrate_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT migrate_version_pkc PRIMARY KEY (version_num))"; len(got) != 1 || got[0] != want {
		t.Errorf("CreateVersionTable = %q, want [%q]", got, want)
	}
	vs := dialect.VersionTable{Schema: "Ops", Name: "migrate_version"}
	if got := d.CreateVersionTable(vs)[0]; !strings.HasPrefix(got, `CREATE TABLE IF NOT EXISTS "Ops".migrate_version (`) {
		t.Errorf("schema-qualified CreateVersionTable = %q", got)
	}
	if got, want := d.InsertVersion(vt, "ae1027a6acf0"), "INSERT INTO migrate_version (version_num) VALUES ('ae1027a6acf0')"; got != want {
		t.Errorf("InsertVersion = %q, want %q", got, want)
	}
	if got, want := d.UpdateVersion(vt, "a1", "b2"), "UPDATE migrate_version SET version_num='b2' WHERE migrate_version.version_num = 'a1'"; got != want {
		t.Errorf("UpdateVersion = %q, want %q", got, want)
	}
	if got, want := d.DeleteVersion(vs, "b2"), `DELETE FROM "Ops".migrate_version WHERE "Ops".migrate_version.version_num = 'b2'`; got != want {
		t.Errorf("DeleteVersion = %q, want %q", got, want)
	}
}

// TestVersionTableRuns runs the version-table statements on a real server, in a
// non-default schema with a name that needs quoting.
func TestVersionTableRuns(t *testing.T) {
	db := testdb.Postgres(t)
	ctx := context.Background()
	d := Dialect{}
	vt := dialect.VersionTable{Schema: "Ops", Name: "migrate_version"}
	stmts := append([]string{`CREATE SCHEMA "Ops"`}, d.CreateVersionTable(vt)...)
	stmts = append(stmts, d.CreateVersionTable(vt)...) // IF NOT EXISTS: twice is fine
	stmts = append(stmts, d.InsertVersion(vt, "a1"), d.InsertVersion(vt, "c3"), d.UpdateVersion(vt, "a1", "b2"), d.DeleteVersion(vt, "c3"))
	for _, s := range stmts {
		if _, err := db.SQL.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	var got string
	if err := db.SQL.QueryRowContext(ctx, `SELECT string_agg(version_num, ',') FROM "Ops".migrate_version`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "b2" {
		t.Errorf("version rows = %q, want b2", got)
	}
	var pk string
	if err := db.SQL.QueryRowContext(ctx, `SELECT conname FROM pg_constraint WHERE conrelid = '"Ops".migrate_version'::regclass AND contype = 'p'`).Scan(&pk); err != nil || pk != "migrate_version_pkc" {
		t.Errorf("primary key name = %q, %v; want migrate_version_pkc", pk, err)
	}
}

// TestReservedWordsMatchServer compares the keyword list with the server's own.
func TestReservedWordsMatchServer(t *testing.T) {
	db := testdb.Postgres(t)
	rows, err := db.SQL.Query("SELECT word FROM pg_get_keywords() WHERE catcode IN ('R', 'T')")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	server := map[string]bool{}
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			t.Fatal(err)
		}
		server[w] = true
		if !reservedWords[w] {
			t.Errorf("server keyword %q is missing from reservedWords", w)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for w := range reservedWords {
		if !server[w] {
			t.Errorf("reservedWords has %q, which the server does not reserve", w)
		}
	}
}

// TestQuotedIdentifiersRoundTrip creates objects through QuoteIdent and checks
// the server stored exactly the names given.
func TestQuotedIdentifiersRoundTrip(t *testing.T) {
	db := testdb.Postgres(t)
	d := Dialect{}
	names := []string{"plain", "Upper", "order", "bıgınt", `we"ird`, "with space", "select"}
	var cols []string
	for _, n := range names {
		cols = append(cols, d.QuoteIdent(n)+" integer")
	}
	if _, err := db.SQL.Exec("CREATE TABLE " + d.QuoteIdent("Table") + " (" + strings.Join(cols, ", ") + ")"); err != nil {
		t.Fatal(err)
	}
	rows, err := db.SQL.Query(`SELECT attname FROM pg_attribute WHERE attrelid = '"Table"'::regclass AND attnum > 0 ORDER BY attnum`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if strings.Join(got, "|") != strings.Join(names, "|") {
		t.Errorf("stored column names %q, want %q", got, names)
	}
}

// TestLiteralsOnServer checks the server reads each literal back as its value.
func TestLiteralsOnServer(t *testing.T) {
	db := testdb.Postgres(t)
	d := Dialect{}
	cases := []struct {
		v    any
		cast string
		want string
	}{
		{"it's a \\ test", "text", "it's a \\ test"},
		{[]byte{0xde, 0xad, 0xbe, 0xef}, "text", `\xdeadbeef`},
		{1.25, "text", "1.25"},
		{math.Inf(1), "float8::text", "Infinity"},
		{time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), "timestamptz AT TIME ZONE 'UTC'", "2026-01-02T03:04:05Z"},
		{true, "text", "true"},
	}
	for _, c := range cases {
		lit, err := d.Literal(c.v)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		q := "SELECT (" + lit + ")::" + c.cast
		if strings.Contains(c.cast, " ") {
			q = "SELECT ((" + lit + ")::" + c.cast + ")::text"
		}
		if err := db.SQL.QueryRow(q).Scan(&got); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if strings.Contains(c.cast, "AT TIME ZONE") {
			tm, perr := time.Parse("2006-01-02 15:04:05", got)
			if perr == nil {
				got = tm.Format(time.RFC3339)
			}
		}
		if got != c.want {
			t.Errorf("%s = %q, want %q", q, got, c.want)
		}
	}
}

func TestOpenNeverShowsPassword(t *testing.T) {
	u, err := dialect.ParseURL("postgresql+psycopg2://alice:s3cr%3Ft@db.example:5432/app?sslmode=bogus")
	if err != nil {
		t.Fatalf("ParseURL: %v", err)
	}
	_, err = Dialect{}.Open(context.Background(), u)
	if err == nil {
		t.Fatal("Open accepted sslmode=bogus")
	}
	t.Logf("error: %v", err)
	if strings.Contains(err.Error(), "s3cr") {
		t.Errorf("error shows the password: %v", err)
	}
	if !strings.Contains(err.Error(), "***") {
		t.Errorf("error does not show the redacted URL: %v", err)
	}
}

func TestOpenSchemes(t *testing.T) {
	base := testdb.Postgres(t)
	for _, scheme := range []string{"postgresql://", "postgres://", "postgresql+psycopg2://"} {
		raw := scheme + strings.SplitN(base.URL, "://", 2)[1]
		u, err := dialect.ParseURL(raw)
		if err != nil {
			t.Fatalf("ParseURL(%q): %v", raw, err)
		}
		db, err := Dialect{}.Open(context.Background(), u)
		if err != nil {
			t.Fatalf("Open(%s): %v", scheme, err)
		}
		var name string
		if err := db.QueryRow("SELECT current_database()").Scan(&name); err != nil {
			t.Fatalf("%s: %v", scheme, err)
		}
		db.Close()
		if name != base.Name {
			t.Errorf("%s: connected to %q, want %q", scheme, name, base.Name)
		}
	}
}

// The URL option pooling is read and removed before the driver sees it:
// transaction (or statement) opens connections in pgx's simple protocol, which
// KeepsSession and LeaseReason read back; session or none does not; another
// value is refused naming the choices.
func TestPoolingOption(t *testing.T) {
	for _, c := range []struct {
		query  string
		pooled bool
		err    string
	}{
		{"", false, ""},
		{"pooling=transaction&sslmode=disable", true, ""},
		{"pooling=Statement", true, ""},
		{"pooling=session", false, ""},
		{"pooling=sometimes", false, "write pooling=transaction"},
	} {
		u, err := dialect.ParseURL("postgresql://u@h/db?" + c.query)
		if err != nil {
			t.Fatal(err)
		}
		pooled, q, err := poolingMode(u)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("%q: error %v, want %q", c.query, err, c.err)
			}
			continue
		}
		if err != nil || pooled != c.pooled || q.Has("pooling") {
			t.Fatalf("%q: pooled %v, options %v, %v", c.query, pooled, q, err)
		}
		if !u.Query.Has("pooling") && strings.Contains(c.query, "pooling") {
			t.Fatalf("%q: the caller's URL lost its option", c.query)
		}
		if c.query == "pooling=transaction&sslmode=disable" && q.Get("sslmode") != "disable" {
			t.Fatalf("other options dropped: %v", q)
		}
	}
}
