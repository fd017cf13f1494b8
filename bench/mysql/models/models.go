// Package models declares the schema of the MySQL/MariaDB benchmark
// (bench/mysql/run.sh), for the bench binary, which passes it in, and for the
// project whose loader reads it.
package models

import (
	"fmt"

	"github.com/retortdb/migrate/schema"
)

// Metadata declares n tables t0001… with 10 columns, an index, a unique
// constraint and a foreign key each (the first table's key refers to itself).
func Metadata(n int) *schema.MetaData {
	m := schema.NewMetaData(schema.WithNamingConvention(schema.DefaultNamingConvention))
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("t%05d", i)
		ref := fmt.Sprintf("t%05d", max(i-1, 1))
		m.Table(name,
			schema.Col("id", schema.BigInt()).PrimaryKey(),
			schema.Col("parent_id", schema.BigInt()).References(ref+".id", schema.OnDelete("CASCADE")),
			schema.Col("code", schema.Varchar(40)).NotNull(),
			schema.Col("name", schema.Varchar(200)).NotNull().ServerDefault("''"),
			schema.Col("qty", schema.Integer()).NotNull().ServerDefault("0"),
			schema.Col("price", schema.Numeric(12, 2)),
			schema.Col("active", schema.Boolean()).NotNull().ServerDefault("true"),
			schema.Col("notes", schema.Text()),
			schema.Col("created_at", schema.TimestampTZ()).NotNull().ServerDefault("CURRENT_TIMESTAMP"),
			schema.Col("status", schema.Enum(name+"_status", "new", "done")).NotNull().ServerDefault("'new'"),
			schema.Index("ix_"+name+"_name", "name"),
			schema.UniqueConstraint("uq_"+name+"_code", "code"),
		)
	}
	return m
}
