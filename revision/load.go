package revision

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// loadMaxErrors is how many broken files LoadDirs reports one by one.
const loadMaxErrors = 20

// LoadDirs reads every *.yaml and *.yml file directly inside each of dirs (not
// in sub-directories; names starting with "." are skipped as editor or temporary
// files), parses them in parallel with runtime.GOMAXPROCS workers, and returns
// the revisions sorted by Path.
//
// A directory that does not exist is an error that says to run `migrate init`
// or fix version_locations. Broken files give errors.Join of each file's
// *FileError, sorted by path: the first 20, then one "… and N more" line.
func LoadDirs(dirs []string) ([]*Revision, error) {
	var paths []string
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("version directory %s does not exist; run `migrate init` to create it, or fix version_locations in the config: %w", dir, err)
			}
			return nil, fmt.Errorf("reading version directory %s: %w", dir, err)
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") || e.IsDir() {
				continue
			}
			if strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") {
				paths = append(paths, filepath.Join(dir, name))
			}
		}
	}
	sort.Strings(paths)
	revs := make([]*Revision, len(paths))
	errs := make([]error, len(paths))
	workers := runtime.GOMAXPROCS(0)
	if workers > len(paths) {
		workers = len(paths)
	}
	var (
		wg   sync.WaitGroup
		next = make(chan int, workers)
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				revs[i], errs[i] = loadOne(paths[i])
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return loadResult(revs, errs)
}

func loadOne(path string) (*Revision, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, &FileError{Path: path, Msg: "cannot read the file: " + err.Error(), Err: err}
	}
	if !info.Mode().IsRegular() {
		return nil, &FileError{Path: path, Msg: "not a regular file; remove it from the version directory"}
	}
	if info.Size() > MaxFileSize {
		return nil, &FileError{Path: path, Msg: fmt.Sprintf("file is %d bytes, more than the %d-byte limit for a revision file; is it really a revision?", info.Size(), MaxFileSize)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &FileError{Path: path, Msg: "cannot read the file: " + err.Error(), Err: err}
	}
	return ParseFile(path, data)
}

// loadResult keeps the revisions that parsed, or joins the errors (paths are
// already sorted, so errors come in path order).
func loadResult(revs []*Revision, errs []error) ([]*Revision, error) {
	var bad []error
	for _, e := range errs {
		if e != nil {
			bad = append(bad, e)
		}
	}
	if len(bad) == 0 {
		return revs, nil
	}
	if len(bad) > loadMaxErrors {
		more := len(bad) - loadMaxErrors
		bad = append(bad[:loadMaxErrors:loadMaxErrors], fmt.Errorf("… and %d more broken revision files", more))
	}
	return nil, errors.Join(bad...)
}
