package serve

import (
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
)

// libraryCorpus is a small invented report whose sentences hold values of
// several kinds side by side (a year next to an amount, a count next to
// a number of people), so that an answer of the wrong kind is always at
// hand.
func libraryCorpus() *fakeCorpus {
	sec := []string{"Ⅰ. 작은도서관 사업"}
	lib := &document.Document{ID: "library", Format: document.FormatHWPX, Blocks: []document.Block{
		{Kind: document.KindHeading, Text: "Ⅰ. 작은도서관 사업", Level: 1, Page: 1},
		{Kind: document.KindParagraph, Section: sec, Page: 1, Text: "한빛군 작은도서관 조성 예산은 2025년부터 3년간 총 12억 원이 투입된다."},
		{Kind: document.KindParagraph, Section: sec, Page: 1, Text: "작은도서관은 2024년 말 기준 27곳이 운영 중이며, 연간 이용자는 4만 명이다."},
		{Kind: document.KindParagraph, Section: sec, Page: 2, Text: "작은도서관 통합 플랫폼은 2026년 7월에 개통될 예정이다."},
		{Kind: document.KindParagraph, Section: sec, Page: 2, Text: "작은도서관 위탁 운영은 한빛문화재단이 맡는다."},
		{Kind: document.KindParagraph, Section: sec, Page: 2, Text: "이용자가 도서 반납을 연체하면 연체일수의 2배 기간 동안 대출이 제한되며, 이의 신청은 통지를 받은 날부터 14일 이내에 할 수 있다."},
		{Kind: document.KindTable, Text: "<표 1> 읍면별 작은도서관 현황", Section: sec, Page: 3, Table: &document.Table{Caption: "<표 1> 읍면별 작은도서관 현황", Rows: [][]document.Cell{
			{{Text: "읍면"}, {Text: "도서관 수(곳)"}, {Text: "장서 수(권)"}},
			{{Text: "한빛읍"}, {Text: "11"}, {Text: "52,300"}},
			{{Text: "솔내면"}, {Text: "9"}, {Text: "31,800"}},
			{{Text: "달골면"}, {Text: "7"}, {Text: "24,100"}},
		}}},
	}}
	return &fakeCorpus{docs: map[string]*document.Document{"library": lib}}
}

// TestAskKinds asks /api/v1/ask questions of each kind over
// libraryCorpus: the answer is of the kind the question asks, from the
// passage that holds it, and a question whose kind no passage holds is
// answered "not found" with the best passages as evidence.
func TestAskKinds(t *testing.T) {
	c := libraryCorpus()
	var ps []document.Passage
	for _, d := range c.Documents() {
		ps = append(ps, document.Passages(d)...)
	}
	s := New(Options{})
	s.SetBackend(Backend{Retriever: &retrieval.Fake{Passages: ps}, Corpus: c})
	tests := []struct {
		name, question string
		kind, unit     string
		answer         string // "": not found
		evidence       string // the first evidence passage holds it
		evidenceKind   string
		evidencePage   int
	}{
		{name: "amount, not the year or the years beside it", question: "작은도서관 조성 예산은 얼마인가?", kind: "amount", unit: "원",
			answer: "12억 원", evidence: "조성 예산", evidenceKind: "paragraph", evidencePage: 1},
		{name: "count of places, not the people", question: "운영 중인 작은도서관은 몇 곳인가?", kind: "count", unit: "곳",
			answer: "27곳", evidence: "27곳", evidenceKind: "paragraph", evidencePage: 1},
		{name: "count of people, not the places", question: "작은도서관의 연간 이용자는 몇 명인가?", kind: "count", unit: "명",
			answer: "4만 명", evidence: "4만 명", evidenceKind: "paragraph", evidencePage: 1},
		{name: "days, not the other number", question: "이의 신청은 통지를 받은 날부터 며칠 이내에 해야 하는가?", kind: "duration", unit: "일",
			answer: "14일 이내", evidence: "14일", evidenceKind: "paragraph", evidencePage: 2},
		{name: "date", question: "작은도서관 통합 플랫폼은 언제 개통되는가?", kind: "date",
			answer: "2026년 7월", evidence: "개통", evidenceKind: "paragraph", evidencePage: 2},
		{name: "entity", question: "작은도서관 위탁 운영을 맡는 기관은 어디인가?", kind: "place",
			answer: "한빛문화재단", evidence: "한빛문화재단", evidenceKind: "paragraph", evidencePage: 2},
		{name: "count from a table cell", question: "솔내면의 도서관 수는 몇 곳인가?", kind: "count", unit: "곳",
			answer: "9곳", evidence: "솔내면", evidenceKind: "table", evidencePage: 3},
		{name: "percent asked, only a date present", question: "작은도서관 통합 플랫폼의 이용률은 몇 %인가?", kind: "ratio", unit: "%",
			answer: "", evidence: "통합 플랫폼"},
		{name: "person asked, only a date present", question: "작은도서관 통합 플랫폼 개통을 담당하는 사람은 누구인가?", kind: "person",
			answer: "", evidence: "통합 플랫폼"},
		{name: "people asked, only a date present", question: "작은도서관 통합 플랫폼 개통에 참여한 인원은 몇 명인가?", kind: "count", unit: "명",
			answer: "", evidence: "통합 플랫폼"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, s, jsonReq("POST", "/api/v1/ask", `{"question":"`+tt.question+`"}`))
			if rec.Code != 200 {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			got := decode[AskResponse](t, rec)
			checkAskResponse(t, got)
			if got.Expected.Kind != tt.kind || got.Expected.Unit != tt.unit {
				t.Errorf("expected %+v, want kind %q unit %q", got.Expected, tt.kind, tt.unit)
			}
			if got.Answer != tt.answer {
				t.Errorf("answer %q, want %q (note %q)", got.Answer, tt.answer, got.Note)
			}
			if len(got.Evidence) == 0 {
				t.Fatalf("no evidence")
			}
			ev := got.Evidence[0]
			if !strings.Contains(ev.Text, tt.evidence) || ev.Doc != "library" {
				t.Errorf("first evidence %+v, want the passage holding %q", ev, tt.evidence)
			}
			if tt.answer == "" {
				return
			}
			if ev.Kind != tt.evidenceKind || ev.Page != tt.evidencePage || ev.Section != "Ⅰ. 작은도서관 사업" {
				t.Errorf("first evidence %s p. %d %q, want %s p. %d", ev.Kind, ev.Page, ev.Section, tt.evidenceKind, tt.evidencePage)
			}
			if len(got.Answers) != 1 {
				t.Errorf("answer %q not located in its evidence: %+v", got.Answer, got.Answers)
			}
		})
	}
}
