//go:build !unix

package sqlite

import (
	"errors"
	"os"
)

// errNoFlock is returned by tryLockFile where the platform has no flock: Lock
// then relies on SQLite's write lock alone.
var errNoFlock = errors.New("no flock on this platform")

func tryLockFile(*os.File) (bool, error) { return false, errNoFlock }
