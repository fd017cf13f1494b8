package schema_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/internal/metaload"
	"github.com/retortdb/migrate/internal/scratch"
	"github.com/retortdb/migrate/schema"
	models "github.com/retortdb/migrate/schema/internal/example"
)

// update rewrites testdata/gosource.golden from the current output:
// go test ./schema -run GoSource -update (review the diff before committing).
var update = flag.Bool("update", false, "rewrite testdata/gosource.golden")

// GoSource's output compiles, and loading it gives back the same tables.
func TestGoSourceRoundTrip(t *testing.T) {
	m := models.Metadata.Clone()
	extra := schema.NewMetaData()
	extra.Table("odd.Wéird table",
		schema.Col("select", schema.Dialect("postgresql", "jsonb")).Comment(`says "hi" \ there`),
		schema.Col("n", schema.Integer()).NotNull().Autoincrement(true),
		schema.NamedPrimaryKey("PK odd", "n"),
		schema.Index("ix_odd", "lower(\"select\"::text)").Where("n > 0").Unique(),
	)
	extra.Table("pg_details",
		schema.Col("id", schema.Integer()).NotNull().Serial(),
		schema.Col("a", schema.BigInt()).NotNull().IdentityAlways(),
		schema.Col("b", schema.Text()).ServerDefault("('now'::text)::date"),
		schema.PrimaryKeyConstraint("id"),
		schema.ForeignKey([]string{"a"}, "odd.Wéird table", []string{"n"}, schema.ConstraintName("fk_a"), schema.Match("FULL"), schema.DeferrableFK(true), schema.NotValidFK()),
		schema.UniqueConstraintWith("uq_b", []string{"b"}, schema.UniqueNullsNotDistinct(), schema.DeferrableUnique(false)),
		schema.CheckNotValid("ck_a", "a > 0"),
		schema.Index("ix_b", "b").Unique().NullsNotDistinct().Collation("C"),
	)
	extra.DeclareEnum("lonely", "a", "b")
	extra.Table("odd.events", schema.Col("at", schema.Date()).NotNull()).PartitionBy("RANGE (at)")
	extra.Table("odd.events_2026", schema.Col("at", schema.Date()).NotNull())
	extra.Partition("odd.events", "events_2026", "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')")
	extra.ExtensionIn("pg_trgm", "odd", "1.6")
	extra.Schema("odd").Comment("odd things")
	extra.Sequence("odd.ticket_seq", "AS integer START WITH 10")
	extra.Domain("year", "integer CONSTRAINT year_check CHECK (VALUE >= 1901)")
	extra.Function("odd.touch()", "CREATE OR REPLACE FUNCTION odd.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$BEGIN RETURN NEW; END$function$").DependsOn("schema:odd")
	extra.Aggregate("odd.cat(text)", "SFUNC = textcat, STYPE = text")
	extra.View("odd.recent", "SELECT at\n   FROM odd.events\n  WHERE at > '2026-01-01'::date").Comment(`"recent"`).DependsOn("table:odd.events")
	extra.MaterializedView("per_day", "SELECT at, count(*) AS n FROM odd.events GROUP BY at")
	extra.ObjectIndex("per_day", "per_day_at", "CREATE UNIQUE INDEX per_day_at ON public.per_day USING btree (at)")
	extra.Trigger("odd.events", "touch", "CREATE TRIGGER touch BEFORE INSERT ON odd.events FOR EACH ROW EXECUTE FUNCTION odd.touch()")
	extra.RowSecurity("odd.events", true)
	extra.Exclude("pg_details", "ex_b", "USING gist (b WITH =) WHERE ((b <> 'x'::text)) DEFERRABLE").Comment("one b")
	extra.ClusterOn("pg_details", "ix_b")
	extra.Policy("odd.events", "recent_only", "AS PERMISSIVE FOR SELECT TO PUBLIC USING ((at > '2026-01-01'::date))")
	m.Tables = append(m.Tables, extra.Tables...)
	m.Enums = append(m.Enums, extra.Enums...)
	m.Objects = append(m.Objects, extra.Objects...)
	m.ManagedKinds = schema.ObjectKinds
	src, err := schema.GoSource(m, "models")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "var Books = booksTable()") || !strings.Contains(string(src), "var WéirdTable = wéirdTableTable()") {
		t.Fatalf("unexpected variable names:\n%s", src)
	}
	golden := filepath.Join("testdata", "gosource.golden")
	if *update {
		if err := os.WriteFile(golden, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./schema -run GoSource -update writes it)", err)
	}
	if d := cmp.Diff(string(want), string(src)); d != "" {
		t.Errorf("GoSource output differs from %s (-want +got; -update rewrites it after review):\n%s", golden, d)
	}
	dir := scratch.Module(t, map[string]string{"models/models.go": string(src)})
	res, err := metaload.Load(context.Background(), metaload.Spec{Dir: dir, Package: "./models", Symbol: "Metadata", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatalf("loading the generated source: %v\n%s", err, src)
	}
	m.NamingConvention = nil
	if d := cmp.Diff(m, res.MetaData); d != "" {
		t.Fatalf("generated source declares another schema (-want +got):\n%s\n%s", d, src)
	}
}
