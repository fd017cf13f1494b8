package revision

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/internal/yamlx"
)

// nameKeys are the op keys whose value is one name, and nameListKeys those
// whose value is a list of names (an index's list may also hold
// expressions, which are not names).
var (
	nameKeys     = map[string]bool{"name": true, "table": true, "schema": true, "new_name": true, "column": true, "ref_table": true, "ref_schema": true}
	nameListKeys = map[string]bool{"columns": true, "ref_columns": true, "include": true}
)

// CheckNameLengths checks every name in the ops of a revision file (tables,
// schemas, columns, indexes, constraints, types, bulk_insert columns) against
// a dialect's identifier limit of maxBytes (dialect.MaxIdentifierBytes; 0
// means none), so that a name the server would truncate (PostgreSQL, 63
// bytes) or refuse (MySQL, 64) is reported where it is written. The error is
// a *FileError at the name's line and column; data is the file's content as
// ParseFile read it.
func CheckNameLengths(path string, data []byte, maxBytes int) error {
	if maxBytes <= 0 {
		return nil
	}
	root, err := yamlx.Parse(data)
	if err != nil {
		return fileErrorAt(path, err)
	}
	for _, key := range fileOpKeys {
		if n := nameTooLong(root.Get(key), maxBytes, false); n != nil {
			return &FileError{Path: path, Line: n.Line, Col: n.Col,
				Msg: fmt.Sprintf("name %q is %d bytes, more than the database's limit of %d (the server would truncate or refuse it, so it could name another object); choose a shorter name", n.Value, len(n.Value), maxBytes)}
		}
	}
	return nil
}

// nameTooLong returns the first node under n that holds a name longer than
// max; rows says n is a bulk_insert row list, whose maps' keys are names.
func nameTooLong(n *yamlx.Node, max int, rows bool) *yamlx.Node {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yamlx.Seq:
		for _, v := range n.Values {
			if bad := nameTooLong(v, max, rows); bad != nil {
				return bad
			}
		}
	case yamlx.Map:
		for i, k := range n.Keys {
			v := n.Values[i]
			switch {
			case rows:
				if len(k.Value) > max {
					return k
				}
			case nameKeys[k.Value] && v.Kind == yamlx.Scalar:
				if len(v.Value) > max {
					return v
				}
				continue
			case nameListKeys[k.Value] && v.Kind == yamlx.Seq:
				for _, it := range v.Values {
					if it.Kind == yamlx.Scalar && len(it.Value) > max && !strings.ContainsAny(it.Value, "() +-*/,'\"") {
						return it
					}
				}
				continue
			}
			if bad := nameTooLong(v, max, k.Value == "rows"); bad != nil {
				return bad
			}
		}
	}
	return nil
}
