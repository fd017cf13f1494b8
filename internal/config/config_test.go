package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "migrate.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoad(t *testing.T) {
	t.Setenv("MIGRATE_T_URL", "postgresql://x@h/d")
	p := writeConfig(t, `script_location: db
url: ${MIGRATE_T_URL}
version_table: v
lock_timeout: 5s
metadata: {package: ./models}
autogenerate: {compare_type: false, exclude_tables: [a, b]}
`)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.URL != "postgresql://x@h/d" || c.VersionTable != "v" || c.LockTimeout != 5*time.Second ||
		c.MetadataSymbol != "Metadata" || c.CompareType || !c.CompareServerDefault || len(c.ExcludeTables) != 2 {
		t.Fatalf("config = %+v", c)
	}
	if got := c.VersionDirs()[0]; got != filepath.Join(filepath.Dir(p), "db", "versions") {
		t.Fatalf("version dir %q is not relative to the config file", got)
	}
	t.Setenv("MIGRATE_T_UNSET", "")
	c, err = Load(writeConfig(t, "script_location: m\nurl: ${MIGRATE_T_UNSET:-sqlite:///x.db}\n"))
	if err != nil || c.URL != "sqlite:///x.db" {
		t.Fatalf("default: %v %+v", err, c)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	cases := []struct{ body, want string }{
		{"script_location: m\nurll: x\n", `:2:1: unknown key "urll"`},
		{"script_location: m\ntransaction_per_migration: maybe\n", ":2:28:"},
		{"script_location: ${MIGRATE_T_NOPE}\n", "${MIGRATE_T_NOPE} is not set and has no default"},
		{"script_location: m\nlock_timeout: -5\n", "lock_timeout -5 is not a number of seconds"},
		{"script_location: m\nlock_timeout: soon\n", `lock_timeout "soon" is not a duration`},
		{"script_location: [\n", ":1:"},
		{"", "the file is empty"},
		{"script_location: m\nmetadata: {pkg: x}\n", `unknown key "pkg"`},
		{"script_location: m\ntruncate_slug_length: 0\n", "between 1 and 200"},
		{"- a\n- b\n", "1:1:"},
	}
	for _, c := range cases {
		_, err := Load(writeConfig(t, c.body))
		var ce *ConfigError
		if err == nil || !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("config %q: error %v, want it to contain %q", c.body, err, c.want)
		}
	}
	_, err := Load(filepath.Join(t.TempDir(), "none.yaml"))
	if !errors.Is(err, ErrNoConfig) {
		t.Errorf("missing file: %v", err)
	}
}

// The url and the metadata section are read only when used: an unset variable
// there is an error from DatabaseURL or Metadata, not from Load.
func TestLoadDefersURLAndMetadata(t *testing.T) {
	c, err := Load(writeConfig(t, "script_location: m\nurl: ${MIGRATE_T_NOPE}\nmetadata: {package: \"${MIGRATE_T_NOPE2}\"}\n"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	_, err = c.DatabaseURL()
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Line != 2 || !strings.Contains(err.Error(), "${MIGRATE_T_NOPE} is not set") {
		t.Fatalf("DatabaseURL: %v", err)
	}
	if _, _, err := c.Metadata(); !errors.As(err, &ce) || ce.Line != 3 || !strings.Contains(err.Error(), "${MIGRATE_T_NOPE2} is not set") {
		t.Fatalf("Metadata: %v", err)
	}
}

// ${x.KEY} reads the -x arguments; lock_timeout takes a plain integer as seconds.
func TestLoadXAndLockTimeoutSeconds(t *testing.T) {
	p := writeConfig(t, "script_location: ${x.dir:-m}\nurl: sqlite:///${x.db}.db\nlock_timeout: 90\n")
	c, err := LoadWith(p, Options{X: map[string]string{"db": "tenant1"}})
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.DatabaseURL()
	if err != nil || u != "sqlite:///tenant1.db" || c.ScriptLocation != "m" || c.LockTimeout != 90*time.Second {
		t.Fatalf("url %q (%v), script_location %q, lock_timeout %s", u, err, c.ScriptLocation, c.LockTimeout)
	}
	c, err = Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DatabaseURL(); err == nil || !strings.Contains(err.Error(), "pass -x db=VALUE") {
		t.Fatalf("url without -x: %v", err)
	}
}

// FuzzLoadConfig: any file content gives a config or a *ConfigError, never a panic.
func FuzzLoadConfig(f *testing.F) {
	for _, s := range []string{"script_location: m\n", "url: ${X:-y}\n", "metadata: {package: ./m, symbol: M}\n", "lock_timeout: 1m\n", "a: [\n", "\x00"} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, body string) {
		p := filepath.Join(dir, "fuzz.yaml")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Skip()
		}
		_, err := Load(p)
		var ce *ConfigError
		if err != nil && !errors.As(err, &ce) {
			t.Fatalf("error of type %T: %v", err, err)
		}
	})
}

func TestFileName(t *testing.T) {
	c, err := Load(writeConfig(t, "script_location: m\ntruncate_slug_length: 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	name, err := c.FileName("abc", "Add books table")
	if err != nil || name != "abc_add" {
		t.Fatalf("FileName = %q, %v; want abc_add", name, err)
	}
	for tmpl, want := range map[string]string{
		".{{.Rev}}":            "starts with a dot",
		"{{.Rev}}/x":           "plain, non-empty name",
		"{{.Nope}}":            "fields: Rev, Slug",
		"{{.Rev":               "file_template",
		"{{if false}}x{{end}}": "plain, non-empty name",
	} {
		c.FileTemplate = tmpl
		if _, err := c.FileName("abc", "m"); err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), c.Path) {
			t.Errorf("file_template %q: %v, want an error naming %s and containing %q", tmpl, err, c.Path, want)
		}
	}
}

func TestLocation(t *testing.T) {
	c, err := Load(writeConfig(t, "script_location: m\ntimezone: Europe/Berlin\n"))
	if err != nil {
		t.Fatal(err)
	}
	if loc, err := c.Location(); err != nil || loc.String() != "Europe/Berlin" {
		t.Fatalf("Location = %v, %v", loc, err)
	}
	c.Timezone = "Mars/Olympus"
	if _, err := c.Location(); err == nil || !strings.Contains(err.Error(), "Mars/Olympus") {
		t.Fatalf("unknown zone: %v", err)
	}
}

func TestGoStepsAndSessionSetup(t *testing.T) {
	t.Setenv("MIGRATE_T_ROLE", "migrator")
	c, err := Load(writeConfig(t, "script_location: m\ngo_steps: {package: ./steps, symbol: Steps}\nsession_setup:\n  postgresql: [\"SET ROLE ${MIGRATE_T_ROLE}\", \"SET lock_timeout = '5s'\"]\n  sqlite: []\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.GoStepsPackage != "./steps" || c.GoStepsSymbol != "Steps" {
		t.Fatalf("go_steps: %q %q", c.GoStepsPackage, c.GoStepsSymbol)
	}
	if got := c.SessionSetup["postgresql"]; len(got) != 2 || got[0] != "SET ROLE migrator" || got[1] != "SET lock_timeout = '5s'" || len(c.SessionSetup["mysql"]) != 0 {
		t.Fatalf("session_setup: %q", c.SessionSetup)
	}
	for body, want := range map[string]string{
		"go_steps: {symbol: Steps}\n":        "go_steps.symbol Steps needs go_steps.package",
		"session_setup: {mysql: [\"  \"]}\n": "session_setup.mysql: statement 1 is empty",
		"session_setup: {oracle: [x]}\n":     "oracle",
	} {
		_, err := Load(writeConfig(t, "script_location: m\n"+body))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", body, err, want)
		}
	}
}
