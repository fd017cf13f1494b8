package revision

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/ops"
)

// MaxFileSize is the largest revision file ParseFile accepts, in bytes (64
// MiB): a guard against reading something that is not a revision, set well
// above the baseline revision of a 5,000-table schema (about 11 MB). WriteFile
// refuses to write a larger file, so no command writes a revision that the
// others cannot read.
const MaxFileSize = 64 << 20

// FileError is a problem with one revision file: where it is (Path, and a
// 1-based Line and Col, 0 when the whole file is at fault) and what is wrong.
// Error() reads "path:line:col: msg". Err is the underlying error (a
// *yamlx.Error, yamlx.ErrEmpty, yamlx.ErrBinary, an os error), returned by
// Unwrap.
type FileError struct {
	Path string
	Line int
	Col  int
	Msg  string
	Err  error
}

// Error returns "path:line:col: msg", or "path: msg" without a position.
func (e *FileError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// fileTopKeys are the top-level keys of a revision file, in Marshal's order.
var fileTopKeys = []string{"revision", "down_revision", "branch_labels", "depends_on", "message", "transactional", "upgrade", "downgrade"}

// fileOpKeys are the top-level keys that hold op lists, which a header-only
// read skips.
var fileOpKeys = []string{"upgrade", "downgrade"}

// The fast YAML reader shares the strings of these keys (ops registers its
// own).
func init() { yamlx.InternKeys(fileTopKeys...) }

// fileDecodeError marks an error of fileDecode inside yamlx.ParseScoped, so
// that it is not taken for a YAML syntax error (ErrEmpty, ErrBinary).
type fileDecodeError struct{ err error }

func (e *fileDecodeError) Error() string { return e.err.Error() }
func (e *fileDecodeError) Unwrap() error { return e.err }

// ParseFile reads a revision file (docs/revision-files.md); path is used in errors
// and stored in Revision.Path. Top-level keys: revision (required,
// [A-Za-z0-9_]{1,32}), down_revision (null, an id or a list), branch_labels (a
// label or a list), depends_on (null, an id or a list), message (a string),
// transactional (true or false, default true), upgrade and downgrade (op lists;
// absent or null means none). CreateDate comes from the "# Create Date:" header
// comment; Checksum is the hex SHA-256 of data.
//
// Every error is a *FileError with the position of the problem: a file larger
// than MaxFileSize, an empty or binary file, a YAML syntax error, an unknown or
// mistyped key, a bad revision id, and any op error from ops.DecodeList.
func ParseFile(path string, data []byte) (*Revision, error) { return parseFile(path, data, false) }

// ParseFileHeader is ParseFile without the ops: Upgrade and Downgrade are
// left nil and are not checked (files outside the fast YAML subset are still
// parsed in full). It serves commands that only list revisions.
func ParseFileHeader(path string, data []byte) (*Revision, error) { return parseFile(path, data, true) }

func parseFile(path string, data []byte, headerOnly bool) (*Revision, error) {
	if len(data) > MaxFileSize {
		return nil, &FileError{Path: path, Msg: fmt.Sprintf("file is %d bytes, more than the %d-byte limit for a revision file; is it really a revision?", len(data), MaxFileSize)}
	}
	// yamlx reads the plain YAML that Marshal writes on its fast path and
	// anything else with the full library; the ops keep no node of the tree,
	// so it may come from yamlx's pooled arena.
	var skip []string
	if headerOnly {
		skip = fileOpKeys
	}
	var r *Revision
	err := yamlx.ParseScoped(data, skip, func(root *yamlx.Node) error {
		var derr error
		r, derr = fileDecode(root)
		if derr != nil {
			return &fileDecodeError{derr}
		}
		return nil
	})
	if err != nil {
		var de *fileDecodeError
		if errors.As(err, &de) {
			return nil, fileErrorAt(path, de.err)
		}
		if !errors.Is(err, yamlx.ErrEmpty) && !fileHasIDLine(data) {
			// Not a revision at all (a stray file, a link to another
			// file): say so without quoting any of its content.
			return nil, &FileError{Path: path, Msg: fileNotRevision, Err: err}
		}
		fe := fileErrorAt(path, err)
		switch {
		case errors.Is(err, yamlx.ErrEmpty):
			fe.Msg = "the file is empty; a revision file needs at least \"revision: <id>\" (delete the file or write one with `migrate revision`)"
		case errors.Is(err, yamlx.ErrBinary):
			fe.Msg += "; revision files must be YAML text"
		}
		return nil, fe
	}
	r.Path = path
	r.HeaderOnly = headerOnly
	sum := sha256.Sum256(data)
	r.Checksum = hex.EncodeToString(sum[:])
	r.CreateDate = fileCreateDate(data)
	return r, nil
}

// fileErrorAt turns err into a *FileError for path, keeping a *yamlx.Error's
// position and message.
func fileErrorAt(path string, err error) *FileError {
	var ye *yamlx.Error
	if errors.As(err, &ye) {
		return &FileError{Path: path, Line: ye.Line, Col: ye.Col, Msg: ye.Msg, Err: err}
	}
	return &FileError{Path: path, Msg: err.Error(), Err: err}
}

// fileNotRevision is the error for a file that is not a revision: nothing
// of its content is quoted (it may be any file a link points to).
const fileNotRevision = "not a revision file (no top-level \"revision: <id>\" line; its content is not shown): remove it from the version directory, or write it with `migrate revision`"

// fileHasIDLine reports whether data has a line that starts with
// "revision:", as every revision file does.
func fileHasIDLine(data []byte) bool {
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if bytes.HasPrefix(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")), []byte("revision:")) {
			return true
		}
	}
	return false
}

func fileDecode(root *yamlx.Node) (*Revision, error) {
	// Nothing of the content of a file that is not a revision is quoted:
	// it may be any file a link points to.
	if root.Kind != yamlx.Map {
		got := root.Kind.String()
		if root.Kind == yamlx.Scalar {
			got = "a scalar (not shown)"
		}
		return nil, yamlx.Errorf(root, "a revision file is a map with keys %s; got %s", strings.Join(fileTopKeys, ", "), got)
	}
	if err := root.CheckKeys(fileTopKeys...); err != nil {
		if root.Get("revision") == nil {
			return nil, yamlx.Errorf(root, "%s", fileNotRevision)
		}
		return nil, err
	}
	r := &Revision{Transactional: true}
	idNode := root.Get("revision")
	if idNode.IsNull() {
		return nil, yamlx.Errorf(fileKeyOrRoot(root, "revision"), "missing \"revision: <id>\"; every revision file names its own id")
	}
	id, err := idNode.AsString()
	if err != nil {
		return nil, fileKeyPrefix("revision", err)
	}
	if err := ValidateID(id); err != nil {
		return nil, yamlx.Errorf(idNode, "revision: %v", err)
	}
	r.ID = id
	if r.DownRevisions, err = fileIDList(root, "down_revision", true); err != nil {
		return nil, err
	}
	if r.BranchLabels, err = fileIDList(root, "branch_labels", false); err != nil {
		return nil, err
	}
	if n := root.Get("branch_labels"); len(r.BranchLabels) > 0 {
		items := []*yamlx.Node{n}
		if n.Kind == yamlx.Seq {
			items = n.Values
		}
		for i, l := range r.BranchLabels {
			if err := validateLabel(l); err != nil {
				return nil, yamlx.Errorf(items[i], "branch_labels: %v", err)
			}
		}
	}
	if r.DependsOn, err = fileIDList(root, "depends_on", false); err != nil {
		return nil, err
	}
	if n := root.Get("message"); !n.IsNull() {
		if r.Message, err = n.AsString(); err != nil {
			return nil, fileKeyPrefix("message", err)
		}
	}
	if n := root.Get("transactional"); !n.IsNull() {
		if r.Transactional, err = n.AsBool(); err != nil {
			return nil, fileKeyPrefix("transactional", err)
		}
	}
	if r.Upgrade, err = ops.DecodeList(root.Get("upgrade")); err != nil {
		return nil, fileKeyPrefix("upgrade", err)
	}
	if r.Downgrade, err = ops.DecodeList(root.Get("downgrade")); err != nil {
		return nil, fileKeyPrefix("downgrade", err)
	}
	return r, nil
}

func fileKeyOrRoot(root *yamlx.Node, key string) *yamlx.Node {
	if k := root.KeyNode(key); k != nil {
		return k
	}
	return root
}

// fileKeyPrefix puts "key: " before a *yamlx.Error's message.
func fileKeyPrefix(key string, err error) error {
	var ye *yamlx.Error
	if errors.As(err, &ye) {
		return &yamlx.Error{Line: ye.Line, Col: ye.Col, Msg: key + ": " + ye.Msg, Err: ye.Err}
	}
	return fmt.Errorf("%s: %w", key, err)
}

// fileIDList reads a key that holds null, one string or a list of strings.
// checkIDs requires each to be a valid revision id.
func fileIDList(root *yamlx.Node, key string, checkIDs bool) ([]string, error) {
	n := root.Get(key)
	if n.IsNull() {
		return nil, nil
	}
	var items []*yamlx.Node
	switch n.Kind {
	case yamlx.Scalar:
		items = []*yamlx.Node{n}
	case yamlx.Seq:
		items = n.Values
	default:
		return nil, yamlx.Errorf(n, "%s: want null, an id or a list of ids, got %s", key, n.Describe())
	}
	var out []string
	for _, it := range items {
		s, err := it.AsString()
		if err != nil {
			return nil, fileKeyPrefix(key, err)
		}
		if checkIDs && !fileValidID(s) {
			return nil, yamlx.Errorf(it, "%s: %q is not a valid revision id (1 to 32 letters, digits or underscores)", key, s)
		}
		if s == "" {
			return nil, yamlx.Errorf(it, "%s: empty name", key)
		}
		out = append(out, s)
	}
	return out, nil
}

// fileValidID reports whether id matches [A-Za-z0-9_]{1,32}.
func fileValidID(id string) bool {
	if len(id) == 0 || len(id) > 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// fileCreateDate returns the text after the last "# Create Date:" in the
// comment lines at the top of the file, or "". The last one wins because Marshal
// writes it after the message, which may itself hold such a line.
func fileCreateDate(data []byte) string {
	date := ""
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		t := bytes.TrimSpace(line)
		if len(t) == 0 {
			continue
		}
		if t[0] != '#' {
			break
		}
		if rest, ok := bytes.CutPrefix(bytes.TrimSpace(t[1:]), []byte("Create Date:")); ok {
			date = string(bytes.TrimSpace(rest))
		}
	}
	return date
}
