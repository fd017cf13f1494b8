package revision

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schemas"
)

// Marshal writes r in the revision-file layout: a comment header (the
// yaml-language-server line naming schemas.RevisionURL,
// "# <message>", "#", "# Revision ID: …", "# Revises: <parents or <base>>",
// "# Create Date: …"), then revision, down_revision (null, an id, or a flow
// list for a merge), branch_labels, depends_on, message, transactional, upgrade
// and downgrade. A message of several lines becomes several comment lines; line
// breaks and control characters never leak out of the header. ParseFile reads
// the result back to r (Path and Checksum aside). Errors: an id that
// ValidateID refuses, or ops.EncodeList's error naming the op that cannot be
// written.
func Marshal(r *Revision) ([]byte, error) {
	return marshal(r, true)
}

// marshal is Marshal; withComments false leaves out the comments before ops
// (ops.CommentDestructive), which are not part of what the revision does.
func marshal(r *Revision, withComments bool) ([]byte, error) {
	if err := ValidateID(r.ID); err != nil {
		return nil, fmt.Errorf("revision %s: %w", fileHeaderText(r.ID), err)
	}
	up, err := ops.EncodeList(r.Upgrade)
	if err != nil {
		return nil, fmt.Errorf("revision %s: upgrade: %w", r.ID, err)
	}
	down, err := ops.EncodeList(r.Downgrade)
	if err != nil {
		return nil, fmt.Errorf("revision %s: downgrade: %w", r.ID, err)
	}
	if withComments {
		ops.CommentDestructive(up, r.Upgrade)
		ops.CommentDestructive(down, r.Downgrade)
	}
	var b bytes.Buffer
	// Editors with a YAML language server validate and complete the file.
	b.WriteString("# yaml-language-server: $schema=" + schemas.RevisionURL + "\n")
	for _, line := range strings.Split(fileHeaderText(r.Message), "\n") {
		fileComment(&b, line)
	}
	b.WriteString("#\n")
	fileComment(&b, "Revision ID: "+fileHeaderText(r.ID))
	revises := "<base>"
	if len(r.DownRevisions) > 0 {
		revises = strings.Join(r.DownRevisions, ", ")
	}
	fileComment(&b, "Revises: "+fileHeaderText(revises))
	if r.CreateDate != "" {
		fileComment(&b, "Create Date: "+strings.ReplaceAll(fileHeaderText(r.CreateDate), "\n", " "))
	}
	var downRev *yamlx.Node
	switch len(r.DownRevisions) {
	case 0:
		downRev = yamlx.NullNode()
	case 1:
		downRev = yamlx.Str(r.DownRevisions[0])
	default:
		downRev = yamlx.StrSeq(r.DownRevisions)
	}
	body := yamlx.NewMap().
		Set("revision", yamlx.Str(r.ID)).
		Set("down_revision", downRev).
		Set("branch_labels", yamlx.StrSeq(r.BranchLabels)).
		Set("depends_on", yamlx.StrSeq(r.DependsOn)).
		Set("message", yamlx.Str(r.Message)).
		Set("transactional", yamlx.Bool(r.Transactional)).
		Set("upgrade", up).
		Set("downgrade", down)
	b.Write(yamlx.Encode(body))
	return b.Bytes(), nil
}

// fileHeaderText makes s safe inside "#" comment lines: line breaks of every
// kind become "\n" (each starts a new comment line) and other control
// characters become spaces.
func fileHeaderText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n', r == '\r', r == 0x85, r == 0x2028, r == 0x2029:
			return '\n'
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfeff || r == 0xfffe || r == 0xffff || r == 0xfffd:
			return ' '
		}
		return r
	}, s)
}

func fileComment(b *bytes.Buffer, text string) {
	text = strings.TrimRight(text, " \t")
	if text == "" {
		b.WriteString("#\n")
		return
	}
	b.WriteString("# " + text + "\n")
}

// WriteFile writes r (as Marshal does) to path atomically: it writes a
// temporary file in the same directory, syncs it, and links it into place, so
// that path either does not exist or holds the whole file. It refuses to
// overwrite an existing file (the error wraps fs.ErrExist), refuses a file
// larger than MaxFileSize (which no command would read), and removes its
// temporary file on every failure. A file name that LoadDirs would skip (one
// starting with "." or not ending in .yaml or .yml) is refused: no other
// command would see the revision.
func WriteFile(path string, r *Revision) error {
	if base := filepath.Base(path); strings.HasPrefix(base, ".") || !(strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml")) {
		return fmt.Errorf("write revision %s: file name %q starts with \".\" or does not end in .yaml or .yml, so no command would load it; fix file_template in the config", r.ID, base)
	}
	data, err := Marshal(r)
	if err != nil {
		return err
	}
	if len(data) > MaxFileSize {
		return fmt.Errorf("write revision %s: the file would be %d bytes, more than the %d-byte limit every command reads; nothing was written: split the change into several revisions (autogenerate with fewer tables declared at a time)", r.ID, len(data), MaxFileSize)
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("write revision %s: %s already exists; choose another --rev-id or message, or remove the file: %w", r.ID, path, fs.ErrExist)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("write revision %s: cannot create a file in %s (does the directory exist and is it writable?): %w", r.ID, dir, err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName)
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write revision %s: writing %s: %w", r.ID, tmpName, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write revision %s: syncing %s: %w", r.ID, tmpName, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write revision %s: closing %s: %w", r.ID, tmpName, err)
	}
	if err := os.Chmod(tmpName, 0o644); err != nil {
		return fmt.Errorf("write revision %s: %w", r.ID, err)
	}
	// A hard link fails when path exists, so a file created meanwhile is never
	// replaced. Where links are not supported, fall back to a rename.
	if err := os.Link(tmpName, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("write revision %s: %s already exists; choose another --rev-id or message, or remove the file: %w", r.ID, path, fs.ErrExist)
		}
		if _, serr := os.Lstat(path); serr == nil {
			return fmt.Errorf("write revision %s: %s already exists: %w", r.ID, path, fs.ErrExist)
		}
		if err := os.Rename(tmpName, path); err != nil {
			return fmt.Errorf("write revision %s: moving the file into place at %s: %w", r.ID, path, err)
		}
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // make the new directory entry durable; best effort
		d.Close()
	}
	return nil
}
