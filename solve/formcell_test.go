package solve

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/hwp"
	"github.com/policyqa/policyqa/document/odt"
	"github.com/policyqa/policyqa/internal/hwptest"
)

// Tables of our own for form lookups.
var (
	// Years over 예산 | 집행 | 6월 누계 sub-columns.
	spendTable = [][]cell{
		{span("구분", 2, 1), span("2022년", 1, 3), span("2023년", 1, 3)},
		{c("예산"), c("집행"), c("6월 누계"), c("예산"), c("집행"), c("6월 누계")},
		{c("세입"), c("310.0"), c("295.5"), c("140.2"), c("330.0"), c("320.4"), c("150.8")},
		{c("세출"), c("305.0"), c("290.1"), c("160.3"), c("340.0"), c("335.7"), c("171.9")},
	}
	// Months as columns under a year, measures as rows.
	monthlyTable = [][]cell{
		{span("구분", 2, 1), span("2024년", 1, 3)},
		{c("1월"), c("2월"), c("3월")},
		{c("신청 건수"), c("120"), c("135"), c("150")},
		{c("처리율(%)"), c("91.5"), c("93.0"), c("95.2")},
	}
	// A table whose rows are months: a form's "2월" must not be read
	// from it when the form's column names a measure it lacks.
	rainTable = [][]cell{
		{c("월"), c("강수량(mm)"), c("평균기온(℃)")},
		{c("1월"), c("21.0"), c("-2.4")},
		{c("2월"), c("28.5"), c("0.6")},
		{c("3월"), c("45.1"), c("6.1")},
	}
	// Groups written as rows of their own, the same member labels in
	// each.
	groupedTable = [][]cell{
		{c("구분"), c("2023년"), c("2024년")},
		{c("<일반회계>"), c(""), c("")},
		{c("인건비"), c("410"), c("425")},
		{c("사업비"), c("1,250"), c("1,310")},
		{c("<특별회계>"), c(""), c("")},
		{c("인건비"), c("75"), c("80")},
		{c("사업비"), c("540"), c("610")},
	}
)

// formDocs holds each table in an HWPX report and as an ODF fragment
// (document ids "<name>_hwpx", "<name>_odt"), after a paragraph.
func formDocs(t *testing.T, tables map[string][][][]cell) map[string]*document.Document {
	t.Helper()
	ctx := context.Background()
	out := map[string]*document.Document{}
	for name, tbs := range tables {
		paras := []hwptest.Para{{Text: "1. 추진 현황", Outline: 1}}
		var frag strings.Builder
		for i, tb := range tbs {
			caption := "<표 " + string(rune('1'+i)) + "> 현황"
			paras = append(paras, hwptest.Para{Text: caption}, hwptest.Para{Table: hwpTable("", tb)})
			frag.WriteString(odtFragment(caption, tb))
		}
		data, err := hwptest.HWPX(hwptest.Doc{Paras: paras})
		if err != nil {
			t.Fatal(err)
		}
		d, err := hwp.Parse(ctx, bytes.NewReader(data), int64(len(data)), hwp.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		d.ID = name + "_hwpx"
		out[d.ID] = d
		blocks, err := odt.ParseTableXML(ctx, strings.NewReader(frag.String()))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name+"_odt"] = &document.Document{ID: name + "_odt", Blocks: blocks}
	}
	return out
}

type formCase struct {
	doc, label, key, question, want string
}

func runFormCases(t *testing.T, docs map[string]*document.Document, tests []formCase) {
	t.Helper()
	for _, tt := range tests {
		for _, kind := range []string{"_hwpx", "_odt"} {
			d := docs[tt.doc+kind]
			want := questionPeriods(tt.key)
			if len(want) == 0 {
				want = questionPeriods(tt.question)
			}
			got, _, ok := datedValue(d, tt.label, tt.key, tt.question, want, columnUnit(tt.key))
			if tt.want == "" {
				if ok {
					t.Errorf("%s%s %s × %s = %q, want none", tt.doc, kind, tt.label, tt.key, got)
				}
				continue
			}
			if !ok || got != tt.want {
				t.Errorf("%s%s %s × %s = %q (%v), want %q", tt.doc, kind, tt.label, tt.key, got, ok, tt.want)
			}
		}
	}
}

// TestDatedTwoLevel: a form column naming a year and a sub-column
// ("’22년 집행") reads the cell under both; a column naming the year only
// takes the sub-column the question names, else the one the year names
// as a whole over one of its months.
func TestDatedTwoLevel(t *testing.T) {
	docs := formDocs(t, map[string][][][]cell{"spend": {spendTable}})
	runFormCases(t, docs, []formCase{
		{"spend", "세입", "’22년 집행(억원)", "2022년 집행과 2023년 예산의 세입과 세출은?", "295.5"},
		{"spend", "세입", "’23년 예산(억원)", "2022년 집행과 2023년 예산의 세입과 세출은?", "330"},
		{"spend", "세출", "2022년 집행", "연도별 집행액과 예산을 채우시오.", "290.1"},
		{"spend", "세출", "2023년 6월 누계", "연도별 세출을 채우시오.", "171.9"},
		{"spend", "세출", "2023년", "2023년 세출 집행 실적은?", "335.7"},
		{"spend", "세입", "2023년", "2023년 세입 예산은 얼마인가?", "330"},
		{"spend", "세입", "2021년 집행", "연도별 세입을 채우시오.", ""},
	})
}

// TestTransposedLookup: a form whose rows are months and whose columns
// are measures reads a table whose columns are the months (under their
// year) and whose rows are the measures; a table whose rows are months
// but which lacks the measure is not used.
func TestTransposedLookup(t *testing.T) {
	docs := formDocs(t, map[string][][][]cell{"monthly": {rainTable, monthlyTable}})
	q := "2024년 1~3월 월별 신청 건수와 처리율은?"
	runFormCases(t, docs, []formCase{
		{"monthly", "1월", "신청 건수(건)", q, "120"},
		{"monthly", "2월", "처리율(%)", q, "93"},
		{"monthly", "3월", "처리율(%)", q, "95.2"},
		{"monthly", "3월", "신청 건수", q, "150"},
		{"monthly", "2월", "민원 만족도(점)", q, ""},
	})
}

// TestGroupedRows: a form naming a group and a member ("특별회계
// 사업비") reads the member row under that group's own heading row, not
// the same label in another group.
func TestGroupedRows(t *testing.T) {
	docs := formDocs(t, map[string][][][]cell{"grouped": {groupedTable}})
	runFormCases(t, docs, []formCase{
		{"grouped", "특별회계 사업비", "2024년", "회계별 사업비는?", "610"},
		{"grouped", "일반회계 사업비", "2024년", "회계별 사업비는?", "1310"},
		{"grouped", "특별회계 인건비", "2023년", "회계별 인건비는?", "75"},
		{"grouped", "일반회계 인건비", "2023년(억원)", "회계별 인건비는?", "410"},
	})
}

// reviewForm is a checklist form: a label naming the item under review
// ("사업 등 명칭") beside its name, and box-marked options that repeat one
// word of that label ("▣ 사업").
var reviewForm = [][]cell{
	{span("사업‧용역‧연구 (사업 등) 검토표", 1, 4)},
	{c("사업 등 명칭"), span("청년 창업 공간 조성 지원", 1, 3)},
	{span("등록번호", 3, 1), span("B1-2021-07", 3, 1), span("현재 유형", 3, 1), c("▣ 사업")},
	{c("□ 용역")},
	{c("□ 연구")},
	{c("담당 부서"), span("지역경제과", 1, 3)},
}

// TestRowLabelPhrase: a question naming a label by its longer phrase
// ("사업 등의 명칭") reads the row whose label holds that phrase, not the
// option beside a checked box that holds one word of it; the options are
// still read when the question names their label.
func TestRowLabelPhrase(t *testing.T) {
	ctx := context.Background()
	blocks, err := odt.ParseTableXML(ctx, strings.NewReader(odtFragment("검토표", reviewForm)))
	if err != nil {
		t.Fatal(err)
	}
	s := &Solver{Refs: fakeDocs{"review": &document.Document{ID: "review", Blocks: blocks}}}
	tests := []struct{ question, want string }{
		{"검토 대상 사업 등의 명칭은 무엇인가?", "청년 창업 공간 조성 지원"},
		{"이 검토표에 적힌 사업 등 명칭은 무엇인가?", "청년 창업 공간 조성 지원"},
		{"검토표의 담당 부서는 어디인가?", "지역경제과"},
		{"현재 유형으로 체크된 항목은?", "사업"},
	}
	for _, tt := range tests {
		ans, err := s.Solve(ctx, dataset.Problem{ProblemNo: "1", TaskNo: "3", RefFile: "review", Question: tt.question})
		if err != nil {
			t.Errorf("%s: %v", tt.question, err)
			continue
		}
		if ans.Value != tt.want {
			t.Errorf("%s = %q, want %q", tt.question, ans.Value, tt.want)
		}
	}
}

// Grid tables as a PDF table reader gives them.
var (
	// Each year split over two cells: "’25" | "년".
	splitYearTable = [][]cell{
		{c("구분"), c("’24"), c("년"), c("’25"), c("년"), c("’26"), c("년")},
		{c("부채 규모(조원)"), c("410.2"), c("455.8"), c("497.1")},
		{c("부채 비율(%)"), c("38.5"), c("40.1"), c("41.9")},
	}
	// The years start over the label column (its merged header cell was
	// lost), each one column left of its values.
	shiftedYearTable = [][]cell{
		{c("’24년"), c("’25년"), c("’26년"), c("’27년")},
		{c("지방 이전 인원(명)"), c("1,200"), c("1,450"), c("1,720"), c("2,010")},
		{c("이전 기관 수(개)"), c("12"), c("15"), c("17"), c("21")},
	}
)

// TestSplitYearHeader: a header of years split over cells, or laid one
// column to the left of the values, is aligned to the value columns, so
// that a form column's year reads its own column.
func TestSplitYearHeader(t *testing.T) {
	docs := formDocs(t, map[string][][][]cell{"split": {splitYearTable}, "shifted": {shiftedYearTable}})
	q := "연도별 전망은?"
	runFormCases(t, docs, []formCase{
		{"split", "부채 규모(조원)", "2025년", q, "455.8"},
		{"split", "부채 규모(조원)", "2026년", q, "497.1"},
		{"split", "부채 비율(%)", "2024년", q, "38.5"},
		{"shifted", "지방 이전 인원(명)", "2027년", q, "2010"},
		{"shifted", "이전 기관 수(개)", "2025년", q, "15"},
		{"shifted", "이전 기관 수(개)", "2024년", q, "12"},
	})
}

// Months under a year, each split into the month and the total to it,
// the total written as a note of the month ("2월 (누계)").
var runningTable = [][]cell{
	{span("구분", 2, 1), span("2023년", 1, 2), span("2024년", 1, 2)},
	{c("2월"), c("2월 (누계)"), c("2월"), c("2월 (누계)")},
	{c("관세"), c("0.6"), c("1.3"), c("0.7"), c("1.4")},
	{c("증권거래세"), c("0.4"), c("0.9"), c("0.5"), c("1.1")},
}

// TestDatedNoteLevel: a sub-column named in a date's note ("누계" in
// "2월 (누계)") is a header level like any other.
func TestDatedNoteLevel(t *testing.T) {
	docs := formDocs(t, map[string][][][]cell{"running": {runningTable}})
	runFormCases(t, docs, []formCase{
		{"running", "관세", "’24.2월 누계(조원)", "2월말까지 누계로 얼마인가?", "1.4"},
		{"running", "증권거래세", "2023년 2월 누계", "누계 실적은?", "0.9"},
		{"running", "증권거래세", "2024년 2월", "2월 한 달 실적은?", "0.5"},
	})
}

// TestGroupedRowsTask3: a task-3 question naming a group heading row and
// a member reads the member within that group.
func TestGroupedRowsTask3(t *testing.T) {
	ctx := context.Background()
	blocks, err := odt.ParseTableXML(ctx, strings.NewReader(odtFragment("회계별 예산", groupedTable)))
	if err != nil {
		t.Fatal(err)
	}
	s := &Solver{Refs: fakeDocs{"g": &document.Document{ID: "g", Blocks: blocks}}}
	tests := []struct{ question, want string }{
		{"특별회계 사업비의 2024년 예산은 얼마인가?", "610"},
		{"2023년 일반회계 인건비는 얼마인가?", "410"},
		{"특별회계의 2023년 인건비는?", "75"},
	}
	for _, tt := range tests {
		ans, err := s.Solve(ctx, dataset.Problem{ProblemNo: "1", TaskNo: "3", RefFile: "g", Question: tt.question})
		if err != nil {
			t.Errorf("%s: %v", tt.question, err)
			continue
		}
		if ans.Value != tt.want {
			t.Errorf("%s = %q, want %q", tt.question, ans.Value, tt.want)
		}
	}
}
