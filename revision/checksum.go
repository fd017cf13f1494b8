package revision

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
)

// ContentChecksumPrefix starts a content checksum (see Revision.ContentChecksum);
// a checksum without it is the older form, the SHA-256 of the file's bytes.
const ContentChecksumPrefix = "v2:"

// ContentChecksum returns the checksum of what the revision does, not of how its
// file is written: "v2:" followed by the first 61 hex digits of the SHA-256 of
// the revision written back by Marshal without its message and create date (so
// 64 characters, the width of the history table's column). Comments,
// formatting, key order, quoting and the message do not count; the id, parents,
// labels, depends_on, transactional and every op do. A revision read by
// ParseFileHeader reads its file (Path) again in full for it, unless the user's
// cache holds the answer for these bytes and this binary (see
// cachedContentChecksum); it returns "" when that fails, and the file checksum
// when the revision cannot be written back.
func (r *Revision) ContentChecksum() string {
	if r.HeaderOnly {
		return cachedContentChecksum(r.Checksum, func() string {
			data, err := os.ReadFile(r.Path)
			if err != nil {
				return ""
			}
			full, err := ParseFile(r.Path, data)
			if err != nil || full.Checksum != r.Checksum {
				return ""
			}
			return full.ContentChecksum()
		})
	}
	c := *r
	c.Message, c.CreateDate, c.Path, c.Checksum = "", "", "", ""
	data, err := marshal(&c, false)
	if err != nil {
		return r.Checksum
	}
	sum := sha256.Sum256(data)
	return ContentChecksumPrefix + hex.EncodeToString(sum[:])[:61]
}

// ChecksumFor returns the revision's checksum in the same form as recorded (a
// checksum written by an earlier run): the content checksum when recorded has
// ContentChecksumPrefix, the file checksum otherwise. ok is false when the
// revision cannot tell (its file, read again for a revision read by
// ParseFileHeader, is gone or changed meanwhile).
func (r *Revision) ChecksumFor(recorded string) (sum string, ok bool) {
	if strings.HasPrefix(recorded, ContentChecksumPrefix) {
		sum = r.ContentChecksum()
		return sum, sum != ""
	}
	return r.Checksum, true
}

// RecordedChecksum is the checksum a run records for the revision: its content
// checksum, or the file checksum for a revision read by ParseFileHeader.
func (r *Revision) RecordedChecksum() string {
	if s := r.ContentChecksum(); s != "" {
		return s
	}
	return r.Checksum
}
