package schema

import (
	"encoding/json"
	"fmt"
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
