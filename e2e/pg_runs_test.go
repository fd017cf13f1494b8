package e2e_test

import (
	"context"
	"strings"
	"testing"

	pgdialect "github.com/retortdb/migrate/dialect/postgres"
	"github.com/retortdb/migrate/internal/testdb"
)

// pgRev writes a hand-made revision file.
func pgRev(p *project, id, down, extra, upgrade string) {
	p.t.Helper()
	d := "null"
	if down != "" {
		d = down
	}
	p.write("migrations/versions/"+id+"_r.yaml", "revision: "+id+"\ndown_revision: "+d+"\nmessage: "+id+"\n"+extra+
		"upgrade:\n"+upgrade+"downgrade: []\n")
}

func TestPgNonTransactionalRevision(t *testing.T) {
	db := testdb.Postgres(t)
	p := pgProject(t, db, pgEmptyModels)
	pgRev(p, "c1", "", "", "  - execute: \"CREATE TABLE t (a integer)\"\n")
	pgRev(p, "c2", "c1", "transactional: TX\n", "  - execute: \"CREATE INDEX CONCURRENTLY ix_t_a ON t (a)\"\n")
	body := p.read("migrations/versions/c2_r.yaml")
	p.write("migrations/versions/c2_r.yaml", strings.Replace(body, "TX", "true", 1))
	p.fails(1, "cannot run inside a transaction block", "upgrade", "head")
	p.write("migrations/versions/c2_r.yaml", strings.Replace(body, "TX", "false", 1))
	p.ok("upgrade", "head")
	if got := strings.TrimSpace(p.ok("current").Stdout); got != "c2 (head)" {
		t.Fatalf("current = %q, want c2 (head)", got)
	}
	var valid bool
	if err := db.SQL.QueryRow(`SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_t_a'::regclass`).Scan(&valid); err != nil || !valid {
		t.Errorf("index built concurrently: valid=%v, %v", valid, err)
	}
	// Offline, the non-transactional revision sits outside BEGIN … COMMIT.
	sql := p.ok("upgrade", "base:head", "--sql").Stdout
	at := strings.Index(sql, "CREATE INDEX CONCURRENTLY")
	if at < 0 || strings.LastIndex(sql[:at], "BEGIN;") > strings.LastIndex(sql[:at], "COMMIT;") {
		t.Errorf("CREATE INDEX CONCURRENTLY is inside a transaction block in the script:\n%s", sql)
	}
}

func TestPgTransactionPerMigration(t *testing.T) {
	for _, perMigration := range []bool{false, true} {
		db := testdb.Postgres(t)
		p := pgProject(t, db, pgEmptyModels)
		if perMigration {
			pgConfig(p, "transaction_per_migration", "true")
		}
		pgRev(p, "p1", "", "", "  - execute: \"CREATE TABLE one (a integer)\"\n")
		pgRev(p, "p2", "p1", "", "  - execute: \"CREATE TABLE two (a integer)\"\n  - execute: \"SELECT 1/0\"\n")
		p.fails(1, "p2", "upgrade", "head")
		cur := strings.TrimSpace(p.ok("current").Stdout)
		var one, two bool
		if err := db.SQL.QueryRow(`SELECT to_regclass('one') IS NOT NULL, to_regclass('two') IS NOT NULL`).Scan(&one, &two); err != nil {
			t.Fatal(err)
		}
		if two {
			t.Errorf("per_migration=%v: the failed revision's table exists", perMigration)
		}
		if perMigration && (cur != "p1" || !one) {
			t.Errorf("transaction_per_migration: current %q, table one %v; want p1 kept", cur, one)
		}
		if !perMigration && (cur != "" || one) {
			t.Errorf("one transaction: current %q, table one %v; want both rolled back", cur, one)
		}
	}
}

func TestPgLockTimeoutNamesHolder(t *testing.T) {
	db := testdb.Postgres(t)
	p := pgProject(t, db, pgEmptyModels)
	pgRev(p, "l1", "", "", "  - execute: \"CREATE TABLE locked (a integer)\"\n")
	ctx := context.Background()
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET application_name = 'pg-lock-holder'"); err != nil {
		t.Fatal(err)
	}
	key := pgdialect.LockKey("migrate:.migrate_version")
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
		t.Fatal(err)
	}
	r := p.fails(1, "could not take the migration lock within 300ms", "--lock-timeout", "300ms", "upgrade", "head")
	if !strings.Contains(r.Stderr, `application_name "pg-lock-holder"`) || !strings.Contains(r.Stderr, "pid ") {
		t.Errorf("the error does not name the holder:\n%s", r.Stderr)
	}
	var exists bool
	if err := db.SQL.QueryRow(`SELECT to_regclass('locked') IS NOT NULL`).Scan(&exists); err != nil || exists {
		t.Errorf("the revision ran without the lock: %v %v", exists, err)
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", key); err != nil {
		t.Fatal(err)
	}
	p.ok("--lock-timeout", "5s", "upgrade", "head")
}

const pgSchemasModels = `package models

import "github.com/retortdb/migrate/schema"

// Metadata declares a table in the default schema and one in schema extra.
var Metadata = schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))

var Home = Metadata.Table("home", schema.Col("id", schema.Integer()).PrimaryKey())

var Things = Metadata.Table("extra.things",
	schema.Col("id", schema.Integer()).PrimaryKey(),
	schema.Col("home_id", schema.Integer()).References("home.id"),
)
`

func TestPgIncludeSchemas(t *testing.T) {
	db := testdb.Postgres(t)
	for _, s := range []string{`CREATE SCHEMA extra`, `CREATE SCHEMA other`, `CREATE TABLE other.junk (id integer)`} {
		if _, err := db.SQL.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	p := pgProject(t, db, pgSchemasModels)
	pgConfig(p, "include_schemas", "true")
	r := p.ok("revision", "--autogenerate", "-m", "schemas")
	for _, want := range []string{"Detected added table 'extra.things'", "Detected removed table 'other.junk'"} {
		if !strings.Contains(r.Stderr, want) {
			t.Errorf("include_schemas: true: log lacks %q:\n%s", want, r.Stderr)
		}
	}
	p.ok("upgrade", "head")
	p.ok("check")
	var things, junk bool
	if err := db.SQL.QueryRow(`SELECT to_regclass('extra.things') IS NOT NULL, to_regclass('other.junk') IS NOT NULL`).Scan(&things, &junk); err != nil || !things || junk {
		t.Errorf("extra.things exists %v, other.junk exists %v (%v); want true, false", things, junk, err)
	}
	// With include_schemas: false, a table of another schema is not looked at.
	if _, err := db.SQL.Exec(`CREATE TABLE other.junk2 (id integer)`); err != nil {
		t.Fatal(err)
	}
	if r := p.run("check"); r.Code != 1 || !strings.Contains(r.Stderr, "other.junk2") {
		t.Errorf("include_schemas: true: check exit %d, want 1 naming other.junk2:\n%s", r.Code, r.Stderr)
	}
	pgConfig(p, "include_schemas", "false")
	p.write("models/models.go", strings.Replace(pgSchemasModels, "var Things", "var _", 1))
	if r := p.run("check"); r.Code != 0 {
		t.Errorf("include_schemas: false: check exit %d, want 0 (other schemas ignored):\n%s", r.Code, r.Stderr)
	}
}
