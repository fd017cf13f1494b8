// Package e2e holds end-to-end tests: they build the migrate binary once and run it,
// as a user would, in scratch Go modules against real SQLite, PostgreSQL and
// MariaDB databases.
package e2e
