package sqlite

import (
	"errors"
	"strings"

	gosqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/retortdb/migrate/dialect"
)

// ClassifyError reads the primary result code of an SQLite error
// (*sqlite.Error, extended codes reduced to their primary one): SQLITE_BUSY and
// SQLITE_LOCKED are a lock timeout (another connection holds the database past
// the busy timeout); SQLITE_INTERRUPT is a cancellation (the driver interrupts a
// statement whose context ends). SQLite reports a missing table only as the
// generic SQLITE_ERROR, so that code with SQLite's fixed, untranslated message
// "no such table: …" is a missing table. SQLite has no statement timeout of its own,
// and no connection to lose. Errors that are not SQLite's go to
// dialect.ClassifyCommon.
func (Dialect) ClassifyError(err error) dialect.ErrorKind {
	var se *gosqlite.Error
	if !errors.As(err, &se) {
		return dialect.ClassifyCommon(err)
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return dialect.ErrLockTimeout
	case sqlite3.SQLITE_INTERRUPT:
		return dialect.ErrCancelled
	case sqlite3.SQLITE_ERROR:
		if strings.Contains(se.Error(), "no such table: ") {
			return dialect.ErrMissingTable
		}
	}
	return dialect.ErrOther
}
