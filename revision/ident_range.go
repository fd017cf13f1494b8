package revision

import (
	"regexp"
	"strings"
)

// bareDown matches a lower bound "-N" with nothing before it.
var bareDown = regexp.MustCompile(`^-[0-9]+$`)

// ParseRange splits a range "LOWER:UPPER" (history -r, offline --sql) into
// its two identifiers. An empty lower is "base" and an empty upper "heads",
// so ":" is everything. A bare "-N" lower means N revisions before the upper
// end: "-3:" is "heads-3:heads", "-2:current" is "current-2:current" and
// "-1:shoppingcart@head" is "shoppingcart@head-1:shoppingcart@head". Other
// relative lowers, like "+2:", are left to Resolve (they count from the
// current revisions).
//
// It returns a *ResolveError (Kind InvalidIdentifier) when s does not hold
// exactly one ':' or when "-N" is combined with an upper end that is itself
// relative.
func ParseRange(s string) (lower, upper string, err error) {
	parts := strings.Split(s, ":")
	if len(parts) != 2 {
		return "", "", resolveErr(InvalidIdentifier, s, nil,
			"invalid revision range '%s': expected LOWER:UPPER, LOWER: or :UPPER, for example base:head, ae1027:, -3: or current:heads", s)
	}
	lower, upper = parts[0], parts[1]
	if upper == "" {
		upper = "heads"
	}
	if lower == "" {
		lower = "base"
	}
	if bareDown.MatchString(lower) {
		end := upper[strings.IndexByte(upper, '@')+1:]
		if _, _, _, rel, _ := parseRelative(upper, end); rel || strings.HasSuffix(upper, "@") {
			return "", "", resolveErr(InvalidIdentifier, s, nil,
				"invalid revision range '%s': '%s' counts back from the upper end, which must then not be relative itself; name the lower end instead", s, lower)
		}
		lower = upper + lower
	}
	return lower, upper, nil
}
