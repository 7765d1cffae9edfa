package solve

import (
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
)

// TestMultiPartSameSource: a question that asks two values ("A는 얼마나
// …했고, B는 얼마로", "A와 B는 각각", "얼마이며 … 몇 %인가", "어디이며 …
// 몇 명인가") gets both, usually from one sentence or one table row.
func TestMultiPartSameSource(t *testing.T) {
	c := func(s string) document.Cell { return document.Cell{Text: s} }
	row := func(cells ...string) []document.Cell {
		var out []document.Cell
		for _, s := range cells {
			out = append(out, c(s))
		}
		return out
	}
	p := func(page int, text string) document.Block {
		return document.Block{Kind: document.KindParagraph, Page: page, Text: text}
	}
	doc := &document.Document{ID: "m1", Blocks: []document.Block{
		p(1, "가나업권은 화재보험료를 평균 3.1% 인하하여 약 4,100억원의 보험료 절감효과가 기대된다."),
		p(1, "가나업권의 화재보험 손해율은 82.4%로 전년 대비 1.2%p 상승하였다."),
		p(1, "보험료 절감을 위한 다양한 방안을 업계와 함께 검토한다."),
		p(2, "연간 월세 합계액 한도를 600만원→900만원으로 인상하고, 대상 근로자의 총급여 기준을 7천만원→9천만원으로 확대한다."),
		p(2, "월세 세액공제율은 총급여 5,500만원 이하 17%, 그 외 15%를 유지한다."),
		p(3, "서훈기록부는 영구, 포상추천서는 5년간 보유한다."),
		p(3, "(자료 보관) 공적조서는 10년, 기관별 심사자료는 3년간 보관한다."),
		{Kind: document.KindParagraph, Page: 4, Text: "< 중기 국가채무 전망 > (단위: 조원, %)"},
		{Kind: document.KindTable, Page: 4, Table: &document.Table{Rows: [][]document.Cell{
			row("구분", "’24년", "’25년", "’26년", "’27년"),
			row("국가채무", "1,100.2", "1,200.3", "1,300.4", "1,417.9"),
			row("(GDP 대비, %)", "(50.1)", "(51.2)", "(52.3)", "(53.4)"),
			row("관리재정수지", "△50.1", "△40.2", "△30.3", "△20.4"),
			row("(GDP 대비, %)", "(△2.1)", "(△1.9)", "(△1.5)", "(△1.2)"),
		}}},
		{Kind: document.KindParagraph, Page: 5, Text: "< 다라 교육기관 현황 >"},
		{Kind: document.KindTable, Page: 5, Table: &document.Table{Rows: [][]document.Cell{
			row("연번", "교육기관", "연간 정원(명)"),
			row("1", "가온대학교 비행교육원", "40"),
			row("2", "나래항공 교육센터", "120"),
			row("3", "다온대학교 항공교육원", "60"),
		}}},
	}}
	docs := fakeDocs{"m1": doc}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: docs, Refs: docs}
	tests := []struct {
		question string
		want     []string
	}{
		{"가나업권은 화재보험료를 평균 얼마나 내렸고, 이로 인한 보험료 절감효과는 얼마로 예상되나?", []string{"3.1%", "4,100억원"}},
		{"월세 공제를 받는 연간 월세 합계액 한도와 근로자 총급여 기준은 각각 얼마로 바뀌나?", []string{"900만원", "9천만원"}},
		{"서훈기록부와 포상추천서는 각각 얼마 동안 보유되나?", []string{"영구", "5년"}},
		{"공적조서와 기관별 심사자료는 각각 얼마 동안 보관하나?", []string{"10년", "3년"}},
		{"2027년 국가채무는 얼마로 전망되며 GDP 대비 비율은 몇 %인가?", []string{"1417.9", "53.4"}},
		// the row's name without its serial number (연번)
		{"다라 교육기관 중 연간 정원이 가장 많은 곳은 어디이며 정원은 몇 명인가?", []string{"나래항공 교육센터, 120"}},
	}
	for _, tt := range tests {
		v := collectionValue(t, s, tt.question)
		if strings.HasPrefix(v, "2 ") {
			t.Errorf("%s = %q: a serial number in the answer", tt.question, v)
		}
		checkNames(t, tt.question, v, tt.want, nil)
	}
}

func TestSerialColumn(t *testing.T) {
	tests := []struct {
		name string
		grid [][]string
		want bool
	}{
		{"header 연번", [][]string{{"연번", "기관"}, {"7", "가"}, {"9", "나"}}, true},
		{"header No.", [][]string{{"No.", "기관"}, {"a", "가"}}, true},
		{"counts 1 2 3", [][]string{{"", "기관"}, {"1", "가"}, {"2", "나"}, {"3", "다"}}, true},
		{"not counting", [][]string{{"", "기관"}, {"1", "가"}, {"3", "나"}}, false},
		{"a name column", [][]string{{"구분", "값"}, {"가형", "1"}, {"나형", "2"}}, false},
	}
	for _, tt := range tests {
		if got := serialColumn(tt.grid, 1, 0); got != tt.want {
			t.Errorf("%s: serialColumn = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPermanentIn(t *testing.T) {
	sent := "수집한 포상 관련 정보 중 서훈기록부는 영구, 기관별 포상추천서 및 민원신청서는 5년간 처리 및 보유한다."
	tests := []struct{ focus, want string }{
		{"포상 관련 서훈기록부 보유", "영구"},
		{"포상 관련 기관별 포상추천서 보유", ""},
		{"민원신청서 처리", ""},
	}
	for _, tt := range tests {
		if got := permanentIn(sent, tt.focus); got != tt.want {
			t.Errorf("permanentIn(%q) = %q, want %q", tt.focus, got, tt.want)
		}
	}
}
