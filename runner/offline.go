package runner

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/retortdb/migrate/dialect"
)

// checkComment precedes a statement that online runs query and fail on when it
// returns any row (dialect.Statement.ExpectNoRows): a script cannot fail by itself
// on rows, so the person running it must look.
const checkComment = "-- CHECK: the next statement must return no rows. If it prints any, the revision broke a constraint: roll back (or restore) and stop."

// WriteSQL prints the plan as an SQL script, the offline (--sql) form of the run,
// in the order an online run executes it: the dialect's session set-up
// (dialect.ScriptPrelude: MySQL's SET NAMES utf8mb4), the plan's SessionSetup
// (migrate.yaml's session_setup) and the version table's
// CREATE … IF NOT EXISTS first, then for each step a "-- Running upgrade A -> B, msg" comment, its
// statements each ended by ";" (or as the dialect's dialect.ScriptStatement
// writes them: MySQL's DELIMITER lines around a compound body), and the
// version-table statements that record it.
// Where the dialect has transactional DDL (Begin is not empty) steps run between
// BEGIN and COMMIT: one pair for the whole run, or one per revision when
// perMigration is set (transaction_per_migration). A revision marked
// transactional: false is written outside any transaction block: the open block is
// committed before it and a new one begun after it. A check statement that online
// runs fail on when it returns rows is preceded by a comment saying so. A Go
// step left in the plan (see ResolveGo) is an *OfflineGoError naming the
// revision and the function, and nothing is written.
func (p *Plan) WriteSQL(w io.Writer, perMigration bool) error {
	d := p.Dialect
	if st, fn := p.firstGo(); st != nil {
		return &OfflineGoError{Revision: revLabel(st.Revision), Direction: st.Direction.String(), Func: fn}
	}
	begin, commit := d.Begin(), d.Commit()
	var b strings.Builder
	b.Grow(p.sizeHint())
	stmt := func(s string) {
		b.WriteString(dialect.ScriptStatement(d, trimStatementEnd(s)))
		b.WriteString("\n\n")
	}
	inTx := false
	open := func() {
		if begin != "" && !inTx {
			stmt(begin)
			inTx = true
		}
	}
	closeTx := func() {
		if inTx {
			stmt(commit)
			inTx = false
		}
	}
	for _, s := range dialect.ScriptPrelude(d) {
		stmt(s)
	}
	for _, s := range p.SessionSetup {
		stmt(s)
	}
	for _, s := range d.CreateVersionTable(p.VersionTable) {
		stmt(s)
	}
	for i := range p.Steps {
		st := &p.Steps[i]
		if st.Transactional {
			open()
		} else {
			closeTx()
		}
		b.WriteString("-- ")
		b.WriteString(oneLine(st.Describe()))
		b.WriteString("\n\n")
		for _, s := range st.Statements {
			if s.ExpectNoRows {
				b.WriteString(checkComment + "\n")
			}
			stmt(s.SQL)
		}
		for _, s := range st.Version {
			stmt(s)
		}
		if perMigration {
			closeTx()
		}
	}
	closeTx()
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing the SQL script: %w", err)
	}
	return nil
}

// sizeHint estimates the length of the script, so that WriteSQL builds it
// without copying it over and over as it grows.
func (p *Plan) sizeHint() int {
	n := 4096
	for i := range p.Steps {
		st := &p.Steps[i]
		n += 200 + len(st.Revision.Message)
		for _, s := range st.Statements {
			n += len(s.SQL) + 3
		}
		for _, s := range st.Version {
			n += len(s) + 3
		}
	}
	return n
}

// trimStatementEnd removes trailing semicolons, spaces, tabs and line feeds
// (strings.TrimRight(s, "; \n\t") without building a set per call).
func trimStatementEnd(s string) string {
	for len(s) > 0 {
		switch s[len(s)-1] {
		case ';', ' ', '\n', '\t':
			s = s[:len(s)-1]
		default:
			return s
		}
	}
	return s
}

// oneLine folds line breaks into spaces so that text fits a "--" comment.
func oneLine(s string) string {
	if strings.IndexByte(s, '\n') < 0 && strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return lineBreaks.Replace(s)
}

// lineBreaks is oneLine's replacer, built once (a Replacer is safe for
// concurrent use).
var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// Header is the comment block that opens an offline script: which tool wrote it,
// for which dialect, from which version-table rows to which, and the revision
// files it was rendered from with their checksums, so that a reviewer can tell
// whether the script still matches the files.
type Header struct {
	// ToolVersion is migrate's version (cmd.Version).
	ToolVersion string
	// Command is what produced the script: "upgrade", "downgrade", "stamp".
	Command string
	// Dialect is the dialect's name ("postgresql", "mysql", "sqlite").
	Dialect string
	// From and To are the version-table rows before and after the script (empty:
	// base, no rows).
	From, To []string
	// Revisions are the revisions the script applies, in order.
	Revisions []HeaderRevision
	// Tag is the run's --tag, printed as a "Tag:" line when not "".
	Tag string
}

// HeaderRevision is one applied revision as the header lists it.
type HeaderRevision struct {
	ID string
	// Direction is "upgrade" or "downgrade".
	Direction string
	// File is the revision file's base name ("" when not from a file).
	File string
	// Checksum is the hex SHA-256 of the file's bytes (revision.Revision.Checksum).
	Checksum string
}

// HeaderRevisions lists the plan's steps for a Header.
func (p *Plan) HeaderRevisions() []HeaderRevision {
	out := make([]HeaderRevision, 0, len(p.Steps))
	for _, st := range p.Steps {
		out = append(out, HeaderRevision{
			ID:        st.Revision.ID,
			Direction: st.Direction.String(),
			File:      baseName(st.Revision.Path),
			Checksum:  st.Revision.Checksum,
		})
	}
	return out
}

// WriteHeader writes h as "-- " comment lines followed by a blank line. Every
// dialect's client reads them as comments. It writes no time stamp, so the same
// files give the same script byte for byte.
func WriteHeader(w io.Writer, h Header) error {
	var b strings.Builder
	b.Grow(256 + 120*len(h.Revisions))
	line := func(format string, args ...any) {
		b.WriteString("-- ")
		b.WriteString(oneLine(fmt.Sprintf(format, args...)))
		b.WriteString("\n")
	}
	line("Generated by migrate %s (offline %s --sql). Review it before running it.", h.ToolVersion, h.Command)
	line("Dialect: %s", h.Dialect)
	line("From: %s", headerRows(h.From))
	line("To: %s", headerRows(h.To))
	if h.Tag != "" {
		line("Tag: %s", h.Tag)
	}
	if len(h.Revisions) == 0 {
		line("Revisions: none")
	} else {
		line("Revisions (SHA-256 of each revision file):")
	}
	for _, r := range h.Revisions {
		sum := "(not from a file)"
		if r.Checksum != "" {
			sum = "sha256:" + r.Checksum
		}
		file := r.File
		if file == "" {
			file = "-"
		}
		// "--   <direction> <id> <file> <sum>", each part on one line.
		b.WriteString("--  ")
		for _, part := range [...]string{r.Direction, r.ID, file, sum} {
			b.WriteByte(' ')
			b.WriteString(oneLine(part))
		}
		b.WriteByte('\n')
	}
	b.WriteString("\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing the SQL script's header: %w", err)
	}
	return nil
}

func headerRows(rows []string) string {
	if len(rows) == 0 {
		return "base"
	}
	return strings.Join(rows, ", ")
}

func baseName(path string) string {
	if path == "" {
		return ""
	}
	return filepath.Base(path)
}
