package odt

import (
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
)

func TestParseTableXML(t *testing.T) {
	fixture, err := os.ReadFile("testdata/fragment.xml")
	if err != nil {
		t.Fatal(err)
	}
	wantGrid := [][]string{
		{"구분", "기준 A", "기준 B"},
		{"납", "100 ㎎/㎏", "100 ㎎/㎏"},
		{"납", "5", "6"},
	}
	tests := []struct {
		name    string
		input   string
		wantErr bool
		grid    [][]string
		caption string
	}{
		{name: "fixture", input: string(fixture), grid: wantGrid, caption: "[표 1-2] 시험 기준 비교"},
		{name: "with declaration and BOM", input: "\ufeff<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + string(fixture),
			grid: wantGrid, caption: "[표 1-2] 시험 기준 비교"},
		{name: "own namespace declarations", input: `<table:table xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>`,
			grid: [][]string{{"a", "b"}}},
		{name: "no caption", input: `<text:p>그냥 문단</text:p><table:table><table:table-row><table:table-cell><text:p>x</text:p></table:table-cell><table:table-cell><text:p>y</text:p></table:table-cell></table:table-row></table:table>`,
			grid: [][]string{{"x", "y"}}},
		{name: "empty", input: ""},
		{name: "malformed fixture", input: "@malformed_fragment.xml", wantErr: true},
		{name: "cut short", input: cutAfter(t, string(fixture), "100 ㎎/㎏"), grid: wantGrid[:2], caption: "[표 1-2] 시험 기준 비교"},
		{name: "cut inside a tag", input: `<table:table><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell table:number-`,
			grid: [][]string{{"a", "b"}}},
		{name: "mismatched", input: `<table:table><table:table-row></table:table>`, wantErr: true},
		{name: "stray end", input: `</table:table>`, wantErr: true},
		{name: "bad entity", input: `<text:p>&nope;</text:p>`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := tt.input
			if name, ok := strings.CutPrefix(input, "@"); ok {
				b, err := os.ReadFile("testdata/" + name)
				if err != nil {
					t.Fatal(err)
				}
				input = string(b)
			}
			blocks, err := ParseTableXML(context.Background(), strings.NewReader(input))
			if tt.wantErr {
				if !errors.Is(err, ErrMalformed) {
					t.Errorf("err = %v, want ErrMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var tables []document.Block
			for _, b := range blocks {
				if b.Kind == document.KindTable {
					tables = append(tables, b)
				}
			}
			if tt.grid == nil {
				if len(tables) != 0 {
					t.Errorf("got %d tables, want none", len(tables))
				}
				return
			}
			if len(tables) != 1 {
				t.Fatalf("got %d tables, want 1", len(tables))
			}
			if got := tables[0].Table.Grid(); !reflect.DeepEqual(got, tt.grid) {
				t.Errorf("grid = %q, want %q", got, tt.grid)
			}
			if tables[0].Text != tt.caption || tables[0].Table.Caption != tt.caption {
				t.Errorf("caption = %q / %q, want %q", tables[0].Text, tables[0].Table.Caption, tt.caption)
			}
		})
	}
}

// cutAfter truncates s just after the first occurrence of marker.
func cutAfter(t *testing.T, s, marker string) string {
	t.Helper()
	i := strings.Index(s, marker)
	if i < 0 {
		t.Fatalf("marker %q not in fixture", marker)
	}
	return s[:i+len(marker)]
}
