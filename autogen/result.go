package autogen

import "github.com/retortdb/migrate/ops"

// Options says what Compare compares, in the manner of the autogenerate keys of
// Alembic's EnvironmentContext.configure.
type Options struct {
	// CompareType proposes type changes when the dialect's EquivalentType says the
	// declared and live types differ (Alembic's compare_type).
	CompareType bool
	// CompareServerDefault proposes server-default changes when the dialect's
	// NormalizeDefault forms differ (Alembic's compare_server_default).
	CompareServerDefault bool
	// ExcludeTables names tables that Compare never touches, written "name" (any
	// schema) or "schema.name".
	ExcludeTables []string
	// IncludeSchemas compares tables and enums of non-default schemas too; without
	// it only those of the default schema (Schema == "") are compared.
	IncludeSchemas bool
	// VersionTable is the version table's name ("name" in any schema, or
	// "schema.name"); Compare never touches it.
	VersionTable string
}

// Result is what Compare found.
type Result struct {
	// Upgrade holds the ops that turn the live schema into the declared one, in an
	// order in which each is valid when it runs.
	Upgrade []ops.Op
	// Downgrade undoes Upgrade: ops.ReverseAll of Upgrade without its
	// add_enum_value ops, which cannot be undone.
	Downgrade []ops.Op
	// Findings holds one line per finding, in the order of the ops, in Alembic's
	// shape ("Detected added table 'books'"); callers prefix "INFO  ". It also holds
	// warnings about differences that no op expresses.
	Findings []string
	// Warnings holds the findings (also in Findings) that no op in Upgrade
	// expresses: differences the user writes by hand.
	Warnings []string
	// RenameSuggestions holds the findings (also in Findings) about a drop and
	// an add of the same shape that no RenamedFrom hint explains, each naming
	// the Go hint that would make it a rename; callers print them as warnings.
	RenameSuggestions []string
}

// Empty reports whether Compare found nothing at all: no ops and no findings (a
// warning about a difference that must be written by hand is a finding, so the
// schemas are not in sync).
func (r *Result) Empty() bool {
	return r == nil || (len(r.Upgrade) == 0 && len(r.Downgrade) == 0 && len(r.Findings) == 0)
}
