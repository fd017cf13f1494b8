package cmd

import (
	"context"
	"encoding/json"
	"fmt"
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
			"had migrations (see README, \"Onboarding an existing database\").",
		Args: cmdutil.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			switch o.Format {
			case "go", "yaml", "json":
			default:
				return cmdutil.FlagErrorf("--format %q is not known: use go, yaml or json", o.Format)
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
	src, err := schema.GoSource(m, o.Package)
	if err != nil {
		return err
	}
	_, err = o.F.IO.Out.Write(src)
	return err
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
