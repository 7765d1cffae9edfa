package solve

import (
	"testing"

	"github.com/policyqa/policyqa/document"
)

// historyDoc is a guideline whose every page repeats its title and code,
// closing with its revision history (이력표): an enactment, two
// revisions, then empty numbered rows, as such tables are printed.
func historyDoc() *document.Document {
	c := func(s string) document.Cell { return document.Cell{Text: s} }
	rows := [][]document.Cell{
		{c("연번"), c("연월일"), c("변경 내용 및 사유"), c("작성자(부서)"), c("승인자")},
		{c("1"), c("2011.3.2."), c("제정"), c("박서연(시설안전과)"), c("조민호")},
		{c("2"), c("2015.7."), c("조직 개편에 따른 부서명 변경"), c("한지우(시설안전과)"), c("조민호")},
		{c("3"), c("2019.10.14"), c("점검 주기 조정 등 개정"), c("오하늘(안전정책과)"), c("윤태경")},
		{c("4"), c(""), c(""), c(""), c("")},
		{c("5"), c(""), c(""), c(""), c("")},
	}
	p := func(page int, text string) document.Block {
		return document.Block{Kind: document.KindParagraph, Page: page, Text: text}
	}
	return &document.Document{ID: "h1", Blocks: []document.Block{
		p(1, "G-2100 공공 체육시설 안전점검 업무 지침"),
		p(1, "이 지침은 공공 체육시설 안전점검 업무의 절차를 정한다."),
		p(2, "G-2100 공공 체육시설 안전점검 업무 지침"),
		p(2, "점검 담당자는 매 분기 점검 결과를 보고한다."),
		p(3, "G-2100 공공 체육시설 안전점검 업무 지침"),
		{Kind: document.KindParagraph, Page: 3, Text: "< 이력표 >"},
		{Kind: document.KindTable, Page: 3, Table: &document.Table{Rows: rows}},
	}}
}

// TestRevisionHistory: when a document was first enacted or last
// revised, and by whom, is read from its revision history: the 제정 row
// (or the first) for 처음/제정, the last dated row for 최근/개정; the
// column the question names (작성자, 승인자), a person without the
// department in parentheses; the date without its closing dot. A
// two-part question gets both.
func TestRevisionHistory(t *testing.T) {
	doc := historyDoc()
	docs := fakeDocs{"h1": doc}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: docs, Refs: docs}
	tests := []struct {
		question string
		want     []string
		not      []string
	}{
		{"공공 체육시설 안전점검 업무 지침은 언제 처음 제정되었나?", []string{"2011.3.2"}, []string{"2019", "2011.3.2."}},
		{"공공 체육시설 안전점검 업무 지침의 최근 개정일은 언제인가?", []string{"2019.10.14"}, nil},
		{"안전점검 업무 지침 제정 당시 작성자는 누구인가?", []string{"박서연"}, []string{"시설안전과", "조민호"}},
		{"안전점검 업무 지침을 마지막으로 개정할 때 승인자는 누구였나?", []string{"윤태경"}, []string{"오하늘"}},
		{"안전점검 업무 지침은 언제 처음 제정되었고 제정 당시 작성자는 누구인가?", []string{"2011.3.2", "박서연"}, nil},
	}
	for _, tt := range tests {
		checkNames(t, tt.question, collectionValue(t, s, tt.question), tt.want, tt.not)
	}
}

// TestFindHistory: a table is a revision history only with a date column,
// a change column (or a caption saying 이력) and a dated row.
func TestFindHistory(t *testing.T) {
	tab := func(caption string, rows ...[]string) tableRef {
		var cells [][]document.Cell
		for _, r := range rows {
			var cr []document.Cell
			for _, v := range r {
				cr = append(cr, document.Cell{Text: v})
			}
			cells = append(cells, cr)
		}
		return tableRef{Table: &document.Table{Rows: cells}, Caption: caption}
	}
	tests := []struct {
		name string
		ref  tableRef
		want bool
	}{
		{"history", tab("", []string{"연월일", "개정 내용", "작성자"}, []string{"2020.1.2", "제정", "김가"}), true},
		{"by caption", tab("제·개정 이력", []string{"일자", "담당자"}, []string{"2020. 1. 2", "김가"}), true},
		{"no dated row", tab("", []string{"연월일", "개정 내용"}, []string{"", ""}), false},
		{"a budget table", tab("", []string{"구분", "2023년", "2024년"}, []string{"예산", "100", "120"}), false},
		{"a schedule without changes", tab("추진 일정", []string{"일자", "장소"}, []string{"2024.3.1", "세종"}), false},
	}
	for _, tt := range tests {
		if _, got := findHistory(tt.ref); got != tt.want {
			t.Errorf("%s: findHistory = %v, want %v", tt.name, got, tt.want)
		}
	}
}
