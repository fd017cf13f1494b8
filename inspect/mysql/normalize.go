package mysql

import (
	"database/sql"
	"regexp"
	"strconv"
	"strings"

	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/schema"
)

// flavor says which server an inspection talks to; MariaDB and MySQL 8 write
// defaults, CHECK constraints and JSON columns differently in information_schema.
type flavor struct {
	MariaDB bool
	// Major, Minor and Patch are the server version's numbers (10, 11, 19).
	Major, Minor, Patch int
}

// parseFlavor reads SELECT VERSION()'s text ("10.11.19-MariaDB-0+deb12u1",
// "8.0.36") into a flavor. Unreadable numbers are left 0.
func parseFlavor(version string) flavor {
	f := flavor{MariaDB: strings.Contains(strings.ToLower(version), "mariadb")}
	num := version
	if i := strings.IndexAny(num, "-+ "); i >= 0 {
		num = num[:i]
	}
	parts := strings.Split(num, ".")
	vals := []*int{&f.Major, &f.Minor, &f.Patch}
	for i := 0; i < len(parts) && i < 3; i++ {
		*vals[i], _ = strconv.Atoi(parts[i])
	}
	return f
}

// hasCheckConstraints reports whether information_schema.CHECK_CONSTRAINTS exists
// (MariaDB 10.2+, MySQL 8.0.16+).
func (f flavor) hasCheckConstraints() bool {
	if f.MariaDB {
		return f.Major > 10 || (f.Major == 10 && f.Minor >= 2)
	}
	return f.Major > 8 || (f.Major == 8 && (f.Minor > 0 || f.Patch >= 16))
}

// hasIndexExpressions reports whether information_schema.STATISTICS has the
// EXPRESSION column of functional key parts (MySQL 8.0.13+; MariaDB has none).
func (f flavor) hasIndexExpressions() bool {
	if f.MariaDB {
		return false
	}
	return f.Major > 8 || (f.Major == 8 && (f.Minor > 0 || f.Patch >= 13))
}

// hiddenIndexColumn returns the information_schema.STATISTICS expression that
// is 'YES' for an index the optimizer ignores — MariaDB 10.6+'s IGNORED, MySQL
// 8's IS_VISIBLE = 'NO' — or "'NO'" on servers without either.
func (f flavor) hiddenIndexColumn() string {
	switch {
	case f.MariaDB && (f.Major > 10 || (f.Major == 10 && f.Minor >= 6)):
		return "IGNORED"
	case !f.MariaDB && f.Major >= 8:
		return "IF(IS_VISIBLE = 'NO', 'YES', 'NO')"
	}
	return "'NO'"
}

// unescapeMySQL8 undoes the backslash-escaping of quotes that MySQL 8 applies to
// expression text in information_schema (CHECK_CLAUSE, generated defaults:
// "_utf8mb4\'x\'"). MariaDB text needs no such step.
func unescapeMySQL8(s string) string {
	return strings.ReplaceAll(s, `\'`, `'`)
}

var onUpdateRe = regexp.MustCompile(`(?i)on update (current_timestamp|now|localtimestamp|localtime)(\(\s*\d*\s*\))?`)

// stringish DATA_TYPEs: MySQL 8 writes their literal defaults unquoted.
var stringish = map[string]bool{
	"char": true, "varchar": true, "tinytext": true, "text": true, "mediumtext": true, "longtext": true,
	"enum": true, "set": true, "date": true, "datetime": true, "timestamp": true, "time": true, "year": false,
	"binary": true, "varbinary": true, "json": true,
}

// inspectedDefault turns information_schema.COLUMNS' COLUMN_DEFAULT and EXTRA into
// the column's normalised server default, or nil for none. dataType is DATA_TYPE
// and t the column's mapped type.
//
// MariaDB (10.2.7+) quotes string literals, writes "NULL" for a NULL default and
// current_timestamp() for CURRENT_TIMESTAMP. MySQL 8 writes literals unquoted
// (quoted back here for string and date types) and flags expressions with
// DEFAULT_GENERATED in EXTRA. ON UPDATE CURRENT_TIMESTAMP, which the model has no
// field for, is kept in the default expression ("CURRENT_TIMESTAMP ON UPDATE
// CURRENT_TIMESTAMP", the spelling SQLAlchemy documents for MySQL), so it survives a
// MODIFY COLUMN.
func inspectedDefault(f flavor, columnDefault sql.NullString, extra, dataType string, t schema.Type) *string {
	expr := ""
	switch {
	case !columnDefault.Valid:
	case f.MariaDB:
		if !strings.EqualFold(columnDefault.String, "NULL") {
			expr = columnDefault.String
		}
	case strings.Contains(strings.ToLower(extra), "default_generated"):
		expr = unescapeMySQL8(columnDefault.String)
	case stringish[strings.ToLower(dataType)]:
		expr, _ = mysqldialect.Dialect{}.Literal(columnDefault.String)
	default:
		expr = columnDefault.String
	}
	if m := onUpdateRe.FindString(extra); m != "" {
		if expr == "" {
			expr = "NULL"
		}
		expr += " " + m
	}
	if out := (mysqldialect.Dialect{}).NormalizeDefault(expr, t); out != "" {
		return &out
	}
	return nil
}

// isJSONCheck reports whether a CHECK constraint is the json_valid(`col`) check
// MariaDB adds to a JSON column (which it stores as LONGTEXT), so the inspector can
// report the column as json and hide the check. name and clause are the
// constraint's; MariaDB names it after the column.
func isJSONCheck(name, clause, column string) bool {
	if name != column {
		return false
	}
	return strings.EqualFold(strings.ReplaceAll(mysqldialect.NormalizeCheck(clause), " ", ""), "json_valid("+mysqldialect.Dialect{}.QuoteIdent(column)+")")
}
