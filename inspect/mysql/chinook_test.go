package mysql

import (
	"bytes"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/retortdb/migrate/inspect"
	"github.com/retortdb/migrate/internal/testdb"
	"github.com/retortdb/migrate/schema"
)

// loadChinook loads ../shared/datasets/chinook/Chinook_MySql.sql into db with the
// mariadb (or mysql) command-line client, its `Chinook` database renamed to db's.
func loadChinook(t *testing.T, db *testdb.DB) {
	t.Helper()
	script, err := os.ReadFile(testdb.Dataset(t, "chinook/Chinook_MySql.sql"))
	if err != nil {
		t.Fatal(err)
	}
	client, err := exec.LookPath("mariadb")
	if err != nil {
		if client, err = exec.LookPath("mysql"); err != nil {
			if os.Getenv("MIGRATE_TEST_REQUIRE_SERVERS") == "1" {
				t.Fatal("neither the mariadb nor the mysql client is installed")
			}
			t.Skip("neither the mariadb nor the mysql client is installed")
		}
	}
	s := string(script)
	// Keep the database testdb made (and will drop); only switch to it.
	s = strings.Replace(s, "DROP DATABASE IF EXISTS `Chinook`;", "", 1)
	s = strings.Replace(s, "CREATE DATABASE `Chinook`;", "", 1)
	s = strings.ReplaceAll(s, "`Chinook`", "`"+db.Name+"`")
	u, err := url.Parse(db.URL)
	if err != nil {
		t.Fatal(err)
	}
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "3306"
	}
	args := []string{"-h", host, "-P", port, "-u", u.User.Username(), "--default-character-set=utf8mb4"}
	cmd := exec.Command(client, args...)
	cmd.Env = os.Environ()
	if p, ok := u.User.Password(); ok {
		cmd.Env = append(cmd.Env, "MYSQL_PWD="+p)
	}
	cmd.Stdin = strings.NewReader(s)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("loading Chinook with %s: %v\n%s", client, err, stderr.String())
	}
}

func TestChinook(t *testing.T) {
	db := testdb.MySQL(t)
	loadChinook(t, db)
	m, _ := inspectT(t, db, inspect.Options{})

	var names []string
	for _, tb := range m.Tables {
		names = append(names, tb.Name)
	}
	want := "Album Artist Customer Employee Genre Invoice InvoiceLine MediaType Playlist PlaylistTrack Track"
	if strings.Join(names, " ") != want {
		t.Fatalf("tables %v, want %s", names, want)
	}

	album := m.FindTable("", "Album")
	if got := album.ColumnNames(); strings.Join(got, ",") != "AlbumId,Title,ArtistId" {
		t.Errorf("Album columns %v", got)
	}
	if c := album.FindColumn("Title"); !c.Type.Equal(schema.Varchar(160)) || c.Nullable || c.Default != nil || c.Autoincrement {
		t.Errorf("Album.Title = %+v, want varchar(160) NOT NULL, no default", c)
	}
	if c := album.FindColumn("AlbumId"); !c.Type.Equal(schema.Integer()) || c.Nullable || c.Autoincrement {
		t.Errorf("Album.AlbumId = %+v, want integer NOT NULL without auto_increment", c)
	}
	if album.PrimaryKey == nil || album.PrimaryKey.Name != "" || strings.Join(album.PrimaryKey.Columns, ",") != "AlbumId" {
		t.Errorf("Album primary key %+v", album.PrimaryKey)
	}
	if len(album.ForeignKeys) != 1 {
		t.Fatalf("Album foreign keys %+v", album.ForeignKeys)
	}
	fk := album.ForeignKeys[0]
	if fk.Name != "FK_AlbumArtistId" || fk.RefTable != "Artist" || strings.Join(fk.Columns, ",") != "ArtistId" ||
		strings.Join(fk.RefColumns, ",") != "ArtistId" || fk.OnDelete != "NO ACTION" || fk.OnUpdate != "NO ACTION" || fk.RefSchema != "" {
		t.Errorf("Album foreign key %+v (the dump writes ON DELETE NO ACTION ON UPDATE NO ACTION, which MariaDB keeps and migrate reads as written)", fk)
	}
	if len(album.Indexes) != 1 || album.Indexes[0].Name != "IFK_AlbumArtistId" || album.Indexes[0].Unique ||
		strings.Join(album.Indexes[0].Columns, ",") != "ArtistId" {
		t.Errorf("Album indexes %+v, want only IFK_AlbumArtistId (ArtistId)", album.Indexes)
	}

	pt := m.FindTable("", "PlaylistTrack")
	if pt.PrimaryKey == nil || strings.Join(pt.PrimaryKey.Columns, ",") != "PlaylistId,TrackId" {
		t.Errorf("PlaylistTrack primary key %+v, want (PlaylistId, TrackId)", pt.PrimaryKey)
	}
	if len(pt.ForeignKeys) != 2 || pt.ForeignKeys[0].Name != "FK_PlaylistTrackPlaylistId" || pt.ForeignKeys[1].Name != "FK_PlaylistTrackTrackId" {
		t.Errorf("PlaylistTrack foreign keys %+v, want sorted by name", pt.ForeignKeys)
	}

	emp := m.FindTable("", "Employee")
	if c := emp.FindColumn("BirthDate"); !c.Type.Equal(schema.Timestamp()) || !c.Nullable {
		t.Errorf("Employee.BirthDate = %+v, want nullable timestamp (DATETIME)", c)
	}
	if len(emp.ForeignKeys) != 1 || emp.ForeignKeys[0].RefTable != "Employee" || emp.ForeignKeys[0].Columns[0] != "ReportsTo" {
		t.Errorf("Employee self-reference %+v", emp.ForeignKeys)
	}
	if c := m.FindTable("", "Invoice").FindColumn("Total"); !c.Type.Equal(schema.Numeric(10, 2)) || c.Nullable {
		t.Errorf("Invoice.Total = %+v, want numeric(10,2) NOT NULL", c)
	}

	track := m.FindTable("", "Track")
	var ix []string
	for _, i := range track.Indexes {
		ix = append(ix, i.Name)
	}
	if strings.Join(ix, ",") != "IFK_TrackAlbumId,IFK_TrackGenreId,IFK_TrackMediaTypeId" {
		t.Errorf("Track indexes %v", ix)
	}
	fks, idx := 0, 0
	for _, tb := range m.Tables {
		fks += len(tb.ForeignKeys)
		idx += len(tb.Indexes)
		if len(tb.Uniques) != 0 || len(tb.Checks) != 0 {
			t.Errorf("table %s has uniques %v checks %v; Chinook declares none", tb.Name, tb.Uniques, tb.Checks)
		}
		for _, i := range tb.Indexes {
			if strings.HasPrefix(i.Name, "FK_") {
				t.Errorf("table %s: index %s is the foreign key's own index and must not be reported", tb.Name, i.Name)
			}
		}
	}
	if fks != 11 || idx != 11 {
		t.Errorf("%d foreign keys and %d indexes, want 11 and 11", fks, idx)
	}
}
