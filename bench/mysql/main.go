// Command mysql is the migrate binary with a generated schema built in, for the
// MySQL/MariaDB benchmark (run.sh): BENCH_TABLES tables (default 500), each with
// 10 columns, an index, a unique constraint and a foreign key to the table
// before it. Passing the metadata in (cmd.WithMetadata) leaves Go loading out of
// the timings.
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/retortdb/migrate/cmd"
	"github.com/retortdb/migrate/schema"
)

func main() {
	n, err := strconv.Atoi(os.Getenv("BENCH_TABLES"))
	if err != nil || n <= 0 {
		n = 500
	}
	cmd.Main(cmd.WithMetadata(metadata(n)))
}

// metadata declares n tables t0001… with 10 columns, an index, a unique
// constraint and a foreign key each (the first table's key refers to itself).
func metadata(n int) *schema.MetaData {
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
