// Package dialecttest is the conformance suite that every dialect of migrate must
// pass, against a real database: the version table, a sequence of revisions that
// uses every op kind (upgraded, inspected, reversed and upgraded again), hostile
// identifiers, literals, dialect-specific execute, the migration lock, render
// errors, error classification (a missing table, a duplicate key, an ended
// context), and a property test: random starting schemas and random sequences of
// every op kind, after which the model ops.Apply keeps, the inspected schema and
// the server's own catalog must agree (go test -run 'TestPostgres/Property'
// -seed N reproduces one sequence; -seeds N runs N of them).
//
// A dialect package wires it up from a test:
//
//	func TestConformance(t *testing.T) {
//		dr, _ := drivers.Get("sqlite")
//		dialecttest.Run(t, dialecttest.Harness{Dialect: dr.Dialect, Inspector: dr.Inspector, NewDB: testdb.SQLite})
//	}
//
// Expectations come from the dialect's Capabilities and from the Harness, never
// from the dialect's name: comments are compared only where the dialect stores
// them, enum types by their values where enums are inline, primary-key names only
// where the inspector reports one, and check constraints by name only (servers
// rewrite their conditions). Column types are compared with the dialect's own
// EquivalentType and declared defaults are normalised with its NormalizeDefault,
// the same tests autogenerate relies on.
package dialecttest
