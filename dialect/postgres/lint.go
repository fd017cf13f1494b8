package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// PostgreSQL lock modes, as pg_locks.mode names them without the "Lock" suffix.
const (
	lockAccessExclusive   = "ACCESS EXCLUSIVE"
	lockShare             = "SHARE"
	lockShareRowExclusive = "SHARE ROW EXCLUSIVE"
	lockShareUpdateExcl   = "SHARE UPDATE EXCLUSIVE"
)

// LintStatements returns what PostgreSQL does with each statement of in
// (dialect.Linter): the lock it holds on the table (the "Table-Level Locks"
// and ALTER TABLE pages of PostgreSQL's documentation), whether it rewrites or
// scans the table under that lock, and the safer form to write instead. A
// statement on a table created earlier in the same revision works on a new,
// empty table and has no finding. Rules (named in
// docs/lint.md, each with a test that runs it on a server and probes it):
//
//   - pg-create-index: CREATE INDEX holds SHARE (writes wait) while it reads
//     the table; concurrently: true builds it under SHARE UPDATE EXCLUSIVE.
//   - pg-drop-index: DROP INDEX holds ACCESS EXCLUSIVE on the table.
//   - pg-add-column: ADD COLUMN with a volatile default (or
//     any default before PostgreSQL 11, or an identity/serial column) rewrites
//     the table under ACCESS EXCLUSIVE; a constant default is a catalog update;
//     a NOT NULL column without a default is an error (it fails on rows).
//   - pg-alter-column-type: ALTER COLUMN TYPE rewrites the table under ACCESS
//     EXCLUSIVE unless the old type converts to the new without a change of
//     storage (varchar(n) to a longer varchar or text, numeric to a wider
//     numeric of the same scale).
//   - pg-set-not-null: SET NOT NULL scans the table under ACCESS EXCLUSIVE,
//     unless (PostgreSQL 12+) a validated CHECK (column IS NOT NULL) proves it.
//   - pg-add-foreign-key, pg-add-check: adding the constraint validates every
//     row under the lock (SHARE ROW EXCLUSIVE on both tables, ACCESS EXCLUSIVE)
//     unless it is not_valid; validate_constraint then scans under SHARE
//     UPDATE EXCLUSIVE (pg-validate-constraint).
//   - pg-add-unique, pg-add-primary-key: the index is built under ACCESS
//     EXCLUSIVE.
//   - pg-rename: renaming a table or column is a catalog update, but code
//     still running against the old name fails.
//   - pg-drop-column: a catalog update, but code still reading the column
//     fails, and the statement fails while a view reads it: an error naming
//     the views when in.ViewsReading knows them (ALTER COLUMN TYPE too).
func (d Dialect) LintStatements(in *dialect.LintInput) []dialect.LintFinding {
	major := pgMajor(in.Version)
	fresh := freshTables(in)
	validated := map[string]bool{} // "schema.table.column" proven NOT NULL by a validated check
	if in.Before != nil {
		for _, t := range in.Before.Tables {
			for _, ck := range t.Checks {
				if c := notNullCheckColumn(ck.Expr); c != "" && !ck.NotValid {
					validated[t.Schema+"."+t.Name+"."+c] = true
				}
			}
		}
	}
	pendingChecks := map[string]string{} // "schema.table.name" -> column, checks added NOT VALID in this revision
	var out []dialect.LintFinding
	for si, s := range in.Statements {
		if s.Op < 0 || s.Op >= len(in.Ops) {
			continue
		}
		o := in.Ops[s.Op]
		add := func(f dialect.LintFinding) {
			f.Statement = si
			out = append(out, f)
		}
		if sch, t, ok := ops.AlteredTable(o); ok && fresh[sch+"."+t][s.Op] {
			continue
		}
		sql := strings.ToUpper(s.SQL)
		switch o := o.(type) {
		case *ops.CreateIndex:
			if o.Concurrently {
				add(dialect.LintFinding{Rule: "pg-create-index", Level: dialect.LintInfo, Lock: lockShareUpdateExcl, Scan: true,
					Message: fmt.Sprintf("CREATE INDEX CONCURRENTLY reads table %s twice without blocking reads or writes; it runs outside the revision's transaction", o.Table)})
				break
			}
			add(dialect.LintFinding{Rule: "pg-create-index", Level: dialect.LintWarning, Lock: lockShare, Scan: true,
				Message: fmt.Sprintf("CREATE INDEX blocks every write to table %s while it reads the whole table", o.Table),
				Safer:   "create_index with concurrently: true"})
		case *ops.DropIndex:
			if o.Concurrently {
				add(dialect.LintFinding{Rule: "pg-drop-index", Level: dialect.LintInfo, Lock: lockShareUpdateExcl,
					Message: "DROP INDEX CONCURRENTLY waits for running queries without blocking reads or writes"})
				break
			}
			add(dialect.LintFinding{Rule: "pg-drop-index", Level: dialect.LintWarning, Lock: lockAccessExclusive,
				Message: fmt.Sprintf("DROP INDEX takes ACCESS EXCLUSIVE on table %s: it waits for every running query and blocks all that come after", o.Table),
				Safer:   "drop_index with concurrently: true"})
		case *ops.AddColumn:
			if o.Column == nil {
				break
			}
			c := o.Column
			switch {
			case !c.Nullable && c.Default == nil && !c.Autoincrement:
				add(dialect.LintFinding{Rule: "pg-add-column", Level: dialect.LintError, Lock: lockAccessExclusive,
					Message: fmt.Sprintf("adding NOT NULL column %s without a default fails on a table with rows: table %s has no value to give them", c.Name, o.Table),
					Safer:   "add the column nullable (or with a constant server_default), fill it, then set nullable: false"})
			case c.Autoincrement:
				add(dialect.LintFinding{Rule: "pg-add-column", Level: dialect.LintWarning, Lock: lockAccessExclusive, Rewrite: true,
					Message: fmt.Sprintf("adding identity/serial column %s rewrites table %s under ACCESS EXCLUSIVE to number every row", c.Name, o.Table),
					Safer:   "add the column nullable without a default, fill it in batches, then attach the sequence"})
			case c.Default != nil && (major < 11 || volatileDefault(*c.Default)):
				why := "volatile default " + *c.Default
				if major < 11 && !volatileDefault(*c.Default) {
					why = "a default before PostgreSQL 11"
				}
				add(dialect.LintFinding{Rule: "pg-add-column", Level: dialect.LintWarning, Lock: lockAccessExclusive, Rewrite: true,
					Message: fmt.Sprintf("adding column %s with %s rewrites table %s under ACCESS EXCLUSIVE, computing the default for every row", c.Name, why, o.Table),
					Safer:   "add_column without server_default, alter_column server_default for new rows, then fill old rows in batches"})
			default:
				add(dialect.LintFinding{Rule: "pg-add-column", Level: dialect.LintInfo, Lock: lockAccessExclusive,
					Message: fmt.Sprintf("adding column %s to table %s is a catalog update (a constant or no default is stored once)", c.Name, o.Table)})
			}
		case *ops.AlterColumn:
			key := o.Schema + "." + o.Table + "." + o.Column
			switch {
			case strings.Contains(sql, " TYPE ") && len(in.ViewsReading[key]) > 0:
				add(dialect.LintFinding{Rule: "pg-alter-column-type", Level: dialect.LintError, Lock: lockAccessExclusive,
					Message: fmt.Sprintf("changing the type of column %s.%s fails: view %s reads it", o.Table, o.Column, strings.Join(in.ViewsReading[key], ", ")),
					Safer:   "drop the views that read the column first and create them again after the change"})
			case strings.Contains(sql, " TYPE "):
				if o.ExistingType != nil && coercible(*o.ExistingType, *o.Type) {
					add(dialect.LintFinding{Rule: "pg-alter-column-type", Level: dialect.LintInfo, Lock: lockAccessExclusive,
						Message: fmt.Sprintf("changing column %s.%s to %s keeps its storage: a catalog update, no rewrite", o.Table, o.Column, typeName(*o.Type))})
					break
				}
				add(dialect.LintFinding{Rule: "pg-alter-column-type", Level: dialect.LintWarning, Lock: lockAccessExclusive, Rewrite: true,
					Message: fmt.Sprintf("changing column %s.%s to %s rewrites table %s and its indexes under ACCESS EXCLUSIVE", o.Table, o.Column, typeName(*o.Type), o.Table),
					Safer:   "add a new column of the new type, fill it in batches, switch the code, then drop the old column"})
			case strings.HasSuffix(sql, " SET NOT NULL"):
				if validated[key] && major >= 12 {
					add(dialect.LintFinding{Rule: "pg-set-not-null", Level: dialect.LintInfo, Lock: lockAccessExclusive,
						Message: fmt.Sprintf("SET NOT NULL on %s.%s is a catalog update: a validated CHECK (%s IS NOT NULL) proves it without a scan", o.Table, o.Column, o.Column)})
					break
				}
				add(dialect.LintFinding{Rule: "pg-set-not-null", Level: dialect.LintWarning, Lock: lockAccessExclusive, Scan: true,
					Message: fmt.Sprintf("SET NOT NULL on %s.%s reads the whole table under ACCESS EXCLUSIVE", o.Table, o.Column),
					Safer:   "create_check_constraint (" + o.Column + " IS NOT NULL) with not_valid: true, validate_constraint, then alter_column nullable: false (PostgreSQL 12+), then drop the check"})
			case strings.Contains(sql, " RENAME COLUMN "):
				add(renameFinding(fmt.Sprintf("renaming column %s.%s to %s", o.Table, o.Column, o.NewName)))
			}
		case *ops.RenameTable:
			add(renameFinding(fmt.Sprintf("renaming table %s to %s", o.Name, o.NewName)))
		case *ops.DropColumn:
			if views := in.ViewsReading[o.Schema+"."+o.Table+"."+o.Column]; len(views) > 0 {
				add(dialect.LintFinding{Rule: "pg-drop-column", Level: dialect.LintError, Lock: lockAccessExclusive,
					Message: fmt.Sprintf("dropping column %s.%s fails: view %s reads it", o.Table, o.Column, strings.Join(views, ", ")),
					Safer:   "drop or redefine the views that read the column first (execute DROP VIEW / CREATE OR REPLACE VIEW), then drop it"})
				break
			}
			add(dialect.LintFinding{Rule: "pg-drop-column", Level: dialect.LintWarning, Lock: lockAccessExclusive,
				Message: fmt.Sprintf("dropping column %s.%s is a catalog update, but code still reading it fails, and the statement fails while a view reads it", o.Table, o.Column),
				Safer:   "stop reading the column in a deploy first, drop or change the views that read it, then drop it"})
		case *ops.CreateForeignKey:
			if o.ForeignKey == nil {
				break
			}
			ref := o.ForeignKey.RefTable
			if o.ForeignKey.NotValid {
				add(dialect.LintFinding{Rule: "pg-add-foreign-key", Level: dialect.LintInfo, Lock: lockShareRowExclusive,
					Message: fmt.Sprintf("adding foreign key %s NOT VALID locks tables %s and %s for a catalog update only; validate_constraint checks old rows later", o.ForeignKey.Name, o.Table, ref)})
				break
			}
			add(dialect.LintFinding{Rule: "pg-add-foreign-key", Level: dialect.LintWarning, Lock: lockShareRowExclusive, Scan: true,
				Message: fmt.Sprintf("adding foreign key %s blocks writes to tables %s and %s while it checks every row", o.ForeignKey.Name, o.Table, ref),
				Safer:   "create_foreign_key with not_valid: true, then validate_constraint in a later revision (or after a commit)"})
		case *ops.CreateCheckConstraint:
			if o.Check == nil {
				break
			}
			if o.Check.NotValid {
				if c := notNullCheckColumn(o.Check.Expr); c != "" {
					pendingChecks[o.Schema+"."+o.Table+"."+o.Check.Name] = c
				}
				add(dialect.LintFinding{Rule: "pg-add-check", Level: dialect.LintInfo, Lock: lockAccessExclusive,
					Message: fmt.Sprintf("adding check %s NOT VALID to table %s is a catalog update; validate_constraint checks old rows later", o.Check.Name, o.Table)})
				break
			}
			if c := notNullCheckColumn(o.Check.Expr); c != "" {
				validated[o.Schema+"."+o.Table+"."+c] = true
			}
			add(dialect.LintFinding{Rule: "pg-add-check", Level: dialect.LintWarning, Lock: lockAccessExclusive, Scan: true,
				Message: fmt.Sprintf("adding check %s reads all of table %s under ACCESS EXCLUSIVE", o.Check.Name, o.Table),
				Safer:   "create_check_constraint with not_valid: true, then validate_constraint"})
		case *ops.ValidateConstraint:
			if c, ok := pendingChecks[o.Schema+"."+o.Table+"."+o.Name]; ok {
				validated[o.Schema+"."+o.Table+"."+c] = true
			}
			add(dialect.LintFinding{Rule: "pg-validate-constraint", Level: dialect.LintInfo, Lock: lockShareUpdateExcl, Scan: true,
				Message: fmt.Sprintf("VALIDATE CONSTRAINT %s reads table %s without blocking reads or writes (run it outside the transaction that added the constraint)", o.Name, o.Table)})
		case *ops.CreateUniqueConstraint:
			add(dialect.LintFinding{Rule: "pg-add-unique", Level: dialect.LintWarning, Lock: lockAccessExclusive, Scan: true,
				Message: fmt.Sprintf("adding a UNIQUE constraint builds its index under ACCESS EXCLUSIVE: table %s can be neither read nor written meanwhile", o.Table),
				Safer:   "create_index unique: true, concurrently: true, then execute ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX …"})
		case *ops.CreatePrimaryKey:
			add(dialect.LintFinding{Rule: "pg-add-primary-key", Level: dialect.LintWarning, Lock: lockAccessExclusive, Scan: true,
				Message: fmt.Sprintf("adding a primary key builds its index (and checks NOT NULL) under ACCESS EXCLUSIVE on table %s", o.Table),
				Safer:   "create_index unique: true, concurrently: true, then execute ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY USING INDEX …"})
		}
	}
	return out
}

func renameFinding(what string) dialect.LintFinding {
	return dialect.LintFinding{Rule: "pg-rename", Level: dialect.LintWarning, Lock: lockAccessExclusive,
		Message: what + " is a catalog update, but code still running against the old name fails from that moment",
		Safer:   "expand and contract: add the new name beside the old one (a view or a new column kept in step), deploy the code, then drop the old name"}
}

// freshTables returns, per "schema.table", the op indexes of in.Ops that work
// on a table that is new at that op: created by an earlier op of the list.
func freshTables(in *dialect.LintInput) map[string]map[int]bool {
	out := map[string]map[int]bool{}
	created := map[string]bool{}
	for i, o := range in.Ops {
		if ct, ok := o.(*ops.CreateTable); ok && ct.Table != nil {
			created[ct.Table.Schema+"."+ct.Table.Name] = true
			continue
		}
		sch, t, ok := ops.AlteredTable(o)
		if !ok {
			continue
		}
		key := sch + "." + t
		if created[key] {
			if out[key] == nil {
				out[key] = map[int]bool{}
			}
			out[key][i] = true
		}
	}
	return out
}

var reNotNullCheck = regexp.MustCompile(`(?i)^\s*\(?\s*"?([A-Za-z_][A-Za-z0-9_$]*)"?\s+IS\s+NOT\s+NULL\s*\)?\s*$`)

// notNullCheckColumn returns the column a CHECK condition of the form
// "column IS NOT NULL" is about, or "".
func notNullCheckColumn(expr string) string {
	if m := reNotNullCheck.FindStringSubmatch(expr); m != nil {
		return m[1]
	}
	return ""
}

var reVolatile = regexp.MustCompile(`(?i)\b(random|clock_timestamp|timeofday|gen_random_uuid|uuid_generate_v[14]|nextval|txid_current|statement_timestamp|setseed)\s*\(`)

// volatileDefault reports whether a default expression calls a volatile
// function, whose value PostgreSQL must compute for every existing row.
// now() and CURRENT_TIMESTAMP are stable (one value per transaction) and are
// stored once.
func volatileDefault(expr string) bool { return reVolatile.MatchString(expr) }

// coercible reports whether PostgreSQL changes a column from type from to
// type to without rewriting the table: the types are binary coercible and the
// new one accepts every value of the old (a longer varchar, varchar or char
// to text, a numeric of more precision and the same scale).
func coercible(from, to schema.Type) bool {
	from, to = canonical(from), canonical(to)
	switch {
	case from.Name == schema.TVarchar && to.Name == schema.TVarchar:
		return to.Length == 0 || (from.Length > 0 && to.Length >= from.Length)
	case from.Name == schema.TVarchar && to.Name == schema.TText:
		return true
	case from.Name == schema.TText && to.Name == schema.TVarchar:
		return to.Length == 0
	case from.Name == schema.TNumeric && to.Name == schema.TNumeric:
		return to.Precision == 0 || (from.Precision > 0 && to.Precision >= from.Precision && to.Scale == from.Scale)
	case from.Name == to.Name && from.Length == to.Length && from.Precision == to.Precision && from.Scale == to.Scale && from.EnumName == to.EnumName:
		return true
	}
	return false
}

func typeName(t schema.Type) string {
	if s, err := (Dialect{}).TypeSQL(t); err == nil {
		return s
	}
	return t.Name
}

// pgMajor returns the major version of a PostgreSQL version string ("15.4",
// "PostgreSQL 15.4 on …", "9.6.2"); 12 when unknown.
func pgMajor(v string) int {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "PostgreSQL"))
	end := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(v)
	}
	n, err := strconv.Atoi(v[:end])
	if err != nil || n == 0 {
		return 12
	}
	return n
}

// ServerVersion returns the server's version (SHOW server_version), which the lint rules
// depend on (dialect.ServerVersioner).
func (Dialect) ServerVersion(ctx context.Context, db *sql.DB) (string, error) {
	var v string
	if err := db.QueryRowContext(ctx, "SHOW server_version").Scan(&v); err != nil {
		return "", fmt.Errorf("reading the server version (SHOW server_version): %w", err)
	}
	return v, nil
}

// ViewsReading returns the views that read each column, from pg_depend's
// rewrite-rule dependencies (dialect.ViewReader).
func (Dialect) ViewsReading(ctx context.Context, db *sql.DB) (map[string][]string, error) {
	const q = `SELECT DISTINCT
	CASE WHEN n.nspname = current_schema() THEN '' ELSE n.nspname END, c.relname, a.attname,
	CASE WHEN vn.nspname = current_schema() THEN v.relname ELSE vn.nspname || '.' || v.relname END
FROM pg_depend d
JOIN pg_rewrite r ON r.oid = d.objid
JOIN pg_class v ON v.oid = r.ev_class
JOIN pg_namespace vn ON vn.oid = v.relnamespace
JOIN pg_class c ON c.oid = d.refobjid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
  AND d.refobjsubid > 0 AND v.oid <> c.oid
ORDER BY 4`
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("reading which views read which columns (pg_depend): %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var sch, table, column, view string
		if err := rows.Scan(&sch, &table, &column, &view); err != nil {
			return nil, err
		}
		k := sch + "." + table + "." + column
		out[k] = append(out[k], view)
	}
	return out, rows.Err()
}
