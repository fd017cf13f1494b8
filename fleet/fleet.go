// Package fleet runs one migrate command on many targets: the databases,
// schemas and SQLite files that migrate.yaml's targets list names. Resolve turns
// the list into targets (running each source's query, expanding each glob),
// Select picks the ones a command line asks for, and Run runs a function on
// each, at most Options.Parallel at a time, with an optional canary batch and
// fail-fast, never letting one target's failure stop the others; Results are
// written as a table (WriteTable) or as JSON (WriteJSON), and a live progress
// line (Progress) can be drawn on a terminal.
//
// Each target is migrated by the same code as a single database, with its own
// connection, version table and migration lock, so a rerun after a failure
// changes only the targets that are not at the goal yet.
package fleet

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/internal/config"
)

// Target is one database of a fleet.
type Target struct {
	// Name identifies the target in flags, progress, the table and JSON.
	Name string
	// URL is the target's database URL, as --url would give it.
	URL string
	// VersionSchema, when not "", is the schema of the target's version and
	// history tables (a PostgreSQL tenant schema); "" keeps version_table_schema.
	VersionSchema string
}

// Opener connects to a database URL, for the queries that list tenants; cmd
// passes its factory's connection (with its timeouts).
type Opener func(ctx context.Context, rawURL string) (*sql.DB, dialect.Dialect, error)

// Resolve returns the targets of sources, in order: named targets as they are,
// a query's rows in the order the query returns them, a glob's files sorted by
// path. defaultURL is the URL a query runs on when its entry has none (the url
// key); dir is migrate.yaml's directory, against which a relative SQLite path
// in a named URL is resolved. Two targets with the same name, a query that
// fails or returns a NULL or empty name, and a glob that matches no file are
// errors naming the entry's line in migrate.yaml.
func Resolve(ctx context.Context, sources []config.TargetSource, defaultURL, dir string, open Opener) ([]Target, error) {
	var out []Target
	seen := map[string]int{}
	add := func(s config.TargetSource, t Target) error {
		if line, dup := seen[t.Name]; dup {
			return fmt.Errorf("migrate.yaml targets, line %d: target %q is also given by the entry at line %d: give the entries a name (a prefix) to tell them apart", s.Line, t.Name, line)
		}
		seen[t.Name] = s.Line
		out = append(out, t)
		return nil
	}
	for _, s := range sources {
		switch {
		case s.Glob != "":
			files, err := filepath.Glob(s.Glob)
			if err != nil {
				return nil, fmt.Errorf("migrate.yaml targets, line %d: glob %q: %w", s.Line, s.Glob, err)
			}
			if len(files) == 0 {
				return nil, fmt.Errorf("migrate.yaml targets, line %d: glob %q matches no file: create the databases or fix the pattern", s.Line, s.Glob)
			}
			sort.Strings(files)
			for _, f := range files {
				base := filepath.Base(f)
				name := strings.TrimSuffix(base, filepath.Ext(base))
				if err := add(s, Target{Name: prefixed(s.Name, name), URL: "sqlite:///" + f}); err != nil {
					return nil, err
				}
			}
		case s.Query != "":
			raw := s.URL
			if raw == "" {
				raw = defaultURL
			}
			if raw == "" {
				return nil, fmt.Errorf("migrate.yaml targets, line %d: the query has no url to run on: give the entry a url, or set url in migrate.yaml", s.Line)
			}
			ts, err := queryTenants(ctx, s, raw, open)
			if err != nil {
				return nil, err
			}
			for _, t := range ts {
				if err := add(s, t); err != nil {
					return nil, err
				}
			}
		default:
			raw := s.URL
			if u, err := dialect.ParseURL(raw); err == nil && u.Path != "" && !filepath.IsAbs(u.Path) {
				raw = "sqlite:///" + filepath.Join(dir, u.Path)
				if len(u.Query) > 0 {
					raw += "?" + u.Query.Encode()
				}
			}
			if err := add(s, Target{Name: s.Name, URL: raw}); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func prefixed(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "/" + name
}

// queryTenants runs s's query on raw and returns a target for each row.
func queryTenants(ctx context.Context, s config.TargetSource, raw string, open Opener) ([]Target, error) {
	where := fmt.Sprintf("migrate.yaml targets, line %d", s.Line)
	u, err := dialect.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	db, d, err := open(ctx, raw)
	if err != nil {
		return nil, fmt.Errorf("%s: listing the tenants: %w", where, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, s.Query)
	if err != nil {
		return nil, fmt.Errorf("%s: the query listing the tenants failed on %s: %w: fix the query", where, u.Redacted(), err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name sql.NullString
		dest := []any{&name}
		if cols, err := rows.Columns(); err == nil && len(cols) > 1 {
			for range cols[1:] {
				dest = append(dest, new(any))
			}
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("%s: reading the tenants' names: %w", where, err)
		}
		if !name.Valid || name.String == "" {
			return nil, fmt.Errorf("%s: the query returned a NULL or empty tenant name: filter those rows out in the query", where)
		}
		names = append(names, name.String)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: reading the tenants' names: %w", where, err)
	}
	out := make([]Target, 0, len(names))
	for _, name := range names {
		tu, vs, err := dialect.TenantURL(d, u, s.Tenant, name)
		if err != nil {
			return nil, fmt.Errorf("%s: tenant %q: %w", where, name, err)
		}
		out = append(out, Target{Name: prefixed(s.Name, name), URL: tu, VersionSchema: vs})
	}
	return out, nil
}

// Select returns the targets of all that names asks for, in all's order: a
// name selects that target, a pattern with *, ? or [ (path.Match) every
// target it matches. A name that is no target, or a pattern that matches
// none, is an error listing a few of the targets there are.
func Select(all []Target, names []string) ([]Target, error) {
	want := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		matched := false
		for _, t := range all {
			ok := t.Name == n
			if !ok && strings.ContainsAny(n, "*?[") {
				var err error
				if ok, err = path.Match(n, t.Name); err != nil {
					return nil, fmt.Errorf("target pattern %q: %v", n, err)
				}
			}
			if ok {
				want[t.Name], matched = true, true
			}
		}
		if !matched {
			return nil, fmt.Errorf("no target %q in migrate.yaml's targets (there are %d: %s): check the name, or list them with `migrate current --all`", n, len(all), sample(all))
		}
	}
	var out []Target
	for _, t := range all {
		if want[t.Name] {
			out = append(out, t)
		}
	}
	return out, nil
}

func sample(all []Target) string {
	var names []string
	for i, t := range all {
		if i == 5 {
			names = append(names, "…")
			break
		}
		names = append(names, t.Name)
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// ReadNames reads a --targets-from file: one target name or pattern per line;
// blank lines and lines starting with # are skipped. "-" is not special.
func ReadNames(file string) ([]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--targets-from: %w", err)
	}
	var out []string
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--targets-from %s names no target: write one target name per line", file)
	}
	return slices.Clip(out), nil
}
