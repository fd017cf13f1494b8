package runner

import (
	"errors"
	"os"
	"strconv"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/revision"
)

// nameInFile turns a render error for a name longer than d allows (a
// *dialect.IdentifierError) into the *revision.FileError of that name in the
// revision's file, at its line and column (revision.CheckNameLengths), so
// that the message points where the name is written. Any other error, a
// revision with no file, or a file that cannot be read again or no longer
// holds the name, leaves err as it is.
func nameInFile(d dialect.Dialect, rev *revision.Revision, err error) error {
	var ie *dialect.IdentifierError
	if !errors.As(err, &ie) || rev == nil || rev.Path == "" {
		return err
	}
	data, rerr := os.ReadFile(rev.Path)
	if rerr != nil {
		return err
	}
	var fe *revision.FileError
	if ferr := revision.CheckNameLengths(rev.Path, data, dialect.MaxIdentifierBytes(d)); errors.As(ferr, &fe) &&
		strings.Contains(fe.Msg, strconv.Quote(ie.Name)) {
		fe.Err = ie
		return fe
	}
	return err
}
