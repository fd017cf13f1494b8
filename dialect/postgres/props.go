package postgres

import "github.com/retortdb/migrate/dialect"

// ModelsProperty reports that PostgreSQL stores an identity column's START and
// INCREMENT, which its inspector reads from pg_sequence.
func (Dialect) ModelsProperty(p dialect.Property) bool {
	return p == dialect.PropIdentityOptions
}
