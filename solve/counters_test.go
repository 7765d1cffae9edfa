package solve

import (
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
)

// TestSiteCounters: a count of sites, schools or bodies asked in one
// counter ("몇 곳", "몇 교", "몇 개교", "몇 개소", "몇 개 대학", "몇 개
// 기관") is answered by a number written in any of them ("11교", "26개교",
// "8개소", "5개 기관"), not by a number in another counter ("13개국"), a
// term of a ratio ("약 7 : 3") or a fraction; a note line under the item
// it annotates is read with that item's words; a table cell that names
// what is counted with its count ("나래대 (11교)") answers.
func TestSiteCounters(t *testing.T) {
	texts := []struct{ question, text, want string }{
		{"협력 학교는 몇 곳인가?", "올해 협력 학교는 26개교로 늘었다.", "26"},
		{"협력 학교는 몇 개교인가?", "올해 협력 학교는 모두 26교이다.", "26"},
		{"참여 대학은 몇 개 대학인가?", "올해 참여 대학은 모두 12개 대학으로 늘었고 예산은 30억원이다.", "12"},
		{"심사 기관은 몇 개 기관인가?", "심사는 전문기관 5개 기관이 맡는다.", "5"},
		{"2023년 해외 거점 센터는 몇 개소였는가?",
			"- 해외 거점 센터 신규 개소·이전 등을 통해 현지 정착 지원\n* (’23) 9개국 14개소 → (’24) 2개소 신규 개소", "14개소"},
		{"가람권 학교는 몇 곳인가?", "※ [나래권+다온권] : [가람권] = 약 7 : 3으로 배분하며, 가람권 학교는 6교이다.", "6"},
	}
	for _, tt := range texts {
		got, _ := textAnswer(tt.text, analyse(tt.question), "")
		if got == "" || !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s\n  over %s\n  = %q, want %q", tt.question, tt.text, got, tt.want)
		}
	}
	if e := expect("참여 대학은 몇 개 대학인가?"); e.Counter != "개 대학" {
		t.Errorf("counter of 몇 개 대학 = %q, want 개 대학", e.Counter)
	}
	if q, _ := numbers.Parse("1.1"); func() bool { ok, _ := expect("참여 인원은 몇 명인가?").accepts(q); return ok }() {
		t.Errorf("a fraction answers 몇 명")
	}
	c := func(s string) document.Cell { return document.Cell{Text: s} }
	doc := &document.Document{ID: "k1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Page: 1, Text: "사업비는 [가온대+나래대] : [다솔대] = 약 8 : 2로 배분한다."},
		{Kind: document.KindParagraph, Page: 2, Text: "< 유형별 평가 내용 >"},
		{Kind: document.KindTable, Page: 2, Table: &document.Table{Rows: [][]document.Cell{
			{c("대학 유형"), c("평가 내용")},
			{c("가온대(9교), 나래대 (특수대 제외 13교)"), c("모집 단계 전반 평가")},
			{c("다솔대 (11교)"), c("모집 단계 전반 평가")},
		}}},
	}}
	docs := fakeDocs{"k1": doc}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: docs, Refs: docs}
	q := "다솔대는 몇 곳인가?"
	checkNames(t, q, collectionValue(t, s, q), []string{"11"}, []string{"8", "13"})
	// The count in the cell that names what is counted, not the first
	// count of the table.
	tables := tablesOf(doc.ID, doc.Blocks)
	if v, ok := countInCell(tables, analyse(q)); !ok || v != "11" {
		t.Errorf("countInCell(%s) = %q %v, want 11", q, v, ok)
	}
	if v, ok := countInCell(tables, analyse("라온대는 몇 곳인가?")); ok {
		t.Errorf("countInCell of a body no cell names = %q", v)
	}
}
