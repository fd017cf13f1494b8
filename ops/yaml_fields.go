package ops

import (
	"github.com/retortdb/migrate/internal/yamlx"
)

// yamlFields reads the keys of one YAML map strictly. The first problem sticks in
// err (a *yamlx.Error whose message starts with path); later reads are no-ops.
type yamlFields struct {
	n    *yamlx.Node
	path string
	err  error
}

// yamlOpen checks that n is a map whose keys are all in allowed.
func yamlOpen(n *yamlx.Node, path string, allowed []string) *yamlFields {
	f := &yamlFields{n: n, path: path}
	if err := n.Expect(yamlx.Map); err != nil {
		f.err = yamlPrefix(path, err)
		return f
	}
	if err := n.CheckKeys(allowed...); err != nil {
		f.err = yamlPrefix(path, err)
	}
	return f
}

func (f *yamlFields) fail(key string, err error) {
	if f.err == nil {
		f.err = yamlPrefix(f.path+"."+key, err)
	}
}

// get returns the value of key, or nil when absent or null. A required key that
// is absent or null is an error at the map's position.
func (f *yamlFields) get(key string, required bool) *yamlx.Node {
	if f.err != nil {
		return nil
	}
	v := f.n.Get(key)
	if v.IsNull() {
		if required {
			if v == nil {
				f.err = yamlx.Errorf(f.n, "%s: missing key %q", f.path, key)
			} else {
				f.err = yamlx.Errorf(v, "%s.%s: needs a value, got null", f.path, key)
			}
		}
		return nil
	}
	return v
}

func (f *yamlFields) has(key string) bool { return f.n.Get(key) != nil }

func (f *yamlFields) str(key string, required bool) string {
	v := f.get(key, required)
	if v == nil {
		return ""
	}
	s, err := v.AsString()
	if err != nil {
		f.fail(key, err)
	}
	if required && s == "" && f.err == nil {
		f.err = yamlx.Errorf(v, "%s.%s: must not be empty", f.path, key)
	}
	return s
}

// strPtr returns nil when key is absent or null, else a pointer to its string.
func (f *yamlFields) strPtr(key string) *string {
	v := f.get(key, false)
	if v == nil {
		return nil
	}
	s, err := v.AsString()
	if err != nil {
		f.fail(key, err)
		return nil
	}
	return &s
}

func (f *yamlFields) boolean(key string, def bool) bool {
	v := f.get(key, false)
	if v == nil {
		return def
	}
	b, err := v.AsBool()
	if err != nil {
		f.fail(key, err)
	}
	return b
}

func (f *yamlFields) boolPtr(key string) *bool {
	v := f.get(key, false)
	if v == nil {
		return nil
	}
	b, err := v.AsBool()
	if err != nil {
		f.fail(key, err)
		return nil
	}
	return &b
}

func (f *yamlFields) strs(key string, required bool) []string {
	v := f.get(key, required)
	if v == nil {
		return nil
	}
	list, err := v.AsStrings()
	if err != nil {
		f.fail(key, err)
		return nil
	}
	if required && len(list) == 0 && f.err == nil {
		f.err = yamlx.Errorf(v, "%s.%s: must list at least one name", f.path, key)
	}
	return list
}

// list returns the items of a list-valued key (nil when absent or null).
func (f *yamlFields) list(key string) []*yamlx.Node {
	v := f.get(key, false)
	if v == nil {
		return nil
	}
	if err := v.Expect(yamlx.Seq); err != nil {
		f.fail(key, err)
		return nil
	}
	return v.Values
}
