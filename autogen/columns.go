package autogen

import (
	"fmt"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// compareColumns proposes add_column for declared columns the live table lacks,
// drop_column (with Existing) for live columns no longer declared, and one
// alter_column per column that changed, as Alembic's compare._compare_columns
// does. Columns match by name; their order is not compared.
func (c *comparer) compareColumns(dt, lt *schema.Table) {
	for _, dc := range dt.Columns {
		lc := lt.FindColumn(dc.Name)
		if lc == nil {
			c.p.add(phaseAddColumns, &ops.AddColumn{Schema: dt.Schema, Table: dt.Name, Column: dc.Clone()},
				fmt.Sprintf("Detected added column '%s.%s'", qualify(dt.Schema, dt.Name), dc.Name))
			continue
		}
		// Collations are compared where the inspector reports them (a live table
		// with a default collation: MySQL), so one model serves every dialect.
		collationChanged := lt.Collation != "" && columnCollation(dt, lt, dc) != columnCollation(lt, lt, lc)
		c.compareColumn(dt, dc, lc, collationChanged)
	}
	for _, lc := range lt.Columns {
		if dt.FindColumn(lc.Name) == nil {
			c.p.add(phaseDropColumns, &ops.DropColumn{Schema: lt.Schema, Table: lt.Name, Column: lc.Name, Existing: lc.Clone()},
				fmt.Sprintf("Detected removed column '%s.%s'", qualify(lt.Schema, lt.Name), lc.Name))
		}
	}
}

// compareColumn proposes one alter_column for what changed between declared
// column dc and live column lc: nullability; the type (Options.CompareType, as
// Alembic's _compare_type); the server default (Options.CompareServerDefault, as
// Alembic's _compare_server_default; not for an autoincrement column, whose
// default is the database's generator); the comment (when the dialect stores
// comments, as Alembic's _compare_column_comment). A change of autoincrement is
// not proposed, as in Alembic. Every existing_* fact is taken from lc.
func (c *comparer) compareColumn(t *schema.Table, dc, lc *schema.Column, collationChanged bool) {
	where := qualify(t.Schema, t.Name) + "." + lc.Name
	alter := &ops.AlterColumn{
		Schema: t.Schema, Table: t.Name, Column: lc.Name,
		ExistingType:          cloneType(lc.Type),
		ExistingNullable:      boolPtr(lc.Nullable),
		ExistingServerDefault: cloneStr(lc.Default),
		ExistingComment:       commentPtr(lc.Comment),
		ExistingAutoincrement: boolPtr(lc.Autoincrement),
	}
	if lc.Collation != "" {
		alter.ExistingCollation = cloneStr(&lc.Collation)
	}
	var findings []string
	if dc.Nullable != lc.Nullable {
		alter.Nullable = boolPtr(dc.Nullable)
		if dc.Nullable {
			findings = append(findings, fmt.Sprintf("Detected NULL on column '%s'", where))
		} else {
			findings = append(findings, fmt.Sprintf("Detected NOT NULL on column '%s'", where))
		}
	}
	if c.opts.CompareType && c.typeChanged(dc.Type, lc.Type) {
		alter.Type = cloneType(dc.Type)
		findings = append(findings, fmt.Sprintf("Detected type change from %s to %s on '%s'", typeText(lc.Type), typeText(dc.Type), where))
	}
	if c.opts.CompareServerDefault && !dc.Autoincrement && !lc.Autoincrement && c.defaultChanged(dc, lc) {
		alter.ServerDefault = &ops.Change{Value: cloneStr(dc.Default)}
		findings = append(findings, fmt.Sprintf("Detected server default change from %s to %s on '%s'",
			defaultText(lc.Default), defaultText(dc.Default), where))
	}
	identityOp := c.compareIdentity(dc, lc, alter, where)
	findings = append(findings, identityOp...)
	if dc.Autoincrement && lc.Autoincrement && dc.AutoincrementKind != lc.AutoincrementKind && alter.IdentityGenerated == "" {
		c.p.warn(phaseAlterColumns, fmt.Sprintf("Detected autoincrement kind changed from %s to %s on '%s', which alter_column cannot express; write this migration by hand (execute)",
			kindText(lc.AutoincrementKind), kindText(dc.AutoincrementKind), where))
	}
	c.compareColumnProps(t, dc, lc)
	if c.caps.Comments && dc.Comment != lc.Comment {
		alter.Comment = &ops.Change{Value: commentPtr(dc.Comment)}
		findings = append(findings, fmt.Sprintf("Detected column comment change on '%s'", where))
	}
	if collationChanged {
		alter.Collation = &ops.Change{}
		if dc.Collation != "" {
			alter.Collation.Value = cloneStr(&dc.Collation)
		}
		findings = append(findings, fmt.Sprintf("Detected collation change from %s to %s on '%s'", collationText(lc.Collation), collationText(dc.Collation), where))
	}
	if len(findings) > 0 {
		c.p.add(phaseAlterColumns, alter, findings...)
	}
}

// typeChanged reports whether the declared type differs from the live one. On a
// dialect with named enums two enum types of the same name are the same column
// type: their values belong to the enum type, which compareEnums compares.
// Everything else is the dialect's judgement (EquivalentType).
func (c *comparer) typeChanged(declared, live schema.Type) bool {
	if c.caps.NamedEnums && declared.Name == schema.TEnum && live.Name == schema.TEnum && declared.EnumName == live.EnumName {
		return false
	}
	return !c.d.EquivalentType(declared, live)
}

// defaultChanged reports whether the server defaults differ: one set and the
// other not, or both set with different NormalizeDefault forms.
func (c *comparer) defaultChanged(dc, lc *schema.Column) bool {
	if dc.Default == nil || lc.Default == nil {
		return (dc.Default == nil) != (lc.Default == nil)
	}
	return c.d.NormalizeDefault(*dc.Default, dc.Type) != c.d.NormalizeDefault(*lc.Default, lc.Type)
}

// columnCollation is the collation column col of table t has in effect: its
// own, or else t's default, or else (t declares none) the live table lt's
// default; "" when none is known. A declared column that names its table's
// collation so equals a live one reported without it.
func columnCollation(t, lt *schema.Table, col *schema.Column) string {
	switch {
	case col.Collation != "":
		return strings.ToLower(col.Collation)
	case t.Collation != "":
		return strings.ToLower(t.Collation)
	}
	return strings.ToLower(lt.Collation)
}

// collationText writes a collation for a message: 'name', or the table default.
func collationText(name string) string {
	if name == "" {
		return "the table default"
	}
	return "'" + name + "'"
}

// kindText names an autoincrement kind in a finding.
func kindText(kind string) string {
	if kind == "" {
		return "identity"
	}
	return kind
}
