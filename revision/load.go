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
	"sync/atomic"
)

// loadMaxErrors is how many broken files LoadDirs reports one by one.
const loadMaxErrors = 20

// LoadDirs reads every *.yaml and *.yml file directly inside each of dirs (not
// in sub-directories; names starting with "." are skipped as editor or temporary
// files), parses them in parallel with runtime.GOMAXPROCS workers, and returns
// the revisions sorted by Path. A directory entry that is not a regular file
// (or a link to one) is a *FileError; no file is stat'ed otherwise.
//
// A directory that does not exist is an error that says to run `migrate init`
// or fix version_locations. Broken files give errors.Join of each file's
// *FileError, sorted by path: the first 20, then one "… and N more" line.
func LoadDirs(dirs []string) ([]*Revision, error) { return loadDirs(dirs, false) }

// LoadDirsHeaders is LoadDirs reading each file with ParseFileHeader: the
// revisions have no Upgrade or Downgrade ops, so they serve to list, resolve
// and graph revisions (heads, history, branches, show), never to run or
// render a plan. It is several times faster than LoadDirs on large
// directories.
func LoadDirsHeaders(dirs []string) ([]*Revision, error) { return loadDirs(dirs, true) }

func loadDirs(dirs []string, headerOnly bool) ([]*Revision, error) {
	var files []loadFile
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
				files = append(files, loadFile{path: filepath.Join(dir, name), mode: e.Type()})
			}
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	revs := make([]*Revision, len(files))
	errs := make([]error, len(files))
	// Reading a small file is mostly system calls, so more workers than
	// processors keep the processors busy.
	workers := min(2*runtime.GOMAXPROCS(0), len(files))
	var (
		wg   sync.WaitGroup
		next atomic.Int64
	)
	const chunk = 64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 0, 64<<10)
			for {
				start := int(next.Add(chunk)) - chunk
				if start >= len(files) {
					return
				}
				for i := start; i < min(start+chunk, len(files)); i++ {
					revs[i], errs[i] = loadOne(files[i], &buf, headerOnly)
				}
			}
		}()
	}
	wg.Wait()
	return loadResult(revs, errs)
}

// loadFile is a directory entry to load: its path and type bits (from the
// directory listing, so that no stat is needed for a regular file).
type loadFile struct {
	path string
	mode fs.FileMode
}

// loadOne reads and parses one file into *buf (reused between files: ParseFile
// copies what it keeps).
func loadOne(lf loadFile, buf *[]byte, headerOnly bool) (*Revision, error) {
	path := lf.path
	if !lf.mode.IsRegular() {
		info, err := os.Stat(path) // a symbolic link: look at its target
		if err != nil {
			return nil, &FileError{Path: path, Msg: "cannot read the file: " + err.Error(), Err: err}
		}
		if !info.Mode().IsRegular() {
			return nil, &FileError{Path: path, Msg: "not a regular file; remove it from the version directory"}
		}
	}
	data, err := readSmallFile(path, (*buf)[:0])
	if err != nil {
		return nil, &FileError{Path: path, Msg: "cannot read the file: " + err.Error(), Err: err}
	}
	*buf = data
	if len(data) > MaxFileSize {
		return nil, &FileError{Path: path, Msg: fmt.Sprintf("file is more than the %d-byte limit for a revision file; is it really a revision?", MaxFileSize)}
	}
	return parseFile(path, data, headerOnly)
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
