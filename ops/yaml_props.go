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

// int64Ptr returns key's integer value, nil when absent.
func (f *yamlFields) int64Ptr(key string) *int64 {
	if !f.has(key) {
		return nil
	}
	v := f.int64Value(key)
	return &v
}

// yamlDecodeAlterIdentity reads alter_column's identity keys
// (identity_generated: always or by_default; identity_start,
// identity_increment: integers; and their existing_* values) into o.
func yamlDecodeAlterIdentity(f *yamlFields, o *AlterColumn) {
	for _, k := range []struct {
		key string
		v   *string
	}{{"identity_generated", &o.IdentityGenerated}, {"existing_identity_generated", &o.ExistingIdentityGenerated}} {
		*k.v = f.str(k.key, false)
		if *k.v != "" && *k.v != IdentityAlways && *k.v != IdentityByDefault && f.err == nil {
			f.err = yamlx.Errorf(f.get(k.key, false), "%s.%s: want %s or %s, got %q", f.path, k.key, IdentityAlways, IdentityByDefault, *k.v)
		}
	}
	o.IdentityStart = f.int64Ptr("identity_start")
	o.IdentityIncrement = f.int64Ptr("identity_increment")
	o.ExistingIdentityStart = f.int64Ptr("existing_identity_start")
	o.ExistingIdentityIncrement = f.int64Ptr("existing_identity_increment")
}

// yamlEncodeAlterIdentity writes the keys yamlDecodeAlterIdentity reads, each
// only when set.
func yamlEncodeAlterIdentity(m *yamlMap, o *AlterColumn) {
	m.str("identity_generated", o.IdentityGenerated)
	for _, k := range []struct {
		key string
		v   *int64
	}{{"identity_start", o.IdentityStart}, {"identity_increment", o.IdentityIncrement}} {
		if k.v != nil {
			m.n.Set(k.key, yamlx.Int(*k.v))
		}
	}
	m.str("existing_identity_generated", o.ExistingIdentityGenerated)
	for _, k := range []struct {
		key string
		v   *int64
	}{{"existing_identity_start", o.ExistingIdentityStart}, {"existing_identity_increment", o.ExistingIdentityIncrement}} {
		if k.v != nil {
			m.n.Set(k.key, yamlx.Int(*k.v))
		}
	}
}
