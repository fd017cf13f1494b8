package e2e_test

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"

	_ "github.com/retortdb/migrate/dialect/sqlite"
	_ "github.com/retortdb/migrate/inspect/sqlite"
)

// renModels is the models package of the rename tests: USERS and ORDERS are
// replaced by the tables' Go declarations.
const renModels = `package models

import "github.com/retortdb/migrate/schema"

// Metadata is the declared schema.
var Metadata = schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))

var Users = USERS

var Orders = ORDERS
`

func renModel(users, orders string) string {
	return strings.NewReplacer("USERS", users, "ORDERS", orders).Replace(renModels)
}

var (
	renUsersV1 = `Metadata.Table("users",
	schema.Col("id", schema.Integer()).PrimaryKey(),
	schema.Col("email", schema.Varchar(200)).NotNull(),
	schema.Col("nick", schema.Varchar(50)),
	schema.Index("ix_users_email", "email"),
	schema.UniqueConstraint("uq_users_nick", "nick"),
	schema.Check("ck_users_nick", "nick <> ''"),
)`
	renOrdersV1 = `Metadata.Table("orders",
	schema.Col("id", schema.Integer()).PrimaryKey(),
	schema.Col("user_id", schema.Integer()).NotNull().References("users.id", schema.ConstraintName("fk_orders_user")),
	schema.Col("total", schema.Integer()).NotNull(),
	schema.Index("ux_orders_total", "total", "id").Unique(),
)`
	// renUsersNoHint renames the column without saying so.
	renUsersNoHint = strings.Replace(strings.Replace(renUsersV1, `"email", schema.Varchar(200)`, `"email_address", schema.Varchar(200)`, 1), `"ix_users_email", "email"`, `"ix_users_email", "email_address"`, 1)
	renUsersV2     = `Metadata.Table("users",
	schema.Col("id", schema.Integer()).PrimaryKey(),
	schema.Col("email_address", schema.Varchar(200)).NotNull().RenamedFrom("email"),
	schema.Col("nick", schema.Varchar(50)),
	schema.Index("ix_users_mail", "email_address").RenamedFrom("ix_users_email"),
	schema.UniqueConstraint("uq_users_handle", "nick"),
	schema.Check("ck_users_nick_set", "nick <> ''"),
	schema.RenamedConstraint("uq_users_handle", "uq_users_nick"),
	schema.RenamedConstraint("ck_users_nick_set", "ck_users_nick"),
)`
	renOrdersV2 = `Metadata.Table("purchases",
	schema.Col("id", schema.Integer()).PrimaryKey(),
	schema.Col("user_id", schema.Integer()).NotNull().References("users.id", schema.ConstraintName("fk_purchases_user")),
	schema.Col("total", schema.Integer()).NotNull(),
	schema.Index("ux_purchases_total", "total", "id").Unique().RenamedFrom("ux_orders_total"),
	schema.RenamedConstraint("fk_purchases_user", "fk_orders_user"),
).RenamedFrom("orders")`
)

// renDialect is what the rename test needs to know of a server: how to open
// its database and how to ask its own catalog whether an object exists.
type renDialect struct {
	name string
	open func(testing.TB) *testdb.DB
	// index and constraint are catalog queries counting the objects called %s.
	index, constraint string
}

var renDialects = []renDialect{
	{"sqlite", testdb.SQLite,
		`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '%s'`,
		`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND (instr(sql, 'CONSTRAINT %[1]s ') > 0 OR instr(sql, 'CONSTRAINT "%[1]s"') > 0)`},
	{"postgresql", testdb.Postgres,
		`SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = '%s'`,
		`SELECT count(*) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conname = '%s'`},
	{"mysql", testdb.MySQL,
		`SELECT count(DISTINCT index_name) FROM information_schema.statistics WHERE table_schema = DATABASE() AND index_name = '%s'`,
		`SELECT count(*) FROM information_schema.table_constraints WHERE constraint_schema = DATABASE() AND constraint_name = '%s'`},
}

// renRows returns the number of rows and a SHA-256 of every row of a query
// ordered by id, read from the server.
func renRows(t *testing.T, db *sql.DB, q string) (int, string) {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	h := sha256.New()
	n := 0
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			fmt.Fprintf(h, "%v:%q|", v.Valid, v.String)
		}
		h.Write([]byte("\n"))
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return n, hex.EncodeToString(h.Sum(nil))
}

func renCount(t *testing.T, db *sql.DB, q, name string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(fmt.Sprintf(q, name)).Scan(&n); err != nil {
		t.Fatalf("%s: %v", fmt.Sprintf(q, name), err)
	}
	return n
}

// TestRenamesKeepRows: on each dialect, a table, a column, an index and
// unique, check and foreign-key constraints renamed with hints in the Go
// metadata become rename ops, and upgrade and downgrade keep every row (count
// and checksum read from the server) while the server's catalog shows the new
// names, then the old ones. Without the hint, check and revision
// --autogenerate warn and name the hint to write.
func TestRenamesKeepRows(t *testing.T) {
	for _, rd := range renDialects {
		t.Run(rd.name, func(t *testing.T) {
			db := rd.open(t)
			dir := scratch.Module(t, map[string]string{"models/models.go": renModel(renUsersV1, renOrdersV1)})
			p := &project{t: t, Dir: dir, Env: []string{"MIGRATE_URL=" + db.URL}}
			p.ok("init")
			p.ok("revision", "--autogenerate", "-m", "init")
			p.ok("upgrade", "head")
			for i := 1; i <= 300; i++ {
				if _, err := db.SQL.Exec(fmt.Sprintf("INSERT INTO users (id, email, nick) VALUES (%d, 'user%d@example.com', %s)", i, i, map[bool]string{true: "NULL", false: fmt.Sprintf("'nick%d'", i)}[i%7 == 0])); err != nil {
					t.Fatal(err)
				}
			}
			for i := 1; i <= 300; i++ {
				if _, err := db.SQL.Exec(fmt.Sprintf("INSERT INTO orders (id, user_id, total) VALUES (%d, %d, %d)", i, (i*13)%300+1, i*17)); err != nil {
					t.Fatal(err)
				}
			}
			usersN, usersSum := renRows(t, db.SQL, "SELECT id, email, nick FROM users ORDER BY id")
			ordersN, ordersSum := renRows(t, db.SQL, "SELECT id, user_id, total FROM orders ORDER BY id")
			if usersN != 300 || ordersN != 300 {
				t.Fatalf("rows before: %d users, %d orders", usersN, ordersN)
			}

			// Without a hint: a drop and an add, and a warning naming the hint.
			p.write("models/models.go", renModel(renUsersNoHint, renOrdersV1))
			r := p.run("check")
			hint := `schema.Col("email_address", …).RenamedFrom("email")`
			if r.Code != 1 || !strings.Contains(r.Stderr, "WARN  Detected removed column 'users.email' and added column 'users.email_address'") || !strings.Contains(r.Stderr, hint) {
				t.Fatalf("check without the hint: exit %d, want 1 and a warning with %s:\n%s", r.Code, hint, r.Stderr)
			}

			r = p.ok("revision", "--autogenerate", "-m", "nohint")
			if !strings.Contains(r.Stderr, "WARN  Detected removed column 'users.email'") || !strings.Contains(r.Stderr, hint) {
				t.Errorf("revision --autogenerate without the hint does not warn with %s:\n%s", hint, r.Stderr)
			}
			noHintPath, noHint := pgVersionFile(p, "nohint")
			if !strings.Contains(noHint, "drop_column") || !strings.Contains(noHint, "# DESTRUCTIVE: drops column users.email") {
				t.Errorf("the revision without the hint does not drop email, marked destructive:\n%s", noHint)
			}
			if err := os.Remove(noHintPath); err != nil {
				t.Fatal(err)
			}

			// With the hints: renames only.
			p.write("models/models.go", renModel(renUsersV2, renOrdersV2))
			r = p.ok("revision", "--autogenerate", "-m", "renames")
			// Lint's findings on the renames (lock, code still using the old
			// names) are expected; a rename suggestion or a destructive op is not.
			if strings.Contains(r.Stderr, "WARN  Detected") || strings.Contains(r.Stderr, "RenamedFrom") || strings.Contains(r.Stderr, "destructive") {
				t.Errorf("revision with hints warns of a drop and an add:\n%s", r.Stderr)
			}
			_, body := pgVersionFile(p, "renames")
			for _, want := range []string{
				"rename_table: {name: orders, new_name: purchases}",
				"new_name: email_address",
				"rename_index: {name: ix_users_email, new_name: ix_users_mail, table: users}",
				"rename_index: {name: ux_orders_total, new_name: ux_purchases_total, table: purchases}",
				"rename_constraint: {name: uq_users_nick, new_name: uq_users_handle, table: users, type: unique}",
				"rename_constraint: {name: ck_users_nick, new_name: ck_users_nick_set, table: users, type: check}",
			} {
				if !strings.Contains(body, want) {
					t.Errorf("revision lacks %q:\n%s", want, body)
				}
			}
			for _, bad := range []string{"drop_column", "add_column", "drop_table", "create_table", "acknowledge_destructive"} {
				if strings.Contains(body, bad) {
					t.Errorf("revision has %s:\n%s", bad, body)
				}
			}
			p.ok("upgrade", "head")
			p.ok("check")
			if n, sum := renRows(t, db.SQL, "SELECT id, email_address, nick FROM users ORDER BY id"); n != usersN || sum != usersSum {
				t.Errorf("users after the renames: %d rows, checksum %s; want %d, %s", n, sum, usersN, usersSum)
			}
			if n, sum := renRows(t, db.SQL, "SELECT id, user_id, total FROM purchases ORDER BY id"); n != ordersN || sum != ordersSum {
				t.Errorf("purchases after the renames: %d rows, checksum %s; want %d, %s", n, sum, ordersN, ordersSum)
			}
			for _, c := range []struct {
				q, name string
				want    int
			}{
				{rd.index, "ix_users_mail", 1}, {rd.index, "ix_users_email", 0},
				{rd.index, "ux_purchases_total", 1}, {rd.index, "ux_orders_total", 0},
				{rd.constraint, "uq_users_handle", 1}, {rd.constraint, "uq_users_nick", 0},
				{rd.constraint, "ck_users_nick_set", 1}, {rd.constraint, "ck_users_nick", 0},
				{rd.constraint, "fk_purchases_user", 1}, {rd.constraint, "fk_orders_user", 0},
			} {
				if got := renCount(t, db.SQL, c.q, c.name); got != c.want {
					t.Errorf("after the upgrade, the server has %d of %s, want %d", got, c.name, c.want)
				}
			}
			// The renamed key still holds: a purchase of a missing user is refused.
			if _, err := db.SQL.Exec("INSERT INTO purchases (id, user_id, total) VALUES (1000, 9999, 1)"); err == nil {
				t.Error("the renamed foreign key let a purchase of a missing user in")
			}

			p.ok("downgrade", "-1")
			if n, sum := renRows(t, db.SQL, "SELECT id, email, nick FROM users ORDER BY id"); n != usersN || sum != usersSum {
				t.Errorf("users after the downgrade: %d rows, checksum %s; want %d, %s", n, sum, usersN, usersSum)
			}
			if n, sum := renRows(t, db.SQL, "SELECT id, user_id, total FROM orders ORDER BY id"); n != ordersN || sum != ordersSum {
				t.Errorf("orders after the downgrade: %d rows, checksum %s; want %d, %s", n, sum, ordersN, ordersSum)
			}
			if renCount(t, db.SQL, rd.index, "ix_users_email") != 1 || renCount(t, db.SQL, rd.index, "ux_orders_total") == 0 || renCount(t, db.SQL, rd.constraint, "uq_users_nick") != 1 || renCount(t, db.SQL, rd.constraint, "fk_orders_user") != 1 {
				t.Error("after the downgrade the server lacks the old index or constraint names")
			}
			// Without the renames revision, the old models match again.
			renPath, _ := pgVersionFile(p, "renames")
			if err := os.Remove(renPath); err != nil {
				t.Fatal(err)
			}
			p.write("models/models.go", renModel(renUsersV1, renOrdersV1))
			p.ok("check")
		})
	}
}

// TestDestructiveGate: an autogenerated drop_column is written with
// acknowledge_destructive: false and a comment; check reports it; upgrade
// --require-acknowledged refuses it (online and --sql) and runs nothing; once
// the key is true it runs.
func TestDestructiveGate(t *testing.T) {
	db := testdb.SQLite(t)
	dir := scratch.Module(t, map[string]string{"models/models.go": renModel(renUsersV1, renOrdersV1)})
	p := &project{t: t, Dir: dir, Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.ok("revision", "--autogenerate", "-m", "init")
	p.ok("upgrade", "head", "--require-acknowledged")
	if _, err := db.SQL.Exec("INSERT INTO users (id, email, nick) VALUES (1, 'a@example.com', 'a')"); err != nil {
		t.Fatal(err)
	}
	noNick := strings.Replace(strings.Replace(renUsersV1, "\tschema.Col(\"nick\", schema.Varchar(50)),\n", "", 1), "\tschema.UniqueConstraint(\"uq_users_nick\", \"nick\"),\n", "", 1)
	p.write("models/models.go", renModel(noNick, renOrdersV1))
	r := p.run("check", "--format", "json")
	if r.Code != 1 || !strings.Contains(r.Stdout, `"op": "drop_column",`) || !strings.Contains(r.Stdout, `drops column users.nick`) {
		t.Fatalf("check --format json: exit %d, want 1 with the destructive drop:\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	r = p.run("check")
	if r.Code != 1 || !strings.Contains(r.Stderr, "WARN  Destructive: op 2 (drop_column) drops column users.nick and every value in it") {
		t.Fatalf("check: exit %d, want 1 with a warning about the drop:\n%s", r.Code, r.Stderr)
	}
	r = p.ok("revision", "--autogenerate", "-m", "drop nick")
	if !strings.Contains(r.Stderr, "WARN  Destructive: upgrade op") {
		t.Errorf("revision does not warn about the drop:\n%s", r.Stderr)
	}
	path, body := pgVersionFile(p, "drop_nick")
	if !strings.Contains(body, "# DESTRUCTIVE: drops column users.nick and every value in it; review, then set acknowledge_destructive: true\n  - drop_column:") ||
		!strings.Contains(body, "acknowledge_destructive: false") {
		t.Fatalf("revision does not mark the drop:\n%s", body)
	}
	p.fails(1, "drop_column) drops column users.nick", "upgrade", "head", "--require-acknowledged")
	p.fails(1, "nothing was run", "upgrade", "head", "--sql", "--require-acknowledged")
	var n int
	if err := db.SQL.QueryRow("SELECT count(*) FROM pragma_table_info('users') WHERE name = 'nick'").Scan(&n); err != nil || n != 1 {
		t.Fatalf("after the refusal the column nick is there %d times (%v), want 1", n, err)
	}
	if cur := p.ok("current").Stdout; strings.Contains(cur, "(head)") {
		t.Errorf("after the refusal current is %q, want the revision before head", cur)
	}
	// Acknowledged in the file: the gate lets it through.
	if err := os.WriteFile(path, []byte(strings.Replace(body, "acknowledge_destructive: false", "acknowledge_destructive: true", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	p.ok("upgrade", "head", "--require-acknowledged")
	if err := db.SQL.QueryRow("SELECT count(*) FROM pragma_table_info('users') WHERE name = 'nick'").Scan(&n); err != nil || n != 0 {
		t.Errorf("after the acknowledged upgrade the column nick is there %d times (%v), want 0", n, err)
	}
	// The downgrade's drop (of the column it re-adds) is not gated here: it
	// re-adds nick, which loses nothing.
	p.ok("downgrade", "-1", "--require-acknowledged")
}
