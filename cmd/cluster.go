package cmd

import (
	"context"
	"fmt"
	"time"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/runner"
)

// applyPooling gives u the option pooling=transaction when migrate.yaml's
// cluster.pooling says transaction and the URL does not set pooling itself (a
// URL's own option wins). Pooling applies to PostgreSQL only: on another
// database it is an error saying so.
func (f *factory) applyPooling(u *dialect.URL) error {
	c, err := f.Config()
	if err != nil || c.Cluster.Pooling == "" {
		return nil
	}
	if u.Query.Has("pooling") {
		return nil
	}
	if c.Cluster.Pooling != "transaction" {
		return nil
	}
	if u.Dialect != "postgresql" {
		return fmt.Errorf("%s: cluster.pooling: transaction is for PostgreSQL behind a pooler such as PgBouncer, but the URL is for %s: remove it", c.Path, u.Dialect)
	}
	u.Query.Set("pooling", "transaction")
	return nil
}

// replicaFlags are the options of upgrade and downgrade that wait for replicas.
type replicaFlags struct {
	// WaitFor is --wait-for-replica: names from cluster.replicas, or URLs.
	WaitFor []string
	// Timeout is --replica-timeout, in force when TimeoutSet.
	Timeout    time.Duration
	TimeoutSet bool
}

// openReplicas opens the replicas the run waits for: those --wait-for-replica
// names (a name from cluster.replicas in migrate.yaml, or a database URL), and
// every one of cluster.replicas when cluster.wait_for_replicas is true. Each is
// opened with the primary's dialect d and pinged. closeAll closes them. Errors:
// an unknown name (a usage error listing the names there are), a URL for
// another database, a replica that does not answer.
func (o *moveOptions) openReplicas(ctx context.Context, d dialect.Dialect) (_ []runner.Replica, timeout time.Duration, closeAll func(), err error) {
	type want struct{ name, url string }
	var wants []want
	timeout = 5 * time.Minute
	c, cerr := o.F.Config()
	if cerr == nil {
		timeout = c.Cluster.ReplicaTimeout
		if c.Cluster.WaitForReplicas {
			for _, r := range c.Cluster.Replicas {
				wants = append(wants, want{r.Name, r.URL})
			}
		}
	}
	if o.Replicas.TimeoutSet {
		timeout = o.Replicas.Timeout
	}
	for _, w := range o.Replicas.WaitFor {
		if cerr == nil {
			if r := c.Cluster.Replica(w); r != nil {
				wants = append(wants, want{r.Name, r.URL})
				continue
			}
		}
		u, err := dialect.ParseURL(w)
		if err != nil {
			names := "none"
			if cerr == nil && len(c.Cluster.Replicas) > 0 {
				names = ""
				for i, r := range c.Cluster.Replicas {
					if i > 0 {
						names += ", "
					}
					names += r.Name
				}
			}
			return nil, 0, nil, cmdutil.FlagErrorf("--wait-for-replica %q is neither a replica of cluster.replicas in migrate.yaml (there are: %s) nor a database URL", dialect.Redact(w), names)
		}
		name := u.Host
		if u.Port != "" {
			name += ":" + u.Port
		}
		wants = append(wants, want{name + "/" + u.Database, w})
	}
	var out []runner.Replica
	closeAll = func() {
		for _, r := range out {
			r.DB.Close()
		}
	}
	seen := map[string]bool{}
	for _, w := range wants {
		if seen[w.name] {
			continue
		}
		seen[w.name] = true
		u, err := dialect.ParseURL(w.url)
		if err != nil {
			closeAll()
			return nil, 0, nil, fmt.Errorf("replica %s: %w", w.name, err)
		}
		if u.Password != "" {
			o.F.secrets = append(o.F.secrets, u.Password)
		}
		if u.Dialect != d.Name() {
			closeAll()
			return nil, 0, nil, fmt.Errorf("replica %s is a %s database but the primary is %s: a replica must be of the same database", w.name, u.Dialect, d.Name())
		}
		db, err := d.Open(ctx, u)
		if err != nil {
			closeAll()
			return nil, 0, nil, fmt.Errorf("replica %s: cannot open %s: %w", w.name, u.Redacted(), err)
		}
		pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err = db.PingContext(pctx)
		cancel()
		if err != nil {
			db.Close()
			closeAll()
			return nil, 0, nil, fmt.Errorf("replica %s: cannot connect to %s: %w; nothing was changed: check the replica's URL and that it is up", w.name, u.Redacted(), err)
		}
		out = append(out, runner.Replica{Name: w.name, DB: db})
	}
	return out, timeout, closeAll, nil
}
