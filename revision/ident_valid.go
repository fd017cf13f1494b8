package revision

import "fmt"

// reservedIDs are the words the identifier grammar (see Graph.Resolve) reads
// as something other than a revision: a revision with one of these ids could
// never be named, and `upgrade head` would mean another revision.
var reservedIDs = map[string]string{
	"head":    "it names the single head",
	"heads":   "it names every head",
	"base":    "it names the state before any revision",
	"current": "it names the revisions applied to the database",
}

// ValidateID checks a revision id: 1 to 32 ASCII letters, digits or
// underscores, and not one of the words the identifier grammar reserves
// (head, heads, base, current). Any other identifier form (abc@head, +2,
// head-1) is outside the character set. The error says why, for a message
// such as "--rev-id …" or "file:line:col: revision: …".
func ValidateID(id string) error {
	if !fileValidID(id) {
		return fmt.Errorf("%q is not a valid revision id (1 to 32 letters, digits or underscores)", id)
	}
	if why, ok := reservedIDs[id]; ok {
		return fmt.Errorf("%q cannot be a revision id: it is a reserved word (%s); choose another id", id, why)
	}
	return nil
}

// validateLabel checks a branch label: not empty and not a reserved word.
func validateLabel(label string) error {
	if label == "" {
		return fmt.Errorf("empty name")
	}
	if why, ok := reservedIDs[label]; ok {
		return fmt.Errorf("%q cannot be a branch label: it is a reserved word (%s); choose another label", label, why)
	}
	return nil
}
