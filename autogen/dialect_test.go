package autogen

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// fakeDialect is a test dialect.Dialect whose capabilities, NormalizeDefault and
// EquivalentType the tests control. Everything else fails.
type fakeDialect struct {
	name string
	caps dialect.Capabilities
	// mysqlLike compares enums by their values (inline ENUM(…) types) and folds
	// true/false defaults to 1/0; otherwise enums compare by name and casts are
	// stripped from defaults, as on PostgreSQL.
	mysqlLike bool
}

var (
	// pgLike has named enums and comments.
	pgLike = &fakeDialect{name: "pglike", caps: dialect.Capabilities{TransactionalDDL: true, NamedEnums: true, Comments: true, Schemas: true}}
	// myLike has neither.
	myLike = &fakeDialect{name: "mylike", mysqlLike: true}
)

var errFake = errors.New("fake dialect: not implemented")

var castSuffix = regexp.MustCompile(`::[a-z_ ]+$`)

func (f *fakeDialect) Name() string                       { return f.name }
func (f *fakeDialect) Capabilities() dialect.Capabilities { return f.caps }

// NormalizeDefault strips a PostgreSQL-style cast, folds now() to
// CURRENT_TIMESTAMP and, when mysqlLike, true/false to 1/0.
func (f *fakeDialect) NormalizeDefault(expr string, _ schema.Type) string {
	e := strings.TrimSpace(castSuffix.ReplaceAllString(strings.TrimSpace(expr), ""))
	if strings.EqualFold(e, "now()") {
		e = "CURRENT_TIMESTAMP"
	}
	if f.mysqlLike {
		switch strings.ToLower(e) {
		case "true":
			e = "1"
		case "false":
			e = "0"
		}
	}
	return e
}

// EquivalentType treats "postgresql.int4" as integer; mysqlLike compares enums
// by their values only, pgLike by their names only.
func (f *fakeDialect) EquivalentType(declared, inspected schema.Type) bool {
	alias := func(t schema.Type) schema.Type {
		if t.Name == "postgresql.int4" {
			return schema.Integer()
		}
		return t
	}
	declared, inspected = alias(declared), alias(inspected)
	if declared.Name == schema.TEnum && inspected.Name == schema.TEnum {
		if f.mysqlLike {
			return schema.Enum("", declared.EnumValues...).Equal(schema.Enum("", inspected.EnumValues...))
		}
		return declared.EnumName == inspected.EnumName
	}
	return declared.Equal(inspected)
}

func (f *fakeDialect) QuoteIdent(name string) string       { return name }
func (f *fakeDialect) Literal(any) (string, error)         { return "", errFake }
func (f *fakeDialect) TypeSQL(schema.Type) (string, error) { return "", errFake }
func (f *fakeDialect) Render([]ops.Op, *dialect.RenderEnv) ([]dialect.Statement, error) {
	return nil, errFake
}
func (f *fakeDialect) CreateVersionTable(dialect.VersionTable) []string          { return nil }
func (f *fakeDialect) InsertVersion(dialect.VersionTable, string) string         { return "" }
func (f *fakeDialect) UpdateVersion(dialect.VersionTable, string, string) string { return "" }
func (f *fakeDialect) DeleteVersion(dialect.VersionTable, string) string         { return "" }
func (f *fakeDialect) Begin() string                                             { return "" }
func (f *fakeDialect) Commit() string                                            { return "" }
func (f *fakeDialect) Open(context.Context, *dialect.URL) (*sql.DB, error)       { return nil, errFake }
func (f *fakeDialect) Lock(context.Context, *sql.Conn, string, time.Duration) (func() error, error) {
	return nil, errFake
}
func (f *fakeDialect) ClassifyError(err error) dialect.ErrorKind { return dialect.ClassifyCommon(err) }

var _ dialect.Dialect = (*fakeDialect)(nil)
