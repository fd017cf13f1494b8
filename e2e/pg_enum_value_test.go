package e2e_test

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
)

// pgEnumLabels returns the labels of enum typ in order, from pg_enum.
func pgEnumLabels(t *testing.T, db *testdb.DB, typ string) string {
	t.Helper()
	var labels string
	if err := db.SQL.QueryRow(`SELECT coalesce(string_agg(enumlabel, ',' ORDER BY enumsortorder), '') FROM pg_enum WHERE enumtypid = $1::regtype`, typ).Scan(&labels); err != nil {
		t.Fatalf("reading pg_enum of %s: %v", typ, err)
	}
	return labels
}

const pgEnumBase = `revision: e1
down_revision: null
message: posts
upgrade:
  - create_enum: {name: post_status, values: [draft, published]}
  - execute: "CREATE TABLE posts (id int PRIMARY KEY, status post_status NOT NULL DEFAULT 'draft')"
downgrade:
  - execute: "DROP TABLE posts"
  - drop_enum: {name: post_status, values: [draft, published]}
`

// TestPgAddEnumValueRerunnable: upgrade, downgrade, upgrade of a revision adding
// an enum value whose downgrade keeps the value (as autogenerate's did) runs:
// ADD VALUE IF NOT EXISTS.
func TestPgAddEnumValueRerunnable(t *testing.T) {
	db := testdb.Postgres(t)
	p := pgProject(t, db, pgEmptyModels)
	p.write("migrations/versions/e1_posts.yaml", pgEnumBase)
	p.write("migrations/versions/e2_review.yaml", `revision: e2
down_revision: e1
message: review
upgrade:
  - add_enum_value: {name: post_status, value: review, after: draft}
downgrade: []
`)
	p.ok("upgrade", "head")
	p.ok("downgrade", "-1")
	p.ok("upgrade", "head")
	if got := pgEnumLabels(t, db, "post_status"); got != "draft,review,published" {
		t.Errorf("labels = %q, want draft,review,published", got)
	}
}

// TestPgDropEnumValue: drop_enum_value (the reverse of add_enum_value) rebuilds
// the type without the value, keeps the column's rows and default, and refuses,
// changing nothing, while a row holds the value.
func TestPgDropEnumValue(t *testing.T) {
	db := testdb.Postgres(t)
	p := pgProject(t, db, pgEmptyModels)
	p.write("migrations/versions/e1_posts.yaml", pgEnumBase)
	p.write("migrations/versions/e2_review.yaml", `revision: e2
down_revision: e1
message: review
upgrade:
  - add_enum_value: {name: post_status, value: review, after: draft}
downgrade:
  - drop_enum_value: {name: post_status, value: review, after: draft}
`)
	p.ok("upgrade", "head")
	if _, err := db.SQL.Exec(`INSERT INTO posts VALUES (1, 'published'), (2, DEFAULT)`); err != nil {
		t.Fatal(err)
	}
	p.ok("downgrade", "-1")
	if got := pgEnumLabels(t, db, "post_status"); got != "draft,published" {
		t.Errorf("labels after downgrade = %q, want draft,published", got)
	}
	var rows, def, typ string
	if err := db.SQL.QueryRow(`SELECT string_agg(id || '=' || status, ',' ORDER BY id) FROM posts`).Scan(&rows); err != nil || rows != "1=published,2=draft" {
		t.Errorf("rows after downgrade = %q, %v", rows, err)
	}
	if err := db.SQL.QueryRow(`SELECT pg_get_expr(d.adbin, d.adrelid), format_type(a.atttypid, a.atttypmod) FROM pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = 'posts'::regclass AND a.attname = 'status'`).Scan(&def, &typ); err != nil || def != "'draft'::post_status" || typ != "post_status" {
		t.Errorf("status default, type = %q, %q, %v", def, typ, err)
	}
	var leftover int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM pg_type WHERE typname LIKE 'migrate_old_enum_%'`).Scan(&leftover); err != nil || leftover != 0 {
		t.Errorf("old types left: %d, %v", leftover, err)
	}

	// Up again, a row uses the value: the downgrade stops and changes nothing.
	p.ok("upgrade", "head")
	if _, err := db.SQL.Exec(`INSERT INTO posts VALUES (3, 'review')`); err != nil {
		t.Fatal(err)
	}
	r := p.fails(1, "review", "downgrade", "-1")
	for _, want := range []string{"posts", "status", "1 row(s)"} {
		if !strings.Contains(r.Stderr, want) {
			t.Errorf("error lacks %q:\n%s", want, r.Stderr)
		}
	}
	if got := pgEnumLabels(t, db, "post_status"); got != "draft,review,published" {
		t.Errorf("labels after the refused downgrade = %q", got)
	}
	if got := strings.TrimSpace(p.ok("current").Stdout); !strings.HasPrefix(got, "e2") {
		t.Errorf("current after the refused downgrade = %q, want e2", got)
	}
	// Offline, the same DO block is printed.
	if sql := p.ok("downgrade", "e2:e1", "--sql").Stdout; !strings.Contains(sql, "DO $migrate_drop_enum_value$") {
		t.Errorf("offline downgrade lacks the DO block:\n%s", sql)
	}
}
