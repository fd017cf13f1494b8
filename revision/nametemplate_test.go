package revision

import (
	"strings"
	"testing"
	"time"
)

func TestExpandPercentTemplate(t *testing.T) {
	now := time.Date(2026, 3, 7, 8, 9, 5, 0, time.UTC)
	tests := []struct{ tmpl, want, wantErr string }{
		{"%%(rev)s_%%(slug)s", "ae10_add_users", ""}, // as pasted from alembic.ini
		{"%(rev)s_%(slug)s", "ae10_add_users", ""},
		{"%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d%%(second).2d-%%(rev)s", "2026_03_07_080905-ae10", ""},
		{"%(epoch)s_%(rev)s", "1772870945_ae10", ""},
		{"%(rev).2s_100%%", "ae_100%", ""},
		{"%(day)02d", "07", ""},
		{"%(branch)s", "", `unknown token "%(branch)s"`},
		{"%(rev)d", "", `formats rev as a number`},
		{"%(year)x", "", `uses the conversion "x"`},
		{"50% off", "", "starts no token"},
	}
	for _, tt := range tests {
		got, err := ExpandPercentTemplate(tt.tmpl, "ae10", "add_users", now)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: err = %v, want %q", tt.tmpl, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q = %q, %v; want %q", tt.tmpl, got, err, tt.want)
		}
	}
	if IsPercentTemplate("{{.Rev}}_{{.Slug}}") || !IsPercentTemplate("%%(rev)s") {
		t.Error("IsPercentTemplate")
	}
}
