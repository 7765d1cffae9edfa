package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
)

// TestTableNotes checks that every format prints a table's notes (a
// chart's reference lines and callouts) after its grid.
func TestTableNotes(t *testing.T) {
	note := "빨간색 점선(가로) 기준선: 기준 (2.0명)"
	d := &document.Document{ID: "chart", Blocks: []document.Block{{Kind: document.KindTable, Text: "출산율", Table: &document.Table{
		Caption: "출산율",
		Rows:    [][]document.Cell{{{Text: "2020", RowSpan: 1, ColSpan: 1}, {Text: "1.8", RowSpan: 1, ColSpan: 1}}},
		Notes:   []string{note},
	}}}}
	for _, tc := range []struct {
		f    Format
		want string
	}{
		{Text, "[note] " + note},
		{Markdown, "> " + note},
		{JSON, compactJSON(`"notes":["` + note + `"]`)},
	} {
		var buf bytes.Buffer
		if err := Document(&buf, d, tc.f); err != nil {
			t.Fatal(err)
		}
		got := buf.String()
		if tc.f == JSON {
			got = compactJSON(got)
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("format %v lacks %q:\n%s", tc.f, tc.want, buf.String())
		}
	}
	if got := document.LinearizeTable(d.Blocks[0].Table, ""); !strings.Contains(got, note) {
		t.Errorf("LinearizeTable lacks the note:\n%s", got)
	}
}

func compactJSON(s string) string {
	return strings.NewReplacer("\n", "", " ", "").Replace(s)
}
