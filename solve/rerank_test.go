package solve

import (
	"context"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
)

// TestRerankParagraphs: among the passages retrieval finds, the one that
// holds what the question asks (a value of its kind, the label it names,
// the phrase it quotes) comes first.
func TestRerankParagraphs(t *testing.T) {
	tests := []struct {
		name, question string
		passages       []string // in retrieval order
		want           string   // the passage that must come first
	}{
		{"label names the answer", "신고 접수 기관과 연락처는?",
			[]string{"신고 접수 절차는 다음과 같다. 신고 접수 후 신고 내용을 검토하여 신고 결과를 통보한다.", "※ 접수기관：한빛구청 민원과 ☎ 02-000-0000", "신고 접수"},
			"※ 접수기관：한빛구청 민원과 ☎ 02-000-0000"},
		{"quoted phrase", "‘청년 든든 통장’의 내용과 가입 시기는?",
			[]string{"▪청년 든든 지원, 통장 개설 (’25년중", "만 19~34세 청년이 매달 10만원을 저축하면 정부가 같은 금액을 보태는 “청년 든든 통장”을 ’25년 3월 출시한다."},
			"만 19~34세 청년이 매달 10만원을 저축하면 정부가 같은 금액을 보태는 “청년 든든 통장”을 ’25년 3월 출시한다."},
		{"a value of the kind asked", "이의 신청은 며칠 안에 해야 하는가?",
			[]string{"이의 신청 절차와 이의 신청 방법", "결정 통지를 받은 날부터 30일 안에 이의 신청을 할 수 있다."},
			"결정 통지를 받은 날부터 30일 안에 이의 신청을 할 수 있다."},
		{"retrieval order kept without signals", "사업의 목적은 무엇인가?",
			[]string{"이 사업은 지역 돌봄 공백을 줄이는 것을 목적으로 한다.", "사업 추진 배경"},
			"이 사업은 지역 돌봄 공백을 줄이는 것을 목적으로 한다."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits []retrieval.Hit
			for i, p := range tt.passages {
				hits = append(hits, retrieval.Hit{Passage: document.Passage{Text: p, Kind: document.KindParagraph}, Score: 10 - float64(i)})
			}
			if got := rerankParagraphs(hits, tt.question, nil); got[0].Passage.Text != tt.want {
				t.Errorf("first = %q, want %q", got[0].Passage.Text, tt.want)
			}
		})
	}
}

// TestParagraphsFromLabelTable: a name that the document gives only in a
// form-like table is answered with that table first.
func TestParagraphsFromLabelTable(t *testing.T) {
	tb := &document.Table{Rows: [][]document.Cell{
		{{Text: "(10) 등록번호 제2020-12호"}, {Text: "(20) 신청인"}},
		{{Text: "(30) 분류 A01"}, {Text: "한빛상사 주식회사"}},
	}}
	doc := &document.Document{ID: "g1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "등록 공보"},
		{Kind: document.KindTable, Table: tb},
		{Kind: document.KindParagraph, Text: "본 신청은 등록 요건을 모두 갖추었다."},
	}}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: fakeDocs{"g1": doc}}
	ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "1", DocFile: "g1", Question: "이 공보의 신청인은 누구인가?"})
	if err != nil {
		t.Fatal(err)
	}
	if ps := ans.Value.([]RankedParagraph); len(ps) == 0 || ps[0].Paragraph != document.Passages(doc)[1].Text {
		t.Errorf("paragraphs = %+v", ans.Value)
	}
}
