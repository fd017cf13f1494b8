package postgres

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/schema"
)

// loadSQL runs an SQL script with psql into a fresh database and inspects it.
// dropLine filters out lines of the script that must not run.
func loadSQL(t *testing.T, file string, dropLine func(string) bool) *schema.MetaData {
	t.Helper()
	src, err := os.ReadFile(testdb.Dataset(t, file))
	if err != nil {
		t.Fatal(err)
	}
	psql, err := exec.LookPath("psql")
	if err != nil {
		if os.Getenv("MIGRATE_TEST_REQUIRE_SERVERS") == "1" {
			t.Fatalf("psql is not installed; it loads dataset %s", file)
		}
		t.Skipf("psql is not installed: skipping the %s dataset test", file)
	}
	db := testdb.Postgres(t)
	var kept []string
	for _, line := range strings.Split(string(src), "\n") {
		if dropLine == nil || !dropLine(line) {
			kept = append(kept, line)
		}
	}
	script := filepath.Join(t.TempDir(), filepath.Base(file))
	if err := os.WriteFile(script, []byte(strings.Join(kept, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.URL, "-f", script).CombinedOutput()
	if err != nil {
		t.Fatalf("psql -f %s: %v\n%s", file, err, out)
	}
	m, err := Inspector{}.Inspect(context.Background(), db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func tableNames(m *schema.MetaData) []string {
	var out []string
	for _, t := range m.Tables {
		out = append(out, t.Name)
	}
	return out
}

func TestChinook(t *testing.T) {
	m := loadSQL(t, "chinook/Chinook_PostgreSql.sql", func(line string) bool {
		l := strings.ToUpper(strings.TrimSpace(line))
		return strings.HasPrefix(l, "DROP DATABASE") || strings.HasPrefix(l, "CREATE DATABASE") || strings.HasPrefix(l, `\C`)
	})
	want := []string{"album", "artist", "customer", "employee", "genre", "invoice", "invoice_line",
		"media_type", "playlist", "playlist_track", "track"}
	if diff := cmp.Diff(want, tableNames(m)); diff != "" {
		t.Fatalf("tables (-want +got):\n%s", diff)
	}
	if len(m.Views) != 0 || len(m.Enums) != 0 || len(m.Objects) != 0 {
		t.Errorf("views %v, enums %v, objects %v; want none", m.Views, m.Enums, m.Objects)
	}
	album := m.FindTable("", "album")
	wantAlbum := &schema.Table{
		Name: "album",
		Columns: []*schema.Column{
			{Name: "album_id", Type: schema.Integer()},
			{Name: "title", Type: schema.Varchar(160)},
			{Name: "artist_id", Type: schema.Integer()},
		},
		PrimaryKey:  &schema.PrimaryKeyDef{Name: "album_pkey", Columns: []string{"album_id"}},
		ForeignKeys: []*schema.ForeignKeyDef{{Name: "album_artist_id_fkey", Columns: []string{"artist_id"}, RefTable: "artist", RefColumns: []string{"artist_id"}}},
		Indexes:     []*schema.IndexDef{{Name: "album_artist_id_idx", Columns: []string{"artist_id"}}},
	}
	if diff := cmp.Diff(wantAlbum, album); diff != "" {
		t.Errorf("album (-want +got):\n%s", diff)
	}
	pt := m.FindTable("", "playlist_track")
	if diff := cmp.Diff(&schema.PrimaryKeyDef{Name: "playlist_track_pkey", Columns: []string{"playlist_id", "track_id"}}, pt.PrimaryKey); diff != "" {
		t.Errorf("playlist_track primary key (-want +got):\n%s", diff)
	}
	if n := len(pt.ForeignKeys); n != 2 {
		t.Errorf("playlist_track has %d foreign keys, want 2", n)
	}
	if c := m.FindTable("", "invoice").FindColumn("total"); c == nil || !c.Type.Equal(schema.Numeric(10, 2)) || c.Nullable {
		t.Errorf("invoice.total = %+v, want numeric(10,2) NOT NULL", c)
	}
	if fk := m.FindTable("", "employee").ForeignKeys; len(fk) != 1 || fk[0].RefTable != "employee" || fk[0].Columns[0] != "reports_to" {
		t.Errorf("employee's self-referencing key = %+v", fk)
	}
	total := 0
	for _, tb := range m.Tables {
		total += len(tb.ForeignKeys)
	}
	if total != 11 {
		t.Errorf("chinook has %d foreign keys, want 11", total)
	}
}

func TestPagila(t *testing.T) {
	m := loadSQL(t, "pagila/pagila-schema.sql", nil)
	var want, partitions []string
	for _, n := range tableNames(m) {
		if strings.HasPrefix(n, "payment_p") {
			partitions = append(partitions, n)
			continue
		}
		want = append(want, n)
	}
	if diff := cmp.Diff([]string{"actor", "address", "category", "city", "country", "customer", "film", "film_actor",
		"film_category", "inventory", "language", "payment", "rental", "staff", "store"}, want); diff != "" {
		t.Fatalf("tables (-want +got):\n%s", diff)
	}
	count := map[string]int{}
	for _, o := range m.Objects {
		count[o.Kind]++
	}
	// As pagila-schema.sql creates them (grep -c "^CREATE VIEW" …).
	wantCount := map[string]int{"domain": 2, "function": 9, "aggregate": 1, "sequence": 13, "view": 7, "materialized_view": 1,
		"index": 1, "trigger": 15, "partition": len(partitions)}
	if diff := cmp.Diff(wantCount, count); diff != "" {
		t.Errorf("objects per kind (-want +got):\n%s", diff)
	}
	if len(partitions) != 55 || m.FindTable("", "payment").PartitionBy != "RANGE (payment_date)" {
		t.Errorf("%d partitions, payment partitioned by %q; want 55, RANGE (payment_date)", len(partitions), m.FindTable("", "payment").PartitionBy)
	}
	if diff := cmp.Diff([]*schema.EnumDef{{Name: "mpaa_rating", Values: []string{"G", "PG", "PG-13", "R", "NC-17"}}}, m.Enums); diff != "" {
		t.Errorf("enums (-want +got):\n%s", diff)
	}
	film := m.FindTable("", "film")
	check := func(name string, want schema.Column) {
		t.Helper()
		got := film.FindColumn(name)
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Errorf("film.%s (-want +got):\n%s", name, diff)
		}
	}
	check("film_id", schema.Column{Name: "film_id", Type: schema.Integer(), Default: ptr("nextval('film_film_id_seq'::regclass)")})
	check("release_year", schema.Column{Name: "release_year", Type: schema.Dialect("postgresql", "year"), Nullable: true})
	check("rental_rate", schema.Column{Name: "rental_rate", Type: schema.Numeric(4, 2), Default: ptr("4.99")})
	check("rating", schema.Column{Name: "rating", Type: schema.Enum("mpaa_rating", "G", "PG", "PG-13", "R", "NC-17"), Nullable: true, Default: ptr("'G'")})
	check("last_update", schema.Column{Name: "last_update", Type: schema.TimestampTZ(), Default: ptr("now()")})
	check("special_features", schema.Column{Name: "special_features", Type: schema.Dialect("postgresql", "text[]"), Nullable: true})
	check("fulltext", schema.Column{Name: "fulltext", Type: schema.Dialect("postgresql", "tsvector")})
	var fk *schema.ForeignKeyDef
	for _, f := range film.ForeignKeys {
		if f.Name == "film_language_id_fkey" {
			fk = f
		}
	}
	if diff := cmp.Diff(&schema.ForeignKeyDef{Name: "film_language_id_fkey", Columns: []string{"language_id"}, RefTable: "language",
		RefColumns: []string{"language_id"}, OnDelete: "RESTRICT", OnUpdate: "CASCADE"}, fk); diff != "" {
		t.Errorf("film_language_id_fkey (-want +got):\n%s", diff)
	}
	var ixNames []string
	for _, ix := range film.Indexes {
		ixNames = append(ixNames, ix.Name)
	}
	for _, want := range []string{"film_fulltext_idx", "idx_title"} {
		if !strings.Contains(strings.Join(ixNames, ","), want) {
			t.Errorf("film indexes %v lack %s", ixNames, want)
		}
	}
	payment := m.FindTable("", "payment")
	if diff := cmp.Diff(&schema.PrimaryKeyDef{Name: "payment_pkey", Columns: []string{"payment_date", "payment_id"}}, payment.PrimaryKey); diff != "" {
		t.Errorf("payment primary key (-want +got):\n%s", diff)
	}
	rental := m.FindTable("", "rental")
	var unq *schema.IndexDef
	for _, ix := range rental.Indexes {
		if ix.Name == "idx_unq_rental_rental_date_inventory_id_customer_id" {
			unq = ix
		}
	}
	if diff := cmp.Diff(&schema.IndexDef{Name: "idx_unq_rental_rental_date_inventory_id_customer_id", Columns: []string{"rental_date", "inventory_id", "customer_id"}, Unique: true}, unq); diff != "" {
		t.Errorf("rental's unique index (-want +got):\n%s", diff)
	}
	if len(rental.Uniques) != 0 {
		t.Errorf("rental's unique index was read as a unique constraint: %+v", rental.Uniques)
	}
}
