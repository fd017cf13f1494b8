package yamlx

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"
)

// Expect returns nil when n is of kind k, and otherwise an *Error at n's
// position saying "want <k>, got <what n is>".
func (n *Node) Expect(k Kind) error {
	if n != nil && n.Kind == k {
		return nil
	}
	return Errorf(n, "want %s, got %s", k, n.Describe())
}

// AsString returns a string scalar's value. Any other node (a number, a boolean,
// null, a map) is an *Error at n's position; for a number or boolean it suggests
// quoting, since YAML reads `0012` as the integer 12.
func (n *Node) AsString() (string, error) {
	if n != nil && n.Kind == Scalar && n.Tag == TagStr {
		return n.Value, nil
	}
	if n != nil && n.Kind == Scalar && (n.Tag == TagInt || n.Tag == TagFloat || n.Tag == TagBool) {
		return "", Errorf(n, "want a string, got %s (put it in quotes to make it a string)", n.Describe())
	}
	return "", Errorf(n, "want a string, got %s", n.Describe())
}

// AsBool returns a boolean scalar's value (YAML true or false). Anything else is
// an *Error at n's position.
func (n *Node) AsBool() (bool, error) {
	if n != nil && n.Kind == Scalar && n.Tag == TagBool {
		return n.Value == "true", nil
	}
	return false, Errorf(n, "want true or false, got %s", n.Describe())
}

// AsInt returns an integer scalar's value. Anything else, or an integer outside
// int64, is an *Error at n's position.
func (n *Node) AsInt() (int64, error) {
	if n != nil && n.Kind == Scalar && n.Tag == TagInt {
		v, err := strconv.ParseInt(n.Value, 10, 64)
		if err != nil {
			return 0, &Error{Line: n.Line, Col: n.Col, Msg: "integer " + n.Value + " does not fit in 64 bits", Err: err}
		}
		return v, nil
	}
	return 0, Errorf(n, "want an integer, got %s", n.Describe())
}

// AsFloat returns a float scalar's value (".inf", "-.inf" and ".nan" included).
// Anything else is an *Error at n's position.
func (n *Node) AsFloat() (float64, error) {
	if n != nil && n.Kind == Scalar && n.Tag == TagFloat {
		return parseFloatText(n.Value, n)
	}
	return 0, Errorf(n, "want a number, got %s", n.Describe())
}

func parseFloatText(s string, n *Node) (float64, error) {
	switch strings.ToLower(s) {
	case ".inf", "+.inf":
		return math.Inf(1), nil
	case "-.inf":
		return math.Inf(-1), nil
	case ".nan":
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, &Error{Line: n.Line, Col: n.Col, Msg: "malformed number " + strconv.Quote(s), Err: err}
	}
	return v, nil
}

// AsBytes returns the bytes of a !!binary scalar. Anything else is an *Error at
// n's position.
func (n *Node) AsBytes() ([]byte, error) {
	if n != nil && n.Kind == Scalar && n.Tag == TagBinary {
		b, err := base64.StdEncoding.DecodeString(n.Value)
		if err != nil {
			return nil, &Error{Line: n.Line, Col: n.Col, Msg: "malformed base64 in !!binary value", Err: err}
		}
		return b, nil
	}
	return nil, Errorf(n, "want !!binary data, got %s", n.Describe())
}

// AsStrings returns the items of a list of strings. A node that is not a list, or
// an item that is not a string, is an *Error at that node's position.
func (n *Node) AsStrings() ([]string, error) {
	if err := n.Expect(Seq); err != nil {
		return nil, Errorf(n, "want a list of strings, got %s", n.Describe())
	}
	out := make([]string, 0, len(n.Values))
	for _, v := range n.Values {
		s, err := v.AsString()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// CheckKeys returns an *Error at the first key of the Map n that is not in
// allowed, listing the allowed keys; nil when every key is allowed. A node that
// is not a Map is an error too.
func (n *Node) CheckKeys(allowed ...string) error {
	if err := n.Expect(Map); err != nil {
		return err
	}
	for _, k := range n.Keys {
		ok := false
		for _, a := range allowed {
			if k.Value == a {
				ok = true
				break
			}
		}
		if !ok {
			return Errorf(k, "unknown key %s (want one of: %s)", strconv.Quote(k.Value), strings.Join(allowed, ", "))
		}
	}
	return nil
}
