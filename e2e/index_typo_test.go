package e2e_test

import (
	"testing"

	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/internal/testdb"
)

// TestIndexKeyTypo: schema.Index("ix", "nope") names no column; autogenerate
// stops naming the table, the index and the key, before writing a revision
// that upgrade would fail on.
func TestIndexKeyTypo(t *testing.T) {
	db := testdb.SQLite(t)
	p := &project{t: t, Dir: scratch.Module(t, map[string]string{"models/models.go": `package models

import "github.com/retortdb/migrate/schema"

// Metadata declares one table with a mistyped index key.
var Metadata = schema.NewMetaData()

var _ = Metadata.Table("users",
	schema.Col("id", schema.Integer()).PrimaryKey(),
	schema.Col("email", schema.Text()),
	schema.Index("ix_users_email", "emial"),
)
`}), Env: []string{"MIGRATE_URL=" + db.URL}}
	p.ok("init")
	p.fails(1, `index "ix_users_email" names column "emial"`, "revision", "--autogenerate", "-m", "users")
	if files := p.versionFiles(); len(files) != 0 {
		t.Fatalf("a revision was written: %v", files)
	}
}
