package cmd

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/internal/config"
	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/revision"
)

// checkRevID refuses a --rev-id that revision.ValidateID refuses (outside
// [A-Za-z0-9_]{1,32}, or a reserved word such as head) as a usage error.
func checkRevID(id string) error {
	if id == "" {
		return nil
	}
	if err := revision.ValidateID(id); err != nil {
		return cmdutil.FlagErrorf("--rev-id: %v", err)
	}
	return nil
}

// newRevision returns an empty revision with id (a generated one when id is ""),
// the given parents and message, dated now in the configured timezone. An id
// the graph already has is an error naming its file.
func newRevision(c *config.Config, g *revision.Graph, id string, parents []string, message string) (*revision.Revision, error) {
	if id == "" {
		id = newRevID()
	}
	if r := g.Get(id); r != nil {
		return nil, fmt.Errorf("revision id %s already exists (%s): choose another --rev-id", id, r.Path)
	}
	loc, err := c.Location()
	if err != nil {
		return nil, err
	}
	return &revision.Revision{
		ID:            id,
		DownRevisions: parents,
		Message:       message,
		CreateDate:    time.Now().In(loc).Format("2006-01-02 15:04:05.000000-07:00"),
		Transactional: true,
		Upgrade:       []ops.Op{},
		Downgrade:     []ops.Op{},
	}, nil
}

// writeRevision checks that rev fits the graph, names its file by file_template,
// writes it atomically into dir and prints its path on stdout.
func writeRevision(f *factory, c *config.Config, g *revision.Graph, dir string, rev *revision.Revision) error {
	if err := g.CheckNew(rev); err != nil {
		return err
	}
	name, err := c.FileName(rev.ID, rev.Message)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, name+".yaml")
	f.Info("Generating %s ...", path)
	if err := revision.WriteFile(path, rev); err != nil {
		return err
	}
	fmt.Fprintln(f.IO.Out, path)
	return nil
}
