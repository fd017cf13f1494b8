package ops

import (
	"fmt"
	"slices"
	"strings"

	"github.com/retortdb/migrate/internal/yamlx"
)

// MySQLOnline are the ALGORITHM= and LOCK= clauses MySQL and MariaDB accept
// on ALTER TABLE and CREATE INDEX (the keys mysql_algorithm and mysql_lock).
// With them the server refuses a statement it cannot run that way instead of
// silently running it a slower way: mysql_lock: none makes it fail rather
// than block writes. Values are lower case; "" leaves the clause out. Other
// dialects ignore them (as Alembic's mysql_* arguments), and the reverse of
// an op does not inherit them.
type MySQLOnline struct {
	// Algorithm is one of MySQLAlgorithms.
	Algorithm string
	// Lock is one of MySQLLocks.
	Lock string
}

// MySQLAlgorithms and MySQLLocks are the values mysql_algorithm and
// mysql_lock take (MariaDB's ALTER TABLE page; nocopy is MariaDB's).
var (
	MySQLAlgorithms = []string{"default", "instant", "nocopy", "inplace", "copy"}
	MySQLLocks      = []string{"default", "none", "shared", "exclusive"}
)

// MySQLOnlineOf returns the MySQLOnline of o, which the caller may change, or
// nil when o's statements take no such clause.
func MySQLOnlineOf(o Op) *MySQLOnline {
	switch o := o.(type) {
	case *AddColumn:
		return &o.MySQL
	case *DropColumn:
		return &o.MySQL
	case *AlterColumn:
		return &o.MySQL
	case *CreateIndex:
		return &o.MySQL
	case *DropIndex:
		return &o.MySQL
	case *CreateUniqueConstraint:
		return &o.MySQL
	case *CreateForeignKey:
		return &o.MySQL
	case *CreateCheckConstraint:
		return &o.MySQL
	case *CreatePrimaryKey:
		return &o.MySQL
	case *DropConstraint:
		return &o.MySQL
	}
	return nil
}

// yamlDecodeMySQL reads mysql_algorithm and mysql_lock into o's MySQLOnline.
func yamlDecodeMySQL(o Op, f *yamlFields) {
	m := MySQLOnlineOf(o)
	if m == nil {
		return
	}
	for _, k := range []struct {
		key   string
		dst   *string
		valid []string
	}{{"mysql_algorithm", &m.Algorithm, MySQLAlgorithms}, {"mysql_lock", &m.Lock, MySQLLocks}} {
		v := strings.ToLower(f.str(k.key, false))
		if v != "" && !slices.Contains(k.valid, v) {
			f.fail(k.key, fmt.Errorf("%q is not one of %s", v, strings.Join(k.valid, ", ")))
			return
		}
		*k.dst = v
	}
}

// yamlEncodeMySQL adds o's mysql_algorithm and mysql_lock to its map n.
func yamlEncodeMySQL(o Op, n *yamlx.Node) {
	m := MySQLOnlineOf(o)
	if m == nil || n == nil || n.Kind != yamlx.Map {
		return
	}
	if m.Algorithm != "" {
		n.Set("mysql_algorithm", yamlx.Str(m.Algorithm))
	}
	if m.Lock != "" {
		n.Set("mysql_lock", yamlx.Str(m.Lock))
	}
}
