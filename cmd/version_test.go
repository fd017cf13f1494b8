package cmd

import (
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
)

func TestVersionFlags(t *testing.T) {
	o, _ := mustParse(t, newCmdVersion, "version", "--format", "json")
	if o.Format != "json" {
		t.Fatalf("options = %+v", *o)
	}
	if _, _, err := parseCmd(t, newCmdVersion, "version", "x"); err == nil {
		t.Fatal("version x parsed")
	}
	if code, _, _ := runCLI(t, "version", "--format", "xml"); code != 2 {
		t.Fatalf("--format xml: exit %d, want 2", code)
	}
}

func TestVersionRun(t *testing.T) {
	code, stdout, stderr := runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "migrate "+Version+"\ncommit: ") || !strings.Contains(stdout, "\ngo: "+runtime.Version()+"\n") ||
		!strings.HasSuffix(stdout, "dialects: postgresql, mysql, sqlite\n") {
		t.Fatalf("version: exit %d %q %s", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, "version", "--format", "json")
	var v versionInfo
	if err := json.Unmarshal([]byte(stdout), &v); code != 0 || err != nil {
		t.Fatalf("version --format json: exit %d %v\n%s", code, err, stdout)
	}
	if v.Version != Version || v.Commit != Commit || v.GoVersion != runtime.Version() || strings.Join(v.Dialects, ",") != "postgresql,mysql,sqlite" {
		t.Fatalf("version --format json = %+v", v)
	}
	// --version on the root prints the same version.
	if code, stdout, _ := runCLI(t, "--version"); code != 0 || !strings.Contains(stdout, Version) {
		t.Fatalf("--version: exit %d %q", code, stdout)
	}
}

func TestBuildVersion(t *testing.T) {
	info := func(version string, settings ...string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/retortdb/migrate", Version: version}}
			for i := 0; i+1 < len(settings); i += 2 {
				bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
			}
			return bi, true
		}
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	for _, c := range []struct {
		name                 string
		ldVersion, ldCommit  string
		read                 func() (*debug.BuildInfo, bool)
		wantVersion, wantCmt string
	}{
		// go install github.com/retortdb/migrate@v1.2.3: a module version, no VCS stamp.
		{"go install @tag", "", "", info("v1.2.3"), "v1.2.3", ""},
		// go install …@<commit>: a pseudo-version, whose hash is the commit.
		{"go install @commit", "", "", info("v0.0.0-20261206065727-026e49e1a2b3"), "v0.0.0-20261206065727-026e49e1a2b3", "026e49e1a2b3"},
		{"pseudo after a tag", "", "", info("v1.2.4-0.20261206065727-026e49e1a2b3+dirty"), "v1.2.4-0.20261206065727-026e49e1a2b3+dirty", "026e49e1a2b3"},
		// go build in a checkout: VCS settings.
		{"checkout", "", "", info("(devel)", "vcs.revision", "026e49e1a2b3c4d5", "vcs.modified", "false"), "(devel)", "026e49e1a2b3c4d5"},
		{"dirty checkout", "", "", info("v1.2.3", "vcs.revision", "026e49e", "vcs.modified", "true"), "v1.2.3", "026e49e-dirty"},
		// -ldflags -X wins over everything the build recorded.
		{"ldflags", "v9.9.9", "feedface", info("v1.2.3", "vcs.revision", "026e49e"), "v9.9.9", "feedface"},
		{"ldflags version only", "v9.9.9", "", info("v0.0.0-20261206065727-026e49e1a2b3"), "v9.9.9", "026e49e1a2b3"},
		{"no build info", "", "", none, "(devel)", ""},
		{"empty module version", "", "", info(""), "(devel)", ""},
		{"not a pseudo-version", "", "", info("v1.2.3-rc.1-abcdefabcdef"), "v1.2.3-rc.1-abcdefabcdef", ""},
	} {
		v, cm := buildVersion(c.ldVersion, c.ldCommit, c.read)
		if v != c.wantVersion || cm != c.wantCmt {
			t.Errorf("%s: buildVersion = %q, %q; want %q, %q", c.name, v, cm, c.wantVersion, c.wantCmt)
		}
	}
	if got := historyVersion("v1.2.4-0.20261206065727-026e49e1a2b3+dirty"); len(got) != 40 || !strings.HasPrefix(got, "v1.2.4-0.") {
		t.Errorf("historyVersion of a 42-byte version = %q", got)
	}
}

// TestVersionFromLdflags builds the real binary with -ldflags -X and checks the
// value everywhere migrate writes it: `migrate version`, the offline script
// header and the history table's tool_version (read back with sqlite3).
func TestVersionFromLdflags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "migrate")
	const ver, commit = "v7.7.7-ldflags", "0123456789ab"
	build := exec.Command("go", "build", "-o", bin, "-ldflags",
		"-X github.com/retortdb/migrate/cmd.Version="+ver+" -X github.com/retortdb/migrate/cmd.Commit="+commit, ".")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version", "--format", "json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var v versionInfo
	if err := json.Unmarshal(out, &v); err != nil || v.Version != ver || v.Commit != commit {
		t.Fatalf("version --format json = %s (%v)", out, err)
	}
	cfg, db := sqliteProject(t)
	run := func(args ...string) string {
		t.Helper()
		c := exec.Command(bin, append([]string{"-c", cfg}, args...)...)
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("migrate %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	if script := run("upgrade", "head", "--sql"); !strings.Contains(script, "-- Generated by migrate "+ver+" (offline upgrade --sql)") {
		t.Fatalf("offline header lacks the version:\n%s", script)
	}
	run("upgrade", "head")
	sqlite3 := testdb.Client(t, "sqlite3")
	got, err := exec.Command(sqlite3, db.Name, "SELECT tool_version FROM migrate_history").Output()
	if err != nil || strings.TrimSpace(string(got)) != ver {
		t.Fatalf("history tool_version = %q (%v), want %q", got, err, ver)
	}
	_ = os.Remove(bin)
}

// The history row a run writes in process carries Version (clipped to the column).
func TestVersionInHistoryTable(t *testing.T) {
	cfg, db := sqliteProject(t)
	if code, _, stderr := runCLI(t, "-c", cfg, "upgrade", "head"); code != 0 {
		t.Fatal(stderr)
	}
	var got string
	if err := db.SQL.QueryRow("SELECT tool_version FROM migrate_history").Scan(&got); err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	}
	if got != historyVersion(Version) {
		t.Fatalf("tool_version %q, want %q", got, historyVersion(Version))
	}
}
