package sqlite

import "testing"

// TestSameDefinition: spacing, comments, final semicolons and the case of
// keywords do not count; names, strings, numbers and operators do; a
// double-quoted name is not a bare one (it may read as a string).
func TestSameDefinition(t *testing.T) {
	const trigger = "CREATE TRIGGER t_ai AFTER INSERT ON t\n BEGIN\n  UPDATE t SET at = DATETIME('NOW')  WHERE rowid = new.rowid;\n END"
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"SELECT id, title FROM film WHERE year > 2000", "select id,title\n  from film -- recent\n where year>2000;", true},
		{"SELECT id FROM film", "SELECT id FROM film /* all */ ;;", true},
		{trigger, "create trigger t_ai after insert on t begin update t set at = DATETIME('NOW') where rowid = new.rowid; end;", true},
		{"SELECT [Order Details].OrderID FROM [Order Details]", "SELECT `Order Details`.OrderID FROM `Order Details`", true},
		{"SELECT [a] FROM t", "SELECT a FROM t", true},
		{"SELECT x'0a' FROM t", "SELECT X'0A' FROM t", true},
		{"SELECT id FROM film", "SELECT ID FROM film", false},
		{"SELECT id FROM film", "SELECT id FROM Film", false},
		{trigger, "create trigger t_ai after insert on t begin update t set at = datetime('NOW') where rowid = new.rowid; end", false},
		{trigger, "create trigger t_ai after insert on t begin update t set at = DATETIME('now') where rowid = new.rowid; end", false},
		{"SELECT a FROM t", `SELECT "a" FROM t`, false},
		{`SELECT "a" FROM t`, "SELECT [a] FROM t", false},
		{"SELECT [select] FROM t", "SELECT select FROM t", false},
		{"SELECT a FROM t WHERE y > 2000", "SELECT a FROM t WHERE y > 1900", false},
		{"SELECT a FROM t WHERE y <> 1", "SELECT a FROM t WHERE y != 1", false},
		{"SELECT 'a' FROM t", "SELECT 'A' FROM t", false},
		{"SELECT 'unterminated FROM t", "SELECT 'unterminated FROM t ", true},
		{"SELECT 'unterminated FROM t", "select 'unterminated FROM t", false},
	} {
		if got := (Dialect{}).SameDefinition("view", c.a, c.b); got != c.same {
			t.Errorf("SameDefinition(%q, %q) = %v, want %v", c.a, c.b, got, c.same)
		}
	}
}
