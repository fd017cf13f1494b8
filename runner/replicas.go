package runner

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/retortdb/migrate/dialect"
)

// Replica is a read replica of the database a run changes, which the run waits
// for after each revision (see Runner.Replicas).
type Replica struct {
	// Name names the replica in messages.
	Name string
	// DB is a connection pool to the replica.
	DB *sql.DB
}

// replicaPoll is how often a run asks the replicas how far they replayed.
const replicaPoll = 100 * time.Millisecond

// ReplicaError is a run stopped because a replica did not replay a committed
// revision within Runner.ReplicaTimeout (or its position could not be read).
// The revision is committed on the primary; the run applied nothing after it.
type ReplicaError struct {
	// Revision is the committed revision the run waited for.
	Revision string
	// Replica names the replica.
	Replica string
	// Primary and At are the primary's position after the commit and the
	// replica's last replayed one ("" when unread).
	Primary, At string
	// Timeout is the wait that ran out (0 when Err is set).
	Timeout time.Duration
	// Err is the read that failed, if that is what stopped the wait.
	Err error
}

func (e *ReplicaError) Error() string {
	why := fmt.Sprintf("had not replayed it after %s (replica at %s, primary at %s)", e.Timeout, e.At, e.Primary)
	if e.Err != nil {
		why = fmt.Sprintf("could not be asked how far it replayed: %v", e.Err)
	}
	return fmt.Sprintf("revision %s is committed on the primary, but replica %s %s; the run stopped there and applied nothing after it: check the replica's replication, then run the command again to continue", e.Revision, e.Replica, why)
}

func (e *ReplicaError) Unwrap() error { return e.Err }

// checkReplicas makes sure, before a run changes any revision, that every one
// of r.Replicas is a replica that answers, reading the primary's position on
// conn.
func (r *Runner) checkReplicas(ctx context.Context, conn *sql.Conn) error {
	if len(r.Replicas) == 0 {
		return nil
	}
	w, err := dialect.ReplicaWaiterFor(r.Dialect)
	if err != nil {
		return err
	}
	pos, err := w.Position(ctx, conn)
	if err != nil {
		return fmt.Errorf("%w; nothing was changed", err)
	}
	for _, rep := range r.Replicas {
		if _, _, err := w.Replayed(ctx, rep.DB, pos); err != nil {
			return fmt.Errorf("replica %s: %w; nothing was changed: name a replica of this database", rep.Name, err)
		}
	}
	return nil
}

// waitReplicas waits until every replica in r.Replicas has replayed what the
// primary committed up to now (read on conn after revision rev's commit), at
// most r.ReplicaTimeout (0: forever). It says once through Log when it has to
// wait. Errors: *ReplicaError, or the dialect's lack of the ability.
func (r *Runner) waitReplicas(ctx context.Context, conn *sql.Conn, rev string) error {
	if len(r.Replicas) == 0 {
		return nil
	}
	w, err := dialect.ReplicaWaiterFor(r.Dialect)
	if err != nil {
		return err
	}
	pos, err := w.Position(ctx, conn)
	if err != nil {
		return &ReplicaError{Revision: rev, Replica: "(primary)", Err: err}
	}
	var deadline time.Time
	if r.ReplicaTimeout > 0 {
		deadline = time.Now().Add(r.ReplicaTimeout)
	}
	said := false
	start := time.Now()
	for _, rep := range r.Replicas {
		for {
			ok, at, err := w.Replayed(ctx, rep.DB, pos)
			if err != nil {
				return &ReplicaError{Revision: rev, Replica: rep.Name, Primary: pos, Err: err}
			}
			if ok {
				break
			}
			if !said {
				r.log(fmt.Sprintf("Waiting for replica %s to replay revision %s (replica at %s, primary at %s)", rep.Name, rev, at, pos))
				said = true
			}
			if !deadline.IsZero() && !time.Now().Before(deadline) {
				return &ReplicaError{Revision: rev, Replica: rep.Name, Primary: pos, At: at, Timeout: r.ReplicaTimeout}
			}
			t := time.NewTimer(replicaPoll)
			select {
			case <-ctx.Done():
				t.Stop()
				return fmt.Errorf("waiting for replica %s to replay revision %s (committed on the primary): %w", rep.Name, rev, ctx.Err())
			case <-t.C:
			}
		}
	}
	if said {
		names := make([]string, len(r.Replicas))
		for i, rep := range r.Replicas {
			names[i] = rep.Name
		}
		r.log(fmt.Sprintf("Replica(s) %s replayed revision %s after %s", strings.Join(names, ", "), rev, time.Since(start).Round(time.Millisecond)))
	}
	return nil
}
