package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// TestNameMatchesReplacer checks that Name fills templates as a
// strings.Replacer over the tokens does, tricky ones included.
func TestNameMatchesReplacer(t *testing.T) {
	sum := sha256.Sum256([]byte("n > 0"))
	r := strings.NewReplacer(
		"{table_name}", "orders",
		"{column_0_name}", "a",
		"{column_0_N_name}", "a_b",
		"{column_0_label}", "orders_a",
		"{referred_table_name}", "users",
		"{referred_column_0_name}", "id",
		"{constraint_name}", hex.EncodeToString(sum[:])[:8],
	)
	for _, tpl := range []string{
		"ix_{table_name}_{column_0_N_name}", "{{table_name}}", "{foo}_{table_name}", "{", "}", "{table_name", "x{}y",
		"{column_0_label}{referred_table_name}{referred_column_0_name}{column_0_name}", "ck_{constraint_name}", "plain",
		"{{{column_0_name}", "{ {table_name} }",
	} {
		nc := NamingConvention{"ck": tpl}
		got := nc.Name("ck", "orders", []string{"a", "b"}, "users", []string{"id"}, "n > 0")
		if want := TruncateName(r.Replace(tpl)); got != want {
			t.Errorf("template %q: got %q, want %q", tpl, got, want)
		}
	}
}
