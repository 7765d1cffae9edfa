package document

import (
	"reflect"
	"strings"
	"testing"
)

func TestGrid(t *testing.T) {
	tests := []struct {
		name  string
		table *Table
		want  [][]string
	}{
		{"nil", nil, nil},
		{"plain", &Table{Rows: [][]Cell{{{Text: "a"}, {Text: "b"}}, {{Text: "1"}, {Text: "2"}}}},
			[][]string{{"a", "b"}, {"1", "2"}}},
		{"colspan", &Table{Rows: [][]Cell{{{Text: "h", ColSpan: 2}}, {{Text: "1"}, {Text: "2"}}}},
			[][]string{{"h", "h"}, {"1", "2"}}},
		{"rowspan", &Table{Rows: [][]Cell{{{Text: "k", RowSpan: 2}, {Text: "x"}}, {{Text: "y"}}}},
			[][]string{{"k", "x"}, {"k", "y"}}},
		{"ragged", &Table{Rows: [][]Cell{{{Text: "a"}}, {{Text: "1"}, {Text: "2"}}}},
			[][]string{{"a", ""}, {"1", "2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.table.Grid(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Grid() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPassages(t *testing.T) {
	d := &Document{ID: "d1", Blocks: []Block{
		{Kind: KindHeading, Text: "1. 개요", Level: 1},
		{Kind: KindParagraph, Text: "  지원사업은   확대되었다. ", Section: []string{"1. 개요"}, Page: 2},
		{Kind: KindParagraph, Text: "   "},
		{Kind: KindTable, Text: "[표 1] 현황", Table: &Table{Rows: [][]Cell{
			{{Text: "유형"}, {Text: "개수"}},
			{{Text: "시내"}, {Text: "24"}},
		}}},
	}}
	ps := Passages(d)
	if len(ps) != 3 {
		t.Fatalf("got %d passages, want 3: %+v", len(ps), ps)
	}
	if ps[1].Text != "지원사업은 확대되었다." || ps[1].Section != "1. 개요" || ps[1].Page != 2 || ps[1].ID != "d1#1" {
		t.Errorf("paragraph passage = %+v", ps[1])
	}
	if !strings.Contains(ps[2].Text, "유형: 시내, 개수: 24") || !strings.HasPrefix(ps[2].Text, "[표 1] 현황") {
		t.Errorf("table passage = %q", ps[2].Text)
	}
	// Each passage leads back to its block (the empty one is skipped).
	for i, want := range []int{0, 1, 3} {
		if ps[i].Block != want || d.Blocks[ps[i].Block].Kind != ps[i].Kind {
			t.Errorf("passage %d: block %d, want %d", i, ps[i].Block, want)
		}
	}
}

func TestNormalizeSpace(t *testing.T) {
	inputs := []string{
		"", " ", "a", " a ", "a  b", "a\tb\nc", "\u00a0가\u3000나 ", "가 나", "a \u200bb", "x\r\n\r\ny", "  \t", "a ",
		"\xff \xfe", "\xff  \xfe\t", "끝\u0085", " 이미 정상",
	}
	for _, in := range inputs {
		want := strings.Join(strings.Fields(in), " ")
		if got := NormalizeSpace(in); got != want {
			t.Errorf("NormalizeSpace(%q) = %q, want %q", in, got, want)
		}
	}
}
