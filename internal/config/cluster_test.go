package config

import (
	"strings"
	"testing"
	"time"
)

// The cluster section reads every key, expands ${VAR} in replica URLs, and
// defaults replica_timeout to 5m.
func TestLoadCluster(t *testing.T) {
	t.Setenv("REPLICA_HOST", "r1.internal")
	p := writeConfig(t, `script_location: m
cluster:
  pooling: Transaction
  lease_ttl: 20s
  replicas:
    - {name: reader1, url: "postgresql://u@${REPLICA_HOST}/db"}
    - name: reader2
      url: postgresql://u@r2/db
  wait_for_replicas: true
  replica_timeout: 90
`)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	cl := c.Cluster
	if cl.Pooling != "transaction" || cl.LeaseTTL != 20*time.Second || !cl.WaitForReplicas || cl.ReplicaTimeout != 90*time.Second {
		t.Fatalf("cluster = %+v", cl)
	}
	if len(cl.Replicas) != 2 || cl.Replica("reader1").URL != "postgresql://u@r1.internal/db" || cl.Replica("reader2") == nil || cl.Replica("nope") != nil {
		t.Fatalf("replicas = %+v", cl.Replicas)
	}
	c, err = Load(writeConfig(t, "script_location: m\n"))
	if err != nil || c.Cluster.ReplicaTimeout != 5*time.Minute || c.Cluster.Pooling != "" || len(c.Cluster.Replicas) != 0 {
		t.Fatalf("defaults: %+v, %v", c.Cluster, err)
	}
}

// Each mistake in the cluster section is an error at its line naming the key
// and what to write.
func TestLoadClusterErrors(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"cluster:\n  pooling: statement\n", `cluster.pooling "statement" is not a pooling mode`},
		{"cluster:\n  lease_ttl: 1s\n", "cluster.lease_ttl 1s is too short"},
		{"cluster:\n  lease_ttl: soon\n", `cluster.lease_ttl "soon" is not a duration`},
		{"cluster:\n  replica_timeout: -1\n", "cluster.replica_timeout -1 is not a number of seconds"},
		{"cluster:\n  wait_for_replicas: true\n", "cluster.wait_for_replicas is true but cluster.replicas lists none"},
		{"cluster:\n  replicas:\n    - {name: a}\n", "each entry of cluster.replicas needs a name and a url"},
		{"cluster:\n  replicas:\n    - {name: a, url: x}\n    - {name: a, url: y}\n", `the name "a" is given twice`},
		{"cluster:\n  replicas:\n    - {name: 'a b', url: x}\n", "must be non-empty, without spaces"},
		{"cluster:\n  replicas:\n    - {name: a, url: x, lag: 1}\n", "lag"},
		{"cluster:\n  poolling: transaction\n", "poolling"},
		{"cluster: [a]\n", "want a map, got a list"},
	} {
		_, err := Load(writeConfig(t, "script_location: m\n"+c.yaml))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to contain %q", c.yaml, err, c.want)
		}
		if err != nil && !strings.Contains(err.Error(), "migrate.yaml:") {
			t.Errorf("%q: error %v has no file position", c.yaml, err)
		}
	}
}
