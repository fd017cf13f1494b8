package revision

import (
	"strings"
	"testing"

	"github.com/retortdb/migrate/ops"
	"github.com/retortdb/migrate/schema"
)

// TestDestructiveCommentOutsideChecksum: a revision file written with
// acknowledge_destructive carries a comment above the op, which reads back to
// the same revision; the content checksum does not cover the comment, and a
// revision without the key keeps the checksum it had before the key existed.
func TestDestructiveCommentOutsideChecksum(t *testing.T) {
	f := false
	drop := func(ack *bool) *Revision {
		return &Revision{ID: "a1", Message: "drop", Transactional: true,
			Upgrade:   []ops.Op{&ops.DropColumn{Table: "users", Column: "nick", Existing: &schema.Column{Name: "nick", Type: schema.Text(), Nullable: true}, AcknowledgeDestructive: ack}},
			Downgrade: []ops.Op{&ops.AddColumn{Table: "users", Column: &schema.Column{Name: "nick", Type: schema.Text(), Nullable: true}}}}
	}
	r := drop(&f)
	data, err := Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if !strings.Contains(text, "upgrade:\n  # DESTRUCTIVE: drops column users.nick and every value in it; review, then set acknowledge_destructive: true\n  - drop_column:") {
		t.Fatalf("no comment above the drop:\n%s", text)
	}
	back, err := ParseFile("a1_drop.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if back.ContentChecksum() != r.ContentChecksum() {
		t.Errorf("checksum of the file read back %s, of the revision %s", back.ContentChecksum(), r.ContentChecksum())
	}
	if !strings.Contains(text, "acknowledge_destructive: false") || ops.Acknowledged(back.Upgrade[0]) {
		t.Errorf("the key did not round-trip:\n%s", text)
	}
	// The same file with the comment removed has the same checksum.
	var noComment []string
	for _, l := range strings.Split(text, "\n") {
		if !strings.Contains(l, "DESTRUCTIVE") {
			noComment = append(noComment, l)
		}
	}
	plain, err := ParseFile("a1_drop.yaml", []byte(strings.Join(noComment, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	if plain.ContentChecksum() != r.ContentChecksum() {
		t.Error("the comment counts in the checksum")
	}
	// Without the key: no comment, and the checksum of the bytes without it.
	old := drop(nil)
	data, err = Marshal(old)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "DESTRUCTIVE") || strings.Contains(string(data), "acknowledge_destructive") {
		t.Errorf("a revision without the key is written with it:\n%s", data)
	}
	if old.ContentChecksum() == r.ContentChecksum() {
		t.Error("acknowledge_destructive: false does not count in the checksum")
	}
}
