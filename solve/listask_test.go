package solve

import (
	"testing"

	"github.com/policyqa/policyqa/document"
)

// TestListOfNames: a question that asks several places or names ("어디
// 어디인가", "N곳은 어디인가", "어떤 대학들인가") gets every item the
// passage lists, not one word and not a heading.
func TestListOfNames(t *testing.T) {
	p := func(text string) document.Block {
		return document.Block{Kind: document.KindParagraph, Page: 1, Text: text}
	}
	doc := &document.Document{ID: "l1", Blocks: []document.Block{
		{Kind: document.KindHeading, Page: 1, Text: "3. 지역 혁신 특구"},
		p("□ 2030년 지역 혁신 특구 4곳 지정 (창업지원)"),
		p("* 가평(관광데이터), 나주(에너지), 다산(물류), 라온(바이오헬스)"),
		p("○ 거점대학 육성사업은 대학 유형별로 지원한다."),
		p("- 특수목적대(4개교): 가람해양대, 나래체육대, 다솜방송대, 라온해양대"),
		p("- 교원양성대(3개교): 마루교대, 바다교대, 사랑교대"),
	}}
	docs := fakeDocs{"l1": doc}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: docs, Refs: docs}
	tests := []struct {
		question string
		want     []string
	}{
		{"2030년 지역 혁신 특구로 지정된 지역은 어디어디인가?", []string{"가평", "나주", "다산", "라온"}},
		{"거점대학 육성사업에서 특수목적대로 구분되는 대학 4곳은 어디인가?", []string{"가람해양대", "나래체육대", "다솜방송대", "라온해양대"}},
		{"교원양성대에 속하는 대학들은 어디인가?", []string{"마루교대", "바다교대", "사랑교대"}},
	}
	for _, tt := range tests {
		v := collectionValue(t, s, tt.question)
		checkNames(t, tt.question, v, tt.want, nil)
	}
}
