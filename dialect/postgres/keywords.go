package postgres

// reservedWords are the key words PostgreSQL will not accept as a bare table or
// column name: those its grammar classes as "reserved" and as "reserved (can be
// function or type name)" (PostgreSQL 15's SQL Key Words appendix, the same set
// pg_get_keywords() reports with catcode R and T). QuoteIdent quotes them.
var reservedWords = func() map[string]bool {
	words := []string{
		// reserved
		"all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
		"both", "case", "cast", "check", "collate", "column", "constraint", "create",
		"current_catalog", "current_date", "current_role", "current_time",
		"current_timestamp", "current_user", "default", "deferrable", "desc",
		"distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign",
		"from", "grant", "group", "having", "in", "initially", "intersect", "into",
		"lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null",
		"offset", "on", "only", "or", "order", "placing", "primary", "references",
		"returning", "select", "session_user", "some", "symmetric", "table", "then",
		"to", "trailing", "true", "union", "unique", "user", "using", "variadic",
		"when", "where", "window", "with",
		// reserved, but allowed as a function or type name
		"authorization", "binary", "collation", "concurrently", "cross",
		"current_schema", "freeze", "full", "ilike", "inner", "is", "isnull", "join",
		"left", "like", "natural", "notnull", "outer", "overlaps", "right", "similar",
		"tablesample", "verbose",
	}
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}()
