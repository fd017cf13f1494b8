//go:build unix

package revision

import (
	"io/fs"
	"slices"
	"syscall"
)

// readSmallFile appends the contents of path to data (at most a little more
// than MaxFileSize) with plain open, read and close system calls: os.File
// costs four fcntl and an epoll_ctl more per file, which is most of the time
// of loading 100,000 small files. A short read is taken as the end of the
// file (it is, for a regular file), which saves the read that returns 0.
func readSmallFile(path string, data []byte) ([]byte, error) {
	start := len(data)
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	statted := false
	for {
		if len(data) == cap(data) {
			if len(data) > MaxFileSize {
				return data, nil
			}
			// The buffer is full: grow it once to the file's size (and a
			// byte, to see the end), not by append's steps, each of which
			// copies what was read (a 10 MB revision took 60 ms so).
			need := 1
			if !statted {
				statted = true
				var st syscall.Stat_t
				if syscall.Fstat(fd, &st) == nil && st.Size > 0 {
					need = int(min(st.Size, MaxFileSize)) + 1 - (len(data) - start)
				}
			}
			data = slices.Grow(data, max(need, 1))
		}
		want := cap(data) - len(data)
		n, err := syscall.Read(fd, data[len(data):cap(data)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		data = data[:len(data)+n]
		if n == 0 || n < want {
			return data, nil
		}
	}
}
