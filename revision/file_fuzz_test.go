package revision

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzParseFile checks that ParseFile never panics, that its errors are always
// *FileError, and that whatever it accepts survives Marshal and ParseFile.
func FuzzParseFile(f *testing.F) {
	for _, dir := range []string{"good", "broken"} {
		entries, _ := os.ReadDir(filepath.Join(fileFixtures, dir))
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(fileFixtures, dir, e.Name()))
			if err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseFile("f.yaml", data)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error is %T, not *FileError: %v", err, err)
			}
			return
		}
		out, err := Marshal(r)
		if err != nil {
			t.Fatalf("Marshal of a parsed revision failed: %v", err)
		}
		back, err := ParseFile("f.yaml", out)
		if err != nil {
			t.Fatalf("ParseFile(Marshal(r)) failed: %v\ninput: %q\nmarshaled: %q", err, data, out)
		}
		// CreateDate is header text and may lose surrounding blanks and line
		// breaks; everything else must match.
		if d := cmp.Diff(r, back, cmpopts.EquateEmpty(), cmpopts.EquateNaNs(), cmpopts.IgnoreFields(Revision{}, "Checksum", "CreateDate")); d != "" {
			t.Fatalf("round trip (-parsed +reparsed):\n%s\ninput: %q\nmarshaled: %q", d, data, out)
		}
	})
}
