package mysql

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

// ALTER TABLE algorithms, from the cheapest: INSTANT changes only metadata,
// NOCOPY (MariaDB 10.3+) changes the table in place without rebuilding it,
// INPLACE may rebuild it in place (while other sessions read and write it
// under LOCK=NONE), COPY writes a new table while writes wait.
const (
	algInstant = "INSTANT"
	algNoCopy  = "NOCOPY"
	algInplace = "INPLACE"
	algCopy    = "COPY"

	lockNone   = "NONE"
	lockShared = "SHARED"
)

// serverVersion is a MySQL or MariaDB version.
type serverVersion struct {
	mariadb             bool
	major, minor, patch int
}

// parseServerVersion reads VERSION()'s value ("10.11.6-MariaDB-1",
// "8.0.36"); unknown is MariaDB 10.11, the server the rules were proven on.
func parseServerVersion(v string) serverVersion {
	out := serverVersion{mariadb: true, major: 10, minor: 11}
	v = strings.TrimSpace(v)
	if v == "" {
		return out
	}
	fields := strings.FieldsFunc(v, func(r rune) bool { return r == '-' || r == ' ' })
	if len(fields) == 0 {
		return out
	}
	nums := strings.SplitN(fields[0], ".", 3)
	var n [3]int
	for i, s := range nums {
		n[i], _ = strconv.Atoi(s)
	}
	return serverVersion{mariadb: strings.Contains(strings.ToLower(v), "mariadb") || n[0] >= 10, major: n[0], minor: n[1], patch: n[2]}
}

func (v serverVersion) atLeast(major, minor, patch int) bool {
	if v.major != major {
		return v.major > major
	}
	if v.minor != minor {
		return v.minor > minor
	}
	return v.patch >= patch
}

// instantAddColumn: MariaDB 10.3.2 and MySQL 8.0.12 add a column instantly.
func (v serverVersion) instantAddColumn() bool {
	if v.mariadb {
		return v.atLeast(10, 3, 2)
	}
	return v.atLeast(8, 0, 12)
}

// instantDropColumn: MariaDB 10.4 and MySQL 8.0.29 drop a column instantly.
func (v serverVersion) instantDropColumn() bool {
	if v.mariadb {
		return v.atLeast(10, 4, 0)
	}
	return v.atLeast(8, 0, 29)
}

// noCopy is NOCOPY on MariaDB 10.3+, INPLACE elsewhere (MySQL has no NOCOPY).
func (v serverVersion) noCopy() string {
	if v.mariadb && v.atLeast(10, 3, 0) {
		return algNoCopy
	}
	return algInplace
}

// LintStatements returns, for each ALTER of in, the cheapest ALTER TABLE
// algorithm InnoDB can use on in.Version and the weakest lock it can run
// under (dialect.Linter), after MariaDB's "InnoDB Online DDL Operations" and
// MySQL's "Online DDL Operations" pages: the clauses ALGORITHM=…, LOCK=… that
// the server accepts for it, which the proof tests check against the server.
// A COPY rebuilds the table and blocks writes (LOCK=SHARED); INPLACE with
// LOCK=NONE lets reads and writes go on. A statement on a table new in the
// revision has no finding. Rules: my-add-column, my-drop-column,
// my-alter-column, my-create-index, my-drop-index, my-add-unique,
// my-add-primary-key, my-add-foreign-key, my-add-check, my-drop-constraint,
// my-rename, my-table-comment.
func (d Dialect) LintStatements(in *dialect.LintInput) []dialect.LintFinding {
	v := parseServerVersion(in.Version)
	created := map[string]bool{}
	var out []dialect.LintFinding
	for si, s := range in.Statements {
		if s.Op < 0 || s.Op >= len(in.Ops) {
			continue
		}
		o := in.Ops[s.Op]
		if ct, ok := o.(*ops.CreateTable); ok && ct.Table != nil {
			created[ct.Table.Schema+"."+ct.Table.Name] = true
			continue
		}
		if sch, t, ok := ops.AlteredTable(o); ok && created[sch+"."+t] {
			continue
		}
		f, ok := lintOne(o, s.SQL, v, in.Before)
		if !ok {
			continue
		}
		f.Statement = si
		if m := ops.MySQLOnlineOf(o); m != nil {
			refused(&f, m)
		}
		if f.Level == "" {
			f.Level = dialect.LintInfo
			if f.Lock != lockNone {
				f.Level = dialect.LintWarning
			}
		}
		if f.Safer == "" && f.Lock != lockNone {
			f.Safer = "run it with an online schema change tool (gh-ost, pt-online-schema-change) on a large table"
		}
		out = append(out, f)
	}
	return out
}

// refused turns f into an error when the op's own clauses ask for less than
// the server needs (mysql_lock none where it needs SHARED, mysql_algorithm
// instant where it needs INPLACE): the server refuses the statement.
func refused(f *dialect.LintFinding, m *ops.MySQLOnline) {
	var why []string
	if l := strings.ToUpper(m.Lock); l == lockNone && f.Lock != "" && f.Lock != lockNone {
		why = append(why, "LOCK=NONE where it needs LOCK="+f.Lock)
	}
	rank := map[string]int{algInstant: 0, algNoCopy: 1, algInplace: 2, algCopy: 3}
	if a := strings.ToUpper(m.Algorithm); a != "" && a != "DEFAULT" && f.Algorithm != "" && rank[a] < rank[f.Algorithm] {
		why = append(why, "ALGORITHM="+a+" where it needs ALGORITHM="+f.Algorithm)
	}
	if len(why) == 0 {
		return
	}
	f.Level = dialect.LintError
	f.Message = "the server refuses this statement (" + strings.Join(why, ", ") + "): " + f.Message
	f.Safer = "drop mysql_lock/mysql_algorithm to let it block, or change the schema another way (" + f.Safer + ")"
}

// lintOne classifies one statement; ok is false for a statement no rule
// covers (CREATE TABLE, DROP TABLE, INSERT, raw SQL).
func lintOne(o ops.Op, sql string, v serverVersion, before *schema.MetaData) (dialect.LintFinding, bool) {
	switch o := o.(type) {
	case *ops.AddColumn:
		if o.Column != nil && o.Column.Default != nil && copiedDefault(*o.Column.Default, v) {
			return dialect.LintFinding{Rule: "my-add-column", Algorithm: algCopy, Lock: lockShared, Rewrite: true,
				Message: fmt.Sprintf("adding column %s with default %s copies table %s and blocks its writes to compute a value per row", o.Column.Name, *o.Column.Default, o.Table),
				Safer:   "add the column without the default, set the default for new rows, then fill old rows in batches"}, true
		}
		if v.instantAddColumn() {
			return dialect.LintFinding{Rule: "my-add-column", Algorithm: algInstant, Lock: lockNone,
				Message: fmt.Sprintf("adding a column to table %s is an instant metadata change", o.Table)}, true
		}
		return dialect.LintFinding{Rule: "my-add-column", Algorithm: algInplace, Lock: lockNone, Rewrite: true,
			Message: fmt.Sprintf("adding a column rebuilds table %s in place; reads and writes go on", o.Table)}, true
	case *ops.DropColumn:
		f := dialect.LintFinding{Rule: "my-drop-column", Level: dialect.LintWarning, Algorithm: algInstant, Lock: lockNone,
			Message: fmt.Sprintf("dropping column %s.%s is an instant metadata change, but code still reading it fails", o.Table, o.Column),
			Safer:   "stop reading the column in a deploy first, then drop it"}
		if !v.instantDropColumn() {
			f.Algorithm, f.Rewrite = algInplace, true
			f.Message = fmt.Sprintf("dropping column %s.%s rebuilds the table in place (reads and writes go on), and code still reading it fails", o.Table, o.Column)
		}
		return f, true
	case *ops.AlterColumn:
		return lintAlterColumn(o, sql, v, before), true
	case *ops.CreateIndex:
		if o.Index != nil && (strings.EqualFold(o.Index.Using, "fulltext") || strings.EqualFold(o.Index.Using, "spatial")) {
			return dialect.LintFinding{Rule: "my-create-index", Algorithm: algInplace, Lock: lockShared, Scan: true,
				Message: fmt.Sprintf("building a %s index blocks writes to table %s", strings.ToUpper(o.Index.Using), o.Table)}, true
		}
		return dialect.LintFinding{Rule: "my-create-index", Algorithm: v.noCopy(), Lock: lockNone, Scan: true,
			Message: fmt.Sprintf("building an index reads table %s while reads and writes go on", o.Table)}, true
	case *ops.DropIndex:
		return dialect.LintFinding{Rule: "my-drop-index", Algorithm: v.noCopy(), Lock: lockNone,
			Message: fmt.Sprintf("dropping an index of table %s changes metadata only", o.Table)}, true
	case *ops.CreateUniqueConstraint:
		return dialect.LintFinding{Rule: "my-add-unique", Algorithm: v.noCopy(), Lock: lockNone, Scan: true,
			Message: fmt.Sprintf("adding a UNIQUE key builds an index on table %s while reads and writes go on", o.Table)}, true
	case *ops.CreatePrimaryKey:
		return dialect.LintFinding{Rule: "my-add-primary-key", Algorithm: algInplace, Lock: lockNone, Rewrite: true,
			Message: fmt.Sprintf("adding a primary key rebuilds table %s in place (the rows are stored by it); reads and writes go on", o.Table)}, true
	case *ops.CreateForeignKey:
		return dialect.LintFinding{Rule: "my-add-foreign-key", Algorithm: algCopy, Lock: lockShared, Rewrite: true,
			Message: fmt.Sprintf("adding a foreign key with foreign_key_checks on copies table %s and blocks its writes", o.Table),
			Safer:   "check the rows with a query first, then add the key after execute: SET foreign_key_checks = 0 (INPLACE, LOCK=NONE, no copy; the server then checks no existing row)"}, true
	case *ops.CreateCheckConstraint:
		return dialect.LintFinding{Rule: "my-add-check", Algorithm: algCopy, Lock: lockShared, Rewrite: true,
			Message: fmt.Sprintf("adding a CHECK copies table %s and blocks its writes while every row is checked", o.Table)}, true
	case *ops.DropConstraint:
		switch o.Type {
		case ops.ConstraintPrimary:
			return dialect.LintFinding{Rule: "my-drop-constraint", Algorithm: algCopy, Lock: lockShared, Rewrite: true,
				Message: fmt.Sprintf("dropping the primary key copies table %s and blocks its writes", o.Table)}, true
		case ops.ConstraintUnique:
			return dialect.LintFinding{Rule: "my-drop-constraint", Algorithm: v.noCopy(), Lock: lockNone,
				Message: fmt.Sprintf("dropping a UNIQUE key of table %s changes metadata only", o.Table)}, true
		}
		alg := algInstant
		if !v.mariadb || !v.atLeast(10, 4, 0) {
			alg = algInplace
		}
		return dialect.LintFinding{Rule: "my-drop-constraint", Algorithm: alg, Lock: lockNone,
			Message: fmt.Sprintf("dropping a %s constraint of table %s changes metadata only", o.Type, o.Table)}, true
	case *ops.RenameTable:
		return dialect.LintFinding{Rule: "my-rename", Level: dialect.LintWarning, Algorithm: algInstant, Lock: lockNone,
			Message: fmt.Sprintf("renaming table %s to %s is a metadata change, but code still running against the old name fails", o.Name, o.NewName),
			Safer:   "expand and contract: keep the old name working (a view) until the code uses the new one"}, true
	case *ops.CreateTableComment, *ops.DropTableComment:
		return dialect.LintFinding{Rule: "my-table-comment", Algorithm: algInstant, Lock: lockNone,
			Message: "a table comment is a metadata change"}, true
	}
	return dialect.LintFinding{}, false
}

// lintAlterColumn classifies one statement of an alter_column: the costliest
// of its changes decides.
func lintAlterColumn(o *ops.AlterColumn, sql string, v serverVersion, before *schema.MetaData) dialect.LintFinding {
	f := dialect.LintFinding{Rule: "my-alter-column", Algorithm: algInstant, Lock: lockNone,
		Message: fmt.Sprintf("changing the default, comment or name of column %s.%s is a metadata change", o.Table, o.Column)}
	up := strings.ToUpper(sql)
	if strings.Contains(up, " ALTER COLUMN ") {
		return f
	}
	from := o.ExistingType
	if from == nil {
		if t := before.FindTable(o.Schema, o.Table); t != nil {
			if c := t.FindColumn(o.Column); c != nil {
				from = &c.Type
			}
		}
	}
	if o.Nullable != nil {
		f.Algorithm, f.Rewrite = algInplace, true
		f.Scan = !*o.Nullable
		f.Message = fmt.Sprintf("changing whether column %s.%s accepts NULL rebuilds table %s in place; reads and writes go on", o.Table, o.Column, o.Table)
	}
	if o.Type != nil {
		switch {
		case from != nil && widerVarchar(*from, *o.Type) && v.mariadb && v.atLeast(10, 4, 0):
			if f.Algorithm == algInstant {
				f.Message = fmt.Sprintf("lengthening varchar column %s.%s is a metadata change", o.Table, o.Column)
			}
		case from != nil && widerVarchar(*from, *o.Type) && !v.mariadb && (from.Length <= 63) == (o.Type.Length <= 63):
			f.Algorithm = algInplace
			f.Message = fmt.Sprintf("lengthening varchar column %s.%s keeps its length prefix: in place, no copy", o.Table, o.Column)
		default:
			f.Algorithm, f.Lock, f.Rewrite, f.Scan = algCopy, lockShared, true, false
			f.Message = fmt.Sprintf("changing the type of column %s.%s copies table %s and blocks its writes", o.Table, o.Column, o.Table)
			f.Safer = "add a new column of the new type, fill it in batches, switch the code, then drop the old column"
		}
	}
	if o.Collation != nil && f.Algorithm != algCopy {
		f.Algorithm, f.Lock = "", ""
		f.Level = dialect.LintWarning
		f.Message = fmt.Sprintf("changing the collation of column %s.%s is instant on MariaDB 10.11 when no index uses the column and copies the table otherwise", o.Table, o.Column)
		f.Safer = "execute the ALTER with ALGORITHM=INSTANT, LOCK=NONE appended, so the server refuses rather than copies"
	}
	return f
}

var reUUIDDefault = regexp.MustCompile(`(?i)\b(uuid|uuid_short|sys_guid|gen_random_uuid)\s*\(`)

// copiedDefault reports whether adding a column with default expr copies the
// table: on MariaDB a default calling UUID() (MariaDB computes it per row; a
// RAND() or arithmetic default stays instant), on MySQL any expression
// default in parentheses.
func copiedDefault(expr string, v serverVersion) bool {
	if v.mariadb {
		return reUUIDDefault.MatchString(expr)
	}
	return strings.Contains(expr, "(")
}

// widerVarchar reports whether to is a varchar at least as long as the
// varchar from.
func widerVarchar(from, to schema.Type) bool {
	return from.Name == schema.TVarchar && to.Name == schema.TVarchar && from.Length > 0 && to.Length >= from.Length
}

// ServerVersion returns the server's version (SELECT VERSION()), which the lint rules
// depend on (dialect.ServerVersioner).
func (Dialect) ServerVersion(ctx context.Context, db *sql.DB) (string, error) {
	var v string
	if err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&v); err != nil {
		return "", fmt.Errorf("reading the server version (SELECT VERSION()): %w", err)
	}
	return v, nil
}
