package postgres

import (
	"testing"

	"github.com/retortdb/migrate/schema"
)

func TestNumericLiteral(t *testing.T) {
	for in, want := range map[string]string{
		"2.5e3": "2500", "1.5e-2": "0.015", "1e3": "1000", "1.50": "1.50", "+7": "7", "-1": "-1",
		"007": "7", ".5": "0.5", "1.50e1": "15.0", "-0": "0", "1E+2": "100", "0.000": "0.000", "-2.5E-1": "-0.25",
	} {
		if got := numericLiteral(in); got != want {
			t.Errorf("numericLiteral(%q) = %q, want %q", in, got, want)
		}
	}
	if got := (Dialect{}).NormalizeDefault("(2.5e3)", schema.Double()); got != "2500" {
		t.Errorf("NormalizeDefault(2.5e3) = %q, want 2500", got)
	}
}
