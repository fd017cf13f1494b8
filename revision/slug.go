package revision

import "strings"

// Slug turns a revision message into the slug of its file name: lower case,
// runs of anything but [a-z0-9] become one "_", no "_" at either end, and at
// most max bytes, cut back to the last whole word as Alembic's
// truncate_slug_length does (a single over-long word is cut at max). max <= 0
// means no limit. An empty result (a message of only punctuation) is "".
func Slug(message string, max int) string {
	var b strings.Builder
	pending := false
	for _, r := range strings.ToLower(message) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if pending && b.Len() > 0 {
				b.WriteByte('_')
			}
			pending = false
			b.WriteRune(r)
			continue
		}
		pending = true
	}
	s := b.String()
	if max <= 0 || len(s) <= max {
		return s
	}
	if s[max] == '_' {
		return s[:max]
	}
	cut := s[:max]
	if i := strings.LastIndexByte(cut, '_'); i > 0 {
		cut = cut[:i]
	}
	return cut
}
