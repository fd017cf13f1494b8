package e2e_test

import (
	"slices"
)

// bookkeepingTables are migrate's own tables: the version table, the history
// table (on unless history_table: "" in migrate.yaml) and, on MySQL only while a
// revision is half applied, the progress table. They are never part of the
// compared schema, and `downgrade base` leaves the version and history tables.
var bookkeepingTables = []string{"migrate_version", "migrate_history", "migrate_version_progress"}

// leftAfterBase is what `downgrade base` leaves, sorted and joined with ",".
const leftAfterBase = "migrate_history,migrate_version"

func isBookkeeping(name string) bool { return slices.Contains(bookkeepingTables, name) }
