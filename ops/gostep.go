package ops

import (
	"fmt"
	"regexp"

	"github.com/retortdb/migrate/internal/yamlx"
)

// GoStep runs Go: the function registered under Func (package gostep) is
// called with the revision's transaction, or its connection when the revision
// is transactional: false, in place of SQL. Reverse, when set, names the
// function that undoes it: Reverse returns a GoStep that calls Reverse and
// names Func as its own reverse. Written `go: {func: NAME, reverse: NAME}`.
type GoStep struct {
	Func    string
	Reverse string
}

func (*GoStep) op() {}

// goFuncName is what a Go step's name may be (gostep.ValidName).
var goFuncName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// The go op's keys, registered beside the others (yaml.go) from this file.
func init() {
	yamlOpKeys["go"] = []string{"func", "reverse"}
	yamlOpOrder = append(yamlOpOrder, "go")
}

func yamlDecodeGoStep(f *yamlFields) Op {
	o := &GoStep{Func: f.str("func", true), Reverse: f.str("reverse", false)}
	if f.err != nil {
		return o
	}
	if !goFuncName.MatchString(o.Func) {
		f.keep(yamlx.Errorf(f.n.Get("func"), "go.func: %q is not a Go step name: letters, digits and _, not starting with a digit, as registered with gostep.Register", o.Func))
	} else if o.Reverse != "" && !goFuncName.MatchString(o.Reverse) {
		f.keep(yamlx.Errorf(f.n.Get("reverse"), "go.reverse: %q is not a Go step name: letters, digits and _, not starting with a digit, as registered with gostep.Register", o.Reverse))
	}
	return o
}

func yamlEncodeGoStep(o *GoStep) *yamlx.Node {
	return yamlSmall(newYAMLMap(false).reqStr("func", o.Func).str("reverse", o.Reverse))
}

func reverseGoStep(o *GoStep) (Op, error) {
	if o.Reverse == "" {
		return nil, fmt.Errorf("go: %w: go step %s names no reverse function; add reverse: NAME (a registered function that undoes it), or write the downgrade by hand", ErrIrreversible, o.Func)
	}
	return &GoStep{Func: o.Reverse, Reverse: o.Func}, nil
}
