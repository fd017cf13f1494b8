package e2e_test

import (
	"net/url"
	"os/exec"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/testdb"
)

// myPlainClient runs script through the mariadb client as a DBA would pipe it
// in: no --default-character-set, the client's own default. It returns the
// client's output and whether it succeeded.
func myPlainClient(t *testing.T, db *testdb.DB, script string) (string, bool) {
	t.Helper()
	u, err := url.Parse(db.URL)
	if err != nil {
		t.Fatal(err)
	}
	port := u.Port()
	if port == "" {
		port = "3306"
	}
	args := []string{"--no-defaults", "-h", u.Hostname(), "-P", port, "-u", u.User.Username()}
	if pw, ok := u.User.Password(); ok && pw != "" {
		args = append(args, "-p"+pw)
	}
	cmd := exec.Command(testdb.Client(t, "mariadb"), append(args, db.Name)...)
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// TestMySQLOfflineScriptPlainClient: an offline script that stores a 4-byte
// UTF-8 character runs in a plain mariadb client and stores the character the
// online run stores, because it starts with SET NAMES utf8mb4. The same script
// without that line fails in the same client (the control that shows the test
// can fail).
func TestMySQLOfflineScriptPlainClient(t *testing.T) {
	p, db := myMySQLProject(t)
	myWriteRevision(p, "a1b2c3d4e5f6", "", "smile", `upgrade:
  - create_table:
      name: notes
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: body, type: varchar(20)}
      primary_key: {columns: [id]}
  - bulk_insert:
      table: notes
      rows:
        - {id: 1, body: "ok 🙂"}
downgrade:
  - drop_table: {name: notes}
`)
	script := p.ok("upgrade", "head", "--sql").Stdout
	first := ""
	for _, line := range strings.Split(script, "\n") {
		if line != "" && !strings.HasPrefix(line, "--") {
			first = line
			break
		}
	}
	if first != "SET NAMES utf8mb4;" {
		t.Fatalf("the script's first statement is %q, want SET NAMES utf8mb4;", first)
	}

	if out, ok := myPlainClient(t, db, "SELECT @@character_set_client;"); !ok || strings.Contains(out, "utf8mb4") {
		t.Logf("the plain client's character set: %s (the control below needs one without 4-byte characters)", out)
	}
	if out, ok := myPlainClient(t, db, script); !ok {
		t.Fatalf("the plain mariadb client failed on the script:\n%s\nscript:\n%s", out, script)
	}
	if got := myQueryStrings(t, db, "SELECT HEX(body) FROM notes WHERE id = 1"); len(got) != 1 || got[0] != strings.ToUpper("6f6b20f09f9982") {
		t.Errorf("notes.body stored as %v, want HEX 6F6B20F09F9982 ('ok 🙂')", got)
	}
	if got := myQueryStrings(t, db, "SELECT version_num FROM migrate_version"); len(got) != 1 || got[0] != "a1b2c3d4e5f6" {
		t.Errorf("version table holds %v, want a1b2c3d4e5f6", got)
	}

	// Control: the same script without its first statement, in a fresh
	// database, does not store the character.
	other := testdb.MySQL(t)
	out, ok := myPlainClient(t, other, strings.Replace(script, "SET NAMES utf8mb4;\n", "", 1))
	if ok {
		got := myQueryStrings(t, other, "SELECT HEX(body) FROM notes WHERE id = 1")
		if len(got) == 1 && got[0] == "6F6B20F09F9982" {
			t.Skip("this mariadb client defaults to utf8mb4, so the control cannot show the failure")
		}
		return // stored garbled: the control shows the difference
	}
	if !strings.Contains(out, "Incorrect string value") {
		t.Errorf("without SET NAMES the client failed, but not on the character: %s", out)
	}
}
