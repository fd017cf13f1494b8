package schema

// Using sets the index method ("gin", "gist", "brin", "hash", "spgist"; "btree"
// is the default) and returns the builder.
func (b *IndexBuilder) Using(method string) *IndexBuilder { b.ix.Using = method; return b }

// Include adds non-key columns stored in the index (INCLUDE (…)).
func (b *IndexBuilder) Include(columns ...string) *IndexBuilder {
	b.ix.Include = append(b.ix.Include, columns...)
	return b
}

// Opclass sets the operator class of each key, in column order ("" for the
// default class of the key's type), e.g. Opclass("jsonb_path_ops").
func (b *IndexBuilder) Opclass(classes ...string) *IndexBuilder {
	b.ix.Opclass = append([]string(nil), classes...)
	return b
}

// Order sets the ordering of each key, in column order ("" for ASC), e.g.
// Order("DESC", "", "NULLS FIRST").
func (b *IndexBuilder) Order(orders ...string) *IndexBuilder {
	b.ix.Order = append([]string(nil), orders...)
	return b
}

// NullsNotDistinct makes a unique index treat NULLs as equal (PostgreSQL 15
// and later: NULLS NOT DISTINCT).
func (b *IndexBuilder) NullsNotDistinct() *IndexBuilder { b.ix.NullsNotDistinct = true; return b }

// Collation sets the collation of each key, in column order ("" for the key's
// own collation), e.g. Collation("C") for name COLLATE "C" (PostgreSQL).
func (b *IndexBuilder) Collation(collations ...string) *IndexBuilder {
	b.ix.Collation = append([]string(nil), collations...)
	return b
}
