package revision

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// The content checksum of a revision read by ParseFileHeader needs its file
// parsed in full and written back (for a 5,000-table baseline of 11 MB,
// about 1.4 s of CPU), and every command that checks the recorded checksums
// of applied revisions (check, upgrade, current, …) asks for it. It is a
// function of the file's bytes and of the migrate binary that computes it, so
// it is kept in the user's cache directory
// (<UserCacheDir>/migrate/checksums/<key>), keyed by the SHA-256 of the file
// (Revision.Checksum) and the binary's path, size and modification time (as
// the metadata loader's cache is keyed by its sources): a file or binary that
// changes gets a new key. Reading or writing the cache never fails a command;
// without a cache directory the checksum is computed every time.

// checksumCacheID identifies the running binary; "" when it cannot be told.
var checksumCacheID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	st, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%s|%d|%d", exe, st.Size(), st.ModTime().UnixNano())
})

// checksumCacheDir returns the cache directory, or "" when there is none.
func checksumCacheDir() string {
	base, err := os.UserCacheDir()
	if err != nil || base == "" {
		return ""
	}
	return filepath.Join(base, "migrate", "checksums")
}

// cachedContentChecksum returns the content checksum of the file whose bytes
// have SHA-256 fileSum, from the cache when it holds a well-formed one, else
// from compute, which it then stores (when compute gives a content checksum).
func cachedContentChecksum(fileSum string, compute func() string) string {
	id, dir := checksumCacheID(), checksumCacheDir()
	if id == "" || dir == "" || fileSum == "" {
		return compute()
	}
	k := sha256.Sum256([]byte(ContentChecksumPrefix + "|" + fileSum + "|" + id))
	path := filepath.Join(dir, hex.EncodeToString(k[:]))
	if b, err := os.ReadFile(path); err == nil && isContentChecksum(string(b)) {
		return string(b)
	}
	sum := compute()
	if !isContentChecksum(sum) {
		return sum
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sum
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return sum
	}
	_, werr := tmp.WriteString(sum)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), path) != nil {
		os.Remove(tmp.Name())
	}
	return sum
}

// isContentChecksum reports whether s has the shape ContentChecksum gives:
// the prefix and 61 lower-case hex digits.
func isContentChecksum(s string) bool {
	if len(s) != len(ContentChecksumPrefix)+61 || s[:len(ContentChecksumPrefix)] != ContentChecksumPrefix {
		return false
	}
	for _, c := range s[len(ContentChecksumPrefix):] {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
