// Package schema is the schema model shared by every part of migrate: the metadata a
// user declares in Go (in the spirit of SQLAlchemy Core's MetaData and Table) and the
// schema an inspector reads back from a live database are the same data structures,
// so autogenerate can compare them field by field.
//
// The model types (MetaData, Table, Column, Type, PrimaryKeyDef, ForeignKeyDef,
// UniqueDef, CheckDef, IndexDef, EnumDef) are plain data with a stable JSON form.
// The declaration API (NewMetaData, MetaData.Table, Col, Index, UniqueConstraint,
// Check, PrimaryKeyConstraint, ForeignKey and the type constructors) builds them.
package schema
