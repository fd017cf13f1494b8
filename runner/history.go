package runner

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// historyTime is how history rows store times: UTC, microseconds, sortable text,
// the same on every dialect.
const historyTime = "2006-01-02 15:04:05.000000"

// historyTable is the history table's definition: one row per step a run
// applied, with the revision file's checksum and the run's --tag, written in the
// same transaction as the step's version-table change.
func historyTable(vt dialect.VersionTable) *schema.Table {
	col := func(name string, t schema.Type, nullable bool) *schema.Column {
		return &schema.Column{Name: name, Type: t, Nullable: nullable}
	}
	return &schema.Table{
		Schema: vt.Schema,
		Name:   vt.Name,
		Columns: []*schema.Column{
			col("started_at", schema.Varchar(26), false),
			col("revision", schema.Varchar(32), false),
			col("direction", schema.Varchar(9), false),
			col("checksum", schema.Varchar(64), true),
			col("finished_at", schema.Varchar(26), false),
			col("tool_version", schema.Varchar(40), true),
			col("tag", schema.Varchar(255), true),
		},
		PrimaryKey: &schema.PrimaryKeyDef{Name: vt.Name + "_pkey", Columns: []string{"started_at", "revision", "direction"}},
	}
}

// ensureHistory creates the history table if it does not exist, rendering the
// dialect's CREATE TABLE and making it CREATE TABLE IF NOT EXISTS (every dialect
// here has that form), and adds the columns a table created by an older
// version lacks (tag), with the dialect's add_column.
func (r *Runner) ensureHistory(ctx context.Context, x execer) error {
	if r.HistoryTable.Name == "" {
		return nil
	}
	stmts, err := r.Dialect.Render([]ops.Op{&ops.CreateTable{Table: historyTable(r.HistoryTable)}}, &dialect.RenderEnv{})
	if err != nil {
		return fmt.Errorf("rendering history table %s: %w", r.HistoryTable.Name, err)
	}
	for _, s := range stmts {
		q := s.SQL
		if !strings.HasPrefix(q, "CREATE TABLE ") {
			return fmt.Errorf("rendering history table %s: unexpected statement %q", r.HistoryTable.Name, q)
		}
		q = "CREATE TABLE IF NOT EXISTS " + strings.TrimPrefix(q, "CREATE TABLE ")
		if _, err := x.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("creating history table %s: %w (SQL: %s); set history_table: \"\" in migrate.yaml to run without it", r.HistoryTable.Name, err, q)
		}
	}
	have, err := r.historyColumns(ctx, x)
	if err != nil {
		return err
	}
	for _, c := range historyTable(r.HistoryTable).Columns {
		if have[c.Name] {
			continue
		}
		stmts, err := r.Dialect.Render([]ops.Op{&ops.AddColumn{Schema: r.HistoryTable.Schema, Table: r.HistoryTable.Name, Column: c}}, &dialect.RenderEnv{})
		if err != nil {
			return fmt.Errorf("rendering the new column %s of history table %s: %w", c.Name, r.HistoryTable.Name, err)
		}
		for _, s := range stmts {
			if _, err := x.ExecContext(ctx, s.SQL); err != nil {
				return fmt.Errorf("adding column %s to history table %s: %w (SQL: %s); add it by hand, or set history_table: \"\" in migrate.yaml to run without history", c.Name, r.HistoryTable.Name, err, s.SQL)
			}
		}
	}
	return nil
}

// historyColumns returns the names of the history table's columns, read from
// a SELECT that returns no row.
func (r *Runner) historyColumns(ctx context.Context, q queryer) (map[string]bool, error) {
	rs, err := q.QueryContext(ctx, "SELECT * FROM "+qualified(r.Dialect, r.HistoryTable)+" WHERE 1 = 0")
	if err != nil {
		return nil, fmt.Errorf("reading the columns of history table %s: %w", r.HistoryTable.Name, err)
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		return nil, fmt.Errorf("reading the columns of history table %s: %w", r.HistoryTable.Name, err)
	}
	have := map[string]bool{}
	for _, c := range cols {
		have[strings.ToLower(c)] = true
	}
	return have, rs.Err()
}

// historyInsert is the statement that records st, started at start, finished now.
func (r *Runner) historyInsert(st *Step, start time.Time) (string, error) {
	if r.HistoryTable.Name == "" {
		return "", nil
	}
	vals := []any{start.UTC().Format(historyTime), st.Revision.ID, st.Direction.String(), st.Revision.RecordedChecksum(), time.Now().UTC().Format(historyTime), r.ToolVersion, r.Tag}
	lits := make([]string, len(vals))
	for i, v := range vals {
		if s, ok := v.(string); ok && s == "" && (i == 3 || i >= 5) {
			lits[i] = "NULL"
			continue
		}
		l, err := r.Dialect.Literal(v)
		if err != nil {
			return "", err
		}
		lits[i] = l
	}
	return fmt.Sprintf("INSERT INTO %s (started_at, revision, direction, checksum, finished_at, tool_version, tag) VALUES (%s)",
		qualified(r.Dialect, r.HistoryTable), strings.Join(lits, ", ")), nil
}

// HistoryEntry is one row of the history table; Tag is the run's --tag ("" for
// none, and for rows of a table older than the tag column).
type HistoryEntry struct {
	StartedAt, Revision, Direction, Checksum, FinishedAt, ToolVersion, Tag string
}

// History returns the history table's rows, oldest first; none when history is
// off or the table does not exist yet.
func (r *Runner) History(ctx context.Context) ([]HistoryEntry, error) {
	if r.HistoryTable.Name == "" {
		return nil, nil
	}
	// SELECT * with the columns matched by name: a table created before a
	// column was added (tag) is read as it is, before any run adds it.
	q := "SELECT * FROM " + qualified(r.Dialect, r.HistoryTable)
	rows, err := r.DB.QueryContext(ctx, q)
	if err != nil {
		missing, _ := r.tableMissing(ctx, err, r.HistoryTable)
		if missing {
			return nil, nil
		}
		// Another run may have created the table between the SELECT and the
		// check: read once more.
		if rows, err = r.DB.QueryContext(ctx, q); err != nil {
			return nil, fmt.Errorf("reading history table %s: %w", r.HistoryTable.Name, err)
		}
	}
	defer rows.Close()
	var out []HistoryEntry
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("reading history table %s: %w", r.HistoryTable.Name, err)
	}
	for rows.Next() {
		var e HistoryEntry
		dst := map[string]*string{"started_at": &e.StartedAt, "revision": &e.Revision, "direction": &e.Direction,
			"checksum": &e.Checksum, "finished_at": &e.FinishedAt, "tool_version": &e.ToolVersion, "tag": &e.Tag}
		vals := make([]any, len(cols))
		nulls := make([]sql.NullString, len(cols))
		for i := range cols {
			vals[i] = &nulls[i]
		}
		if err := rows.Scan(vals...); err != nil {
			return nil, fmt.Errorf("reading history table %s: %w", r.HistoryTable.Name, err)
		}
		for i, c := range cols {
			if p := dst[strings.ToLower(c)]; p != nil {
				*p = nulls[i].String
			}
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].StartedAt < out[j].StartedAt })
	return out, rows.Err()
}

// IntegrityIssue is an applied revision whose file changed or disappeared since
// it was applied.
type IntegrityIssue struct {
	Revision string
	// Missing is true when no revision file has the id any more.
	Missing bool
	// Applied is the checksum recorded when it was applied; Now the file's.
	Applied, Now string
	Path         string
	AppliedAt    string
}

func (i IntegrityIssue) String() string {
	if i.Missing {
		return fmt.Sprintf("revision %s was applied at %s but its file has disappeared", i.Revision, i.AppliedAt)
	}
	return fmt.Sprintf("revision %s (%s) changed since it was applied at %s (checksum %.12s… then, %.12s… now)", i.Revision, i.Path, i.AppliedAt, i.Applied, i.Now)
}

// Integrity compares the history with the revision files: for every revision
// whose last recorded step is an upgrade (or a repair, see Repair), the file
// (looked up by id with file, which returns its checksum in the form of the
// recorded one, and its path) must still exist with the checksum recorded then.
// file returns now == recorded when it cannot tell. Revisions applied without
// history (history off, offline scripts, stamp) are not checked.
func (r *Runner) Integrity(ctx context.Context, file func(id, recorded string) (now, path string, ok bool)) ([]IntegrityIssue, error) {
	hist, err := r.History(ctx)
	if err != nil {
		return nil, err
	}
	last := map[string]HistoryEntry{}
	var order []string
	for _, e := range hist {
		if _, seen := last[e.Revision]; !seen {
			order = append(order, e.Revision)
		}
		last[e.Revision] = e
	}
	var issues []IntegrityIssue
	for _, id := range order {
		e := last[id]
		if (e.Direction != "upgrade" && e.Direction != RepairDirection) || e.Checksum == "" {
			continue
		}
		sum, path, ok := file(id, e.Checksum)
		switch {
		case !ok:
			issues = append(issues, IntegrityIssue{Revision: id, Missing: true, Applied: e.Checksum, AppliedAt: e.StartedAt})
		case sum != e.Checksum:
			issues = append(issues, IntegrityIssue{Revision: id, Applied: e.Checksum, Now: sum, Path: path, AppliedAt: e.StartedAt})
		}
	}
	return issues, nil
}
