// Package lint reports, for every statement a migration plan would run, what
// the target server does with it: the lock it holds on the table, whether it
// rewrites or scans the table under that lock, and a safer equivalent. The
// knowledge of each server lives in its dialect (dialect.Linter in
// dialect/<db>/lint.go); this package walks a runner.Plan, carries the schema
// model from step to step so that each dialect knows the tables as they stand
// (column types, validated checks), adds the findings of ops no dialect can
// judge (raw SQL), and merges the findings of extra sources
// (Options.Sources). docs/lint.md lists every rule with the test that proves
// it on a server.
package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/runner"
	"github.com/retortdb/migrate/schema"
)

// Finding is one finding about one planned statement.
type Finding struct {
	// Revision and Path name the revision the statement belongs to; Direction
	// is "upgrade" or "downgrade".
	Revision  string `json:"revision"`
	Path      string `json:"path,omitempty"`
	Direction string `json:"direction"`
	// Op is the 1-based position of the op in the revision's list and OpName
	// its YAML key; Statement the 1-based position of the statement among the
	// revision's statements (0 for a finding about the revision as a whole).
	Op        int    `json:"op"`
	OpName    string `json:"op_name"`
	Statement int    `json:"statement"`
	SQL       string `json:"sql,omitempty"`
	// Rule, Level, Lock, Algorithm, Rewrite, Scan, Message and Safer are the
	// dialect's (dialect.LintFinding).
	Rule      string `json:"rule"`
	Level     string `json:"level"`
	Lock      string `json:"lock"`
	Algorithm string `json:"algorithm,omitempty"`
	Rewrite   bool   `json:"rewrite"`
	Scan      bool   `json:"scan"`
	Message   string `json:"message"`
	Safer     string `json:"safer,omitempty"`
}

// Source is an extra producer of findings for a plan (destructive changes,
// naming rules): Lint calls each and merges what it returns, in plan order.
// An error stops Lint with that error.
type Source func(p *runner.Plan) ([]Finding, error)

// Options are what Lint needs besides the plan.
type Options struct {
	// Version is the server version (dialect.ServerVersion); "" lets each
	// dialect assume the version its documentation names.
	Version string
	// Start is the schema before the plan's first step (runner.ReplayFor's or
	// the live one); nil when unknown.
	Start *schema.MetaData
	// ViewsReading names the views that read each column on the live
	// database (dialect.ViewsReading); nil when unknown.
	ViewsReading map[string][]string
	// Sources add findings of their own.
	Sources []Source
}

// Lint returns the findings for every statement of p, in plan order (step,
// then statement). It does not connect to anything; the error is a Source's.
func Lint(p *runner.Plan, opts Options) ([]Finding, error) {
	var out []Finding
	m := ops.NewModel(opts.Start.Clone())
	known := opts.Start != nil
	for si := range p.Steps {
		st := &p.Steps[si]
		var before *schema.MetaData
		if known {
			before = m.MetaData()
		}
		in := &dialect.LintInput{Ops: st.Ops, Statements: st.Statements, Before: before, Version: opts.Version, Transactional: st.Transactional, ViewsReading: opts.ViewsReading}
		found := dialect.Lint(p.Dialect, in)
		found = append(found, rawSQL(in)...)
		sort.SliceStable(found, func(i, j int) bool { return found[i].Statement < found[j].Statement })
		for _, f := range found {
			out = append(out, fromDialect(st, f))
		}
		for _, o := range st.Ops {
			if _, raw := o.(*ops.Execute); raw {
				// Raw SQL can change anything: from here the model no longer
				// describes the tables.
				known = false
			}
			if known {
				// An op the model cannot follow leaves it as it was; Build
				// already reported such ops where they are errors.
				_ = dialect.ApplyModel(p.Dialect, m, o)
			}
		}
	}
	for _, src := range opts.Sources {
		more, err := src(p)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}

// rawSQL returns one finding per execute op: its statements are not
// analysed, so its locks are the author's to check.
func rawSQL(in *dialect.LintInput) []dialect.LintFinding {
	var out []dialect.LintFinding
	seen := map[int]bool{}
	for i, s := range in.Statements {
		if s.Op < 0 || s.Op >= len(in.Ops) || seen[s.Op] {
			continue
		}
		if _, ok := in.Ops[s.Op].(*ops.Execute); ok {
			seen[s.Op] = true
			out = append(out, dialect.LintFinding{Statement: i, Rule: "raw-sql", Level: dialect.LintInfo, Lock: "unknown",
				Message: "raw SQL (execute) is not analysed: check the locks it takes yourself"})
		}
	}
	return out
}

func fromDialect(st *runner.Step, f dialect.LintFinding) Finding {
	out := Finding{
		Revision: st.Revision.ID, Path: st.Revision.Path, Direction: st.Direction.String(),
		Rule: f.Rule, Level: f.Level, Lock: f.Lock, Algorithm: f.Algorithm, Rewrite: f.Rewrite, Scan: f.Scan,
		Message: f.Message, Safer: f.Safer,
	}
	if f.Statement >= 0 && f.Statement < len(st.Statements) {
		s := st.Statements[f.Statement]
		out.Statement = f.Statement + 1
		out.SQL = s.SQL
		out.Op = s.Op + 1
		if s.Op >= 0 && s.Op < len(st.Ops) {
			out.OpName = ops.Name(st.Ops[s.Op])
		}
	}
	return out
}

// AtLeast returns the findings whose level is level or more severe
// (dialect.LintLevelRank).
func AtLeast(fs []Finding, level string) []Finding {
	min := dialect.LintLevelRank(level)
	var out []Finding
	for _, f := range fs {
		if dialect.LintLevelRank(f.Level) >= min {
			out = append(out, f)
		}
	}
	return out
}

// WriteText writes fs for people: per finding a header line (revision,
// direction, op, statement, level, rule), the statement, the lock and the
// rewrite and scan facts with the message, and the safer form.
func WriteText(w io.Writer, fs []Finding) error {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s, op %d (%s), statement %d: %s %s\n", f.Revision, f.Direction, f.Op, f.OpName, f.Statement, f.Level, f.Rule)
		if f.SQL != "" {
			fmt.Fprintf(&b, "  %s\n", oneLine(f.SQL))
		}
		facts := []string{"lock " + f.Lock}
		if f.Algorithm != "" {
			facts = append(facts, "algorithm "+f.Algorithm)
		}
		if f.Rewrite {
			facts = append(facts, "rewrites the table")
		}
		if f.Scan {
			facts = append(facts, "scans the table")
		}
		if !f.Rewrite && !f.Scan {
			facts = append(facts, "no rewrite, no scan")
		}
		fmt.Fprintf(&b, "  %s: %s\n", strings.Join(facts, ", "), f.Message)
		if f.Safer != "" {
			fmt.Fprintf(&b, "  safer: %s\n", f.Safer)
		}
	}
	if len(fs) == 0 {
		b.WriteString("No findings.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes fs as a JSON array (an empty array for none), indented.
func WriteJSON(w io.Writer, fs []Finding) error {
	if fs == nil {
		fs = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(fs)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
