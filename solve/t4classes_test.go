package solve

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
)

// TestCounterCopula: a counter noun followed by the copula or a question
// ending ("몇 관인가", "몇 건이었나", "몇 곳입니까") asks a count in that
// counter, and a number written with it ("52관", "52개관") answers,
// though package numbers does not know the counter.
func TestCounterCopula(t *testing.T) {
	units := []struct{ question, unit, counter string }{
		{"참여 학교는 몇 교인가?", "교", "교"},
		{"설치 장소는 몇 개소인가?", "개소", "개소"},
		{"수상자는 몇 명인가?", "명", "명"},
		{"접수된 신고는 몇 건이었나?", "건", "건"},
		{"참석자는 몇 명이었습니까?", "명", "명"},
		{"지정 기관은 몇 곳입니까?", "곳", "곳"},
		{"대상 가구는 몇 가구였는가?", "가구", "가구"},
		{"점검 횟수는 몇 회였나?", "회", "회"},
		{"배정 인원은 몇 명씩인가?", "명", "명"},
		{"참여 학교는 몇 개교인가?", "개", "개교"},
		{"보급 차량은 몇 대인지 쓰시오.", "대", "대"},
	}
	for _, tt := range units {
		e := expect(tt.question)
		if e.Kind != kindQuantity || e.Unit != tt.unit || e.Counter != tt.counter {
			t.Errorf("expect(%q) = %v unit %q counter %q, want quantity %q %q", tt.question, e.Kind, e.Unit, e.Counter, tt.unit, tt.counter)
		}
	}
	if e := expect("몇 월에 개최되나?"); e.Kind != kindDate {
		t.Errorf("몇 월에 = %v, want a date", e.Kind)
	}
	answers := []struct{ question, text, want string }{
		{"참여 기관인 공립도서관은 몇 관인가?", "◦ (참여 기관) 공립도서관 52관 (전체 공립관 대상)", "52"},
		{"참여 기관 공립도서관은 몇 개관인가?", "◦ (참여 기관) 공립도서관 52관 (전체 공립관 대상)", "52"},
		{"참여 학교는 몇 교인가?", "올해 참여 학교는 14개교로 늘었다.", "14개"},
		{"시범 지역은 몇 곳이었나?", "시범 지역은 모두 6곳이었고 예산은 20억원이었다.", "6곳"},
	}
	for _, tt := range answers {
		if got, _ := textAnswer(tt.text, analyse(tt.question), ""); got != tt.want {
			t.Errorf("%s\n  over %s\n  = %q, want %q", tt.question, tt.text, got, tt.want)
		}
	}
}

// TestValueLaterInSentence: the passage names the scene (a date, a
// settlement) in one sentence and the asked label with its value in a
// later one, or lists several labels with values in one sentence; the
// value bound to the asked label is the answer, not the first value.
func TestValueLaterInSentence(t *testing.T) {
	scene := "참고로, 2022사업연도 정산 결과 총수입은 81.2억원, 총비용은 77.5억원으로 집계되었다. 적립금 잔액은 전년 대비 2.1억원 줄어든 15.4억원이다."
	tests := []struct{ question, text, want string }{
		{"2022사업연도 정산 결과 적립금 잔액은 얼마인가?", scene, "15.4억원"},
		{"2022사업연도 정산 결과 총비용은 얼마인가?", scene, "77.5억원"},
		{"2022사업연도 정산 결과 총수입은 얼마인가?", scene, "81.2억원"},
		{"2021년 조사에서 청년 고용률은 몇 %인가?",
			"2021년 조사 결과 전체 고용률은 60.5%로 집계되었다. 이 가운데 청년 고용률은 44.2%, 고령층 고용률은 35.1%였다.", "44.2%"},
		{"2021년 조사에서 고령층 고용률은 몇 %인가?",
			"2021년 조사 결과 전체 고용률은 60.5%로 집계되었다. 이 가운데 청년 고용률은 44.2%, 고령층 고용률은 35.1%였다.", "35.1%"},
		{"센터의 연간 운영비는 얼마인가?",
			"센터는 2019년에 문을 열었고 직원은 12명이다. 연간 운영비는 국비 3억원을 포함한 5억원이다.", "5억원"},
	}
	for _, tt := range tests {
		if got, _ := textAnswer(tt.text, analyse(tt.question), ""); got != tt.want {
			t.Errorf("%s\n  over %s\n  = %q, want %q", tt.question, tt.text, got, tt.want)
		}
	}
}

// TestListAnswers: a when-question over a sentence that gives several
// dates in parallel ("4월(1차), 9월(2차)") gets all of them; a question
// that names one of them, asks the first, or a sentence with one date or
// a range keeps one.
func TestListAnswers(t *testing.T) {
	tests := []struct{ question, text, want string }{
		{"문화도시는 몇 월에 선정되나?", "문화도시를 4월(1차), 9월(2차)에 선정한다. 이를 통해 지역 문화를 키운다.", "4월, 9월"},
		{"설명회는 언제 열리나?", "설명회는 2025년 5월 12일과 5월 19일 두 차례 열린다.", "2025년 5월 12일, 5월 19일"},
		{"2차 선정은 몇 월에 하나?", "문화도시를 4월(1차), 9월(2차)에 선정한다.", "9월"},
		{"문화도시를 처음 선정하는 달은 몇 월인가?", "문화도시를 4월(1차), 9월(2차)에 선정한다.", "4월"},
		{"접수 기간은 언제인가?", "접수 기간은 2025년 3월 4일~3월 15일이다.", "2025년 3월 4일~3월 15일"},
		{"문화도시는 몇 월에 선정되나?", "문화도시는 매년 4월에 선정한다. 결과 발표는 별도 공지한다.", "4월"},
	}
	for _, tt := range tests {
		if got, _ := textAnswer(tt.text, analyse(tt.question), ""); got != tt.want {
			t.Errorf("%s\n  over %s\n  = %q, want %q", tt.question, tt.text, got, tt.want)
		}
	}
}

// TestFiguresOutrankHeading: a question that asks figures per period
// ("몇 %p씩", "해마다 몇 명씩") puts the passage that holds numbers in the
// asked unit (written with it or under a "(%p)" label) above a short
// heading that only shares the topic words.
func TestFiguresOutrankHeading(t *testing.T) {
	tests := []struct {
		question string
		passages []string // in retrieval order; the last must come first
	}{
		{"청년 고용률은 해마다 몇 %p씩 오르는가?", []string{
			"□ (청년 고용) 청년 고용률은 ’27년 50%대 후반 수준으로 제고",
			"ㅇ 청년 고용률 상승폭은 ’25년 다소 커지나 이후 둔화\n* 연도별 청년 고용률 상승폭(%p): (’24) +0.4, (’25) +0.7, (’26) +0.5"}},
		{"돌봄 교사는 매년 몇 명씩 늘리나?", []string{
			"□ (돌봄 교사) 돌봄 교사 확충으로 돌봄 공백 해소",
			"ㅇ 돌봄 교사를 ’25년 300명, ’26년 450명, ’27년 600명 늘린다."}},
	}
	for _, tt := range tests {
		var hits []retrieval.Hit
		for i, p := range tt.passages {
			hits = append(hits, retrieval.Hit{Passage: document.Passage{Text: p, Kind: document.KindParagraph}, Score: 10 - 2*float64(i)})
		}
		want := tt.passages[len(tt.passages)-1]
		if got := rerankParagraphs(hits, tt.question, nil); got[0].Passage.Text != want {
			t.Errorf("%s: first = %q, want %q", tt.question, got[0].Passage.Text, want)
		}
	}
	// A level question keeps the heading that answers it.
	e := expect("청년 고용률은 몇 %인가?")
	if n := figures("□ 청년 고용률은 52.1%로 상승", e); n != 1 {
		t.Errorf("figures = %d, want 1", n)
	}
}

// TestValueLaterKeepsOwnSentence: when an earlier sentence already names
// the asked item with the question's condition, a later sentence that
// repeats the item under other conditions does not take over.
func TestValueLaterKeepsOwnSentence(t *testing.T) {
	text := "주민이 낸 분담금이 연간 5백만원을 초과하는 경우 5백만원 초과 부분에 대한 분담금 감면율에 5%를 추가하여 25%의 감면율이 적용된다. " +
		"이에 따라 연간 분담금 누적액이 2백만원 이하인 경우는 감면율이 10%, 2백만원 초과 5백만원 이하인 경우는 20%, 5백만원 초과인 경우는 25%가 분담금에서 감면된다."
	q := "연간 분담금 가운데 5백만원을 넘는 부분에 적용되는 감면율은?"
	if got, _ := textAnswer(text, analyse(q), ""); got != "25%" {
		t.Errorf("%s = %q, want 25%%", q, got)
	}
}

// TestBoilerplateDiscount: an identifier in the question matches the
// running header printed on every page of the document; those header
// passages are discounted and the body passage that holds the answer,
// found by searching the document again without the header's words, is
// the answer and the first evidence.
func TestBoilerplateDiscount(t *testing.T) {
	var blocks []document.Block
	for page := 1; page <= 5; page++ {
		blocks = append(blocks, document.Block{Kind: document.KindParagraph, Page: page, Text: "등록공보 제2031-004417호"})
		switch page {
		case 1:
			blocks = append(blocks,
				document.Block{Kind: document.KindParagraph, Page: page, Text: "(21) 등록번호 제2031-004417호"},
				document.Block{Kind: document.KindParagraph, Page: page, Text: "(72) 고안자 홍길순, 박철민, 이수아"})
		default:
			blocks = append(blocks, document.Block{Kind: document.KindParagraph, Page: page, Text: fmt.Sprintf("[%04d] 본 고안의 %d번째 실시예는 물받이 거치대의 높이를 %d단으로 조절한다.", page*10, page, page+1)})
		}
	}
	doc := &document.Document{ID: "g1", Blocks: blocks}
	docs := fakeDocs{"g1": doc}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: docs, Refs: docs}
	ctx := context.Background()
	ans, err := s.collectionIn(ctx, "등록공보 제2031-004417호 고안의 고안자는 누구인가?", nil)
	if err != nil {
		t.Fatal(err)
	}
	// The header repeats on every page: it ranks below the page-1 fields
	// (the 고안자 line among them).
	header, names := -1, -1
	for i, e := range ans.Evidence {
		if strings.HasPrefix(e.Paragraph, "등록공보") && header < 0 {
			header = i
		}
		if strings.Contains(e.Paragraph, "고안자") && names < 0 {
			names = i
		}
	}
	if names < 0 || header >= 0 && header < names {
		t.Errorf("evidence %+v: want the 고안자 passage, before any running header", ans.Evidence)
	}
	// Task 1 over the same document: the header is not among the three
	// paragraphs while body passages match.
	a1, err := s.paragraphs(ctx, dataset.Problem{ProblemNo: "1", TaskNo: "1", DocFile: "g1", Question: "등록공보 제2031-004417호의 고안자는 누구인가?"})
	if err != nil {
		t.Fatal(err)
	}
	three, _ := a1.Value.([]RankedParagraph)
	for _, rp := range three {
		if strings.HasPrefix(rp.Paragraph, "등록공보") {
			t.Errorf("task 1 gives the running header among the three paragraphs: %+v", three)
			break
		}
	}
	// A header is boilerplate, the body passage on one page is not.
	ps := document.Passages(doc)
	cache := map[string][]document.Passage{}
	if !s.isBoilerplate(ctx, ps[0], cache) {
		t.Errorf("%q on every page is not boilerplate", ps[0].Text)
	}
	if s.isBoilerplate(ctx, ps[1], cache) {
		t.Errorf("%q on one page is boilerplate", ps[1].Text)
	}
}

// TestTask4SeriesOps: a task-4 question over a table inside a document
// gets the series operations of task 3: a rank, a count of points under a
// threshold, the first crossing, a range of years, the largest.
func TestTask4SeriesOps(t *testing.T) {
	row := func(cells ...string) []document.Cell {
		var out []document.Cell
		for _, c := range cells {
			out = append(out, document.Cell{Text: c})
		}
		return out
	}
	tab := &document.Table{Caption: "[표 3] 연도별 해조류 수확량", Rows: [][]document.Cell{
		row("연도", "수확량(천 톤)"),
		row("2016", "41.2"), row("2017", "44.8"), row("2018", "39.5"), row("2019", "36.1"),
		row("2020", "33.7"), row("2021", "29.4"), row("2022", "31.0"), row("2023", "27.8"),
	}}
	doc := &document.Document{ID: "s1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "해조류 양식 어가는 해마다 줄고 있다."},
		{Kind: document.KindTable, Text: "[표 3] 연도별 해조류 수확량", Table: tab},
	}}
	docs := fakeDocs{"s1": doc}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: docs, Refs: docs}
	tests := []struct{ question, want string }{
		{"해조류 수확량이 두 번째로 많았던 연도는?", "2016"},
		{"해조류 수확량이 처음으로 30 미만으로 떨어진 해는 언제인가?", "2021"},
		{"해조류 수확량이 35천 톤 미만인 해는 몇 해인가?", "4"},
		{"2019년 이후 해조류 수확량이 가장 많았던 해는?", "2019"},
		{"해조류 수확량이 가장 많았던 해는?", "2017"},
	}
	for _, tt := range tests {
		ans, err := s.collectionIn(context.Background(), tt.question, nil)
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := ans.Value.(string); !strings.Contains(v, tt.want) {
			t.Errorf("%s = %q, want %q", tt.question, v, tt.want)
		}
	}
}

// TestAnswerNotQuestionWord: a question about a body ("어느 부서",
// "담당 기관은") asks a body's name: a column header, a yes/no mark or a
// bare noun of the text ("무", "지방비") is not an answer, a department
// or agency is.
func TestAnswerNotQuestionWord(t *testing.T) {
	for _, q := range []string{"보조금 집행 내역은 어느 부서에 확인하나?", "보조금 정산을 맡는 담당 기관은?", "신청서는 어느 기관에 내나?"} {
		if e := expect(q); e.Kind != kindPlace {
			t.Errorf("expect(%q).Kind = %v, want place (a body)", q, e.Kind)
		}
	}
	e := expect("보조금 집행 내역은 어느 부서에 확인하나?")
	for _, tt := range []struct {
		v  string
		ok bool
	}{{"무", false}, {"지방비", false}, {"행정안전부 재정정책과", true}, {"한빛시청", true}} {
		if _, ok := fitsKind(tt.v, e.Kind); ok != tt.ok {
			t.Errorf("fitsKind(%q, %v) = %v, want %v", tt.v, e.Kind, ok, tt.ok)
		}
	}
	// Other 어느 questions keep their kinds.
	if e := expect("어느 해에 가장 많았나?"); e.Kind != kindDate {
		t.Errorf("어느 해 = %v, want date", e.Kind)
	}
	if e := expect("어느 항목이 가장 큰가?"); e.Kind != kindThing {
		t.Errorf("어느 항목 = %v, want thing", e.Kind)
	}
}
