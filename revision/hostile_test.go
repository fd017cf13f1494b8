package revision

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/ops"
)

// TestReservedIDsRefused checks that the identifier grammar's words cannot be
// revision ids or branch labels, in a file (with its position) and through
// ValidateID (which --rev-id uses) and Marshal.
func TestReservedIDsRefused(t *testing.T) {
	for _, id := range []string{"head", "heads", "base", "current"} {
		_, err := ParseFile("v/x.yaml", []byte("revision: "+id+"\ndown_revision: null\n"))
		if err == nil || !strings.Contains(err.Error(), "v/x.yaml:1:11: revision: ") || !strings.Contains(err.Error(), "reserved word") {
			t.Errorf("revision %s: error = %v", id, err)
		}
		if err := ValidateID(id); err == nil {
			t.Errorf("ValidateID(%q) accepted it", id)
		}
		if _, err := Marshal(&Revision{ID: id}); err == nil {
			t.Errorf("Marshal accepted id %q", id)
		}
		_, err = ParseFile("v/x.yaml", []byte("revision: a1\nbranch_labels: [ok, "+id+"]\n"))
		if err == nil || !strings.Contains(err.Error(), "v/x.yaml:2:21: branch_labels: ") {
			t.Errorf("label %s: error = %v", id, err)
		}
	}
	for _, id := range []string{"abc@head", "+2", "head-1", "-1", "a+1", "x@base", "", strings.Repeat("a", 33), "é"} {
		if err := ValidateID(id); err == nil {
			t.Errorf("ValidateID(%q) accepted it", id)
		}
	}
	for _, id := range []string{"ae1027a6acf0", "Head", "base_1", "headx", "_"} {
		if err := ValidateID(id); err != nil {
			t.Errorf("ValidateID(%q): %v", id, err)
		}
	}
}

// TestLinkToOtherFileNotPrinted checks that a revision file that is a link
// to a file that is not a revision (here a passwd-like file) is refused
// without any of that file's content in the error.
func TestLinkToOtherFileNotPrinted(t *testing.T) {
	dir := t.TempDir()
	secretDir := t.TempDir()
	contents := map[string]string{
		"passwd":  "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
		"hosts":   "127.0.0.1 localhost\n::1 ip6-localhost\n",
		"env":     "PRETTY_NAME=\"Debian GNU/Linux\"\nTOKEN=s3cr3t\n",
		"group":   "root:x:0:\nsudo:x:27:alice\n",
		"keyfile": "api_key: s3cr3t\nowner: alice\n",
		"list":    "- alice\n- s3cr3t\n",
		"broken":  "a: [s3cr3t\n",
	}
	for name, text := range contents {
		target := filepath.Join(secretDir, name)
		if err := os.WriteFile(target, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, filepath.Join(dir, name+".yaml")); err != nil {
			t.Fatal(err)
		}
	}
	_, err := LoadDirs([]string{dir})
	if err == nil {
		t.Fatal("LoadDirs accepted links to files that are not revisions")
	}
	msg := err.Error()
	for _, leak := range []string{"root", "daemon", "localhost", "Debian", "s3cr3t", "alice", "api_key", "sudo"} {
		if strings.Contains(msg, leak) {
			t.Errorf("error shows %q of a file that is not a revision:\n%s", leak, msg)
		}
	}
	if n := strings.Count(msg, "\n") + 1; n != len(contents) {
		t.Errorf("%d errors for %d files:\n%s", n, len(contents), msg)
	}
}

// TestWriteFileRefusesHiddenNames checks that WriteFile does not write a
// revision under a name LoadDirs skips.
func TestWriteFileRefusesHiddenNames(t *testing.T) {
	dir := t.TempDir()
	r := &Revision{ID: "abc", Transactional: true}
	for _, name := range []string{".abc.yaml", ".abc_slug.yaml", "abc.txt", "abc"} {
		if err := WriteFile(filepath.Join(dir, name), r); err == nil || !strings.Contains(err.Error(), "file_template") {
			t.Errorf("WriteFile(%s): %v", name, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files written: %v", entries)
	}
	if err := WriteFile(filepath.Join(dir, "abc_ok.yaml"), r); err != nil {
		t.Fatal(err)
	}
	revs, err := LoadDirs([]string{dir})
	if err != nil || len(revs) != 1 || revs[0].ID != "abc" {
		t.Fatalf("LoadDirs = %v, %v", revs, err)
	}
}

// TestWriteFileRefusesWhatNoCommandReads: a revision whose file would exceed
// MaxFileSize is refused before anything is written, so no command writes a
// revision that every other command would then refuse to load.
func TestWriteFileRefusesWhatNoCommandReads(t *testing.T) {
	dir := t.TempDir()
	r := &Revision{ID: "big", Transactional: true,
		Upgrade: []ops.Op{&ops.Execute{SQL: strings.Repeat("x", MaxFileSize)}}}
	err := WriteFile(filepath.Join(dir, "big_x.yaml"), r)
	if err == nil || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("WriteFile of a %d-byte op: %v", MaxFileSize, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
}
