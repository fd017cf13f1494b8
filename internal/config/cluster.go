package config

import (
	"strings"
	"time"

	"github.com/retortdb/migrate/internal/yamlx"
)

// Cluster is the cluster section of migrate.yaml: how to run against a
// database behind a pooler or with read replicas.
//
//	cluster:
//	  pooling: transaction        # the URL names PgBouncer in transaction mode
//	  lease_ttl: 15s              # how long a dead run's lock lease outlives it
//	  replicas:
//	    - {name: reader1, url: "postgresql://…"}
//	  wait_for_replicas: true     # after each revision, wait until they replayed it
//	  replica_timeout: 5m
type Cluster struct {
	// Pooling is "transaction" when the URL names a pooler in transaction
	// mode (PgBouncer's pool_mode), "session" or "" otherwise.
	Pooling string
	// LeaseTTL is how long the migration lock's lease lives without renewal
	// where migrate takes a lease (0: the default, 15 s).
	LeaseTTL time.Duration
	// Replicas are the named read replicas, in file order.
	Replicas []Replica
	// WaitForReplicas makes upgrade and downgrade wait for every replica after
	// each revision.
	WaitForReplicas bool
	// ReplicaTimeout bounds each wait for the replicas (default 5m; 0 waits
	// forever).
	ReplicaTimeout time.Duration
}

// Replica is one entry of cluster.replicas.
type Replica struct {
	Name string
	// URL is the replica's database URL, expanded.
	URL string
}

// Replica returns the replica named name, or nil.
func (c Cluster) Replica(name string) *Replica {
	for i := range c.Replicas {
		if c.Replicas[i].Name == name {
			return &c.Replicas[i]
		}
	}
	return nil
}

// defaultReplicaTimeout is cluster.replica_timeout when unset.
const defaultReplicaTimeout = 5 * time.Minute

func init() { configKeys = append(configKeys, "cluster") }

// fillCluster reads the cluster section.
func (c *Config) fillCluster(root *yamlx.Node) error {
	c.Cluster.ReplicaTimeout = defaultReplicaTimeout
	n := root.Get("cluster")
	if n == nil || n.IsNull() {
		return nil
	}
	if err := n.Expect(yamlx.Map); err != nil {
		return err
	}
	if err := n.CheckKeys("pooling", "lease_ttl", "replicas", "wait_for_replicas", "replica_timeout"); err != nil {
		return err
	}
	cl := &c.Cluster
	if v := n.Get("pooling"); v != nil && !v.IsNull() {
		s, err := v.AsString()
		if err != nil {
			return err
		}
		switch strings.ToLower(s) {
		case "transaction", "session":
			cl.Pooling = strings.ToLower(s)
		default:
			return yamlx.Errorf(v, "cluster.pooling %q is not a pooling mode: write transaction (a pooler such as PgBouncer in transaction mode) or session", s)
		}
	}
	if v := n.Get("lease_ttl"); v != nil && !v.IsNull() {
		d, err := clusterDuration(v, "cluster.lease_ttl")
		if err != nil {
			return err
		}
		if d < 3*time.Second {
			return yamlx.Errorf(v, "cluster.lease_ttl %s is too short: a lease is renewed every third of it, so give it at least 3s", d)
		}
		cl.LeaseTTL = d
	}
	if v := n.Get("replica_timeout"); v != nil && !v.IsNull() {
		d, err := clusterDuration(v, "cluster.replica_timeout")
		if err != nil {
			return err
		}
		cl.ReplicaTimeout = d
	}
	if v := n.Get("wait_for_replicas"); v != nil && !v.IsNull() {
		b, err := v.AsBool()
		if err != nil {
			return err
		}
		cl.WaitForReplicas = b
	}
	if v := n.Get("replicas"); v != nil && !v.IsNull() {
		if err := v.Expect(yamlx.Seq); err != nil {
			return err
		}
		for _, item := range v.Values {
			if err := item.Expect(yamlx.Map); err != nil {
				return err
			}
			if err := item.CheckKeys("name", "url"); err != nil {
				return err
			}
			var r Replica
			for key, dst := range map[string]*string{"name": &r.Name, "url": &r.URL} {
				f := item.Get(key)
				if f == nil || f.IsNull() {
					return yamlx.Errorf(item, "each entry of cluster.replicas needs a name and a url")
				}
				s, err := f.AsString()
				if err != nil {
					return err
				}
				if *dst, err = c.expand(s, f); err != nil {
					return err
				}
			}
			if r.Name == "" || strings.ContainsAny(r.Name, ",= ") {
				return yamlx.Errorf(item.Get("name"), "cluster.replicas: the name %q must be non-empty, without spaces, commas or \"=\"", r.Name)
			}
			if cl.Replica(r.Name) != nil {
				return yamlx.Errorf(item.Get("name"), "cluster.replicas: the name %q is given twice", r.Name)
			}
			cl.Replicas = append(cl.Replicas, r)
		}
	}
	if cl.WaitForReplicas && len(cl.Replicas) == 0 {
		return yamlx.Errorf(n.Get("wait_for_replicas"), "cluster.wait_for_replicas is true but cluster.replicas lists none: add the replicas (name and url)")
	}
	return nil
}

// clusterDuration reads a duration ("15s", "5m", "0") or a plain integer of
// seconds.
func clusterDuration(n *yamlx.Node, key string) (time.Duration, error) {
	if n.Kind == yamlx.Scalar && n.Tag == yamlx.TagInt {
		v, err := n.AsInt()
		if err != nil || v < 0 || v > int64(time.Duration(1<<62)/time.Second) {
			return 0, yamlx.Errorf(n, "%s %s is not a number of seconds from 0 up: write it like 30, 30s or 5m", key, n.Value)
		}
		return time.Duration(v) * time.Second, nil
	}
	if n.Kind != yamlx.Scalar || n.Tag != yamlx.TagStr {
		return 0, yamlx.Errorf(n, "%s must be a duration such as 30s or 5m, or a number of seconds, not %s", key, n.Describe())
	}
	d, err := time.ParseDuration(n.Value)
	if err != nil || d < 0 {
		return 0, yamlx.Errorf(n, "%s %q is not a duration: write it like 30s, 5m or a number of seconds", key, n.Value)
	}
	return d, nil
}
