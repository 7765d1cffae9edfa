package solve

import (
	"testing"

	"github.com/policyqa/policyqa/document"
)

// TestNamedRowCells: a question that names a table row by its entity,
// whole, and a column by its header ("연간 정원" of 정원(年), "운영 공항",
// "지정일") is answered by that cell: in the table under the heading the
// question names when two tables list the entity; a formula's result
// ("10명×4회 = 40명"); the only cell in the unit asked when no header is
// named ("수용 인원" of 정원(연)); never from a table that does not name
// the entity, and never by a category repeated down a column.
func TestNamedRowCells(t *testing.T) {
	c := func(s string, rs, cs int) document.Cell { return document.Cell{Text: s, RowSpan: rs, ColSpan: cs} }
	row := func(cells ...string) []document.Cell {
		var out []document.Cell
		for _, s := range cells {
			out = append(out, c(s, 1, 1))
		}
		return out
	}
	p := func(page int, text string) document.Block {
		return document.Block{Kind: document.KindParagraph, Page: page, Text: text}
	}
	doc := &document.Document{ID: "a1", Blocks: []document.Block{
		p(1, "□ 교육기관 현황"),
		p(1, "◦ 조타수 양성 교육기관 : 총 4개"),
		{Kind: document.KindTable, Page: 1, Table: &document.Table{Rows: [][]document.Cell{
			row("순번", "구분", "교육기관", "지정일", "실습선(척)", "정원(年)", "운영 항구"),
			{c("1", 2, 1), c("대학", 4, 1), c("가온해양대학교", 2, 1), c("2001.03", 1, 1), c("4", 1, 1), c("60명", 1, 1), c("나루", 1, 1)},
			row("2009.05", "2", "25명", "다솔"),
			row("2", "라온해양대학교", "2015.09", "3", "44명", "보람"),
			row("3", "마루해양대학교", "2019.11", "2", "30명", "보람"),
		}}},
		p(2, "◦ 기관사 양성 교육기관 : 총 3개"),
		p(2, "대학 2, 훈련원 1"),
		{Kind: document.KindTable, Page: 2, Table: &document.Table{Rows: [][]document.Cell{
			row("순번", "구분", "교육기관", "지정일", "정원(年)", "지역"),
			row("1", "대학", "라온해양대학교", "2018.04", "52명", "동해"),
			row("2", "대학", "마루해양대학교", "2020.10", "36명", "서해"),
			row("3", "훈련원", "바다훈련원", "2021.02", "20명×4회 = 80명", "남해"),
		}}},
		p(3, "◦ 선박 정비 훈련기관 인가 현황"),
		{Kind: document.KindTable, Page: 3, Table: &document.Table{Rows: [][]document.Cell{
			row("순번", "교육기관", "인가일", "훈련과정", "정원(연)", "장소"),
			row("1", "사공해운 훈련센터", "’21.11.02", "•선박정비과정", "10∼20명× 2∼6차수 = 260명", "부산 중구"),
		}}},
	}}
	docs := fakeDocs{"a1": doc}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: docs, Refs: docs}
	tests := []struct {
		question string
		want     []string
		not      []string
	}{
		{"라온해양대학교 조타수 양성 과정의 연간 정원은 몇 명인가?", []string{"44명"}, []string{"52명"}},
		{"라온해양대학교 기관사 양성 교육기관의 연간 정원은 몇 명인가?", []string{"52명"}, []string{"44명"}},
		{"마루해양대학교 조타수 양성 교육기관의 운영 항구는 어디인가?", []string{"보람"}, nil},
		{"마루해양대학교 기관사 양성 교육기관의 지정일은 언제인가?", []string{"2020.10"}, []string{"2019.11"}},
		{"바다훈련원 기관사 양성 과정의 연간 정원은 몇 명인가?", []string{"80명"}, []string{"20명"}},
		{"사공해운 훈련센터 선박정비과정의 연간 수용 인원은 몇 명인가?", []string{"260명"}, []string{"10∼20명"}},
		{"가온해양대학교 조타수 양성 교육기관의 실습선은 몇 척인가?", []string{"4"}, nil},
	}
	for _, tt := range tests {
		checkNames(t, tt.question, collectionValue(t, s, tt.question), tt.want, tt.not)
	}
	// A category down a column ("대학") names no row.
	if rows := entityRows(tablesOf(doc.ID, doc.Blocks), "대학 기관의 연간 정원은 몇 명인가?"); len(rows) != 0 {
		t.Errorf("entityRows by a category = %d rows, want none", len(rows))
	}
}

func TestCellFigure(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"20명×4회 = 80명", "80명"},
		{"10∼30명× 4∼12차수 = 820명", "820명"},
		{"75명", "75명"},
		{"a =", "a ="},
	} {
		if got := cellFigure(tt.in); got != tt.want {
			t.Errorf("cellFigure(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
