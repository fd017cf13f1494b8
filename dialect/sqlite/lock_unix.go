//go:build unix

package sqlite

import (
	"errors"
	"os"
	"syscall"
)

// errNoFlock is returned by tryLockFile where the platform has no flock.
var errNoFlock = errors.New("no flock on this platform")

// tryLockFile takes an exclusive flock on f without waiting: ok false when
// another open file description (another process, or another connection of
// this one) holds it.
func tryLockFile(f *os.File) (ok bool, err error) {
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.ENOSYS), errors.Is(err, syscall.ENOTSUP):
			return false, errNoFlock
		}
		return false, err
	}
}
