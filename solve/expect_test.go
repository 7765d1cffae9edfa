package solve

import (
	"context"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
)

// TestExpectKind: the interrogative and unit of a question fix the kind of
// value it asks for (kind 1 of issue 19).
func TestExpectKind(t *testing.T) {
	tests := []struct {
		q     string
		kind  valueKind
		unit  string
		money bool
	}{
		{q: "작년 방문객은 몇 명인가?", kind: kindQuantity, unit: "명"},
		{q: "신고를 받은 날부터 며칠 안에 처리해야 하는가?", kind: kindQuantity, unit: "일"},
		{q: "청년 고용률은 몇 %인가?", kind: kindQuantity, unit: "%"},
		{q: "수출은 수입의 몇 배인가?", kind: kindQuantity, unit: "배"},
		{q: "쉼터는 몇 곳에 설치되었나?", kind: kindQuantity, unit: "곳"},
		{q: "교육은 몇 시간 이수해야 하나?", kind: kindQuantity, unit: "시간"},
		{q: "유예 기간은 몇 개월인가?", kind: kindQuantity, unit: "개월"},
		{q: "계약은 몇 년간 유지되는가?", kind: kindQuantity, unit: "년"},
		{q: "협약은 몇 년에 체결되었나?", kind: kindDate},
		{q: "장학금 지급 한도는 얼마인가?", kind: kindQuantity, money: true},
		{q: "행사 참가비는 얼마인가?", kind: kindQuantity, money: true},
		{q: "전년 대비 증가율은 얼마인가?", kind: kindQuantity, unit: "%"},
		{q: "재난 지원금은 얼마로 인상되었나?", kind: kindQuantity, money: true},
		{q: "농가 소득 증가율은 얼마인가?", kind: kindQuantity, unit: "%"},
		{q: "업종별 처리기간(일)은 얼마인가?", kind: kindQuantity, unit: "일"},
		{q: "새 청사는 언제 문을 여는가?", kind: kindDate},
		{q: "공모 접수 시기는?", kind: kindDate},
		{q: "연도별 조성 개소 수에서 2022년의 개소 수는 ?", kind: kindUnknown},
		{q: "사무소 소재지는?", kind: kindAddress},
		{q: "본부의 주소는 어디인가?", kind: kindAddress},
		{q: "센터는 어디에 있나?", kind: kindPlace},
		{q: "시범사업은 어디까지 넓히는가?", kind: kindThing},
		{q: "위원장은 누구인가?", kind: kindPerson},
		{q: "담당자의 성명은?", kind: kindPerson},
		{q: "신청에 필요한 서류는 무엇인가?", kind: kindThing},
		{q: "어느 기관이 심사하는가?", kind: kindPlace}, // a body (TestAnswerNotQuestionWord)
		{q: "어느 해에 가장 많았나?", kind: kindDate},
		{q: "참여율은 어느 정도인가?", kind: kindQuantity, unit: "%"},
		{q: "장학금 수혜자 수는 얼마인가?", kind: kindQuantity},
		{q: "출산율이 가장 낮은 해의 출생아 수는 얼마인가?", kind: kindQuantity},
		{q: "수출 국가는 몇 개국인가?", kind: kindQuantity, unit: "개"},
	}
	for _, tt := range tests {
		e := expect(tt.q)
		if e.Kind != tt.kind || e.Unit != tt.unit || e.Money != tt.money {
			t.Errorf("expect(%q) = kind %v unit %q money %v; want %v %q %v", tt.q, e.Kind, e.Unit, e.Money, tt.kind, tt.unit, tt.money)
		}
	}
}

// TestExpectPeriodsAndChange: the time points a question names and the side
// of a change it asks for (kind 2).
func TestExpectPeriodsAndChange(t *testing.T) {
	tests := []struct {
		q       string
		periods string
		change  change
		count   int
	}{
		{q: "’24년 6월 기준 쉼터는 몇 곳인가?", periods: "2024-06"},
		{q: "2025년 1분기, 2분기 수출액은 각각 얼마인가?", periods: "2025-Q1 2025-Q2"},
		{q: "2023년 3월, 4월, 5월 평균 금리는 각각 얼마인가?", periods: "2023-03 2023-04 2023-05"},
		{q: "이용 요금은 얼마로 인하되었나?", change: changeAfter},
		{q: "종전 기준 금액은 얼마였나?", change: changeBefore},
		{q: "지원 단가는 얼마에서 얼마로 바뀌었나?", change: changeBoth},
		{q: "2020년에 비해 2025년 부채 비율이 얼마나 높아지는가?", periods: "2020 2025", change: changeDiff},
		{q: "보고서가 꼽은 위험 요인 네 가지는 무엇인가?", count: 4},
		{q: "검토한 3가지 대안은 무엇인가?", count: 3},
	}
	for _, tt := range tests {
		e := expect(tt.q)
		var ps []string
		for _, p := range e.Periods {
			ps = append(ps, p.String())
		}
		if got := strings.Join(ps, " "); got != tt.periods || e.Change != tt.change || e.Count != tt.count {
			t.Errorf("expect(%q) = periods %q change %d count %d; want %q %d %d", tt.q, got, e.Change, e.Count, tt.periods, tt.change, tt.count)
		}
	}
}

// TestNoAnswerOfTheKindAsked: when the documents hold no value of the kind
// a question asks, the answer is empty and the best passages are still
// given as evidence, never a number of another kind.
func TestNoAnswerOfTheKindAsked(t *testing.T) {
	doc := &document.Document{ID: "n1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "마을 도서관 운영 예산은 2026년까지 3억 원이며, 운영 기간은 5년이다."},
		{Kind: document.KindParagraph, Text: "마을 도서관은 2021년 3월 개관하였다."},
	}}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: fakeDocs{"n1": doc}}
	for _, q := range []string{"마을 도서관의 사서는 몇 명인가?", "마을 도서관 운영 예산은 몇 %인가?", "마을 도서관의 운영 주체는 누구인가?"} {
		ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "4", Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Value != "" {
			t.Errorf("%s = %q, want no answer", q, ans.Value)
		}
		if len(ans.Evidence) == 0 || !strings.Contains(ans.Evidence[0].Paragraph, "마을 도서관") {
			t.Errorf("%s: evidence %+v, want the best passages", q, ans.Evidence)
		}
	}
}

// TestReaderSpansTypeChecked: a reader's span is a candidate like any
// other: of the kind asked, or not an answer.
func TestReaderSpansTypeChecked(t *testing.T) {
	for _, tt := range []struct {
		span, q string
		ok      bool
	}{
		{"한결재단", "이 사업을 운영하는 곳은 어디인가?", true},
		{"2021년", "이 사업을 운영하는 곳은 어디인가?", false},
		{"박서준", "위원장은 누구인가?", true},
		{"매년 3월", "위원장은 누구인가?", false},
		{"’25.3월", "접수는 언제 시작하나?", true},
		{"30명", "참가비는 얼마인가?", false},
		{"5만원", "참가비는 얼마인가?", true},
	} {
		if _, ok := readerSpanFits(tt.span, expect(tt.q)); ok != tt.ok {
			t.Errorf("readerSpanFits(%q, %q) = %v, want %v", tt.span, tt.q, ok, tt.ok)
		}
	}
	doc := &document.Document{ID: "r1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "청년 창업 지원은 지역 대학이 맡는다."},
	}}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: fakeDocs{"r1": doc}, Reader: fakeReader{phrases: []string{"지역 대학"}}}
	rows := []dataset.FormRow{{Keys: []string{"구분", "예산(억원)"}, Values: map[string]string{"구분": "청년 창업 지원", "예산(억원)": ""}}}
	ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "2", DocFile: "r1", Question: "청년 창업 지원 예산은?", AnswerForm: rows})
	if err != nil {
		t.Fatal(err)
	}
	if got := ans.Value.([]dataset.FormRow)[0].Values["예산(억원)"]; got != "" {
		t.Errorf("a phrase filled a column in 억원: %q", got)
	}
}

// TestKindFromLastInterrogative: the kind asked comes from the
// interrogative of the predicate, the last one, not from one in a clause
// that sets a time or condition ("언제 신청하면 …"), and never from an
// indefinite pronoun ("누구나", "언제든지", "어디서나", "얼마든지"); a
// clause of time with 때 or 시 asks no date.
func TestKindFromLastInterrogative(t *testing.T) {
	tests := []struct {
		q     string
		kind  valueKind
		unit  string
		money bool
	}{
		{q: "아이를 입양할 때 받을 수 있는 공제액은 얼마인가?", kind: kindQuantity, money: true},
		{q: "출산 시 지원되는 금액은 얼마인가?", kind: kindQuantity, money: true},
		{q: "퇴직했을 때 받는 수당은 몇 개월분인가?", kind: kindQuantity, unit: "개월"},
		{q: "언제 신청하면 보험료의 몇 %를 돌려받는가?", kind: kindQuantity, unit: "%"},
		{q: "누구나 신청할 수 있는 바우처의 금액은 얼마인가?", kind: kindQuantity, money: true},
		{q: "누구나 이용할 수 있는 쉼터는 몇 곳인가?", kind: kindQuantity, unit: "곳"},
		{q: "언제든지 해지할 수 있는 적금의 이율은 몇 %인가?", kind: kindQuantity, unit: "%"},
		{q: "어디서나 쓸 수 있는 상품권은 1인당 얼마까지 구매할 수 있나?", kind: kindQuantity},
		{q: "얼마든지 늘릴 수 있는 항목은 무엇인가?", kind: kindThing},
		{q: "몇몇 지역에서 시범 운영하는 사업은 언제 시작하는가?", kind: kindDate},
		{q: "몇 명이 참여했을 때 사업이 끝나는 시점은 언제인가?", kind: kindDate},
		{q: "보조금을 누구에게 몇 % 지원하는가?", kind: kindQuantity, unit: "%"},
		{q: "인원이 몇 명일 때 담당자는 누구인가?", kind: kindPerson},
		{q: "결과 발표는 몇 월 며칠인가?", kind: kindDate},
		{q: "감면율은 몇 %에서 어떻게 바뀌었나?", kind: kindQuantity, unit: "%"},
		{q: "위반했을 때 과태료는 얼마인가?", kind: kindQuantity, money: true},
	}
	for _, tt := range tests {
		e := expect(tt.q)
		if e.Kind != tt.kind || e.Unit != tt.unit || e.Money != tt.money {
			t.Errorf("expect(%q) = kind %v unit %q money %v; want %v %q %v", tt.q, e.Kind, e.Unit, e.Money, tt.kind, tt.unit, tt.money)
		}
	}
	// The value of a sentence that also states a date and a time of year
	// is the amount asked, not the date.
	answers := []struct{ question, text, want string }{
		{"자녀를 입양할 때 받을 수 있는 특별공제액은 얼마인가?",
			"입양신고일로부터 1년 이내인 경우 2025.1.1. 이후 특별공제 300만원을 받을 수 있다.", "300만원"},
		{"누구나 신청할 수 있는 문화바우처 금액은 얼마인가?",
			"문화바우처는 누구나 신청할 수 있으며, 올해 금액은 1인당 연 13만원으로 인상되었다.", "13만원"},
	}
	for _, tt := range answers {
		if got, _ := textAnswer(tt.text, analyse(tt.question), ""); got != tt.want {
			t.Errorf("%s\n  over %s\n  = %q, want %q", tt.question, tt.text, got, tt.want)
		}
	}
}
