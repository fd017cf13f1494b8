package ops

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/retortdb/migrate/internal/yamlx"
)

func TestGoStepYAMLAndReverse(t *testing.T) {
	list, err := decodeText(t, "- go: {func: backfill_emails, reverse: clear_emails}\n- go: {func: only_up}\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []Op{&GoStep{Func: "backfill_emails", Reverse: "clear_emails"}, &GoStep{Func: "only_up"}}
	if d := cmp.Diff(want, list); d != "" {
		t.Fatalf("decoded (-want +got):\n%s", d)
	}
	node, err := EncodeList(list)
	if err != nil {
		t.Fatal(err)
	}
	text := string(yamlx.Encode(node))
	if wantText := "- go: {func: backfill_emails, reverse: clear_emails}\n- go: {func: only_up}\n"; text != wantText {
		t.Fatalf("encoded:\n%s\nwant:\n%s", text, wantText)
	}
	rev, err := Reverse(list[0])
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(&GoStep{Func: "clear_emails", Reverse: "backfill_emails"}, rev); d != "" {
		t.Fatalf("reverse (-want +got):\n%s", d)
	}
	if _, err := Reverse(list[1]); !errors.Is(err, ErrIrreversible) || !strings.Contains(err.Error(), "only_up names no reverse function") {
		t.Fatalf("reverse of a step without reverse: %v", err)
	}
	if Name(list[0]) != "go" {
		t.Fatalf("Name = %q", Name(list[0]))
	}
}

func TestGoStepYAMLErrors(t *testing.T) {
	for src, want := range map[string]string{
		"- go: {reverse: x}\n":              "func",
		"- go: {func: 'drop table'}\n":      `go.func: "drop table" is not a Go step name`,
		"- go: {func: ok, reverse: 9bad}\n": `go.reverse: "9bad" is not a Go step name`,
		"- go: {func: ok, sql: x}\n":        "sql",
	} {
		_, err := decodeText(t, src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one containing %q", src, err, want)
		}
	}
}
