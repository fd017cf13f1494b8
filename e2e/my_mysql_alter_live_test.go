package e2e_test

import (
	"strings"
	"testing"
)

// TestMySQLAlterColumnCompletedFromLive: an alter_column without existing_*
// facts on a table created by raw SQL (so the revisions do not describe it) is
// completed from the live column online, keeping its default, comment and
// AUTO_INCREMENT, and refused offline with what to add. One online run from base
// cannot plan it (the table exists only once the first revision ran): it is
// refused naming both revisions, and runs once the first is applied.
func TestMySQLAlterColumnCompletedFromLive(t *testing.T) {
	p, db := myMySQLProject(t)
	myWriteRevision(p, myRev1, "", "legacy table", `upgrade:
  - execute: "CREATE TABLE legacy (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, note VARCHAR(20) NOT NULL DEFAULT 'x' COMMENT 'kept')"
downgrade:
  - execute: "DROP TABLE legacy"
`)
	myWriteRevision(p, myRev2, myRev1, "loosen", `upgrade:
  - alter_column: {table: legacy, column: note, nullable: true}
  - alter_column: {table: legacy, column: id, type: bigint}
downgrade:
  - alter_column: {table: legacy, column: note, nullable: false}
  - alter_column: {table: legacy, column: id, type: integer}
`)
	p.fails(1, `cannot render the upgrade of revision `+myRev2, "upgrade", "head", "--sql")
	p.fails(1, `mysql: op 1 (alter_column on table "legacy"): column "legacy"."note": MySQL restates the whole column in MODIFY COLUMN, and offline (--sql) its current type, autoincrement is known only from the earlier revisions, which do not describe this column: add existing_type, existing_autoincrement to the op`, "upgrade", "head", "--sql")

	p.fails(1, "revision "+myRev1+" (", "upgrade", "head")
	p.fails(1, "run `migrate upgrade "+myRev1+"` first", "upgrade", "head")
	if v := strings.TrimSpace(p.ok("current").Stdout); v != "" {
		t.Fatalf("current after the refused run = %q, want nothing", v)
	}
	p.ok("upgrade", myRev1)
	r := p.ok("upgrade", "head")
	if !strings.Contains(r.Stderr, "completed from the live schema") {
		t.Errorf("no line saying the live schema completed the revision:\n%s", r.Stderr)
	}
	got := myQueryStrings(t, db, `SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COALESCE(COLUMN_DEFAULT, 'NULL'), EXTRA, COLUMN_COMMENT
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'legacy' ORDER BY ORDINAL_POSITION`)
	want := []string{"id|bigint(20)|NO|NULL|auto_increment|", "note|varchar(20)|YES|'x'|DEFAULT_GENERATED|kept"}
	if len(got) != 2 || got[0] != want[0] || (got[1] != want[1] && got[1] != "note|varchar(20)|YES|'x'||kept") {
		t.Fatalf("legacy columns = %q, want %q", got, want)
	}
	p.ok("downgrade", myRev1)
	got = myQueryStrings(t, db, `SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, EXTRA FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'legacy' ORDER BY ORDINAL_POSITION`)
	if len(got) != 2 || got[0] != "id|int(11)|NO|auto_increment" || got[1] != "note|varchar(20)|NO|" {
		t.Fatalf("after downgrade, legacy columns = %q", got)
	}
}
