package ops

import (
	"fmt"

	"github.com/retortdb/migrate/internal/yamlx"
	"github.com/retortdb/migrate/schema"
)

// CreateObject creates a database object defined by SQL (an extension, schema,
// sequence, view, materialized view, function, procedure, trigger, domain,
// policy or index on a materialized view; see schema.ObjectDef), as
// alembic_utils' create_entity does. A dialect that cannot create the kind
// refuses the op.
type CreateObject struct {
	Object *schema.ObjectDef
}

// DropObject drops the object of Kind named Name in Schema (on Table, for a
// trigger, policy or index). Existing, when set, holds the object as it was,
// so the drop can be reversed (alembic_utils' drop_entity).
type DropObject struct {
	Kind     string
	Schema   string
	Name     string
	Table    string
	Existing *schema.ObjectDef
}

// ReplaceObject gives an existing object a new definition and comment
// (alembic_utils' replace_entity): a view by CREATE OR REPLACE VIEW, a
// function by CREATE OR REPLACE FUNCTION, other kinds as the dialect
// documents (a drop and a create where the server has no in-place form).
// Existing holds the object as it was, for the reverse.
type ReplaceObject struct {
	Object   *schema.ObjectDef
	Existing *schema.ObjectDef
}

func (*CreateObject) op()  {}
func (*DropObject) op()    {}
func (*ReplaceObject) op() {}

// objectOpName returns the YAML key of the object ops, "" for other ops.
func objectOpName(o Op) string {
	switch o.(type) {
	case *CreateObject:
		return "create_object"
	case *DropObject:
		return "drop_object"
	case *ReplaceObject:
		return "replace_object"
	}
	return ""
}

// ObjectOf returns the object an object op works on: the kind, schema, table
// and name that identify it, and ok false for other ops.
func ObjectOf(o Op) (ref *schema.ObjectDef, ok bool) {
	switch o := o.(type) {
	case *CreateObject:
		if o.Object != nil {
			return o.Object, true
		}
	case *DropObject:
		return &schema.ObjectDef{Kind: o.Kind, Schema: o.Schema, Name: o.Name, Table: o.Table}, true
	case *ReplaceObject:
		if o.Object != nil {
			return o.Object, true
		}
	}
	return nil, false
}

// objectLabel names an object in messages: "view \"public\".\"v\"".
func objectLabel(kind, schemaName, table, name string) string {
	if table != "" {
		return fmt.Sprintf("%s %q on %s", kind, name, applyQual(schemaName, table))
	}
	return fmt.Sprintf("%s %s", kind, applyQual(schemaName, name))
}

// applyObjectOp applies create_object, drop_object and replace_object to m:
// create adds the object (ErrExists when m has it), drop removes it and
// replace sets its definition and comment (ErrNotFound when m lacks it).
func applyObjectOp(m *schema.MetaData, o Op) error {
	switch o := o.(type) {
	case *CreateObject:
		x := o.Object
		if x == nil {
			return fmt.Errorf("no object given")
		}
		if m.FindObject(x.Kind, x.Schema, x.Table, x.Name) != nil {
			return fmt.Errorf("%s: %w", objectLabel(x.Kind, x.Schema, x.Table, x.Name), ErrExists)
		}
		m.Objects = append(m.Objects, x.Clone())
	case *DropObject:
		if m.FindObject(o.Kind, o.Schema, o.Table, o.Name) == nil {
			return fmt.Errorf("%s: %w", objectLabel(o.Kind, o.Schema, o.Table, o.Name), ErrNotFound)
		}
		m.Objects = applyRemove(m.Objects, func(x *schema.ObjectDef) bool {
			return x.Kind == o.Kind && x.Schema == o.Schema && x.Table == o.Table && x.Name == o.Name
		})
	case *ReplaceObject:
		x := o.Object
		if x == nil {
			return fmt.Errorf("no object given")
		}
		cur := m.FindObject(x.Kind, x.Schema, x.Table, x.Name)
		if cur == nil {
			return fmt.Errorf("%s: %w", objectLabel(x.Kind, x.Schema, x.Table, x.Name), ErrNotFound)
		}
		*cur = *x.Clone()
	}
	return nil
}

// objectsFollowTable applies to m's objects what a table op does to those on
// the table: drop_table drops its triggers, policies and indexes (the server
// drops them with it); rename_table moves them to the new name.
func objectsFollowTable(m *schema.MetaData, o Op) {
	switch o := o.(type) {
	case *DropTable:
		m.Objects = applyRemove(m.Objects, func(x *schema.ObjectDef) bool {
			return x.Table != "" && x.Schema == o.Schema && x.Table == o.Name
		})
	case *RenameTable:
		for _, x := range m.Objects {
			if x.Table != "" && x.Schema == o.Schema && x.Table == o.Name {
				x.Table = o.NewName
				if x.Kind == schema.KindRowSecurity || x.Kind == schema.KindClusterOn {
					x.Name = o.NewName
				}
			}
		}
	}
}

// reverseObjectOp returns the reverse of an object op.
func reverseObjectOp(o Op) (Op, error) {
	switch o := o.(type) {
	case *CreateObject:
		x := o.Object.Clone()
		return &DropObject{Kind: x.Kind, Schema: x.Schema, Name: x.Name, Table: x.Table, Existing: x}, nil
	case *DropObject:
		if o.Existing == nil || (o.Existing.Definition == "" && o.Kind != schema.KindExtension && o.Kind != schema.KindSchema && o.Kind != schema.KindSequence) {
			return nil, fmt.Errorf("drop_object: %w: %s does not record its definition", ErrIrreversible, objectLabel(o.Kind, o.Schema, o.Table, o.Name))
		}
		x := o.Existing.Clone()
		x.Kind, x.Schema, x.Name, x.Table = o.Kind, o.Schema, o.Name, o.Table
		return &CreateObject{Object: x}, nil
	case *ReplaceObject:
		if o.Existing == nil {
			return nil, fmt.Errorf("replace_object: %w: %s does not record its existing definition", ErrIrreversible, objectLabel(o.Object.Kind, o.Object.Schema, o.Object.Table, o.Object.Name))
		}
		old := o.Existing.Clone()
		old.Kind, old.Schema, old.Name, old.Table = o.Object.Kind, o.Object.Schema, o.Object.Name, o.Object.Table
		return &ReplaceObject{Object: old, Existing: o.Object.Clone()}, nil
	}
	return nil, fmt.Errorf("reverse: unknown operation %T", o)
}

// YAML keys of the object ops, in the order EncodeList writes them.
var (
	yamlObjectKeys  = []string{"kind", "name", "schema", "table", "definition", "comment", "depends_on"}
	yamlReplaceKeys = append(append([]string(nil), yamlObjectKeys...), "existing_definition", "existing_comment", "existing_depends_on")
)

// yamlDecodeObject reads the keys of create_object or drop_object into an
// ObjectDef; the kind must be one of schema.ObjectKinds.
func yamlDecodeObject(f *yamlFields) *schema.ObjectDef {
	x := &schema.ObjectDef{
		Kind: f.str("kind", true), Name: f.str("name", true), Schema: f.str("schema", false), Table: f.str("table", false),
		Definition: f.str("definition", false), Comment: f.str("comment", false), DependsOn: f.strs("depends_on", false),
	}
	if f.err == nil && schema.KindRank(x.Kind) == len(schema.ObjectKinds) {
		f.keep(yamlx.Errorf(f.n.Get("kind"), "unknown object kind %q (known: %v)", x.Kind, schema.ObjectKinds))
	}
	return x
}

func yamlDecodeObjectOp(name string, f *yamlFields) Op {
	x := yamlDecodeObject(f)
	switch name {
	case "create_object":
		return &CreateObject{Object: x}
	case "drop_object":
		o := &DropObject{Kind: x.Kind, Schema: x.Schema, Name: x.Name, Table: x.Table}
		if x.Definition != "" || x.Comment != "" || len(x.DependsOn) > 0 || x.Kind == schema.KindExtension || x.Kind == schema.KindSchema || x.Kind == schema.KindSequence {
			o.Existing = x
		}
		return o
	case "replace_object":
		old := &schema.ObjectDef{Kind: x.Kind, Schema: x.Schema, Name: x.Name, Table: x.Table,
			Definition: f.str("existing_definition", false), Comment: f.str("existing_comment", false), DependsOn: f.strs("existing_depends_on", false)}
		if !f.has("existing_definition") {
			old = nil
		}
		return &ReplaceObject{Object: x, Existing: old}
	}
	return nil
}

func yamlEncodeObject(m *yamlMap, x *schema.ObjectDef) *yamlMap {
	return m.reqStr("kind", x.Kind).reqStr("name", x.Name).str("schema", x.Schema).str("table", x.Table).
		str("definition", x.Definition).str("comment", x.Comment).strs("depends_on", x.DependsOn)
}

func yamlEncodeObjectOp(o Op) (*yamlx.Node, error) {
	switch o := o.(type) {
	case *CreateObject:
		if o.Object == nil {
			return nil, fmt.Errorf("create_object: no object")
		}
		return yamlEncodeObject(newYAMLMap(false), o.Object).n, nil
	case *DropObject:
		x := o.Existing
		if x == nil {
			x = &schema.ObjectDef{}
		}
		x = x.Clone()
		x.Kind, x.Schema, x.Name, x.Table = o.Kind, o.Schema, o.Name, o.Table
		return yamlEncodeObject(newYAMLMap(false), x).n, nil
	case *ReplaceObject:
		if o.Object == nil {
			return nil, fmt.Errorf("replace_object: no object")
		}
		m := yamlEncodeObject(newYAMLMap(false), o.Object)
		if o.Existing != nil {
			m.n.Set("existing_definition", yamlx.Str(o.Existing.Definition))
			m.str("existing_comment", o.Existing.Comment).strs("existing_depends_on", o.Existing.DependsOn)
		}
		return m.n, nil
	}
	return nil, fmt.Errorf("unknown operation %T", o)
}
