package solve

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
)

// TestJoinSpaced: letter-spaced cells read as the words they spell
// (kind 6 of issue 19).
func TestJoinSpaced(t *testing.T) {
	tests := []struct{ in, want string }{
		{"박 서 준", "박서준"},
		{"박 서 준 (서 명)", "박서준 (서명)"},
		{"승 인(과장)", "승인(과장)"},
		{"구 분", "구분"},
		{"사업 개요", "사업 개요"},
		{"이 사업은", "이 사업은"},
		{"총 12개", "총 12개"},
		{"주 관 기 관 명 : 한빛재단", "주관기관명 : 한빛재단"},
	}
	for _, tt := range tests {
		if got := joinSpaced(tt.in); got != tt.want {
			t.Errorf("joinSpaced(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestKindValues: names, places and dates are checked and normalised
// like numbers are (kind 1 for values that are not numbers).
func TestKindValues(t *testing.T) {
	tests := []struct {
		v    string
		k    valueKind
		want string
		ok   bool
	}{
		{"박 서 준 (서 명)", kindPerson, "박서준", true},
		{"팀장 이도윤 (인)", kindPerson, "이도윤", true},
		{"한빛복지재단", kindPerson, "한빛복지재단", true},
		{"위와 같이 확인함.", kindPerson, "", false},
		{"2019. 5. 2.", kindPerson, "", false},
		{"전라남도 나주시 빛가람로 123 (빛가람동)", kindPlace, "전라남도 나주시 빛가람로 123 (빛가람동)", true},
		{"주소: 대전광역시 유성구 과학로 55", kindPlace, "대전광역시 유성구 과학로 55", true},
		{"세종", kindPlace, "세종", true},
		{"해당 없음", kindPlace, "", false},
		{"한빛복지재단", kindPlace, "한빛복지재단", true},
		{"박서준", kindPlace, "", false},
		{"’25.3월부터", kindDate, "’25.3월부터", true},
		{"상시 접수", kindDate, "", false},
		{"12명", kindQuantity, "12명", true},
		{"2024년", kindQuantity, "", false},
	}
	for _, tt := range tests {
		got, ok := fitsKind(tt.v, tt.k)
		if got != tt.want || ok != tt.ok {
			t.Errorf("fitsKind(%q, %v) = %q, %v; want %q, %v", tt.v, tt.k, got, ok, tt.want, tt.ok)
		}
	}
}

// TestAcrossLines: values written across lines or cells are read as one
// (kind 6): a form-like table with a letter-spaced signer, a table label
// broken over two rows, a number broken after its digits, and a table row
// broken into paragraphs.
func TestAcrossLines(t *testing.T) {
	grid := func(rows ...[]string) *document.Table {
		tb := &document.Table{}
		for _, r := range rows {
			var cs []document.Cell
			for _, c := range r {
				cs = append(cs, document.Cell{Text: c})
			}
			tb.Rows = append(tb.Rows, cs)
		}
		return tb
	}
	form := grid(
		[]string{"점검 결과표", "점검 결과표", "점검 결과표", "점검 결과표"},
		[]string{"점검 항목", "시설 안전", "시설 안전", "□ 적합 ▣ 부적합"},
		[]string{"위 내용을 확인함.", "위 내용을 확인함.", "위 내용을 확인함.", "위 내용을 확인함."},
		[]string{"", "검 토(팀장)", "박 서 준 (서 명)", "박 서 준 (서 명)"},
	)
	split := grid(
		[]string{"구분", "’23년", "’24년"},
		[]string{"총 사업비", "1,200억 원", "1,350억 원"},
		[]string{"기관당 평균", "", ""},
		[]string{"지원액*", "40.5억 원", "45.1억 원"},
		[]string{"합계", "5,200\n억원", "5,800\n억원"},
	)
	stacked := grid(
		[]string{"구 분", "주요 내용", "실적 (~’25.3월)", "계획"},
		[]string{"은행권", "▪청년 창업 지원 - 보증료 감면 등 ▪소상공인 지원 - 금리 인하 등 ▪기타 지원", "410억원 275억원 -", "지속 추진"},
		[]string{"은행권", "은행권 소계", "685억원", "지속 추진"},
	)
	docs := fakeDocs{
		"k1": &document.Document{ID: "k1", Blocks: []document.Block{{Kind: document.KindTable, Table: stacked}}},
		"f1": &document.Document{ID: "f1", Blocks: []document.Block{{Kind: document.KindTable, Table: form}}},
		"s1": &document.Document{ID: "s1", Blocks: []document.Block{{Kind: document.KindTable, Table: split, Text: "<사업비 현황>"}}},
		"b1": &document.Document{ID: "b1", Blocks: []document.Block{
			{Kind: document.KindParagraph, Text: "<분야별 지원 실적>", Page: 2},
			{Kind: document.KindParagraph, Text: "▪ 청년 주거 지원", Page: 2},
			{Kind: document.KindParagraph, Text: "1,240억원", Page: 2},
			{Kind: document.KindParagraph, Text: "- 전세 보증금 이자 지원 등", Page: 2},
			{Kind: document.KindParagraph, Text: "▪ 고령층 돌봄 지원", Page: 2},
			{Kind: document.KindParagraph, Text: "315억원", Page: 2},
		}},
	}
	var ps []document.Passage
	for _, id := range []string{"f1", "s1", "b1", "k1"} {
		ps = append(ps, document.Passages(docs[id])...)
	}
	s := &Solver{Retriever: fakeIndex{ps: ps}, Docs: docs, Refs: docs}
	ctx := context.Background()
	task3 := []struct{ ref, q, want string }{
		{"f1", "결과표를 검토한 팀장은 누구인가?", "박서준"},
		{"s1", "’24년 기관당 평균 지원액은 얼마인가?", "45.1"},
	}
	for _, tt := range task3 {
		ans, err := s.Solve(ctx, dataset.Problem{ProblemNo: "1", TaskNo: "3", RefFile: tt.ref, Question: tt.q})
		if err != nil || ans.Value != tt.want {
			t.Errorf("%s = %v (%v), want %q", tt.q, ans.Value, err, tt.want)
		}
	}
	ans, err := s.Solve(ctx, dataset.Problem{ProblemNo: "2", TaskNo: "4", Question: "2024년 사업비 합계는 얼마인가?"})
	if err != nil || ans.Value != "5,800\n억원" && ans.Value != "5,800 억원" {
		t.Errorf("합계 = %q (%v), want 5,800 억원", ans.Value, err)
	}
	var rows []dataset.FormRow
	if err := json.Unmarshal([]byte(`[{"분야":"청년 주거 지원","실적(억원)":""},{"분야":"고령층 돌봄 지원","실적(억원)":""}]`), &rows); err != nil {
		t.Fatal(err)
	}
	ans, err = s.Solve(ctx, dataset.Problem{ProblemNo: "3", TaskNo: "2", DocFile: "b1", Question: "분야별 지원 실적은 얼마인가?", AnswerForm: rows})
	got, _ := json.Marshal(ans.Value)
	if want := `[{"분야":"청년 주거 지원","실적(억원)":"1240"},{"분야":"고령층 돌봄 지원","실적(억원)":"315"}]`; err != nil || string(got) != want {
		t.Errorf("form = %s (%v), want %s", got, err, want)
	}
	// Items stacked in one cell with their values stacked in the next.
	if err := json.Unmarshal([]byte(`[{"구분":"소상공인 지원","실적(억원)":""},{"구분":"은행권 소계","실적(억원)":""}]`), &rows); err != nil {
		t.Fatal(err)
	}
	ans, err = s.Solve(ctx, dataset.Problem{ProblemNo: "4", TaskNo: "2", DocFile: "k1", Question: "항목별 실적은 얼마인가?", AnswerForm: rows})
	got, _ = json.Marshal(ans.Value)
	if want := `[{"구분":"소상공인 지원","실적(억원)":"275"},{"구분":"은행권 소계","실적(억원)":"685"}]`; err != nil || string(got) != want {
		t.Errorf("stacked form = %s (%v), want %s", got, err, want)
	}
}

// TestLabeledSpan: "label : value" in text and label → value in form-like
// tables answer name, place and thing questions (kind 1, values that are
// not numbers).
func TestLabeledSpan(t *testing.T) {
	tests := []struct{ q, sent, want string }{
		{"신청서에 첨부해야 하는 서류는 무엇인가?", "※ 첨부 : 주민등록등본 1부.", "주민등록등본 1부"},
		{"사업장의 주소는 어디인가?", "상호 : 한빛상사, 주소 : 대전광역시 유성구 과학로 55, 전화 : 042-000-0000", "대전광역시 유성구 과학로 55"},
		{"사업장의 대표자는 누구인가?", "상호 : 한빛상사, 대 표 자 : 이 도 윤, 주소 : 대전광역시 유성구 과학로 55", "이도윤"},
		{"사업장의 대표자는 누구인가?", "상호 : 한빛상사, 주소 : 대전광역시 유성구 과학로 55", ""},
	}
	for _, tt := range tests {
		in := analyse(tt.q)
		if got, _ := labeledSpan(tt.sent, in.Core, in.Expect.Kind, focusEnd(tt.sent, in.Focus)); got != tt.want {
			t.Errorf("%s over %s = %q, want %q", tt.q, tt.sent, got, tt.want)
		}
	}
	grid := [][]string{
		{"(10) 등록번호 제2020-12호", "(20) 신청인"},
		{"(30) 분류 A01", "한빛상사 주식회사"},
		{"(40) 분류 B02", "대전광역시 유성구 과학로 55, 3층"},
	}
	tb := &document.Table{}
	for _, r := range grid {
		var cs []document.Cell
		for _, c := range r {
			cs = append(cs, document.Cell{Text: c})
		}
		tb.Rows = append(tb.Rows, cs)
	}
	for q, want := range map[string]string{"신청인의 주소는 어디인가?": "대전광역시 유성구 과학로 55", "신청인은 누구인가?": "한빛상사 주식회사"} {
		in := analyse(q)
		if got, _, _, _ := labelValue([]tableRef{{Table: tb}}, in.Core, in.Expect.Kind); got != want {
			t.Errorf("labelValue(%s) = %q, want %q", q, got, want)
		}
	}
}

// TestCheckedOptions: box-marked choices answer with the checked option,
// in a cell or in a column of option cells beside a label.
func TestCheckedOptions(t *testing.T) {
	for cell, want := range map[string]string{"□ 예 ▣ 아니오": "아니오", "▣ 적 합 □ 부적합": "적합", "□ 가 □ 나": "", "해당 없음": ""} {
		if got, _ := checkedOptions(cell); got != want {
			t.Errorf("checkedOptions(%q) = %q, want %q", cell, got, want)
		}
	}
	tb := &document.Table{}
	for _, r := range [][]string{
		{"점검표", "점검표", "점검표", "점검표"},
		{"관리번호", "B-2021-07", "유형", "□ 일반"},
		{"관리번호", "B-2021-07", "유형", "▣ 특수"},
		{"보존 필요", "□ 예 ▣ 아니오", "□ 예 ▣ 아니오", "□ 예 ▣ 아니오"},
	} {
		var cs []document.Cell
		for _, c := range r {
			cs = append(cs, document.Cell{Text: c})
		}
		tb.Rows = append(tb.Rows, cs)
	}
	docs := fakeDocs{"c1": &document.Document{ID: "c1", Blocks: []document.Block{{Kind: document.KindTable, Table: tb}}}}
	s := &Solver{Retriever: fakeIndex{}, Docs: docs, Refs: docs}
	for q, want := range map[string]string{"이 점검표의 유형은 무엇인가?": "특수", "보존이 필요한가?": "아니오"} {
		ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "3", RefFile: "c1", Question: q})
		if err != nil || ans.Value != want {
			t.Errorf("%s = %v (%v), want %q", q, ans.Value, err, want)
		}
	}
}

// TestRowTextAnswer: a value written inside a table's text cell
// ("▪요금 인하(최대 0.3%)") is read like a sentence when no value cell
// answers.
func TestRowTextAnswer(t *testing.T) {
	tb := &document.Table{Rows: [][]document.Cell{
		{{Text: "구 분"}, {Text: "주요 내용"}, {Text: "실적"}},
		{{Text: "청년 전세 지원 확대"}, {Text: "▪지원 대상 확대 ▪보증 요율 인하(최대 0.3%, 2년간) 및 심사 간소화"}, {Text: "-"}},
		{{Text: "소상공인 정책자금"}, {Text: "▪상환 기간 연장"}, {Text: "1,200억원"}},
	}}
	tables := []tableRef{{Table: tb}}
	in := analyse("‘청년 전세 지원’ 확대로 보증 요율은 최대 몇 % 인하되는가?")
	if v, _ := rowTextAnswer(tables, in); v != "0.3%" {
		t.Errorf("rowTextAnswer = %q, want 0.3%%", v)
	}
	if v, _ := rowTextAnswer(tables, analyse("우주 정거장 궤도는 몇 km인가?")); v != "" {
		t.Errorf("rowTextAnswer for an unrelated question = %q", v)
	}
}
