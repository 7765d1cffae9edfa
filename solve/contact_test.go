package solve

import (
	"context"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
)

// contactDoc is a press release's closing contact table: rows grouped by
// a band (<총괄>, <가나>) and a department spanning them, then the role,
// the title, the name and the phone or mail of each person.
func contactDoc() *document.Document {
	c := func(s string, rs int) document.Cell { return document.Cell{Text: s, RowSpan: rs} }
	rows := [][]document.Cell{
		{c("담당 부서 <총괄>", 2), c("기획국 총괄과", 2), c("책임자", 1), c("과 장", 1), c("홍길동", 1), c("(044-100-1000)", 1)},
		{c("담당자", 1), c("사무관", 1), c("김갑수", 1), c("(gapsu@korea.kr)", 1)},
		{c("<가나수입>", 2), c("세제국 가나분석과", 2), c("책임자", 1), c("과 장", 1), c("이을순", 1), c("(044-200-2000)", 1)},
		{c("담당자", 1), c("사무관", 1), c("박병철", 1), c("(044-200-2001)", 1)},
		{c("<다라시장>", 2), c("국고국 다라과", 2), c("책임자", 1), c("과 장", 1), c("최정민", 1), c("(044-300-3000)", 1)},
		{c("담당자", 1), c("사무관", 1), c("정무열", 1), c("(044-300-3001)", 1)},
	}
	return &document.Document{ID: "c1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Page: 1, Text: "가나수입은 전년 대비 1.2조원 늘었다."},
		{Kind: document.KindTable, Page: 2, Table: &document.Table{Rows: rows}},
	}}
}

// TestContactTable: the person of the band and role the question names,
// and the phone on that person's row.
func TestContactTable(t *testing.T) {
	doc := contactDoc()
	docs := fakeDocs{"c1": doc}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: docs, Refs: docs}
	tests := []struct {
		question string
		want     []string
		not      []string
	}{
		{"가나수입 부문 책임자인 과장은 누구인가?", []string{"이을순"}, []string{"홍길동"}},
		{"다라시장 담당 사무관은 누구이고 연락처는 무엇인가?", []string{"정무열", "044-300-3001"}, []string{"홍길동"}},
		{"가나수입 부문 책임자인 과장은 누구이며 전화번호는 무엇인가?", []string{"이을순", "044-200-2000"}, []string{"홍길동"}},
		{"가나수입 담당 사무관은 누구이고 전화번호는?", []string{"박병철", "044-200-2001"}, []string{"홍길동"}},
		{"총괄 담당 사무관은 누구이며 연락처는?", []string{"김갑수", "gapsu@korea.kr"}, []string{"홍길동"}},
	}
	for _, tt := range tests {
		checkNames(t, tt.question, collectionValue(t, s, tt.question), tt.want, tt.not)
	}
}

// collectionValue answers question over the collection of s and returns
// the answer's value; the test fails on an error.
func collectionValue(t *testing.T, s *Solver, question string) string {
	t.Helper()
	ans, err := s.collectionIn(context.Background(), question, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := ans.Value.(string)
	return v
}

// checkNames reports each of want missing from v and each of not in it.
func checkNames(t *testing.T, question, v string, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(v, w) {
			t.Errorf("%s = %q, want %q in it", question, v, w)
		}
	}
	for _, w := range not {
		if strings.Contains(v, w) {
			t.Errorf("%s = %q, should not name %q", question, v, w)
		}
	}
}

func TestContactNear(t *testing.T) {
	tests := []struct{ text, name, want string }{
		{"책임자 과 장 홍길동 (044-100-1000)", "홍길동", "044-100-1000"},
		{"담당자 사무관 김갑수 (gapsu@korea.kr)", "김갑수", "gapsu@korea.kr"},
		{"문의: 가나과 (02) 123-4567", "가나과", "(02) 123-4567"},
		{"책임자 홍길동 (044-100-1000)\n담당자 김갑수 (044-100-1001)", "김갑수", "044-100-1001"},
		{"(044-100-1000) 홍길동", "홍길동", "044-100-1000"},
		{"홍길동 과장", "홍길동", ""},
		{"다른 사람 (044-100-1000)", "홍길동", ""},
	}
	for _, tt := range tests {
		if got := contactNear(tt.text, tt.name); got != tt.want {
			t.Errorf("contactNear(%q, %q) = %q, want %q", tt.text, tt.name, got, tt.want)
		}
	}
}
