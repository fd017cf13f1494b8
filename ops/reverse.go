package ops

import (
	"errors"
	"fmt"
)

// ErrIrreversible is wrapped by Reverse's error for an op that carries too little
// to be undone (a drop without its Existing definition, raw SQL, a bulk insert).
var ErrIrreversible = errors.New("operation cannot be reversed")

// Reverse returns the op that undoes o, as Alembic's MigrateOperation.reverse does.
// It returns an error wrapping ErrIrreversible when o does not hold what its
// reverse needs, and nil with no error for an op whose reverse is to do nothing
// (validate_constraint: the constraint stays valid).
func Reverse(o Op) (Op, error) {
	irr := func(why string) (Op, error) {
		return nil, fmt.Errorf("%s: %w: %s", Name(o), ErrIrreversible, why)
	}
	switch o := o.(type) {
	case *CreateTable:
		return &DropTable{Schema: o.Table.Schema, Name: o.Table.Name, Existing: o.Table.Clone()}, nil
	case *DropTable:
		if o.Existing == nil {
			return irr(fmt.Sprintf("drop_table %q does not record the table's columns", o.Name))
		}
		return &CreateTable{Table: o.Existing.Clone()}, nil
	case *RenameTable:
		return &RenameTable{Schema: o.Schema, Name: o.NewName, NewName: o.Name}, nil
	case *RenameIndex:
		return &RenameIndex{Schema: o.Schema, Table: o.Table, Name: o.NewName, NewName: o.Name}, nil
	case *RenameConstraint:
		return &RenameConstraint{Schema: o.Schema, Table: o.Table, Name: o.NewName, NewName: o.Name, Type: o.Type}, nil
	case *AddColumn:
		return &DropColumn{Schema: o.Schema, Table: o.Table, Column: o.Column.Name, Existing: o.Column.Clone()}, nil
	case *DropColumn:
		if o.Existing == nil {
			return irr(fmt.Sprintf("drop_column %q.%q does not record the column (existing:)", o.Table, o.Column))
		}
		return &AddColumn{Schema: o.Schema, Table: o.Table, Column: o.Existing.Clone()}, nil
	case *AlterColumn:
		return reverseAlter(o)
	case *CreateIndex:
		ix := *o.Index
		return &DropIndex{Schema: o.Schema, Table: o.Table, Name: o.Index.Name, Existing: &ix, Concurrently: o.Concurrently}, nil
	case *DropIndex:
		if o.Existing == nil || len(o.Existing.Columns) == 0 {
			return irr(fmt.Sprintf("drop_index %q does not record its columns", o.Name))
		}
		ix := *o.Existing
		ix.Name = o.Name
		return &CreateIndex{Schema: o.Schema, Table: o.Table, Index: &ix, Concurrently: o.Concurrently}, nil
	case *CreateUniqueConstraint:
		u := *o.Unique
		return &DropConstraint{Schema: o.Schema, Table: o.Table, Name: u.Name, Type: ConstraintUnique, ExistingUnique: &u}, nil
	case *CreateForeignKey:
		f := *o.ForeignKey
		return &DropConstraint{Schema: o.Schema, Table: o.Table, Name: f.Name, Type: ConstraintForeignKey, ExistingForeignKey: &f}, nil
	case *CreateCheckConstraint:
		c := *o.Check
		return &DropConstraint{Schema: o.Schema, Table: o.Table, Name: c.Name, Type: ConstraintCheck, ExistingCheck: &c}, nil
	case *CreatePrimaryKey:
		p := *o.PrimaryKey
		return &DropConstraint{Schema: o.Schema, Table: o.Table, Name: p.Name, Type: ConstraintPrimary, ExistingPrimaryKey: &p}, nil
	case *DropConstraint:
		switch {
		case o.ExistingForeignKey != nil:
			f := *o.ExistingForeignKey
			f.Name = o.Name
			return &CreateForeignKey{Schema: o.Schema, Table: o.Table, ForeignKey: &f}, nil
		case o.ExistingUnique != nil:
			u := *o.ExistingUnique
			u.Name = o.Name
			return &CreateUniqueConstraint{Schema: o.Schema, Table: o.Table, Unique: &u}, nil
		case o.ExistingCheck != nil:
			c := *o.ExistingCheck
			c.Name = o.Name
			return &CreateCheckConstraint{Schema: o.Schema, Table: o.Table, Check: &c}, nil
		case o.ExistingPrimaryKey != nil:
			p := *o.ExistingPrimaryKey
			p.Name = o.Name
			return &CreatePrimaryKey{Schema: o.Schema, Table: o.Table, PrimaryKey: &p}, nil
		}
		return irr(fmt.Sprintf("drop_constraint %q does not record the constraint's definition", o.Name))
	case *CreateTableComment:
		if o.ExistingComment == "" {
			return &DropTableComment{Schema: o.Schema, Table: o.Table, ExistingComment: o.Comment}, nil
		}
		return &CreateTableComment{Schema: o.Schema, Table: o.Table, Comment: o.ExistingComment, ExistingComment: o.Comment}, nil
	case *DropTableComment:
		return &CreateTableComment{Schema: o.Schema, Table: o.Table, Comment: o.ExistingComment}, nil
	case *CreateEnum:
		return &DropEnum{Schema: o.Schema, Name: o.Name, Values: append([]string(nil), o.Values...)}, nil
	case *DropEnum:
		if len(o.Values) == 0 {
			return irr(fmt.Sprintf("drop_enum %q does not record its values", o.Name))
		}
		return &CreateEnum{Schema: o.Schema, Name: o.Name, Values: append([]string(nil), o.Values...)}, nil
	case *AddEnumValue:
		return &DropEnumValue{Schema: o.Schema, Name: o.Name, Value: o.Value, After: o.After}, nil
	case *DropEnumValue:
		return &AddEnumValue{Schema: o.Schema, Name: o.Name, Value: o.Value, After: o.After}, nil
	case *ValidateConstraint:
		return nil, nil
	case *GoStep:
		return reverseGoStep(o)
	case *Execute:
		return irr("raw SQL has no known reverse; write the downgrade by hand")
	case *BulkInsert:
		return irr("inserted rows have no known reverse; write the downgrade by hand")
	case *CreateObject, *DropObject, *ReplaceObject:
		return reverseObjectOp(o)
	}
	return nil, fmt.Errorf("reverse: unknown operation %T", o)
}

func reverseAlter(o *AlterColumn) (Op, error) {
	r := &AlterColumn{Schema: o.Schema, Table: o.Table, Column: o.Column}
	if o.NewName != "" {
		r.Column, r.NewName = o.NewName, o.Column
	}
	if o.Nullable != nil {
		if o.ExistingNullable == nil {
			return nil, fmt.Errorf("alter_column %q.%q: %w: nullable changes but existing_nullable is not recorded", o.Table, o.Column, ErrIrreversible)
		}
		v := *o.ExistingNullable
		r.Nullable = &v
	}
	if o.Type != nil {
		if o.ExistingType == nil {
			return nil, fmt.Errorf("alter_column %q.%q: %w: type changes but existing_type is not recorded", o.Table, o.Column, ErrIrreversible)
		}
		t := o.ExistingType.Clone()
		r.Type = &t
	}
	if o.ServerDefault != nil {
		r.ServerDefault = &Change{Value: copyStr(o.ExistingServerDefault)}
	}
	if o.Comment != nil {
		r.Comment = &Change{Value: copyStr(o.ExistingComment)}
	}
	if o.Collation != nil {
		r.Collation = &Change{Value: copyStr(o.ExistingCollation)}
	}
	// The reversed op's existing_* describe the column after o.
	if o.Type != nil {
		t := o.Type.Clone()
		r.ExistingType = &t
	} else if o.ExistingType != nil {
		t := o.ExistingType.Clone()
		r.ExistingType = &t
	}
	if o.Nullable != nil {
		v := *o.Nullable
		r.ExistingNullable = &v
	} else {
		r.ExistingNullable = copyBool(o.ExistingNullable)
	}
	if o.ServerDefault != nil {
		r.ExistingServerDefault = copyStr(o.ServerDefault.Value)
	} else {
		r.ExistingServerDefault = copyStr(o.ExistingServerDefault)
	}
	if o.Comment != nil {
		r.ExistingComment = copyStr(o.Comment.Value)
	} else {
		r.ExistingComment = copyStr(o.ExistingComment)
	}
	r.ExistingAutoincrement = copyBool(o.ExistingAutoincrement)
	if err := reverseIdentity(o, r); err != nil {
		return nil, err
	}
	if o.Collation != nil {
		r.ExistingCollation = copyStr(o.Collation.Value)
	} else {
		r.ExistingCollation = copyStr(o.ExistingCollation)
	}
	return r, nil
}

// ReverseAll reverses each op of list and returns them in reverse order, so the
// result undoes the whole list; an op whose reverse is nothing adds none. The
// first op that cannot be reversed stops it.
func ReverseAll(list []Op) ([]Op, error) {
	out := make([]Op, 0, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		r, err := Reverse(list[i])
		if err != nil {
			return nil, fmt.Errorf("op %d: %w", i+1, err)
		}
		if r != nil {
			out = append(out, r)
		}
	}
	return out, nil
}

func copyStr(p *string) *string {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func copyBool(p *bool) *bool {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// reverseIdentity sets r's identity changes to undo o's, from o's
// existing_identity_* values, and r's existing_identity_* to o's result.
func reverseIdentity(o, r *AlterColumn) error {
	irr := func(key string) error {
		return fmt.Errorf("alter_column %q.%q: %w: %s changes but existing_%s is not recorded", o.Table, o.Column, ErrIrreversible, key, key)
	}
	if o.IdentityGenerated != "" {
		if o.ExistingIdentityGenerated == "" {
			return irr("identity_generated")
		}
		r.IdentityGenerated = o.ExistingIdentityGenerated
	}
	if o.IdentityStart != nil {
		if o.ExistingIdentityStart == nil {
			return irr("identity_start")
		}
		r.IdentityStart = copyInt(o.ExistingIdentityStart)
	}
	if o.IdentityIncrement != nil {
		if o.ExistingIdentityIncrement == nil {
			return irr("identity_increment")
		}
		r.IdentityIncrement = copyInt(o.ExistingIdentityIncrement)
	}
	r.ExistingIdentityGenerated = o.ExistingIdentityGenerated
	if o.IdentityGenerated != "" {
		r.ExistingIdentityGenerated = o.IdentityGenerated
	}
	r.ExistingIdentityStart = copyInt(o.ExistingIdentityStart)
	if o.IdentityStart != nil {
		r.ExistingIdentityStart = copyInt(o.IdentityStart)
	}
	r.ExistingIdentityIncrement = copyInt(o.ExistingIdentityIncrement)
	if o.IdentityIncrement != nil {
		r.ExistingIdentityIncrement = copyInt(o.IdentityIncrement)
	}
	return nil
}

func copyInt(p *int64) *int64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
