package runner

import (
	"fmt"
	"io"
	"strings"
)

// WriteSQL prints the plan as an SQL script, the offline (--sql) form of the run:
// the version table's CREATE … IF NOT EXISTS, a "-- Running upgrade A -> B, msg"
// comment per step, each statement ended by ";", the version-table statements after
// each step's ops, and BEGIN/COMMIT where the dialect has transactional DDL — one
// pair for the run, or one per revision when perMigration is set. A revision marked
// transactional: false is written outside any transaction block.
func (p *Plan) WriteSQL(w io.Writer, perMigration bool) error {
	d := p.Dialect
	begin, commit := d.Begin(), d.Commit()
	var b strings.Builder
	stmt := func(s string) {
		b.WriteString(strings.TrimRight(s, "; \n\t"))
		b.WriteString(";\n\n")
	}
	inTx := false
	open := func() {
		if begin != "" && !inTx {
			stmt(begin)
			inTx = true
		}
	}
	closeTx := func() {
		if commit != "" && inTx {
			stmt(commit)
			inTx = false
		}
	}
	open()
	for _, s := range d.CreateVersionTable(p.VersionTable) {
		stmt(s)
	}
	for i := range p.Steps {
		st := &p.Steps[i]
		if !st.Transactional {
			closeTx()
		} else if perMigration && i > 0 {
			closeTx()
			open()
		} else {
			open()
		}
		fmt.Fprintf(&b, "-- %s\n\n", oneLine(st.Describe()))
		for _, s := range st.Statements {
			stmt(s.SQL)
		}
		for _, s := range st.Version {
			stmt(s)
		}
		if !st.Transactional {
			open()
		}
	}
	closeTx()
	_, err := io.WriteString(w, b.String())
	return err
}

func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
