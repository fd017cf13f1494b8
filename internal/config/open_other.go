//go:build !unix

package config

import (
	"fmt"
	"os"
)

// openNoBlock stats path before opening it, so that a special file is refused
// without an open that could block.
func openNoBlock(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &os.PathError{Op: "open", Path: path, Err: fmt.Errorf("%s is not a regular file", st.Mode().Type())}
	}
	return os.Open(path)
}
