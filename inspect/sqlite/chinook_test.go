package sqlite

import (
	"context"
	"os"
	"slices"
	"testing"

	sq "github.com/retortdb/migrate/dialect/sqlite"
	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/schema"
)

func TestChinook(t *testing.T) {
	src, err := os.ReadFile(testdb.Dataset(t, "chinook/Chinook_Sqlite.sql"))
	if err != nil {
		t.Fatalf("reading the Chinook dataset: %v", err)
	}
	db := testdb.SQLite(t)
	if _, err := db.SQL.Exec(string(src)); err != nil {
		t.Fatalf("loading Chinook: %v", err)
	}
	var tracks int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM Track`).Scan(&tracks); err != nil || tracks != 3503 {
		t.Fatalf("Track has %d rows (%v), want 3503: the script did not load completely", tracks, err)
	}
	md, err := Inspector{}.Inspect(context.Background(), db.SQL, inspect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range md.Tables {
		names = append(names, tb.Name)
	}
	want := []string{"Album", "Artist", "Customer", "Employee", "Genre", "Invoice", "InvoiceLine", "MediaType", "Playlist", "PlaylistTrack", "Track"}
	if !slices.Equal(names, want) {
		t.Fatalf("tables = %v, want %v", names, want)
	}

	album := md.FindTable("", "Album")
	if album.PrimaryKey == nil || album.PrimaryKey.Name != "PK_Album" || !slices.Equal(album.PrimaryKey.Columns, []string{"AlbumId"}) {
		t.Errorf("Album primary key = %+v, want PK_Album (AlbumId)", album.PrimaryKey)
	}
	if id := album.FindColumn("AlbumId"); !id.Autoincrement || id.Nullable || !id.Type.Equal(schema.Integer()) {
		t.Errorf("Album.AlbumId = %+v, want an INTEGER rowid alias", id)
	}
	// Declared types other than the portable spellings are kept verbatim (a
	// rebuild writes them back as declared) and mean the portable type to
	// autogenerate.
	same := func(declared schema.Type, read schema.Type, text string) bool {
		return read.Name == "sqlite."+text && (sq.Dialect{}).EquivalentType(declared, read)
	}
	if title := album.FindColumn("Title"); !same(schema.Varchar(160), title.Type, "NVARCHAR(160)") || title.Nullable {
		t.Errorf("Album.Title = %+v, want NVARCHAR(160) verbatim, equivalent to varchar(160), NOT NULL", title)
	}
	if len(album.ForeignKeys) != 1 || album.ForeignKeys[0].RefTable != "Artist" || !slices.Equal(album.ForeignKeys[0].RefColumns, []string{"ArtistId"}) || album.ForeignKeys[0].OnDelete != "" {
		t.Errorf("Album foreign keys = %+v", album.ForeignKeys)
	}

	pt := md.FindTable("", "PlaylistTrack")
	if pt.PrimaryKey == nil || pt.PrimaryKey.Name != "PK_PlaylistTrack" || !slices.Equal(pt.PrimaryKey.Columns, []string{"PlaylistId", "TrackId"}) {
		t.Errorf("PlaylistTrack primary key = %+v", pt.PrimaryKey)
	}
	if c := pt.FindColumn("PlaylistId"); c.Autoincrement {
		t.Error("a composite key column is not a rowid alias")
	}
	refs := []string{}
	for _, fk := range pt.ForeignKeys {
		refs = append(refs, fk.RefTable)
	}
	slices.Sort(refs)
	if !slices.Equal(refs, []string{"Playlist", "Track"}) {
		t.Errorf("PlaylistTrack refers to %v, want Playlist and Track", refs)
	}

	emp := md.FindTable("", "Employee")
	if c := emp.FindColumn("BirthDate"); !same(schema.Timestamp(), c.Type, "DATETIME") {
		t.Errorf("Employee.BirthDate type = %s, want DATETIME verbatim, equivalent to timestamp", c.Type)
	}
	if len(emp.ForeignKeys) != 1 || emp.ForeignKeys[0].RefTable != "Employee" || emp.ForeignKeys[0].Columns[0] != "ReportsTo" {
		t.Errorf("Employee self-reference = %+v", emp.ForeignKeys)
	}
	if c := md.FindTable("", "Invoice").FindColumn("Total"); !same(schema.Numeric(10, 2), c.Type, "NUMERIC(10,2)") || c.Nullable {
		t.Errorf("Invoice.Total = %+v, want NUMERIC(10,2) verbatim, equivalent to numeric(10,2), NOT NULL", c)
	}

	indexes := 0
	for _, tb := range md.Tables {
		indexes += len(tb.Indexes)
		if len(tb.Uniques) != 0 {
			t.Errorf("%s has unique constraints %+v; Chinook declares none", tb.Name, tb.Uniques)
		}
	}
	if indexes != 11 {
		t.Errorf("read %d indexes, want Chinook's 11 IFK_* indexes", indexes)
	}
	track := md.FindTable("", "Track")
	var ixNames []string
	for _, ix := range track.Indexes {
		ixNames = append(ixNames, ix.Name)
		if ix.Unique || ix.Where != "" || len(ix.Columns) != 1 {
			t.Errorf("Track index %+v: want a plain one-column index", ix)
		}
	}
	if !slices.Equal(ixNames, []string{"IFK_TrackAlbumId", "IFK_TrackGenreId", "IFK_TrackMediaTypeId"}) {
		t.Errorf("Track indexes = %v", ixNames)
	}
	if len(track.ForeignKeys) != 3 {
		t.Errorf("Track has %d foreign keys, want 3", len(track.ForeignKeys))
	}
}
