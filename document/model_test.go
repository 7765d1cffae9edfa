package document

import (
	"reflect"
	"strings"
	"testing"
)

func TestGrid(t *testing.T) {
	tests := []struct {
		name  string
		table *Table
		want  [][]string
	}{
		{"nil", nil, nil},
		{"plain", &Table{Rows: [][]Cell{{{Text: "a"}, {Text: "b"}}, {{Text: "1"}, {Text: "2"}}}},
			[][]string{{"a", "b"}, {"1", "2"}}},
		{"colspan", &Table{Rows: [][]Cell{{{Text: "h", ColSpan: 2}}, {{Text: "1"}, {Text: "2"}}}},
			[][]string{{"h", "h"}, {"1", "2"}}},
		{"rowspan", &Table{Rows: [][]Cell{{{Text: "k", RowSpan: 2}, {Text: "x"}}, {{Text: "y"}}}},
			[][]string{{"k", "x"}, {"k", "y"}}},
		{"ragged", &Table{Rows: [][]Cell{{{Text: "a"}}, {{Text: "1"}, {Text: "2"}}}},
			[][]string{{"a", ""}, {"1", "2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.table.Grid(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Grid() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPassages(t *testing.T) {
	d := &Document{ID: "d1", Blocks: []Block{
		{Kind: KindHeading, Text: "1. 개요", Level: 1},
		{Kind: KindParagraph, Text: "  지원사업은   확대되었다. ", Section: []string{"1. 개요"}, Page: 2},
		{Kind: KindParagraph, Text: "   "},
		{Kind: KindTable, Text: "[표 1] 현황", Table: &Table{Rows: [][]Cell{
			{{Text: "유형"}, {Text: "개수"}},
			{{Text: "시내"}, {Text: "24"}},
		}}},
	}}
	ps := Passages(d)
	if len(ps) != 3 {
		t.Fatalf("got %d passages, want 3: %+v", len(ps), ps)
	}
	if ps[1].Text != "지원사업은 확대되었다." || ps[1].Section != "1. 개요" || ps[1].Page != 2 || ps[1].ID != "d1#1" {
		t.Errorf("paragraph passage = %+v", ps[1])
	}
	if !strings.Contains(ps[2].Text, "유형 개수 시내 24") || !strings.HasPrefix(ps[2].Text, "[표 1] 현황") {
		t.Errorf("table passage = %q", ps[2].Text)
	}
	// Each passage leads back to its block (the empty one is skipped).
	for i, want := range []int{0, 1, 3} {
		if ps[i].Block != want || d.Blocks[ps[i].Block].Kind != ps[i].Kind {
			t.Errorf("passage %d: block %d, want %d", i, ps[i].Block, want)
		}
	}
}

func TestNormalizeSpace(t *testing.T) {
	inputs := []string{
		"", " ", "a", " a ", "a  b", "a\tb\nc", "\u00a0가\u3000나 ", "가 나", "a \u200bb", "x\r\n\r\ny", "  \t", "a ",
		"\xff \xfe", "\xff  \xfe\t", "끝\u0085", " 이미 정상",
	}
	for _, in := range inputs {
		want := strings.Join(strings.Fields(in), " ")
		if got := NormalizeSpace(in); got != want {
			t.Errorf("NormalizeSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsNote(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"※ 조회기관: 중앙센터 ☎ 02-123-4567", true},
		{"※기업체의 경우 법인명칭 기록", true},
		{"* 사업관리비 제외 기준", true},
		{"** 전년 동월 대비", true},
		{"*(’23년) 12개 → (’24년) 18개", true},
		{"*3 이상은 제외", false},
		{"*) 표시는 추정치", false},
		{"**** 구분선", false},
		{"□ 추진 배경", false},
		{"- 세부 내용", false},
		{"주요 내용 ※ 참고", false},
	}
	for _, tt := range tests {
		if got := IsNote(tt.text); got != tt.want {
			t.Errorf("IsNote(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestPassagesNotes: a note line joins the item it annotates; a note
// after a heading or a table, or at the start, stays a passage of its own.
func TestPassagesNotes(t *testing.T) {
	p := func(text string) Block { return Block{Kind: KindParagraph, Text: text} }
	tests := []struct {
		name   string
		blocks []Block
		want   []string
	}{
		{"note joins its item", []Block{p("③ 처분 여부를 조회하여 기재"), p("※ 조회기관: 중앙센터 ☎ 02-123-4567"), p("④ 다음 항목")},
			[]string{"③ 처분 여부를 조회하여 기재\n※ 조회기관: 중앙센터 ☎ 02-123-4567", "④ 다음 항목"}},
		{"several notes", []Block{{Kind: KindListItem, Text: "◦ 지원 대상 확대"}, p("* 소득 기준 완화"), p("** 중위소득 150%")},
			[]string{"◦ 지원 대상 확대\n* 소득 기준 완화\n** 중위소득 150%"}},
		{"note first", []Block{p("※ 단위: 억 원"), p("본문")}, []string{"※ 단위: 억 원", "본문"}},
		{"after heading", []Block{{Kind: KindHeading, Text: "1. 개요"}, p("※ 참고")}, []string{"1. 개요", "※ 참고"}},
		{"after table", []Block{{Kind: KindTable, Table: &Table{Rows: [][]Cell{{{Text: "a"}}, {{Text: "1"}}}}}, p("* 잠정치")},
			[]string{"a 1", "* 잠정치"}},
		{"not a note", []Block{p("첫 문단"), p("*3 이상")}, []string{"첫 문단", "*3 이상"}},
		{"comma continues", []Block{p("⑤ 명단공개 여부를 조회"), p("※ 가세: 가청 가과(☎ 02-111-2222),"), p("나세: 나청 나과,"), p("다세: 다부 다과"), p("⑥ 다음 항목")},
			[]string{"⑤ 명단공개 여부를 조회\n※ 가세: 가청 가과(☎ 02-111-2222),\n나세: 나청 나과,\n다세: 다부 다과", "⑥ 다음 항목"}},
		{"comma before a new item", []Block{p("첫째 항목,"), p("② 둘째 항목"), p("ㅇ 셋째,"), p("- 넷째"), p("다섯째,"), p("(1) 여섯째"), p("일곱째,"), p("가. 여덟째"), p("아홉째,"), p("1.5%가 늘었다")},
			[]string{"첫째 항목,", "② 둘째 항목", "ㅇ 셋째,", "- 넷째", "다섯째,", "(1) 여섯째", "일곱째,", "가. 여덟째", "아홉째,\n1.5%가 늘었다"}},
		{"middle dot continues", []Block{{Kind: KindListItem, Text: "◦ (요금 지원) 영세 사업자 10만명의 상반기 가정용·"}, p("업무용 수도요금 감면(총 50억원)"), p("◦ 다음 항목")},
			[]string{"◦ (요금 지원) 영세 사업자 10만명의 상반기 가정용· 업무용 수도요금 감면(총 50억원)", "◦ 다음 항목"}},
		{"및 and an open parenthesis continue", []Block{p("교육 및"), p("훈련 지원(대상: 청년,"), p("경력단절 여성)"), p("다음 문단")},
			[]string{"교육 및 훈련 지원(대상: 청년,\n경력단절 여성)", "다음 문단"}},
		{"closed parenthesis, no join", []Block{p("지원 확대(’24년)"), p("둘째 문단")}, []string{"지원 확대(’24년)", "둘째 문단"}},
		{"no comma, no join", []Block{p("첫 문단."), p("둘째 문단")}, []string{"첫 문단.", "둘째 문단"}},
		{"not across a heading", []Block{p("목록 가,"), {Kind: KindHeading, Text: "2. 다음"}}, []string{"목록 가,", "2. 다음"}},
		{"bounded", []Block{p("목록"), p("* " + strings.Repeat("가", 600)), p("* " + strings.Repeat("나", 600))},
			[]string{"목록\n* " + strings.Repeat("가", 600), "* " + strings.Repeat("나", 600)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := Passages(&Document{ID: "d", Blocks: tt.blocks})
			var got []string
			for i, p := range ps {
				got = append(got, p.Text)
				if p.Ordinal != i || p.ID != PassageID("d", i) {
					t.Errorf("passage %d: ordinal %d id %s", i, p.Ordinal, p.ID)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("passages %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLinearizeTable: every row reads as its cells in order, so a row
// quoted from the table (white space aside) is found in the passage.
func TestLinearizeTable(t *testing.T) {
	c := func(s string) Cell { return Cell{Text: s} }
	tests := []struct {
		name    string
		table   *Table
		caption string
		want    string
	}{
		{"nil", nil, "캡션", "캡션"},
		{"header and rows", &Table{Rows: [][]Cell{{c("구분"), c("’23년"), c("’24년")}, {c("부담률"), c("23.2"), c("20.9")}, {c("(비중)"), c("(53.3)"), c("(53.0)")}}},
			"< 전망 >", "< 전망 >\n구분 ’23년 ’24년\n부담률 23.2 20.9\n(비중) (53.3) (53.0)\n"},
		{"caption from table", &Table{Caption: "[표 2]", Rows: [][]Cell{{c("a"), c("b")}}}, "", "[표 2]\na b\n"},
		{"merged cells once", &Table{Rows: [][]Cell{{{Text: "구분", RowSpan: 2}, {Text: "예산", ColSpan: 2}}, {c("본예산"), c("추경")}, {c("합계"), c("10"), c("12")}}},
			"", "구분 예산\n구분 본예산 추경\n합계 10 12\n"},
		{"empty cells skipped", &Table{Rows: [][]Cell{{c("성명"), c(""), c("직위")}, {c(" 김  영 "), c(""), c("과장")}}}, "", "성명 직위\n김 영 과장\n"},
		{"nested", &Table{Rows: [][]Cell{{{Text: "바깥", Nested: []*Table{{Rows: [][]Cell{{c("안"), c("1")}}}}}}}}, "", "바깥\n안 1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LinearizeTable(tt.table, tt.caption); got != tt.want {
				t.Errorf("LinearizeTable = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPageCount: the page count where the format gives one (PDF), else
// the last page the blocks' page breaks reach, else 0.
func TestPageCount(t *testing.T) {
	for _, tt := range []struct {
		name string
		d    Document
		want int
	}{
		{"pdf", Document{Format: FormatPDF, Pages: 4, Blocks: []Block{{Page: 1}, {Page: 2}}}, 4},
		{"odt with page breaks", Document{Format: FormatODT, Blocks: []Block{{Page: 1}, {Page: 3}, {Page: 2}}}, 3},
		{"hwp with page breaks", Document{Format: FormatHWP, Blocks: []Block{{Page: 1}, {Page: 12}}}, 12},
		{"no page information", Document{Format: FormatODT, Blocks: []Block{{}, {}}}, 0},
		{"empty", Document{}, 0},
	} {
		if got := tt.d.PageCount(); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}
