package dialect

import (
	"context"
	"database/sql"
	"fmt"
)

// ReplicaWaiter is the optional ability of dialects that can tell whether a
// replica has replayed what the primary committed (PostgreSQL: by WAL position).
// Position returns the primary's current position in its log, read on conn after
// a commit: every transaction committed before it is at or before it. Replayed
// reports whether the replica replica has replayed the log up to pos, and the
// position it has replayed to (for messages). Errors: a failed read, or a
// replica that is not one (a server not replaying a primary's log).
type ReplicaWaiter interface {
	Position(ctx context.Context, conn *sql.Conn) (string, error)
	Replayed(ctx context.Context, replica *sql.DB, pos string) (bool, string, error)
}

// ReplicaWaiterFor returns d's ReplicaWaiter, or an error wrapping
// ErrUnsupported naming the dialect when it has none.
func ReplicaWaiterFor(d Dialect) (ReplicaWaiter, error) {
	if w, ok := d.(ReplicaWaiter); ok {
		return w, nil
	}
	return nil, fmt.Errorf("%s cannot tell how far a replica has replayed the primary, so migrate cannot wait for replicas there: remove the replicas to wait for: %w", d.Name(), ErrUnsupported)
}
