package autogen

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// compareColumns proposes add_column for declared columns the live table lacks,
// drop_column (with Existing) for live columns no longer declared, and one
// alter_column per column that changed, as Alembic's compare._compare_columns
// does. Columns match by name; their order is not compared. It returns the
// names of the generated columns it drops and adds again (rebuildGenerated).
func (c *comparer) compareColumns(dt, lt *schema.Table) (rebuilt []string) {
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
		if c.rebuildGenerated(dt, dc, lc) {
			rebuilt = append(rebuilt, lc.Name)
			continue
		}
		c.compareColumn(dt, dc, lc, collationChanged)
	}
	for _, lc := range lt.Columns {
		if dt.FindColumn(lc.Name) == nil {
			c.p.add(phaseDropColumns, &ops.DropColumn{Schema: lt.Schema, Table: lt.Name, Column: lc.Name, Existing: lc.Clone()},
				fmt.Sprintf("Detected removed column '%s.%s'", qualify(lt.Schema, lt.Name), lc.Name))
		}
	}
	return rebuilt
}

// rebuildGenerated proposes, when declared column dc and live column lc are
// both generated columns whose expression or storage differ, dropping the
// column and adding it again as declared: a generated column holds no value
// of its own, so nothing is lost (ops.DataLoss does not list the drop), and
// PostgreSQL before 17 cannot change a generation in place. The drop runs
// before the add (phaseDropConstraints); the indexes on the column, which the
// server drops with it, are dropped before and created again after
// (dropIndexesOfRebuilt). It reports whether it did.
func (c *comparer) rebuildGenerated(t *schema.Table, dc, lc *schema.Column) bool {
	if dc.Generated == nil || lc.Generated == nil || c.sameGenerated(dc.Generated, lc.Generated) {
		return false
	}
	where := qualify(t.Schema, t.Name) + "." + lc.Name
	if lt := c.liveIn[tableKey{t.Schema, t.Name}]; lt != nil {
		for _, ix := range lt.Indexes {
			if indexUses(ix, []string{lc.Name}) {
				c.p.add(phaseDropConstraints, &ops.DropIndex{Schema: lt.Schema, Table: lt.Name, Name: ix.Name, Existing: cloneIndex(ix)},
					fmt.Sprintf("Detected index %s on '%s' using generated column '%s', which is added again: dropped before and created after", quoted(ix.Name), qualify(lt.Schema, lt.Name), lc.Name))
			}
		}
	}
	c.p.add(phaseDropConstraints, &ops.DropColumn{Schema: t.Schema, Table: t.Name, Column: lc.Name, Existing: lc.Clone()},
		fmt.Sprintf("Detected generated column '%s' changed from %s to %s: dropped and added again (it holds no values of its own)",
			where, generatedText(lc.Generated), generatedText(dc.Generated)))
	c.p.add(phaseAddColumns, &ops.AddColumn{Schema: t.Schema, Table: t.Name, Column: dc.Clone()})
	return true
}

// dropIndexesOfRebuilt returns live table lt without the indexes that use one
// of the columns rebuilt (rebuildGenerated dropped them), so that
// compareIndexes creates them again as declared.
func dropIndexesOfRebuilt(lt *schema.Table, rebuilt []string) *schema.Table {
	if len(rebuilt) == 0 {
		return lt
	}
	kept := *lt
	kept.Indexes = nil
	for _, ix := range lt.Indexes {
		if !indexUses(ix, rebuilt) {
			kept.Indexes = append(kept.Indexes, ix)
		}
	}
	return &kept
}

// indexUses reports whether ix names one of cols as a key, an INCLUDE
// column, or a word of a key expression or of its predicate.
func indexUses(ix *schema.IndexDef, cols []string) bool {
	texts := append(append(append([]string(nil), ix.Columns...), ix.Include...), ix.Where)
	for _, col := range cols {
		re := regexp.MustCompile(`(^|[^A-Za-z0-9_$"])("?)` + regexp.QuoteMeta(col) + `("?)($|[^A-Za-z0-9_$"])`)
		for _, s := range texts {
			if s == col || re.MatchString(s) {
				return true
			}
		}
	}
	return false
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
