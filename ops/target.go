package ops

import "sort"

// AlteredTable returns the table that o changes in place — its columns, indexes,
// constraints or comment — and ok true; ok is false for ops that create, drop or
// rename a table, for enum ops, and for raw SQL and data ops. Dialects that group
// consecutive changes to one table (SQLite's move and copy) use it.
func AlteredTable(o Op) (schemaName, table string, ok bool) {
	switch o := o.(type) {
	case *AddColumn:
		return o.Schema, o.Table, true
	case *DropColumn:
		return o.Schema, o.Table, true
	case *AlterColumn:
		return o.Schema, o.Table, true
	case *CreateIndex:
		return o.Schema, o.Table, true
	case *DropIndex:
		return o.Schema, o.Table, true
	case *CreateUniqueConstraint:
		return o.Schema, o.Table, true
	case *CreateForeignKey:
		return o.Schema, o.Table, true
	case *CreateCheckConstraint:
		return o.Schema, o.Table, true
	case *CreatePrimaryKey:
		return o.Schema, o.Table, true
	case *DropConstraint:
		return o.Schema, o.Table, true
	case *ValidateConstraint:
		return o.Schema, o.Table, true
	case *RenameIndex:
		return o.Schema, o.Table, true
	case *RenameConstraint:
		return o.Schema, o.Table, true
	case *CreateTableComment:
		return o.Schema, o.Table, true
	case *DropTableComment:
		return o.Schema, o.Table, true
	}
	return "", "", false
}

// ColumnList returns the columns a bulk_insert writes, in order: Columns when set
// (the YAML decoder fills it in order of first appearance), otherwise every key of
// the rows, sorted so the rendering is deterministic.
func (o *BulkInsert) ColumnList() []string {
	if len(o.Columns) > 0 {
		return append([]string(nil), o.Columns...)
	}
	seen := map[string]bool{}
	var cols []string
	for _, r := range o.Rows {
		for k := range r {
			if !seen[k] {
				seen[k] = true
				cols = append(cols, k)
			}
		}
	}
	sort.Strings(cols)
	return cols
}
