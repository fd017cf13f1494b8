package lint

import (
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/runner"
)

// Destructive is a Source of one finding per op of p that loses data
// (ops.DataLoss: drop table, drop column, a type change that does not
// widen, dropping an enum value): rule "destructive", level error while the
// op's acknowledge_destructive is not true in the revision file, info once
// a reviewer set it. Lock and rewrite facts of the same statement come from
// the dialect's own findings.
func Destructive(p *runner.Plan) ([]Finding, error) {
	var out []Finding
	for si := range p.Steps {
		st := &p.Steps[si]
		for _, d := range ops.Destructive(st.Ops) {
			f := Finding{
				Revision: st.Revision.ID, Path: st.Revision.Path, Direction: st.Direction.String(),
				Op: d.Index + 1, OpName: d.Op, Rule: "destructive", Level: dialect.LintError, Lock: "-",
				Message: d.Reason + ": set acknowledge_destructive: true on the op once a reviewer accepted it",
			}
			if d.Acknowledged {
				f.Level = dialect.LintInfo
				f.Message = d.Reason + " (acknowledged in the revision file)"
			}
			for i, s := range st.Statements {
				if s.Op == d.Index {
					f.Statement, f.SQL = i+1, s.SQL
					break
				}
			}
			out = append(out, f)
		}
	}
	return out, nil
}
