package mysql

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
)

// fingerprintQueries read the structure of the current database from
// information_schema, each in a fixed order: what DDL changes, never row counts,
// sizes, AUTO_INCREMENT counters or times.
var fingerprintQueries = []string{
	`SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT
	 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
	`SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE,
	 COLLATION_NAME, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION
	 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
	`SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE, SUB_PART, INDEX_TYPE, COLLATION, INDEX_COMMENT
	 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
	`SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE
	 FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE`,
	`SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
	 FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
	`SELECT CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE, TABLE_NAME
	 FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
	`SELECT CONSTRAINT_NAME, CHECK_CLAUSE
	 FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY CONSTRAINT_NAME, CHECK_CLAUSE`,
	`SELECT TABLE_NAME, VIEW_DEFINITION
	 FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
	`SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, EVENT_MANIPULATION, ACTION_TIMING, ACTION_ORDER, ACTION_STATEMENT
	 FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = DATABASE() ORDER BY TRIGGER_NAME`,
	`SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION, LAST_ALTERED
	 FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_TYPE, ROUTINE_NAME`,
}

// SchemaFingerprint returns the SHA-256, in hex, of the structure of conn's
// current database as information_schema describes it (tables and their
// options, columns, indexes, constraints and foreign keys, views, triggers,
// routines), without row counts, sizes, counters or table times, so that it
// changes exactly when DDL changes the database. The runner compares it across
// a statement that was running when a run died. Errors name the catalog read
// that failed.
func (Dialect) SchemaFingerprint(ctx context.Context, conn *sql.Conn) (string, error) {
	var db sql.NullString
	if err := conn.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&db); err != nil || !db.Valid {
		return "", fmt.Errorf("mysql: reading the current database to fingerprint its schema: %v", err)
	}
	// The schema name as a literal: the server then reads that schema's
	// files only, where DATABASE() may make it look at every schema.
	lit := "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(db.String) + "'"
	h := sha256.New()
	for i, q := range fingerprintQueries {
		rs, err := conn.QueryContext(ctx, strings.ReplaceAll(q, "DATABASE()", lit))
		if err != nil {
			return "", fmt.Errorf("mysql: reading the schema's structure (query %d of %d): %w", i+1, len(fingerprintQueries), err)
		}
		cols, err := rs.Columns()
		if err != nil {
			rs.Close()
			return "", fmt.Errorf("mysql: reading the schema's structure: %w", err)
		}
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for j := range vals {
			ptrs[j] = &vals[j]
		}
		fmt.Fprintf(h, "#%d\n", i)
		for rs.Next() {
			if err := rs.Scan(ptrs...); err != nil {
				rs.Close()
				return "", fmt.Errorf("mysql: reading the schema's structure: %w", err)
			}
			for _, v := range vals {
				if v.Valid {
					fmt.Fprintf(h, "%d:%s", len(v.String), v.String)
				} else {
					h.Write([]byte("N"))
				}
				h.Write([]byte{0})
			}
			h.Write([]byte{'\n'})
		}
		err = rs.Err()
		rs.Close()
		if err != nil {
			return "", fmt.Errorf("mysql: reading the schema's structure: %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// dataVerbs are the first words of statements that never commit on their own:
// inside a transaction they take effect only with its COMMIT.
var dataVerbs = map[string]bool{"INSERT": true, "UPDATE": true, "DELETE": true, "REPLACE": true, "SELECT": true, "WITH": true, "VALUES": true, "TABLE": true, "DO": true}

// CommitsOnItsOwn reports whether stmt may commit by itself (MySQL's implicit
// commit: DDL, and everything but the data statements INSERT, UPDATE, DELETE,
// REPLACE, SELECT, WITH, VALUES, TABLE and DO, which are told by their first
// word after comments and parentheses). A statement that does not is atomic
// with the progress record the runner writes in its transaction.
func (Dialect) CommitsOnItsOwn(stmt string) bool {
	s := stmt
	for {
		s = strings.TrimLeft(s, " \t\r\n(")
		switch {
		case strings.HasPrefix(s, "/*"):
			end := strings.Index(s, "*/")
			if end < 0 {
				return true
			}
			s = s[end+2:]
		case strings.HasPrefix(s, "--"), strings.HasPrefix(s, "#"):
			end := strings.IndexByte(s, '\n')
			if end < 0 {
				return true
			}
			s = s[end+1:]
		default:
			end := strings.IndexFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') })
			if end < 0 {
				end = len(s)
			}
			return !dataVerbs[strings.ToUpper(s[:end])]
		}
	}
}
