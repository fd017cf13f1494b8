package metaload_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/retortdb/migrate/internal/metaload"
	"github.com/retortdb/migrate/internal/scratch"
)

const stepsOK = `package steps

import (
	"context"

	"github.com/retortdb/migrate/gostep"
)

var Steps = gostep.Registry{}

func init() { Steps.Add("noop", func(context.Context, *gostep.Session) error { return nil }) }
`

// BuildRunner's errors say what is wrong in one line: a package that does not
// compile (file:line:col), a missing or mistyped registry symbol, a package
// directory that does not exist. None writes into the user's tree, whose
// go.mod (which lacks the migrate command's requirements) stays as it was.
func TestBuildRunnerErrors(t *testing.T) {
	cases := []struct {
		name, file, symbol, pkg, want string
	}{
		{"does not compile", "package steps\n\nvar x = undefinedThing\n", "", "./steps", "steps/steps.go:3:9: undefined: undefinedThing"},
		{"missing symbol", stepsOK, "Nope", "./steps", "go_steps.symbol Nope: package ./steps has no exported Nope"},
		{"wrong type", stepsOK + "\nvar Wrong = 42\n", "Wrong", "./steps", "go_steps.symbol Wrong in ./steps is not a gostep.Registry"},
		{"missing package dir", stepsOK, "", "./nowhere", "go_steps.package ./nowhere: directory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := scratch.Module(t, map[string]string{"steps/steps.go": c.file})
			mod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
			before := listTree(t, dir)
			_, err := metaload.BuildRunner(context.Background(), metaload.RunnerSpec{Dir: dir, Package: c.pkg, Symbol: c.symbol, CacheDir: t.TempDir()})
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error = %v; want one line containing %q", err, c.want)
			}
			after, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
			if string(after) != string(mod) || strings.Join(listTree(t, dir), "\n") != strings.Join(before, "\n") {
				t.Fatalf("building the runner changed the user's tree")
			}
		})
	}
}
