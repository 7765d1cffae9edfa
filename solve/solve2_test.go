package solve

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/reader"
	"github.com/policyqa/policyqa/textkit"
)

// fakeReader answers with the first passage holding one of its phrases.
type fakeReader struct{ phrases []string }

func (f fakeReader) Answer(_ context.Context, _ string, passages []string, k int) ([]reader.Span, error) {
	var out []reader.Span
	for _, ph := range f.phrases {
		for i, p := range passages {
			if j := strings.Index(p, ph); j >= 0 {
				out = append(out, reader.Span{Text: ph, Passage: i, Start: j, End: j + len(ph), Score: 10})
				break
			}
		}
	}
	return out[:min(k, len(out))], nil
}

// collectionSolver builds a solver over three invented reports: a market
// report (a superlative sentence and a two-row-header table), a support
// programme report (amounts with Korean magnitudes, a rate) and a
// regional budget table.
func collectionSolver() *Solver {
	market := &document.Document{ID: "m1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "상점가 디지털 지원사업은 2021년에 시작되었다."},
		{Kind: document.KindTable, Text: "[표 1] 상점가별 지원 실적", Page: 3, Table: &document.Table{Caption: "[표 1] 상점가별 지원 실적", Rows: [][]document.Cell{
			{{Text: "상점가", RowSpan: 2}, {Text: "참여 점포", RowSpan: 2}, {Text: "온라인 매출", ColSpan: 2}},
			{{Text: "2022년(백만 원)"}, {Text: "2023년(백만 원)"}},
			{{Text: "은하상점가"}, {Text: "41"}, {Text: "150"}, {Text: "210"}},
			{{Text: "별빛상점가"}, {Text: "63"}, {Text: "300"}, {Text: "480"}},
			{{Text: "노을상점가"}, {Text: "28"}, {Text: "90"}, {Text: "115"}},
		}}},
		{Kind: document.KindParagraph, Page: 4, Text: "카드결제 도입률은 별빛상점가가 88%로 가장 높았고, 노을상점가는 39%에 그쳤다."},
		{Kind: document.KindParagraph, Text: "교육을 받은 상인의 매출 증가율은 그렇지 않은 상인보다 높았다."},
		{Kind: document.KindParagraph, Text: "점포 공실률은 노을상점가가 17%로 가장 높았고 은하상점가가 5%로 가장 낮았다."},
	}}
	support := &document.Document{ID: "s1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "지원 한도는 단계별로 준비기업이 2천만 원, 성장기업이 1억 5천만 원, 확장기업이 4억 원으로 정해져 있다."},
		{Kind: document.KindParagraph, Text: "지원 기업의 5년 유지율은 54.3%로, 같은 기간 전체 평균 유지율 30.1%보다 높았다."},
		{Kind: document.KindParagraph, Text: "이 사업은 한결재단이 운영한다."},
		{Kind: document.KindTable, Text: "[표 2] 권역별 예산과 인원", Table: &document.Table{Caption: "[표 2] 권역별 예산과 인원", Rows: [][]document.Cell{
			{{Text: "권역"}, {Text: "예산(억 원)"}, {Text: "인원(명)"}},
			{{Text: "북부권1)"}, {Text: "12"}, {Text: "30"}},
			{{Text: "남부권"}, {Text: "8"}, {Text: "22"}},
			{{Text: "합계"}, {Text: "20"}, {Text: "52"}},
		}}},
	}}
	docs := fakeDocs{"m1": market, "s1": support, "t2": support}
	var ps []document.Passage
	ps = append(ps, document.Passages(market)...)
	ps = append(ps, document.Passages(support)...)
	return &Solver{Retriever: multiIndex{fakeIndex{ps: ps}}, Docs: docs, Refs: docs}
}

// multiIndex lets a doc filter match any passage of that doc (fakeIndex
// matches the first id only, which is all the solvers use).
type multiIndex struct{ fakeIndex }

func TestFormUnits(t *testing.T) {
	s := collectionSolver()
	tests := []struct {
		name, doc, question, form, want string
	}{
		{"korean magnitudes in 만 원", "s1", "단계별 지원 한도는 얼마인가?",
			`[{"단계":"준비기업","지원 한도(만 원)":""},{"단계":"성장기업","지원 한도(만 원)":""},{"단계":"확장기업","지원 한도(만 원)":""}]`,
			`[{"단계":"준비기업","지원 한도(만 원)":"2000"},{"단계":"성장기업","지원 한도(만 원)":"15000"},{"단계":"확장기업","지원 한도(만 원)":"40000"}]`},
		{"same amounts in 억 원", "s1", "단계별 지원 한도는 얼마인가?",
			`[{"단계":"성장기업","한도(억 원)":""}]`, `[{"단계":"성장기업","한도(억 원)":"1.5"}]`},
		{"percent column", "s1", "지원 기업의 5년 유지율은?",
			`[{"구분":"지원 기업의 5년 유지율","비율(%)":""}]`, `[{"구분":"지원 기업의 5년 유지율","비율(%)":"54.3"}]`},
		{"table cell converted from 억 원 to 만 원", "s1", "권역별 예산은 얼마인가?",
			`[{"권역":"남부권","예산(만 원)":""}]`, `[{"권역":"남부권","예산(만 원)":"80000"}]`},
		{"table with two header rows", "m1", "상점가별 2023년 온라인 매출(백만 원)은 얼마인가?",
			`[{"상점가":"은하상점가","2023년 온라인 매출(백만 원)":""},{"상점가":"노을상점가","2023년 온라인 매출(백만 원)":""}]`,
			`[{"상점가":"은하상점가","2023년 온라인 매출(백만 원)":"210"},{"상점가":"노을상점가","2023년 온라인 매출(백만 원)":"115"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "2", DocFile: tt.doc, Question: tt.question, AnswerForm: form(t, tt.form)})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(ans.Value)
			if string(got) != tt.want {
				t.Errorf("answer = %s, want %s", got, tt.want)
			}
			if len(ans.Evidence) == 0 || ans.Evidence[0].DocFile != tt.doc {
				t.Errorf("evidence = %+v", ans.Evidence)
			}
			if ans.Score != 1 {
				t.Errorf("score = %v, want 1", ans.Score)
			}
		})
	}
}

func TestFormReaderPhrase(t *testing.T) {
	s := collectionSolver()
	s.Reader = fakeReader{phrases: []string{"한결재단"}}
	ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "2", DocFile: "s1", Question: "이 사업의 운영 기관은?",
		AnswerForm: form(t, `[{"사업":"이 사업","운영 기관":""}]`)})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(ans.Value)
	if string(got) != `[{"사업":"이 사업","운영 기관":"한결재단"}]` {
		t.Errorf("answer = %s", got)
	}
}

func TestTableOperations(t *testing.T) {
	s := collectionSolver()
	tests := []struct {
		question, want string
	}{
		{"권역별 예산과 인원에서 남부권의 인원(명)은?", "22"},
		{"권역별 예산과 인원에서 북부권의 예산은?", "12"},
		{"권역별 예산과 인원에서 북부권과 남부권의 예산 합계는?", "20"},
		{"권역별 예산과 인원에서 북부권과 남부권의 인원 차이는?", "8"},
		{"권역별 예산과 인원에서 인원의 평균은?", "26"},
		{"권역별 예산과 인원에서 인원이 가장 많은 권역은 어디인가?", "북부권"},
		{"권역별 예산과 인원에서 가장 작은 예산은?", "8"},
		{"권역별 예산과 인원에서 남부권 대비 북부권의 예산 비율은?", "150"},
		{"권역별 예산과 인원에서 북부권 예산은 남부권의 몇 배인가?", "1.5"},
		{"상점가별 지원 실적에서 별빛상점가의 2022년 온라인 매출은?", "300"},
	}
	for _, tt := range tests {
		ref := "t2"
		if strings.Contains(tt.question, "상점가") {
			ref = "m1"
		}
		ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "3", RefFile: ref, Question: tt.question})
		if err != nil {
			t.Fatalf("%s: %v", tt.question, err)
		}
		if ans.Value != tt.want {
			t.Errorf("%s = %q, want %q", tt.question, ans.Value, tt.want)
		}
		if len(ans.Evidence) != 1 || !strings.Contains(ans.Evidence[0].Paragraph, "[표") {
			t.Errorf("%s: evidence %+v", tt.question, ans.Evidence)
		}
	}
}

func TestCollection(t *testing.T) {
	tests := []struct {
		name, question string
		reader         []string
		want           string // exact answer
		evidence       string // a phrase of some evidence paragraph
		firstEvidence  string // a phrase of the first evidence paragraph
	}{
		{name: "single value after the focus", question: "지원 기업의 5년 유지율은 얼마인가?", want: "54.3%", firstEvidence: "5년 유지율은 54.3%"},
		{name: "breakdown lists every item with its label", question: "단계별 지원 한도는 얼마인가?",
			want: "준비기업 2천만 원, 성장기업 1억 5천만 원, 확장기업 4억 원", firstEvidence: "준비기업이 2천만 원"},
		{name: "two-step: superlative in a sentence, value in a table", question: "카드결제 도입률이 가장 높은 상점가의 2023년 온라인 매출은 얼마인가?",
			want: "480백만 원", firstEvidence: "[표 1]", evidence: "별빛상점가가 88%로"},
		{name: "two-step, the second superlative of a sentence", question: "점포 공실률이 가장 낮은 상점가의 2022년 온라인 매출은 얼마인가?",
			want: "150백만 원", evidence: "은하상점가가 5%로"},
		{name: "two-step: superlative over a table column", question: "참여 점포가 가장 많은 상점가의 2022년 온라인 매출은 얼마인가?",
			want: "300백만 원", firstEvidence: "[표 1]"},
		{name: "a name from the reader", question: "이 사업을 운영하는 곳은 어디인가?", reader: []string{"한결재단"},
			want: "한결재단", firstEvidence: "한결재단이 운영"},
		{name: "nothing supports an answer", question: "우주 정거장의 궤도 높이는 몇 km인가?", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := collectionSolver()
			if tt.reader != nil {
				s.Reader = fakeReader{phrases: tt.reader}
			}
			ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "4", Question: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Value != tt.want {
				t.Errorf("answer = %q, want %q", ans.Value, tt.want)
			}
			if len(ans.Evidence) == 0 {
				t.Fatal("no evidence")
			}
			if tt.firstEvidence != "" && !strings.Contains(ans.Evidence[0].Paragraph, tt.firstEvidence) {
				t.Errorf("first evidence = %q, want it to hold %q", ans.Evidence[0].Paragraph, tt.firstEvidence)
			}
			if tt.evidence != "" {
				found := false
				for _, e := range ans.Evidence {
					found = found || strings.Contains(e.Paragraph, tt.evidence)
				}
				if !found {
					t.Errorf("evidence %+v lacks %q", ans.Evidence, tt.evidence)
				}
			}
			if tt.want == "" && ans.Score != 0 || tt.want != "" && (ans.Score <= 0 || ans.Score > 1) {
				t.Errorf("score = %v", ans.Score)
			}
		})
	}
}

func TestAnalyse(t *testing.T) {
	tests := []struct {
		q                   string
		typ                 answerType
		unit                string
		first, head, second string
		focus               string
		nums                int
	}{
		{q: "유형별로 보면 몇 개인가?", typ: typeList, unit: "개", focus: "유형별로 보면"},
		{q: "업체별 철회기간(일)은 몇 일인가?", typ: typeList, unit: "일"},
		{q: "보증을 받은 기업의 3년 생존율은 얼마인가?", typ: typeNumber, unit: "%", focus: "보증을 받은 기업의 3년 생존율", nums: 1},
		{q: "간편결제 가맹률이 가장 높은 시장의 2023년 온라인 매출은 얼마인가?", typ: typeNumber,
			first: "간편결제 가맹률이 가장 높은", head: "시장", second: "2023년 온라인 매출", nums: 0},
		{q: "인원이 가장 많은 권역은 어디인가?", typ: typeName},
		{q: "국유재산 90을 100에 매각하기로 하고 차수별 징수결의 비율은 얼마인가?", typ: typeList, unit: "%", nums: 2},
	}
	for _, tt := range tests {
		in := analyse(tt.q)
		if in.Type != tt.typ || in.Unit != tt.unit || in.First != tt.first || in.Head != tt.head || in.Second != tt.second || len(in.Numbers) != tt.nums {
			t.Errorf("analyse(%q) = %+v", tt.q, in)
		}
		if tt.focus != "" && in.Focus != tt.focus {
			t.Errorf("analyse(%q).Focus = %q, want %q", tt.q, in.Focus, tt.focus)
		}
	}
}

func TestListItems(t *testing.T) {
	tests := []struct {
		sent, question, want string
	}{
		{"- 유형별로 보면 출국장 22개, 시내 24개, 지정 4개, 외교관 1개 등 51개임", "유형별로 보면 몇 개인가?", "출국장 22개, 시내 24개, 지정 4개, 외교관 1개"},
		{"기간은 가나몰이 5일, 다라몰과 마바몰이 7일, 사아몰, 자차몰 등은 각각 30일로 달랐다.", "업체별 기간(일)은 몇 일인가?", "가나몰 5일, 다라몰과 마바몰 7일, 사아몰, 자차몰 등 30일"},
		{"- 재산 90을 100에 팔기로 하고, 1차 20 결의, 2차 30 결의, 3차 50 결의함.", "재산 90을 100에 팔기로 하고 차수별 결의 비율은?", "1차 20, 2차 30, 3차 50"},
		{"발급은 모두 4,260건이며, 이 가운데 제조업이 1,120건, 정보통신업이 1,580건을 차지하였다.", "업종별 건수는 몇 건인가?", "제조업 1,120건, 정보통신업 1,580건"},
	}
	for _, tt := range tests {
		got := joinItems(listItems(tt.sent, analyse(tt.question)))
		if got != tt.want {
			t.Errorf("listItems(%q) = %q, want %q", tt.sent, got, tt.want)
		}
	}
}

func TestEntityIn(t *testing.T) {
	tests := []struct {
		sent, phrase, head, want string
	}{
		{"가맹률은 한빛시장이 92%로 가장 높았고, 솔내시장은 47%에 그쳤다.", "가맹률이 가장 높은", "시장", "한빛시장"},
		{"가맹률은 한빛시장이 92%로 가장 높았고, 솔내시장은 47%에 그쳤다.", "가맹률이 가장 낮은", "시장", ""},
		{"만족도는 청솔구가 가장 높았다.", "만족도가 가장 높은", "지역", "청솔구"},
		{"만족도는 해마다 올랐다.", "만족도가 가장 높은", "지역", ""},
		{"공실률은 노을상점가가 17%로 가장 높았고 은하상점가가 5%로 가장 낮았다.", "공실률이 가장 낮은", "상점가", "은하상점가"},
	}
	for _, tt := range tests {
		if got := entityIn(tt.sent, tt.phrase, tt.head); got != tt.want {
			t.Errorf("entityIn(%q, %q) = %q, want %q", tt.sent, tt.phrase, got, tt.want)
		}
	}
}

func FuzzQuestionText(f *testing.F) {
	for _, s := range []string{"간편결제 가맹률이 가장 높은 시장의 2023년 온라인 매출은 얼마인가?", "유형별로 보면 몇 개인가?", "- 재산 90을 100에, 1차 20 결의, 2차 30", "가장", "몇 (", "별"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, question, sent string) {
		in := analyse(question)
		_ = joinItems(listItems(sent, in))
		_, _ = valueNear(sent, in)
		_ = entityIn(sent, question, in.Head)
		_, _ = textAnswer(sent, in, in.Head)
		_ = textkit.Sentences(sent)
	})
}
