package mysql

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	driver "github.com/go-sql-driver/mysql"
	mysqldialect "github.com/retortdb/migrate/dialect/mysql"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/schema"
)

var _ inspect.ObjectNormalizer = Inspector{}

// scratchPrefix starts the name of every view NormalizeObjects creates. The
// inspector skips views so named, so that one left behind by a process killed
// between its CREATE and its DROP is never read as part of the schema, nor
// proposed for dropping; it can be dropped by hand at any time.
const scratchPrefix = "migrate_scratch_"

// isScratchName reports whether name is one of NormalizeObjects' scratch views.
func isScratchName(name string) bool {
	return strings.HasPrefix(strings.ToLower(name), scratchPrefix)
}

// NormalizeObjects has the server normalise declared view definitions: MySQL
// and MariaDB DDL is not transactional, so each view of objs is created under
// a scratch name (migrate_scratch_<random>_<n>) in the view's own database,
// on one connection whose current database is the one migrate works in (so
// that unqualified table names resolve as they will for the real view), read
// back from information_schema.VIEWS exactly as Inspect reads views, and
// dropped again at once (the drop is deferred, and runs even when the context
// is cancelled). The text read back, written for the view's real name, becomes
// its Definition. A view the server refuses (it reads a table that does not
// exist yet, say) keeps its definition as written. Triggers, functions and
// procedures are kept as written: creating a scratch trigger would take a
// lock on its table, and the server stores routine bodies as written.
//
// It needs the CREATE VIEW and DROP privileges on the database (and SELECT
// on what the view reads). Without them it returns the server's error, and
// the caller compares the remaining definitions as written.
func (Inspector) NormalizeObjects(ctx context.Context, db *sql.DB, objs []*schema.ObjectDef) error {
	var views []*schema.ObjectDef
	for _, o := range objs {
		if o.Kind == schema.KindView && !isScratchName(o.Name) {
			views = append(views, o)
		}
	}
	if len(views) == 0 {
		return nil
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("mysql: normalising view definitions: %w", err)
	}
	defer conn.Close()
	var current sql.NullString
	if err := conn.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&current); err != nil {
		return fmt.Errorf("mysql: normalising view definitions: %w", err)
	}
	if !current.Valid {
		return fmt.Errorf("mysql: normalising view definitions: no database is selected: put one in the URL")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	tag := scratchPrefix + hex.EncodeToString(b) + "_"
	var firstErr error
	for i, o := range views {
		err := normalizeView(ctx, conn, o, current.String, fmt.Sprintf("%s%d", tag, i))
		if err != nil && firstErr == nil {
			firstErr = err
		}
		if err != nil && strings.Contains(err.Error(), "privileges") {
			break // the next views would be refused the same way
		}
	}
	return firstErr
}

// normalizeView creates o under the scratch name tmp, reads it back and drops
// it. A CREATE the server refuses leaves o as it is, with no error; an error
// is returned only when the scratch view could not be read or dropped.
func normalizeView(ctx context.Context, conn *sql.Conn, o *schema.ObjectDef, current, tmp string) (err error) {
	def := strings.TrimSpace(o.Definition)
	for strings.HasSuffix(def, ";") {
		def = strings.TrimSpace(strings.TrimSuffix(def, ";"))
	}
	dbName := o.Schema
	if dbName == "" {
		dbName = current
	}
	target := quoteName(dbName) + "." + quoteName(tmp)
	create := "CREATE VIEW " + target + " AS " + def
	if v, ok, perr := mysqldialect.ParseViewDefinition(def); perr != nil {
		return nil // the renderer refuses it, naming the view
	} else if ok {
		if !strings.EqualFold(v.Name, o.Name) || v.Columns != "" {
			return nil // refused by the renderer, or a column list: compared as written
		}
		create = mysqldialect.CreateViewStatement(target, v.Query, v.Algorithm, v.Security, v.CheckOption)
	}
	if _, err := conn.ExecContext(ctx, create); err != nil {
		var me *driver.MySQLError
		if errors.As(err, &me) && (me.Number == 1142 || me.Number == 1044 || me.Number == 1227) {
			// ER_TABLEACCESS_DENIED_ERROR, ER_DBACCESS_DENIED_ERROR, ER_SPECIFIC_ACCESS_DENIED_ERROR
			return fmt.Errorf("mysql: normalising view %q in a scratch view (needs the CREATE VIEW and DROP privileges): %w", o.Name, err)
		}
		return nil // refused (it reads a table that does not exist yet, say): compared as written
	}
	defer func() {
		if _, derr := conn.ExecContext(context.WithoutCancel(ctx), "DROP VIEW IF EXISTS "+target); derr != nil && err == nil {
			err = fmt.Errorf("mysql: normalising view %q: dropping the scratch view %s: %w", o.Name, target, derr)
		}
	}()
	rows, err := conn.QueryContext(ctx, "SHOW CREATE VIEW "+target)
	if err != nil {
		return fmt.Errorf("mysql: normalising view %q: reading the scratch view back: %w", o.Name, err)
	}
	v, err := scanCreateView(rows, dbName, tmp)
	if err != nil {
		return fmt.Errorf("mysql: normalising view %q: %w", o.Name, err)
	}
	if v.Query != "" {
		o.Definition = mysqldialect.ViewDefinition(o.Name, v.Query, v.Algorithm, v.Security, v.CheckOption)
	}
	return nil
}
