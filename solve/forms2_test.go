package solve

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
)

// oneDocCase is a task-2 problem over one invented document and the
// answer it must give, whole.
type oneDocCase struct {
	name     string
	blocks   []document.Block
	question string
	form     string
	want     string
}

func runOneDocCases(t *testing.T, tests []oneDocCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &document.Document{ID: "x1", Blocks: tt.blocks}
			s := &Solver{Retriever: multiIndex{fakeIndex{ps: document.Passages(doc)}}, Docs: fakeDocs{"x1": doc}, Refs: fakeDocs{"x1": doc}}
			ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "2", DocFile: "x1", Question: tt.question, AnswerForm: form(t, tt.form)})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(ans.Value)
			if string(got) != tt.want {
				t.Errorf("answer = %s\nwant     %s", got, tt.want)
			}
		})
	}
}

func paras(lines ...string) []document.Block {
	var bs []document.Block
	for _, l := range lines {
		bs = append(bs, document.Block{Kind: document.KindParagraph, Page: 1, Text: l})
	}
	return bs
}

// TestNoteLineBodies reads the body a numbered instruction's note line
// names ("※ 누리청 기록관리과 ☎ …", "※ 조회기관: …") for the row that names
// the instruction's subject, never a word of the form ("확인여부").
func TestNoteLineBodies(t *testing.T) {
	doc := paras(
		"4. 서식 작성 방법",
		"③ 체납 이력 확인 결과를 적는다",
		"※ 누리청 징수관리과 ☎ 02-345-6789",
		"④ 면허 정지 처분여부를 확인하여 그 결과를 적는다",
		"※ 조회기관：바른처 운전면허관리팀",
		"⑤ 보조금 환수 내역을 확인하여 확인여부를 표시",
		"* 한결시 회계과(☎ 031-111-2222),",
		"세움군 재무과",
	)
	form := []document.Block{{Kind: document.KindTable, Page: 2, Text: "확인 서식", Table: &document.Table{Rows: [][]document.Cell{
		{{Text: "구분"}, {Text: "확인여부"}, {Text: "비고"}},
		{{Text: "체납 이력"}, {Text: "확인여부"}, {Text: ""}},
		{{Text: "면허 정지"}, {Text: "처분여부"}, {Text: ""}},
	}}}}
	runOneDocCases(t, []oneDocCase{
		{"bodies on note lines", append(doc, form...), "항목별 조회기관은?",
			`[{"항목":"체납 이력","조회기관":""},{"항목":"면허 정지 처분여부","조회기관":""},{"항목":"보조금 환수 내역","조회기관":""}]`,
			`[{"항목":"체납 이력","조회기관":"누리청 징수관리과"},{"항목":"면허 정지 처분여부","조회기관":"바른처 운전면허관리팀"},{"항목":"보조금 환수 내역","조회기관":"한결시 회계과"}]`},
		{"a department column", doc, "확인 항목별 담당 부서를 쓰시오.",
			`[{"구분":"체납 이력","담당 부서":""},{"구분":"면허 정지","담당 부서":""}]`,
			`[{"구분":"체납 이력","담당 부서":"누리청 징수관리과"},{"구분":"면허 정지","담당 부서":"바른처 운전면허관리팀"}]`},
		{"label words run together", doc, "항목별 조회기관은?",
			`[{"구분":"면허정지 처분","조회기관":""}]`,
			`[{"구분":"면허정지 처분","조회기관":"바른처 운전면허관리팀"}]`},
		{"an enquiry column", doc, "항목별 문의처는?",
			`[{"구분":"체납 이력","문의처":""}]`,
			`[{"구분":"체납 이력","문의처":"누리청 징수관리과"}]`},
	})
	for _, w := range []string{"확인여부", "처분여부", "결과", "성과"} {
		if isOrgWord(w) {
			t.Errorf("isOrgWord(%q) = true, want false", w)
		}
	}
}

// TestFlattenedTableLines reads a table laid out as lines of text (a
// header line of periods, then one line per row) by position, one value
// per cell, never the row's run of numbers.
func TestFlattenedTableLines(t *testing.T) {
	lines := paras(
		"< 세입 전망 >",
		"구분 ’23년 ’24년 ’25년 ’26년 ’27년",
		"누리수입 210.4 221.6 233.9 240.2 251.7",
		"바람수입 80.1 82.5 85.0 88.3 90.9",
	)
	oneLine := paras("< 세입 전망 > (조원) 구분 2023 2024 2025 2026 2027 누리수입 210.4 221.6 233.9 240.2 251.7 바람수입 80.1 82.5 85.0 88.3 90.9")
	cellRow := []document.Block{{Kind: document.KindTable, Page: 1, Text: "세입", Table: &document.Table{Rows: [][]document.Cell{
		{{Text: "구분"}, {Text: "’23년 ’24년 ’25년 ’26년 ’27년"}},
		{{Text: "누리수입"}, {Text: "210.4 221.6 233.9 240.2 251.7"}},
		{{Text: "바람수입"}, {Text: "80.1 82.5 85.0 88.3 90.9"}},
	}}}}
	runOneDocCases(t, []oneDocCase{
		{"header and row lines", lines, "2025년 세입 전망은?",
			`[{"구분":"누리수입","2025년(조원)":""},{"구분":"바람수입","2025년(조원)":""}]`,
			`[{"구분":"누리수입","2025년(조원)":"233.9"},{"구분":"바람수입","2025년(조원)":"85"}]`},
		{"apostrophe years without 년", paras("구분 ’23 ’24 ’25", "누리수입 210.4 221.6 233.9"), "2024년 세입은?",
			`[{"구분":"누리수입","2024년(조원)":""}]`,
			`[{"구분":"누리수입","2024년(조원)":"221.6"}]`},
		{"header line with words before its periods", paras("분류 지 표 (예 시) ’24년 ’28년", "▪누리 가입자수(만명) 412 530", "▪바람 이용률(%) 21 35"), "2028년 목표는?",
			`[{"지표":"누리 가입자수","2028년(만명)":""},{"지표":"바람 이용률","2028년(%)":""}]`,
			`[{"지표":"누리 가입자수","2028년(만명)":"530"},{"지표":"바람 이용률","2028년(%)":"35"}]`},
		{"table without dates under a header line", append(paras("분류 지 표 (예 시) ’24년 ’28년"), document.Block{Kind: document.KindTable, Page: 1, Text: "지표", Table: &document.Table{Rows: [][]document.Cell{
			{{Text: "▪누리 가입자수(만명)"}, {Text: "412"}, {Text: "530"}},
			{{Text: "▪바람 이용률(%)"}, {Text: "21"}, {Text: "35"}},
		}}}), "2028년 목표는?",
			`[{"지표":"바람 이용률","2028년(%)":""}]`,
			`[{"지표":"바람 이용률","2028년(%)":"35"}]`},
		{"two dated columns", lines, "세입 전망은?",
			`[{"구분":"누리수입","’24년":"","’27년":""}]`,
			`[{"구분":"누리수입","’24년":"221.6","’27년":"251.7"}]`},
		{"one line", oneLine, "2026년 세입 전망은?",
			`[{"구분":"누리수입","2026년(조원)":""},{"구분":"바람수입","2026년(조원)":""}]`,
			`[{"구분":"누리수입","2026년(조원)":"240.2"},{"구분":"바람수입","2026년(조원)":"88.3"}]`},
		{"a row in one cell", cellRow, "2025년 세입 전망은?",
			`[{"구분":"누리수입","25년(조원)":""}]`,
			`[{"구분":"누리수입","25년(조원)":"233.9"}]`},
		{"undated column never takes the run", cellRow, "세입 전망은?",
			`[{"구분":"누리수입","세입(조원)":""}]`,
			`[{"구분":"누리수입","세입(조원)":""}]`},
	})
}

// TestUnitBoundCells fills a column with a unit only with a value of that
// unit: points from a scoring table's header ("교육 실적 (40)"), never a
// money amount, never a magnitude the document does not write.
func TestUnitBoundCells(t *testing.T) {
	scoring := []document.Block{
		{Kind: document.KindParagraph, Page: 1, Text: "사업 총액은 5,640억원이며 평가는 다음 기준에 따른다."},
		{Kind: document.KindTable, Page: 1, Text: "평가 기준", Table: &document.Table{Rows: [][]document.Cell{
			{{Text: "교육 실적 (40)", ColSpan: 2}, {Text: "운영 체계 (35)", ColSpan: 2}, {Text: "확산 계획 (25)"}},
			{{Text: "수료율 (20)"}, {Text: "만족도 (20)"}, {Text: "인력 (15)"}, {Text: "시설 (20)"}, {Text: "연계 (25)"}},
			{{Text: ""}, {Text: ""}, {Text: ""}, {Text: ""}, {Text: ""}},
		}}},
	}
	prose := paras("지원 인원은 청년 1,200명, 중장년 800명이며 예산은 청년 3,420억원, 중장년 2,210억원이다.")
	runOneDocCases(t, []oneDocCase{
		{"points in a two-level header", scoring, "평가 항목별 배점은?",
			`[{"평가항목":"교육 실적","배점(점)":""},{"평가항목":"운영 체계","배점(점)":""},{"평가항목":"만족도","배점(점)":""}]`,
			`[{"평가항목":"교육 실적","배점(점)":"40"},{"평가항목":"운영 체계","배점(점)":"35"},{"평가항목":"만족도","배점(점)":"20"}]`},
		{"a points column never takes money", scoring, "사업 총액의 배점은?",
			`[{"구분":"사업 총액","배점(점)":""}]`,
			`[{"구분":"사업 총액","배점(점)":""}]`},
		{"points in parentheses in text", paras("평가는 서류 심사(60점)와 면접 (40점)으로 나누어 한다."), "배점은?",
			`[{"구분":"서류 심사","배점(점)":""},{"구분":"면접","배점(점)":""}]`,
			`[{"구분":"서류 심사","배점(점)":"60"},{"구분":"면접","배점(점)":"40"}]`},
		{"people and money by unit", prose, "대상별 지원 인원은?",
			`[{"구분":"청년","인원(명)":""},{"구분":"중장년","인원(명)":""}]`,
			`[{"구분":"청년","인원(명)":"1200"},{"구분":"중장년","인원(명)":"800"}]`},
		{"no magnitude multiplied out", paras("올해 예산은 청년 3,420억원, 중장년 2,210억원이다."), "대상별 예산은?",
			`[{"구분":"청년","예산":""}]`,
			`[{"구분":"청년","예산":"3420"}]`},
	})
}

// TestFormIn prints a quantity in a form column's unit: as written when
// the column names no unit, never a scaled amount without its unit in a
// points column.
func TestFormIn(t *testing.T) {
	tests := []struct {
		text string
		unit numbers.Unit
		want string // "" when it does not convert
	}{
		{"3,420억원", numbers.Unit{Scale: 1}, "3420"},
		{"45.1억 원", numbers.Unit{}, "45.1"},
		{"5천만 원", numbers.Unit{Base: "원", Scale: 1e4}, "5000"},
		{"3,420억원", numbers.Unit{Base: "원", Scale: 1e8}, "3420"},
		{"5,722억", numbers.Unit{Base: "점", Scale: 1}, ""},
		{"5,722억원", numbers.Unit{Base: "점", Scale: 1}, ""},
		{"40점", numbers.Unit{Base: "점", Scale: 1}, "40"},
		{"1,200명", numbers.Unit{Base: "명", Scale: 1}, "1200"},
	}
	for _, tt := range tests {
		q, ok := numbers.Parse(tt.text)
		if !ok {
			t.Fatalf("numbers.Parse(%q) failed", tt.text)
		}
		got, _ := formIn(q, tt.unit)
		if got != tt.want {
			t.Errorf("formIn(%q, %+v) = %q, want %q", tt.text, tt.unit, got, tt.want)
		}
	}
}

// TestRespectiveChanges maps a sentence that changes several rows at once
// ("A·B·C의 X를 각각 3→5%, …로 상향") to the rows in order, the side of
// the change the question asks.
func TestRespectiveChanges(t *testing.T) {
	arrows := paras("세법을 고쳐 소형·중형·대형 기업의 감면율을 각각 4→6%, 8→11%, 12→16%로 상향한다.")
	words := paras("앞으로 일반·우대 구간의 지원율을 각각 20%에서 30%로, 40%에서 55%로 높인다.")
	runOneDocCases(t, []oneDocCase{
		{"after, arrows", arrows, "상향된 기업 규모별 감면율은?",
			`[{"구분":"소형","감면율(%)":""},{"구분":"중형","감면율(%)":""},{"구분":"대형","감면율(%)":""}]`,
			`[{"구분":"소형","감면율(%)":"6"},{"구분":"중형","감면율(%)":"11"},{"구분":"대형","감면율(%)":"16"}]`},
		{"before, arrows", arrows, "기업 규모별 현행 감면율은?",
			`[{"구분":"소형","감면율(%)":""},{"구분":"중형","감면율(%)":""},{"구분":"대형","감면율(%)":""}]`,
			`[{"구분":"소형","감면율(%)":"4"},{"구분":"중형","감면율(%)":"8"},{"구분":"대형","감면율(%)":"12"}]`},
		{"both columns, words", words, "구간별 지원율 변화는?",
			`[{"구간":"일반","종전(%)":"","개정 후(%)":""},{"구간":"우대","종전(%)":"","개정 후(%)":""}]`,
			`[{"구간":"일반","종전(%)":"20","개정 후(%)":"30"},{"구간":"우대","종전(%)":"40","개정 후(%)":"55"}]`},
	})
}

// TestBoundNumbers reads the number a sentence binds to a row label (the
// label in its parentheses, or next to it), not another number of it.
func TestBoundNumbers(t *testing.T) {
	doc := paras("민원 답변은 3일(신고·일반문의), 9일(자료열람) 이내에 하며, 최종 처리기간은 21일이다.")
	split := append(paras("성과 배분은 대학 평가 결과에 따른다.", "(사업 규모) 2,000억 원"), document.Block{Kind: document.KindTable, Page: 1, Text: "배분 체계", Table: &document.Table{Rows: [][]document.Cell{
		{{Text: "일반 배분(1,200억 원)"}, {Text: "+"}, {Text: "성과 배분 (800억 원)"}},
	}}})
	runOneDocCases(t, []oneDocCase{
		{"amount in the parenthesis after the label", split, "사업비는 어떻게 배분되는가?",
			`[{"구분":"일반 배분","금액(억 원)":""},{"구분":"성과 배분","금액(억 원)":""}]`,
			`[{"구분":"일반 배분","금액(억 원)":"1200"},{"구분":"성과 배분","금액(억 원)":"800"}]`},
		{"number before the label's parenthesis", doc, "민원 유형별 답변 기한은?",
			`[{"유형":"신고","기한(일)":""},{"유형":"일반문의","기한(일)":""},{"유형":"자료열람","기한(일)":""}]`,
			`[{"유형":"신고","기한(일)":"3"},{"유형":"일반문의","기한(일)":"3"},{"유형":"자료열람","기한(일)":"9"}]`},
	})
}

// FuzzBoundValues checks that the readers of values bound to a label by
// layout (note lines, parentheses, change lists, flattened headers) never
// panic and return only text the passage writes.
func FuzzBoundValues(f *testing.F) {
	for _, s := range []string{"③ 체납 이력 확인 ※ 조회기관：누리청 징수과 ☎ 02-1", "3일(신고·일반문의), 9일(자료열람)", "소형·중형의 X를 각각 4→6%, 8→11%로", "구분 ’23년 ’24년 누리 1.5 2.5", "성과 배분 (800억 원)", "※", "(", ""} {
		f.Add(s, "신고")
	}
	f.Fuzz(func(t *testing.T, text, label string) {
		ps := []document.Passage{{Text: text, Page: 1}, {Text: text, Page: 1, Ordinal: 1}}
		if v, _, ok := noteBody(ps, label); ok && v == "" {
			t.Fatalf("noteBody(%q, %q) ok with no value", text, label)
		}
		boundNumber(ps, label, formColumn{Unit: numbers.Unit{Scale: 1}})
		parenValue(ps, label, numbers.Unit{Base: "원", Scale: 1e8})
		respectiveChange(ps, []string{label, "중형"}, 0, formColumn{}, "")
		inlineHeader(text)
		trailingHeader(ps, 1)
		numberRun(text)
	})
}
