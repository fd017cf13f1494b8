package e2e_test

import (
	"strings"
	"testing"
)

const (
	myRev1 = "aaaaaaaaaaaa"
	myRev2 = "bbbbbbbbbbbb"
)

const myBaseRevision = `upgrade:
  - create_table:
      name: run_log
      columns:
        - {name: id, type: integer, nullable: false, autoincrement: true}
        - {name: msg, type: varchar(50), nullable: false}
      primary_key: {columns: [id]}
  - create_table:
      name: items
      columns:
        - {name: id, type: integer, nullable: false}
        - {name: name, type: varchar(50)}
      primary_key: {columns: [id]}
downgrade:
  - drop_table: {name: items}
  - drop_table: {name: run_log}
`

// myThreeStatements is a revision of three statements whose second names a
// column items does not have.
func myThreeStatements(insert, indexColumn string) string {
	return `upgrade:
  - execute: "INSERT INTO run_log (msg) VALUES ('` + insert + `')"
  - create_index: {name: ix_items_x, table: items, columns: [` + indexColumn + `]}
  - add_column: {table: items, column: {name: price, type: integer}}
downgrade:
  - drop_column: {table: items, column: price}
  - drop_index: {name: ix_items_x, table: items}
`
}

// TestMySQLFailedRevisionResumes is issue 5's "done when": statement 2 of a
// three-statement revision fails; the version table, the error, the progress
// row and current say so; a changed statement 1 is refused; once statement 2 is
// fixed the run resumes at it without running statement 1 again.
func TestMySQLFailedRevisionResumes(t *testing.T) {
	p, db := myMySQLProject(t)
	myWriteRevision(p, myRev1, "", "base tables", myBaseRevision)
	path2 := myWriteRevision(p, myRev2, myRev1, "three steps", myThreeStatements("step one", "nope"))

	r := p.fails(1, "", "upgrade", "head")
	if !strings.Contains(r.Stderr, "Running upgrade  -> "+myRev1) || !strings.Contains(r.Stderr, "Running upgrade "+myRev1+" -> "+myRev2) {
		t.Errorf("progress lines missing:\n%s", r.Stderr)
	}
	wantErr := "ERROR: upgrade of revision " + myRev2 + ` ("three steps") in ` + path2 +
		" failed at statement 2 of 3: Error 1072 (42000): Key column 'nope' doesn't exist in table; SQL: CREATE INDEX ix_items_x ON items (nope); " +
		"statement 1 of this revision was applied and committed (no transactional DDL) and recorded in table migrate_version_progress; " +
		"the version table still names " + myRev1 + "; fix statement 2 (leave statement 1 as written) and run the same command again: it resumes at statement 2"
	if got := myLastLine(r.Stderr); got != wantErr {
		t.Fatalf("error line:\n got %s\nwant %s", got, wantErr)
	}
	if got := myQueryStrings(t, db, "SELECT version_num FROM migrate_version"); len(got) != 1 || got[0] != myRev1 {
		t.Fatalf("version table = %v, want [%s]", got, myRev1)
	}
	prog := myQueryStrings(t, db, "SELECT revision, direction, statements_done, statements_total, length(checksum), started_at <> '' FROM migrate_version_progress")
	if want := myRev2 + "|upgrade|1|3|64|1"; len(prog) != 1 || prog[0] != want {
		t.Fatalf("progress rows = %v, want [%s]", prog, want)
	}
	if got, want := p.ok("current").Stdout, myRev1+"\n"+myRev2+" (partial: 1 of 3 statements applied)\n"; got != want {
		t.Fatalf("current = %q, want %q", got, want)
	}

	// Statement 1 changed since it ran: refused, nothing runs.
	myWriteRevision(p, myRev2, myRev1, "three steps", myThreeStatements("step one, edited", "name"))
	p.fails(1, "revision "+myRev2+" is partly applied: its upgrade stopped after statement 1 of 3", "upgrade", "head")
	r = p.fails(1, "the SQL of statement 1 of the revision, as rendered now, is not the SQL that was applied (checksum)", "upgrade", "head")
	if got := myQueryStrings(t, db, "SELECT count(*) FROM run_log"); got[0] != "1" {
		t.Fatalf("run_log has %s rows after a refused resume, want 1", got[0])
	}

	// Statement 2 fixed, statement 1 as it was: resumes at statement 2.
	myWriteRevision(p, myRev2, myRev1, "three steps", myThreeStatements("step one", "name"))
	r = p.ok("upgrade", "head")
	if !strings.Contains(r.Stderr, "Resuming upgrade of "+myRev2+" at statement 2 of 3: statement") && !strings.Contains(r.Stderr, "Resuming upgrade of "+myRev2+" at statement 2 of 3") {
		t.Errorf("no resume line:\n%s", r.Stderr)
	}
	if got := myQueryStrings(t, db, "SELECT count(*) FROM run_log"); got[0] != "1" {
		t.Fatalf("run_log has %s rows: statement 1 ran again", got[0])
	}
	if got := p.ok("current").Stdout; got != myRev2+" (head)\n" {
		t.Fatalf("current after resume = %q", got)
	}
	if got := myQueryStrings(t, db, "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'migrate_version_progress'"); got[0] != "0" {
		t.Fatalf("progress table left after a completed run")
	}
	if got := myQueryStrings(t, db, "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'items' AND INDEX_NAME = 'ix_items_x'"); len(got) != 1 {
		t.Fatalf("statement 2 did not run on resume")
	}

	p.ok("downgrade", "base")
	assertOnlyVersionTable(t, db)
}

// TestMySQLFailureAtFirstStatement: nothing of the revision applied, no
// progress table left behind, and the error says so.
func TestMySQLFailureAtFirstStatement(t *testing.T) {
	p, db := myMySQLProject(t)
	myWriteRevision(p, myRev1, "", "base tables", myBaseRevision)
	p.ok("upgrade", "head")
	myWriteRevision(p, myRev2, myRev1, "bad first", `upgrade:
  - create_index: {name: ix_items_x, table: items, columns: [nope]}
  - add_column: {table: items, column: {name: price, type: integer}}
downgrade: []
`)
	p.fails(1, "failed at statement 1 of 2: Error 1072 (42000): Key column 'nope' doesn't exist in table; SQL: CREATE INDEX ix_items_x ON items (nope); no statement of this revision was applied; the version table still names "+myRev1, "upgrade", "head")
	if got := myQueryStrings(t, db, "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'migrate_version_progress'"); got[0] != "0" {
		t.Fatalf("progress table left although nothing was applied")
	}
	if got := p.ok("current").Stdout; got != myRev1+"\n" {
		t.Fatalf("current = %q", got)
	}
}

// TestMySQLPartialBlocksOtherRuns: while a revision is partly applied, a
// downgrade is refused with what to do.
func TestMySQLPartialBlocksOtherRuns(t *testing.T) {
	p, _ := myMySQLProject(t)
	myWriteRevision(p, myRev1, "", "base tables", myBaseRevision)
	myWriteRevision(p, myRev2, myRev1, "three steps", myThreeStatements("step one", "nope"))
	p.fails(1, "failed at statement 2 of 3", "upgrade", "head")
	p.fails(1, "revision "+myRev2+" is partly applied: its upgrade stopped after statement 1 of 3 (started ", "downgrade", "base")
	p.fails(1, "this run would start with downgrade of "+myRev1+" instead: finish it first (migrate upgrade "+myRev2+", after fixing the revision), or undo its 1 applied statement(s) by hand and delete its row (DELETE FROM migrate_version_progress)", "downgrade", "base")
}

func myLastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
