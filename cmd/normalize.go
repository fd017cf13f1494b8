package cmd

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/drivers"
	"github.com/retortdb/migrate/schema"
)

// normalizeDeclared has the server normalise the declared objects whose
// definition differs, as written, from the live object of the same key
// (inspect.NormalizeObjects), so that autogenerate compares what the server
// would store rather than spelling. Objects the database lacks need no
// normalising: they are created either way. When the inspector cannot, or the
// server refuses (no CREATE privilege), definitions compare as written and a
// warning says so.
func normalizeDeclared(ctx context.Context, f *factory, db *sql.DB, d dialect.Dialect, declared, live *schema.MetaData) {
	if declared == nil || live == nil || len(declared.Objects) == 0 {
		return
	}
	liveBy := make(map[string]*schema.ObjectDef, len(live.Objects))
	for _, o := range live.Objects {
		liveBy[o.Key()] = o
	}
	var todo []*schema.ObjectDef
	for _, o := range declared.Objects {
		if l := liveBy[o.Key()]; l != nil && strings.TrimSpace(l.Definition) != strings.TrimSpace(o.Definition) {
			todo = append(todo, o)
		}
	}
	if len(todo) == 0 {
		return
	}
	in, err := drivers.For(d)
	if err != nil {
		return
	}
	err = inspect.NormalizeObjects(ctx, in, db, todo)
	switch {
	case errors.Is(err, inspect.ErrUnsupported):
	case err != nil:
		f.Warn("definitions of views, functions and triggers are compared as written, not as the server would store them: %v", err)
	}
}
