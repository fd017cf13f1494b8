package postgres

import (
	"strings"
	"testing"
)

// TestForVersionReadsNullsNotDistinctDirectly: from PostgreSQL 15 on, the
// constraint and index queries read indnullsnotdistinct as a column (the
// to_jsonb fallback is left for older servers).
func TestForVersionReadsNullsNotDistinctDirectly(t *testing.T) {
	r15, r14 := &reader{version: 150004}, &reader{version: 140011}
	for _, q := range []string{constraintsSQL, indexesSQL} {
		if got := r15.forVersion(q); strings.Contains(got, "to_jsonb") || !strings.Contains(got, "indnullsnotdistinct") {
			t.Errorf("forVersion at 15 left to_jsonb in, or lost the column:\n%s", got)
		}
		if got := r14.forVersion(q); got != q {
			t.Errorf("forVersion at 14 changed the query")
		}
	}
}
