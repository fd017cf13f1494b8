package autogen

import "github.com/retortdb/migrate/schema"

// Everything put into an op is a copy, so ops never share memory with the
// metadata given to Compare.

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string{}, s...)
}

func clonePK(p *schema.PrimaryKeyDef) *schema.PrimaryKeyDef {
	c := *p
	c.Columns = cloneStrings(p.Columns)
	return &c
}

func cloneFK(f *schema.ForeignKeyDef) *schema.ForeignKeyDef {
	c := *f
	c.Columns = cloneStrings(f.Columns)
	c.RefColumns = cloneStrings(f.RefColumns)
	return &c
}

func cloneUnique(u *schema.UniqueDef) *schema.UniqueDef {
	c := *u
	c.Columns = cloneStrings(u.Columns)
	return &c
}

func cloneCheck(k *schema.CheckDef) *schema.CheckDef {
	c := *k
	return &c
}

func cloneIndex(ix *schema.IndexDef) *schema.IndexDef {
	return ix.Clone() // deep: Columns and the index-detail lists
}

func cloneType(t schema.Type) *schema.Type {
	c := t.Clone()
	return &c
}

func cloneStr(p *string) *string {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func boolPtr(b bool) *bool { return &b }

// commentPtr returns nil for no comment, else a pointer to a copy.
func commentPtr(c string) *string {
	if c == "" {
		return nil
	}
	return &c
}

// tableForOp copies t for create_table or a drop_table's Existing: without its
// indexes (which travel as create_index/drop_index ops of their own) and without
// the foreign keys in leave (the keys of a cycle, added or dropped separately).
func tableForOp(t *schema.Table, leave map[*schema.ForeignKeyDef]bool) *schema.Table {
	c := t.Clone()
	c.Indexes = nil
	c.ForeignKeys = nil
	for _, fk := range t.ForeignKeys {
		if !leave[fk] {
			c.ForeignKeys = append(c.ForeignKeys, cloneFK(fk))
		}
	}
	return c
}
