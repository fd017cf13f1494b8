package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
)

// lockDatabase is the lock every SQLite write takes: one writer for the whole
// database file, readers go on (WAL) or wait (rollback journal).
const lockDatabase = "database write lock"

// LintStatements returns SQLite's findings for in (dialect.Linter). SQLite
// has one lock, on the whole database, and ALTER TABLE changes little in
// place: an op it cannot do natively is rendered as a table rebuild (the rows
// copied into a new table that takes the old one's place, see batch.go), whose cost grows with the
// table's rows and which holds the write lock throughout. Rules:
//
//   - sqlite-rebuild: on the first statement of an op that rebuilds its table;
//     the message counts the rebuilds of that table in the revision.
//   - sqlite-create-index: CREATE INDEX reads the table under the write lock.
//
// A table new in the revision has no finding.
func (d Dialect) LintStatements(in *dialect.LintInput) []dialect.LintFinding {
	created := map[string]bool{}
	rebuiltOp := map[int]bool{}
	for _, s := range in.Statements {
		if strings.Contains(s.SQL, TempPrefix) && strings.HasPrefix(s.SQL, "INSERT INTO") {
			rebuiltOp[s.Op] = true
		}
	}
	rebuilds := map[string]int{}
	for i, o := range in.Ops {
		if sch, t, ok := ops.AlteredTable(o); ok && rebuiltOp[i] {
			rebuilds[sch+"."+t]++
		}
	}
	var out []dialect.LintFinding
	seen := map[int]bool{}
	for si, s := range in.Statements {
		if s.Op < 0 || s.Op >= len(in.Ops) || seen[s.Op] {
			continue
		}
		seen[s.Op] = true
		o := in.Ops[s.Op]
		if ct, ok := o.(*ops.CreateTable); ok && ct.Table != nil {
			created[ct.Table.Schema+"."+ct.Table.Name] = true
			continue
		}
		sch, t, ok := ops.AlteredTable(o)
		if !ok || created[sch+"."+t] {
			continue
		}
		switch {
		case rebuiltOp[s.Op]:
			msg := fmt.Sprintf("table %s is rebuilt for %s (and the changes to it batched with that op): every row is copied into a new table, under the database's write lock, so its time grows with the table", t, ops.Name(o))
			if n := rebuilds[sch+"."+t]; n > 1 {
				msg += fmt.Sprintf(" (rebuilt %d times in this revision)", n)
			}
			out = append(out, dialect.LintFinding{Statement: si, Rule: "sqlite-rebuild", Level: dialect.LintWarning, Lock: lockDatabase, Rewrite: true,
				Message: msg, Safer: "run it when writers can wait; on a large table, copy in batches into a new table yourself"})
		case isCreateIndex(o):
			out = append(out, dialect.LintFinding{Statement: si, Rule: "sqlite-create-index", Level: dialect.LintInfo, Lock: lockDatabase, Scan: true,
				Message: fmt.Sprintf("CREATE INDEX reads table %s under the database's write lock", t)})
		}
	}
	return out
}

func isCreateIndex(o ops.Op) bool {
	_, ok := o.(*ops.CreateIndex)
	return ok
}

// ServerVersion returns the server's version (SELECT sqlite_version()), which the lint rules
// depend on (dialect.ServerVersioner).
func (Dialect) ServerVersion(ctx context.Context, db *sql.DB) (string, error) {
	var v string
	if err := db.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&v); err != nil {
		return "", fmt.Errorf("reading the server version (SELECT sqlite_version()): %w", err)
	}
	return v, nil
}
