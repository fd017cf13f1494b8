package autogen

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// tblColl declares a table with a default collation.
func tblColl(name, collation string, items ...schema.TableItem) func(*schema.MetaData) {
	return func(m *schema.MetaData) { m.Table(name, items...).Collation(collation) }
}

func TestColumnCollation(t *testing.T) {
	bin := schema.Col("token", schema.Varchar(40)).Collation("utf8mb3_bin")
	plainTok := schema.Col("token", schema.Varchar(40))
	live := plain(tblColl("acct", "utf8mb4_unicode_ci", idCol(), bin))
	runCases(t, []testCase{{
		name:     "same collation, table default undeclared",
		declared: md(tbl("acct", idCol(), schema.Col("token", schema.Varchar(40)).Collation("utf8mb3_bin"))), live: live,
	}, {
		name:     "a column naming its table's collation equals one reported without it",
		declared: md(tbl("acct", idCol(), schema.Col("token", schema.Varchar(40)).Collation("utf8mb4_unicode_ci"))),
		live:     plain(tblColl("acct", "utf8mb4_unicode_ci", idCol(), plainTok)),
	}, {
		name:     "collation dropped back to the table default",
		declared: md(tbl("acct", idCol(), schema.Col("token", schema.Varchar(40)))), live: live,
		want: []ops.Op{&ops.AlterColumn{Table: "acct", Column: "token", Collation: &ops.Change{},
			ExistingType: tp(schema.Varchar(40)), ExistingNullable: bp(true), ExistingAutoincrement: bp(false), ExistingCollation: sp("utf8mb3_bin")}},
		findings: []string{"Detected collation change from 'utf8mb3_bin' to the table default on 'acct.token'"},
	}, {
		name:     "collation set",
		declared: md(tbl("acct", idCol(), schema.Col("token", schema.Varchar(40)).Collation("utf8mb3_bin"))),
		live:     plain(tblColl("acct", "utf8mb4_unicode_ci", idCol(), plainTok)),
		want: []ops.Op{&ops.AlterColumn{Table: "acct", Column: "token", Collation: &ops.Change{Value: sp("utf8mb3_bin")},
			ExistingType: tp(schema.Varchar(40)), ExistingNullable: bp(true), ExistingAutoincrement: bp(false)}},
		findings: []string{"Detected collation change from the table default to 'utf8mb3_bin' on 'acct.token'"},
	}})
}

func TestTableOptionsRefused(t *testing.T) {
	live := plain(func(m *schema.MetaData) {
		m.Table("acct", idCol()).Engine("InnoDB").Collation("utf8mb4_unicode_ci").Options("ROW_FORMAT=DYNAMIC")
	})
	// Undeclared options are not compared; declared equal ones (any case) match.
	for _, decl := range []*schema.MetaData{
		md(tbl("acct", idCol())),
		md(func(m *schema.MetaData) {
			m.Table("acct", idCol()).Engine("innodb").Collation("utf8mb4_unicode_ci").Options("ROW_FORMAT=DYNAMIC")
		}),
	} {
		if res, err := Compare(decl, live, pgLike, Options{}); err != nil || len(res.Upgrade) != 0 {
			t.Errorf("equal options: %v, %d ops", err, len(res.Upgrade))
		}
	}
	for _, c := range []struct {
		decl func(*schema.TableBuilder)
		want string
	}{
		{func(b *schema.TableBuilder) { b.Engine("MyISAM") }, `declares engine "MyISAM" but the database has "InnoDB"`},
		{func(b *schema.TableBuilder) { b.Collation("utf8mb4_bin") }, `declares collation "utf8mb4_bin" but the database has "utf8mb4_unicode_ci"`},
		{func(b *schema.TableBuilder) { b.Options("ROW_FORMAT=COMPRESSED") }, `declares options "ROW_FORMAT=COMPRESSED"`},
	} {
		decl := md(func(m *schema.MetaData) { c.decl(m.Table("acct", idCol())) })
		_, err := Compare(decl, live, pgLike, Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "'acct'") || !strings.Contains(err.Error(), "execute op") {
			t.Errorf("Compare = %v, want an error containing %q, the table and what to do", err, c.want)
		}
	}
}

// TestMySQLOptionsIgnoredWhereNotReported: a model declaring MySQL's engine,
// collations and options compares clean against a live schema that reports
// none of them (PostgreSQL, SQLite).
func TestMySQLOptionsIgnoredWhereNotReported(t *testing.T) {
	declared := md(func(m *schema.MetaData) {
		m.Table("acct", idCol(), schema.Col("token", schema.Varchar(40)).Collation("utf8mb3_bin")).
			Engine("InnoDB").Collation("utf8mb4_unicode_ci").Options("ROW_FORMAT=DYNAMIC")
	})
	live := plain(tbl("acct", idCol(), schema.Col("token", schema.Varchar(40))))
	res, err := Compare(declared, live, pgLike, Options{CompareType: true, CompareServerDefault: true})
	if err != nil || len(res.Upgrade) != 0 {
		t.Fatalf("Compare = %v, %d ops (%q), want none", err, len(res.Upgrade), res.Findings)
	}
}
