package mysql

import "testing"

func TestCommitsOnItsOwn(t *testing.T) {
	for stmt, want := range map[string]bool{
		"INSERT INTO t VALUES (1)":                  false,
		"  /* x */ update t set a = 1":              false,
		"-- c\nDELETE FROM t":                       false,
		"(SELECT 1)":                                false,
		"WITH c AS (SELECT 1) SELECT * FROM c":      false,
		"CREATE TABLE slow AS SELECT SLEEP(3) AS x": true,
		"ALTER TABLE t ADD COLUMN c INT":            true,
		"DROP TABLE t":                              true,
		"RENAME TABLE a TO b":                       true,
		"TRUNCATE t":                                true,
		"CALL p()":                                  true,
		"/* unterminated":                           true,
		"INSERTX INTO t":                            true,
	} {
		if got := (Dialect{}).CommitsOnItsOwn(stmt); got != want {
			t.Errorf("CommitsOnItsOwn(%q) = %v, want %v", stmt, got, want)
		}
	}
}
