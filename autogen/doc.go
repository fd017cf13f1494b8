// Package autogen compares the schema declared in Go with the schema read from a
// live database and proposes the migration between them, as Alembic's
// autogenerate does (alembic/autogenerate/compare.py).
//
// Compare returns the upgrade ops, their exact undo as downgrade ops, and one
// Alembic-style line per detected difference. The ops are candidates: like
// Alembic's, they are meant to be reviewed before they are run.
//
// What Compare detects: added and removed tables; added and removed columns;
// nullability; column types (Options.CompareType) and server defaults
// (Options.CompareServerDefault), both judged by the dialect; column and table
// comments on dialects that store them; primary keys by their column lists; foreign
// keys by signature; unique constraints, check constraints and indexes by name;
// named enum types and values appended or inserted after an existing value.
//
// What it does not detect, and why:
//
//   - Renames without a hint: a rename looks exactly like a drop and an add, and
//     that is what is proposed, with a finding (also in
//     Result.RenameSuggestions) for each drop and add of the same shape that
//     names the Go hint to write. With the hint — TableBuilder.RenamedFrom,
//     ColumnBuilder.RenamedFrom, IndexBuilder.RenamedFrom,
//     schema.RenamedConstraint — Compare proposes rename_table, alter_column
//     with new_name, rename_index or rename_constraint first, when the live
//     schema still has the old name and not the new one, and compares
//     everything else after the rename.
//   - The condition of a check constraint whose name did not change, and the WHERE
//     predicate of a partial index: databases store these expressions rewritten
//     (casts added, parentheses and keyword case changed), so the text read back
//     rarely equals the text declared even when nothing changed. With the default
//     naming convention an unnamed check is named after a hash of its condition,
//     so a changed condition is a new name, which is detected.
//   - Names of primary keys, and changes of autoincrement (as Alembic).
//   - Column order.
//   - Enum values removed or reordered, and values inserted before the first one:
//     no op can express them safely; a finding says to write them by hand.
//   - Objects defined by SQL (views, functions, triggers, sequences, …) of a kind
//     the declared metadata does not manage (schema.MetaData.ManagesKind): they
//     are left alone, as alembic_utils leaves entity types it was not given.
//     Objects of managed kinds are compared by definition (see compareObjects).
package autogen
