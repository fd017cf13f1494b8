package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestTargets(t *testing.T) {
	t.Setenv("MIGRATE_T_PASS", "s3cret")
	p := writeConfig(t, `script_location: m
targets:
  - name: eu
    url: postgresql://app:${MIGRATE_T_PASS}@eu/shop
  - query: SELECT schema_name FROM tenants
    name: pg
  - query: SHOW DATABASES
    url: mysql://root@h/x
    tenant: database
  - glob: tenants/*.db
`)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.TargetSources()
	if err != nil || len(got) != 4 {
		t.Fatalf("TargetSources: %+v, %v", got, err)
	}
	if got[0].Name != "eu" || got[0].URL != "postgresql://app:s3cret@eu/shop" || got[0].Line != 3 {
		t.Errorf("named: %+v", got[0])
	}
	if got[1].Tenant != "schema" || got[1].Name != "pg" || got[1].URL != "" || got[2].Tenant != "database" {
		t.Errorf("queries: %+v %+v", got[1], got[2])
	}
	if got[3].Glob != filepath.Join(filepath.Dir(p), "tenants", "*.db") {
		t.Errorf("glob %q is not relative to the config file", got[3].Glob)
	}
	// An unset variable in the targets is reported when they are used.
	c, err = Load(writeConfig(t, "script_location: m\ntargets: [{name: a, url: '${MIGRATE_T_NOPE}'}]\n"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if _, err := c.TargetSources(); err == nil || !strings.Contains(err.Error(), "${MIGRATE_T_NOPE} is not set") {
		t.Errorf("TargetSources: %v", err)
	}
}

func TestTargetsErrors(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"targets: {a: b}\n", "targets must be a list"},
		{"targets: [{name: a}]\n", ":2:11: a target entry needs name and url"},
		{"targets: [{name: a, url: 'sqlite:///a.db', tenant: schema}]\n", "tenant goes with query"},
		{"targets: [{query: SELECT 1, tenant: table}]\n", `tenant "table" is not known`},
		{"targets: [{query: SELECT 1, glob: '*.db'}]\n", "either query or glob"},
		{"targets: [{glob: '*.db', url: 'sqlite:///a.db'}]\n", "takes no url"},
		{"targets: [{glob: '[*.db'}]\n", "not a valid pattern"},
		{"targets: [{name: 'a b', url: 'sqlite:///a.db'}]\n", `target name "a b"`},
		{"targets: [{name: a, urls: x}]\n", `unknown key "urls"`},
		{"targets:\n  - {name: a, url: 'sqlite:///a.db'}\n  - {name: a, url: 'sqlite:///b.db'}\n", "already named at line 3"},
	} {
		_, err := Load(writeConfig(t, "script_location: m\n"+c.body))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.body, err, c.want)
		}
	}
}
