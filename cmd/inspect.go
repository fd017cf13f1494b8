package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/schema"
	"github.com/spf13/cobra"
)

// inspectOptions are the options of `migrate inspect`.
type inspectOptions struct {
	F       *factory
	Format  string
	Tables  []string
	Package string
	// OutDir, when set, makes --format go write a root package and table
	// packages of PerPackage tables each under it (schema.GoSourcePackages).
	OutDir     string
	PerPackage int
}

// newCmdInspect is `migrate inspect`; runF (nil: runInspect) runs it.
func newCmdInspect(f *factory, runF func(*inspectOptions) error) *cobra.Command {
	o := &inspectOptions{F: f}
	c := &cobra.Command{
		Use:   "inspect",
		Short: "Print the live database schema as Go metadata code, YAML or JSON",
		Long: "Inspect reads the database and prints its schema. With --format go (the default) it\n" +
			"prints a gofmt-formatted Go file declaring the schema with the schema package, one\n" +
			"variable per table declared by a small function of its own (which keeps compiling\n" +
			"large schemas fast), ready to commit as the starting point of a project that never\n" +
			"had migrations (see README, \"Onboarding an existing database\"). With --out-dir it\n" +
			"writes the schema as packages instead: the root package (--package) in <dir>, which\n" +
			"assembles Metadata, and one package per --tables-per-package tables under it, so\n" +
			"that after an edit the Go compiler compiles only the edited table's package again\n" +
			"(for schemas of a thousand tables and more). The directory must be inside a Go\n" +
			"module, and must not hold the files yet.",
		Args: cmdutil.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			switch o.Format {
			case "go", "yaml", "json":
			default:
				return cmdutil.FlagErrorf("--format %q is not known: use go, yaml or json", o.Format)
			}
			if o.OutDir != "" && o.Format != "go" {
				return cmdutil.FlagErrorf("--out-dir writes Go packages: it needs --format go, not %s", o.Format)
			}
			if o.PerPackage < 1 {
				return cmdutil.FlagErrorf("--tables-per-package is %d: it must be at least 1", o.PerPackage)
			}
			if runF != nil {
				return runF(o)
			}
			return runInspect(c.Context(), o)
		},
	}
	c.Flags().StringVar(&o.Format, "format", "go", "output format: go, yaml or json")
	c.Flags().StringSliceVar(&o.Tables, "tables", nil, "only these tables (comma-separated)")
	c.Flags().StringVar(&o.Package, "package", "models", "the Go package name of --format go output")
	c.Flags().StringVar(&o.OutDir, "out-dir", "", "write --format go output as a root package in this directory and table packages under it")
	c.Flags().IntVar(&o.PerPackage, "tables-per-package", 100, "with --out-dir: tables per table package")
	return c
}

func runInspect(ctx context.Context, o *inspectOptions) error {
	db, d, err := o.F.Open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := inspectLive(ctx, o.F, db, d)
	if err != nil {
		return err
	}
	m.Views = nil
	if len(o.Tables) > 0 {
		var kept []*schema.Table
		for _, t := range m.Tables {
			if slices.Contains(o.Tables, t.Name) || slices.Contains(o.Tables, t.Schema+"."+t.Name) {
				kept = append(kept, t)
			}
		}
		for _, want := range o.Tables {
			if !slices.ContainsFunc(kept, func(t *schema.Table) bool { return t.Name == want || t.Schema+"."+t.Name == want }) {
				return fmt.Errorf("--tables names %q, which the database does not have", want)
			}
		}
		m.Tables = kept
		m.Objects = objectsOnTables(m.Objects, kept)
	}
	switch o.Format {
	case "json":
		b, err := schema.MarshalJSON(m)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(o.F.IO.Out, string(b))
		return err
	case "yaml":
		b, err := schema.MarshalJSON(m)
		if err != nil {
			return err
		}
		var generic any
		if err := json.Unmarshal(b, &generic); err != nil {
			return err
		}
		_, err = o.F.IO.Out.Write(yamlx.Encode(yamlFromJSON(generic)))
		return err
	}
	if o.OutDir != "" {
		return writeGoPackages(o, m)
	}
	src, err := schema.GoSource(m, o.Package)
	if err != nil {
		return err
	}
	_, err = o.F.IO.Out.Write(src)
	return err
}

// writeGoPackages writes m as schema.GoSourcePackages lays it out under
// o.OutDir, whose import path it reads from the enclosing go.mod. It writes
// nothing when a file it would write exists already.
func writeGoPackages(o *inspectOptions, m *schema.MetaData) error {
	dir, err := filepath.Abs(o.OutDir)
	if err != nil {
		return err
	}
	importPath, err := goImportPath(dir)
	if err != nil {
		return err
	}
	files, err := schema.GoSourcePackages(m, o.Package, importPath, o.PerPackage)
	if err != nil {
		return err
	}
	names := slices.Sorted(maps.Keys(files))
	for _, name := range names {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
			return fmt.Errorf("--out-dir %s already holds %s: nothing was written; remove the old models first (or choose another directory)", o.OutDir, name)
		}
	}
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return fmt.Errorf("writing the models: %w; the files before it in %s were written", err, o.OutDir)
		}
	}
	_, err = fmt.Fprintf(o.F.IO.Out, "wrote package %s (%s) and %d table packages under it, %d tables\n", o.Package, importPath, len(files)-1, len(m.Tables))
	return err
}

// goImportPath returns the import path of directory dir (absolute; it need not
// exist yet) from the module directive of the nearest go.mod above it.
func goImportPath(dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			mod := modulePath(data)
			if mod == "" {
				return "", fmt.Errorf("%s has no module directive: fix it, then run inspect again", filepath.Join(d, "go.mod"))
			}
			rel, err := filepath.Rel(d, dir)
			if err != nil {
				return "", err
			}
			if rel == "." {
				return mod, nil
			}
			return mod + "/" + filepath.ToSlash(rel), nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("--out-dir %s is not inside a Go module (no go.mod in it or above it): run go mod init in your project first", dir)
		}
	}
}

// modulePath returns the module path a go.mod declares ("" if none).
func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		f := strings.Fields(strings.TrimSpace(line))
		if len(f) >= 2 && f[0] == "module" {
			return strings.Trim(f[1], "\"`")
		}
	}
	return ""
}

// yamlFromJSON turns a decoded JSON value into a YAML tree, keeping the order of
// keys of schema's JSON form (encoding/json sorts map keys; the order is stable).
func yamlFromJSON(v any) *yamlx.Node {
	switch v := v.(type) {
	case map[string]any:
		n := yamlx.NewMap()
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int { return strings.Compare(jsonKeyRank(a)+a, jsonKeyRank(b)+b) })
		for _, k := range keys {
			n.Set(k, yamlFromJSON(v[k]))
		}
		return n
	case []any:
		n := yamlx.NewSeq()
		for _, x := range v {
			n.Append(yamlFromJSON(x))
		}
		return n
	case string:
		return yamlx.Str(v)
	case bool:
		return yamlx.Bool(v)
	case float64:
		if v == float64(int64(v)) {
			return yamlx.Int(int64(v))
		}
		return yamlx.Float(v)
	case nil:
		return yamlx.NullNode()
	}
	return yamlx.Str(fmt.Sprint(v))
}

// jsonKeyRank puts a table's name and columns first in YAML output.
func jsonKeyRank(k string) string {
	switch k {
	case "name":
		return "0"
	case "schema":
		return "1"
	case "columns", "type":
		return "2"
	}
	return "9"
}

// objectsOnTables returns the objects of list that --tables keeps: those on a
// kept table (triggers, policies, partitions), and the others unless they
// depend on a table not kept (a view reading one, say).
func objectsOnTables(list []*schema.ObjectDef, kept []*schema.Table) []*schema.ObjectDef {
	in := map[string]bool{}
	for _, t := range kept {
		in[schema.ObjectRef("table", t.Schema, t.Name)] = true
	}
	var out []*schema.ObjectDef
	for _, o := range list {
		ok := o.Table == "" || in[schema.ObjectRef("table", o.Schema, o.Table)] || o.Kind == schema.KindIndex
		for _, dep := range o.DependsOn {
			if strings.HasPrefix(dep, "table:") && !in[dep] {
				ok = false
			}
		}
		if ok {
			out = append(out, o)
		}
	}
	return out
}
