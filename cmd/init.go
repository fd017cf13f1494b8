package cmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/schemas"
	"github.com/spf13/cobra"
)

// initOptions are the options of `migrate init`.
type initOptions struct {
	F   *factory
	Dir string
}

// newCmdInit is `migrate init [DIR]`; runF (nil: runInit) runs it.
func newCmdInit(f *factory, runF func(*initOptions) error) *cobra.Command {
	o := &initOptions{F: f}
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Create migrate.yaml, DIR/versions/ and DIR/README (DIR defaults to migrations)",
		Args:  cmdutil.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Dir = "migrations"
			if len(args) == 1 {
				o.Dir = args[0]
			}
			if runF != nil {
				return runF(o)
			}
			return runInit(o)
		},
	}
}

const configTemplate = `# yaml-language-server: $schema=` + schemas.ConfigURL + `
# migrate configuration. Every key but script_location is optional.
script_location: %[1]s
version_locations: [%[1]s/versions]
# ${VAR} and ${VAR:-default} are expanded, ${x.KEY} from -x KEY=VALUE; --url and
# MIGRATE_URL take precedence over url, which is expanded only when it is used.
url: ${DATABASE_URL:-sqlite:///app.db}
version_table: migrate_version
version_table_schema: ""
# Every applied step (revision, file checksum, times) is recorded here; "" turns it off.
history_table: migrate_history
transaction_per_migration: false
file_template: "{{.Rev}}_{{.Slug}}"
truncate_slug_length: 40
timezone: UTC
# Where autogenerate finds the declared schema: a Go package of your module and the
# exported *schema.MetaData variable (or func() *schema.MetaData) in it.
metadata:
  package: ./models
  symbol: Metadata
autogenerate:
  compare_type: true
  compare_server_default: true
  include_schemas: false
  exclude_tables: []
  # true writes ops that hold no blocking lock while they read a table (docs/lint.md)
  safe_forms: false
lock_timeout: 60s
`

const scriptReadme = `Revision files for migrate live in versions/, one YAML file per revision.

  migrate revision --autogenerate -m "add books"   write a revision from the Go metadata
  migrate upgrade head                             apply every revision
  migrate downgrade -1                             undo the last one
  migrate history                                  list revisions
`

func runInit(o *initOptions) error {
	cfgPath := o.F.ConfigPath
	if cfgPath == "" {
		cfgPath = "migrate.yaml"
	}
	if _, err := os.Stat(cfgPath); err == nil {
		return fmt.Errorf("%s already exists: remove it first, or pass -c to write another file", cfgPath)
	}
	versions := filepath.Join(o.Dir, "versions")
	if entries, err := os.ReadDir(o.Dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("directory %s already exists and is not empty: choose another DIR", o.Dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(versions, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", versions, err)
	}
	if err := os.WriteFile(filepath.Join(o.Dir, "README"), []byte(scriptReadme), 0o644); err != nil {
		return err
	}
	rel := filepath.ToSlash(o.Dir)
	if err := writeFileAtomic(cfgPath, []byte(fmt.Sprintf(configTemplate, rel))); err != nil {
		return err
	}
	o.F.Info("Created %s", versions)
	o.F.Info("Created %s", filepath.Join(o.Dir, "README"))
	o.F.Info("Created %s: set url and metadata there before running other commands", cfgPath)
	return nil
}

// writeFileAtomic writes data to a temporary file beside path and renames it into
// place, so that readers never see a half-written file.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	name := tmp.Name()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
