// Command mysql is the migrate binary with a generated schema built in, for the
// MySQL/MariaDB benchmark (run.sh): BENCH_TABLES tables (default 500), each with
// 10 columns, an index, a unique constraint and a foreign key to the table
// before it. Passing the metadata in (cmd.WithMetadata) leaves Go loading out of
// the timings.
package main

import (
	"os"
	"strconv"

	"github.com/retortdb/migrate/bench/mysql/models"
	"github.com/retortdb/migrate/cmd"
)

func main() {
	n, err := strconv.Atoi(os.Getenv("BENCH_TABLES"))
	if err != nil || n <= 0 {
		n = 500
	}
	cmd.Main(cmd.WithMetadata(models.Metadata(n)))
}
