// Package schemas holds the JSON Schemas of migrate's files, for editors and
// other tools: Revision (revision.schema.json, a revision file under versions/)
// and Config (migrate.yaml). Files migrate writes name them in a first line
// "# yaml-language-server: $schema=<URL>" so editors with a YAML language
// server validate and complete them. The revision schema is derived from the op
// definitions in package ops (a test there keeps it current).
package schemas

import _ "embed"

// Revision is the JSON Schema (draft 2020-12) of a revision file.
//
//go:embed revision.schema.json
var Revision []byte

// Config is the JSON Schema (draft 2020-12) of migrate.yaml.
//
//go:embed migrate.schema.json
var Config []byte

// RevisionURL and ConfigURL are the addresses the schemas are published at, as
// written in the yaml-language-server line of generated files.
const (
	RevisionURL = "https://raw.githubusercontent.com/retortdb/migrate/main/schemas/revision.schema.json"
	ConfigURL   = "https://raw.githubusercontent.com/retortdb/migrate/main/schemas/migrate.schema.json"
)
