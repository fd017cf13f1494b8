package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/fleet"
	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/lint"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
	"github.com/spf13/cobra"
)

// Exit statuses of `migrate check`, for CI: 0 when the database matches the
// metadata, exitChangesDetected when autogenerate finds differences, 2 for a
// usage error, and exitCheckFailed when the check could not be made.
const (
	exitChangesDetected = 1
	exitCheckFailed     = 3
)

// checkFailedError is any failure of `migrate check` (not at head, no
// connection, a broken revision file or config): it exits with exitCheckFailed,
// so that CI tells it from "changes detected".
type checkFailedError struct{ err error }

func (e *checkFailedError) Error() string { return e.err.Error() }
func (e *checkFailedError) Unwrap() error { return e.err }

// checkOptions are the options of `migrate check`.
type checkOptions struct {
	F      *factory
	Format string
	// Fleet selects migrate.yaml's targets to check instead of one database.
	Fleet fleetOptions
}

// newCmdCheck is `migrate check`; runF (nil: runCheck) runs it.
func newCmdCheck(f *factory, runF func(*checkOptions) error) *cobra.Command {
	o := &checkOptions{F: f}
	c := &cobra.Command{
		Use:   "check",
		Short: "Exit 1 if autogenerate would write ops (the database differs from the metadata), 0 if not, 3 if the check failed",
		Long: "Check compares the database with the metadata as revision --autogenerate does and\n" +
			"writes nothing. Exit status: 0 no changes; 1 changes detected; 2 usage error;\n" +
			"3 the check could not be made (the database is not at head, the connection\n" +
			"failed, a revision file or migrate.yaml is broken). With --format json it prints\n" +
			"an object on stdout in every case: the changes and the ops autogenerate would\n" +
			"write, or {\"error\": ..., \"exit_status\": 3}.",
		Args: cmdutil.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := formatFlagCheck(o.Format); err != nil {
				return err
			}
			o.Fleet.Format = o.Format
			if err := o.Fleet.validate(c, f, false); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runCheck(c.Context(), o)
		},
	}
	c.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	fleetFlags(c, &o.Fleet, false)
	return c
}

// checkJSON is the shape of `check --format json` when the check was made.
// UpgradeOps are the ops' names; Ops the ops themselves, each an object with
// one key (the op's name) holding the op's fields as a revision file writes
// them.
type checkJSON struct {
	Changes    bool              `json:"changes"`
	Findings   []string          `json:"findings"`
	UpgradeOps []string          `json:"upgrade_ops"`
	Ops        []json.RawMessage `json:"ops"`
	// Destructive lists the ops of Ops that lose data (ops.Destructive).
	Destructive []destructiveJSON `json:"destructive"`
	// Lint are the lint findings of the upgrade autogenerate would write
	// (docs/lint.md), with autogenerate.safe_forms applied when set.
	Lint []lint.Finding `json:"lint"`
}

// checkErrorJSON is the shape of `check --format json` when the check failed.
type checkErrorJSON struct {
	Error      string `json:"error"`
	ExitStatus int    `json:"exit_status"`
}

func runCheck(ctx context.Context, o *checkOptions) error {
	if o.Fleet.active() {
		return checkFleet(ctx, o)
	}
	err := check(ctx, o)
	if err == nil || isChangesDetected(err) {
		return err
	}
	if o.Format == "json" {
		_ = writeJSON(o.F.IO.Out, checkErrorJSON{Error: oneLine(o.F.redact(err.Error())), ExitStatus: exitCheckFailed})
	}
	return &checkFailedError{err: err}
}

// checkFleet checks every selected target against the metadata, which is
// loaded once. It exits 3 when a check could not be made on some target, else 1
// when some target differs, else 0.
func checkFleet(ctx context.Context, o *checkOptions) error {
	g, err := listGraph(o.F)
	if err != nil {
		return &checkFailedError{err: err}
	}
	md, err := o.F.Metadata(ctx)
	if err != nil {
		return &checkFailedError{err: err}
	}
	o.F.metadata = md
	err = runFleet(ctx, o.F, &o.Fleet, "check", func(ctx context.Context, tf *factory, _ fleet.Target) fleet.Outcome {
		tf.Quiet = true
		res, _, _, err := autogenerateLive(ctx, tf, g)
		if err != nil {
			return fleet.Outcome{Err: err}
		}
		if !res.Empty() {
			return fleet.Outcome{Status: fleet.Changes, Err: &changesDetectedError{N: len(res.Upgrade), Findings: res.Findings, Warnings: res.Warnings}}
		}
		return fleet.Outcome{Status: fleet.OK}
	})
	var ff *fleetFailedError
	var fe *cmdutil.FlagError
	if err == nil || errors.As(err, &ff) || errors.As(err, &fe) {
		return err
	}
	// The targets could not be listed or selected: no check was made.
	return &checkFailedError{err: err}
}

func check(ctx context.Context, o *checkOptions) error {
	g, err := listGraph(o.F)
	if err != nil {
		return err
	}
	quiet := o.F.Quiet
	if o.Format == "json" {
		o.F.Quiet = true
	}
	res, live, d, err := autogenerateLive(ctx, o.F, g)
	o.F.Quiet = quiet
	if err != nil {
		return err
	}
	if o.Format == "json" {
		out := checkJSON{Changes: !res.Empty(), Findings: res.Findings, UpgradeOps: []string{}, Ops: []json.RawMessage{}, Lint: []lint.Finding{},
			Destructive: checkDestructive(o.F, res.Upgrade, false)}
		if !res.Empty() {
			rev := &revision.Revision{ID: "autogenerate", Message: "autogenerate", Upgrade: res.Upgrade, Downgrade: res.Downgrade, Transactional: true}
			var fs []lint.Finding
			o.F.Quiet = true // JSON mode: shapeRevision's notes stay off stderr
			err := shapeRevision(o.F, d, live, rev)
			o.F.Quiet = quiet
			if err == nil {
				fs, err = revisionLint(ctx, o.F, d, live, rev)
			}
			if err != nil {
				fs = []lint.Finding{{Revision: rev.ID, Direction: "upgrade", Rule: "unplanned", Level: dialect.LintError, Lock: "unknown",
					Message: "the upgrade autogenerate would write could not be planned to lint it: " + oneLine(err.Error())}}
			}
			out.Lint = append(out.Lint, fs...)
		}
		if out.Findings == nil {
			out.Findings = []string{}
		}
		list, err := ops.EncodeList(res.Upgrade)
		if err != nil {
			return fmt.Errorf("encoding the detected ops: %w", err)
		}
		for i, op := range res.Upgrade {
			out.UpgradeOps = append(out.UpgradeOps, ops.Name(op))
			out.Ops = append(out.Ops, json.RawMessage(yamlToJSON(list.Values[i])))
		}
		if err := writeJSON(o.F.IO.Out, out); err != nil {
			return err
		}
	}
	if o.Format != "json" {
		checkDestructive(o.F, res.Upgrade, true)
	}
	if !res.Empty() {
		return &changesDetectedError{N: len(res.Upgrade), Findings: res.Findings, Warnings: res.Warnings}
	}
	o.F.Info("No new upgrade operations detected.")
	return nil
}

// yamlToJSON writes n as JSON, keeping the order of map keys: maps become
// objects, sequences arrays, integers, floats and booleans JSON numbers and
// booleans (a float JSON cannot hold, such as .inf, a string), null null, and
// every other scalar a string.
func yamlToJSON(n *yamlx.Node) string {
	var b strings.Builder
	var walk func(n *yamlx.Node)
	walk = func(n *yamlx.Node) {
		switch {
		case n == nil || n.Kind == yamlx.Null:
			b.WriteString("null")
		case n.Kind == yamlx.Map:
			b.WriteByte('{')
			for i, k := range n.Keys {
				if i > 0 {
					b.WriteByte(',')
				}
				kb, _ := json.Marshal(k.Value)
				b.Write(kb)
				b.WriteByte(':')
				walk(n.Values[i])
			}
			b.WriteByte('}')
		case n.Kind == yamlx.Seq:
			b.WriteByte('[')
			for i, v := range n.Values {
				if i > 0 {
					b.WriteByte(',')
				}
				walk(v)
			}
			b.WriteByte(']')
		case n.Tag == yamlx.TagInt || n.Tag == yamlx.TagBool:
			b.WriteString(n.Value)
		case n.Tag == yamlx.TagFloat:
			if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
				fb, _ := json.Marshal(f)
				b.Write(fb)
				return
			}
			vb, _ := json.Marshal(n.Value)
			b.Write(vb)
		default:
			vb, _ := json.Marshal(n.Value)
			b.Write(vb)
		}
	}
	walk(n)
	return b.String()
}
