package ops

import (
	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/schema"
)

// int64Value returns key's integer value, 0 when absent or null.
func (f *yamlFields) int64Value(key string) int64 {
	v := f.get(key, false)
	if v == nil {
		return 0
	}
	n, err := v.AsInt()
	if err != nil {
		f.fail(key, err)
	}
	return n
}

// yamlDecodeColumnProps reads a column's identity options (identity_start,
// identity_increment: integers) and its generation (generated: the SQL
// expression; generated_stored: true for STORED) from f into c.
func yamlDecodeColumnProps(f *yamlFields, c *schema.Column) {
	c.IdentityStart = f.int64Value("identity_start")
	c.IdentityIncrement = f.int64Value("identity_increment")
	if v := f.get("generated", false); v != nil {
		c.Generated = &schema.GeneratedDef{Expr: f.str("generated", true), Stored: f.boolean("generated_stored", false)}
	} else if f.has("generated_stored") && f.err == nil {
		f.err = yamlx.Errorf(f.get("generated_stored", false), "%s.generated_stored: needs generated (the column's SQL expression) beside it", f.path)
	}
}

// yamlEncodeColumnProps writes the keys yamlDecodeColumnProps reads, each only
// when set.
func yamlEncodeColumnProps(m *yamlMap, c *schema.Column) {
	if c.IdentityStart != 0 {
		m.n.Set("identity_start", yamlx.Int(c.IdentityStart))
	}
	if c.IdentityIncrement != 0 {
		m.n.Set("identity_increment", yamlx.Int(c.IdentityIncrement))
	}
	if g := c.Generated; g != nil {
		m.reqStr("generated", g.Expr).flag("generated_stored", g.Stored)
	}
}
