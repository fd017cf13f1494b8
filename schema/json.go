package schema

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// MarshalJSON returns m's JSON form, which UnmarshalJSON reads back to an equal
// MetaData. The form is the contract between the metadata loader program and the
// CLI.
func MarshalJSON(m *MetaData) ([]byte, error) {
	return json.MarshalIndent(m, "", "  ")
}

// UnmarshalJSON reads a MetaData from its JSON form.
func UnmarshalJSON(b []byte) (*MetaData, error) {
	m := &MetaData{}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("reading schema metadata JSON: %w", err)
	}
	if m.Tables == nil {
		m.Tables = []*Table{}
	}
	return m, nil
}

// LoaderMain is the body of the small program the migrate CLI builds against a
// user's module to read their declared metadata: symbol is the value of the
// configured metadata.symbol, a *MetaData or a func() *MetaData. It writes the
// metadata's JSON form to stdout and returns the exit status: 0 on success, 3 when
// symbol has the wrong type, 4 when the metadata does not validate (the reason goes
// to stderr). Users never call it.
func LoaderMain(symbol any) int {
	var m *MetaData
	switch v := symbol.(type) {
	case *MetaData:
		m = v
	case func() *MetaData:
		m = v()
	default:
		fmt.Fprintf(os.Stderr, "wrong type %T; want *schema.MetaData or func() *schema.MetaData\n", symbol)
		return 3
	}
	if m == nil {
		fmt.Fprintln(os.Stderr, "the metadata is nil")
		return 4
	}
	if err := m.Validate(); err != nil {
		fmt.Fprintln(os.Stderr, strings.ReplaceAll(err.Error(), "\n", "; "))
		return 4
	}
	// Compact, not MarshalJSON's indented form: at 5,000 tables that is 4 MB
	// instead of 10 MB to write and for the CLI to read.
	b, err := json.Marshal(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 4
	}
	os.Stdout.Write(b)
	return 0
}
