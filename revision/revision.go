// Package revision reads and writes revision files, builds the revision graph
// (heads, bases, branches, merges, depends_on, branch labels), resolves revision
// identifiers and computes the steps between two sets of heads, each with the
// version-table change it implies, as Alembic's RevisionMap and HeadMaintainer do.
package revision

import "github.com/retortdb/migrate/ops"

// Revision is one revision file.
type Revision struct {
	// ID is the revision id ([A-Za-z0-9_]{1,32}; 12 lowercase hex when generated).
	ID string
	// DownRevisions are the parents: empty for a base, one for a plain revision,
	// several for a merge.
	DownRevisions []string
	// BranchLabels are the labels declared on this revision.
	BranchLabels []string
	// DependsOn lists revisions (ids or labels) that must be applied before this
	// one without being its parents.
	DependsOn []string
	// Message is the revision's message (the -m text).
	Message string
	// CreateDate is the "Create Date" of the header, as written.
	CreateDate string
	// Transactional is false for a revision that must run outside a transaction.
	Transactional bool
	// Upgrade and Downgrade are the ops, in order.
	Upgrade   []ops.Op
	Downgrade []ops.Op
	// Path is the file the revision was read from ("" when not from a file).
	Path string
	// Checksum is the hex SHA-256 of the file's bytes ("" when not from a file).
	// The history table records ContentChecksum instead.
	Checksum string
	// HeaderOnly is true for a revision read by ParseFileHeader: Upgrade and
	// Downgrade were not read (ContentChecksum reads the file again).
	HeaderOnly bool
}

// IsBase reports whether the revision has no parent.
func (r *Revision) IsBase() bool { return len(r.DownRevisions) == 0 }

// IsMerge reports whether the revision has more than one parent.
func (r *Revision) IsMerge() bool { return len(r.DownRevisions) > 1 }
