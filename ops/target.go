package ops

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
	case *CreateTableComment:
		return o.Schema, o.Table, true
	case *DropTableComment:
		return o.Schema, o.Table, true
	}
	return "", "", false
}
