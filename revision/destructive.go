package revision

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/ops"
)

// UnacknowledgedOp is one op of a planned step that loses data
// (ops.DataLoss) without acknowledge_destructive: true.
type UnacknowledgedOp struct {
	Revision *Revision
	// Direction says which list of the revision holds the op: Up for
	// upgrade, Down for downgrade.
	Direction Direction
	// Op is what ops.Destructive says of it (Index counts from 0 in the list).
	Op ops.DestructiveOp
}

// UnacknowledgedError is RefuseUnacknowledged's error: the steps hold ops
// that lose data and are not acknowledged in their revision files.
type UnacknowledgedError struct {
	Ops []UnacknowledgedOp
}

func (e *UnacknowledgedError) Error() string {
	parts := make([]string, len(e.Ops))
	for i, u := range e.Ops {
		where := u.Revision.ID
		if u.Revision.Path != "" {
			where += " (" + u.Revision.Path + ")"
		}
		section := "upgrade"
		if u.Direction == Down {
			section = "downgrade"
		}
		parts[i] = fmt.Sprintf("revision %s %s op %d (%s) %s", where, section, u.Op.Index+1, u.Op.Op, u.Op.Reason)
	}
	return fmt.Sprintf("%d destructive op(s) without acknowledge_destructive: true: %s; nothing was run: "+
		"review each, then set acknowledge_destructive: true on the op in its revision file", len(e.Ops), strings.Join(parts, "; "))
}

// RefuseUnacknowledged returns an *UnacknowledgedError naming every op of
// steps (each step's upgrade or downgrade, by its direction) that loses data
// (ops.Destructive) without acknowledge_destructive: true, or nil when there
// is none. The CLI's --require-acknowledged and migrator's
// WithRequireAcknowledged call it on the plan before anything runs.
func RefuseUnacknowledged(steps []Step) error {
	var found []UnacknowledgedOp
	for _, s := range steps {
		list := s.Revision.Upgrade
		if s.Direction == Down {
			list = s.Revision.Downgrade
		}
		for _, d := range ops.Destructive(list) {
			if !d.Acknowledged {
				found = append(found, UnacknowledgedOp{Revision: s.Revision, Direction: s.Direction, Op: d})
			}
		}
	}
	if len(found) == 0 {
		return nil
	}
	return &UnacknowledgedError{Ops: found}
}
