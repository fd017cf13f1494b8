//go:build !unix

package revision

import (
	"io"
	"os"
)

// readSmallFile appends the contents of path to data (at most a little more
// than MaxFileSize).
func readSmallFile(path string, data []byte) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	return append(data, b...), nil
}
