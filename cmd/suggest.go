package cmd

import (
	"errors"
	"sort"
	"strings"

	"github.com/retortdb/migrate/revision"
)

// suggestRevision returns " (did you mean X?)" for an error saying that no
// revision or branch label matches an identifier, naming the revision ids and
// labels of g closest to it (edit distance at most 2, or a third of the
// identifier's length when longer), and "" for any other error or when none is
// close.
func suggestRevision(g *revision.Graph, err error) string {
	var re *revision.ResolveError
	if g == nil || !errors.As(err, &re) || re.Kind != revision.NoSuchRevision || re.Ident == "" {
		return ""
	}
	ident := strings.ToLower(re.Ident)
	names := map[string]bool{}
	for _, r := range g.All() {
		names[r.ID] = true
		for _, l := range g.Labels(r.ID) {
			names[l] = true
		}
	}
	limit := max(2, len(ident)/3)
	best := -1
	var picks []string
	for n := range names {
		d := editDistance(ident, strings.ToLower(n))
		if len(n) > len(ident) && strings.HasPrefix(strings.ToLower(n), ident[:len(ident)-1]) {
			// A prefix with its last character wrong ("ae1x" for ae1027…).
			d = min(d, 1)
		}
		if d > limit || (best >= 0 && d > best) {
			continue
		}
		if d < best || best < 0 {
			best, picks = d, nil
		}
		picks = append(picks, n)
	}
	if len(picks) == 0 {
		return ""
	}
	sort.Strings(picks)
	if len(picks) > 3 {
		picks = picks[:3]
	}
	return " (did you mean " + strings.Join(picks, " or ") + "?)"
}

// editDistance is the Levenshtein distance of a and b, counting an exchange of
// two neighbouring characters as one edit.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
