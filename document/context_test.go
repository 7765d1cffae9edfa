package document

import (
	"reflect"
	"testing"
)

// TestLeadLines: the lines that head a block follow the outline of a
// Korean report (□ over ○ over -), skip notes, and stop at a heading or
// another table.
func TestLeadLines(t *testing.T) {
	p := func(text string) Block { return Block{Kind: KindParagraph, Text: text} }
	table := Block{Kind: KindTable, Table: &Table{Rows: [][]Cell{{{Text: "가"}, {Text: "1"}}}}}
	blocks := []Block{
		{Kind: KindHeading, Text: "Ⅱ. 추진 내용"}, // 0
		p("□ 사업 개요"),                          // 1
		p("◦ (대상) 시군구 12곳"),                   // 2
		p("- 인구 5만 명 미만 지역 우선"),               // 3
		p("※ 세부 기준은 별도 안내"),                   // 4
		p("- 재정자립도 하위 지역 포함"),                 // 5
		p("◦ 교육기관 현황 : 총 3개"),                 // 6
		p("* 대학 2, 민간 1"),                     // 7
		table,                                 // 8
		p("본문 문단은 글머리표 없이 이어지는 설명으로, 위의 표를 풀어 쓴 것이다."), // 9
		{Kind: KindHeading, Text: "Ⅲ. 향후 계획"},          // 10
		p("□ 후속 조치"), // 11
	}
	tests := []struct {
		i    int
		want []string
	}{
		{0, nil},
		{1, []string{"Ⅱ. 추진 내용"}},
		{2, []string{"□ 사업 개요"}},
		{3, []string{"□ 사업 개요", "◦ (대상) 시군구 12곳"}},
		{5, []string{"□ 사업 개요", "◦ (대상) 시군구 12곳"}},
		{8, []string{"□ 사업 개요", "◦ 교육기관 현황 : 총 3개"}},
		{9, nil}, // a table stops the walk
		{11, []string{"Ⅲ. 향후 계획"}},
	}
	for _, tt := range tests {
		if got := LeadLines(blocks, tt.i); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("LeadLines(%d) = %q, want %q", tt.i, got, tt.want)
		}
	}
	if got := TableCaption(blocks, 8); got != "◦ 교육기관 현황 : 총 3개" {
		t.Errorf("TableCaption = %q", got)
	}
	d := &Document{Blocks: blocks}
	if got := Title(d); got != "Ⅱ. 추진 내용" {
		t.Errorf("Title = %q", got)
	}
	if got := BlockContext(d, 3).String(); got != "Ⅱ. 추진 내용 / □ 사업 개요 / ◦ (대상) 시군구 12곳" {
		t.Errorf("BlockContext = %q", got)
	}
}

func TestBulletRank(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"□ 개요", 1}, {"■ 개요", 1}, {"◦ 항목", 2}, {"○ 항목", 2}, {"ㅇ 항목", 2},
		{"ㅇㅇ시", 0}, {"- 세부", 3}, {"· 세부", 3}, {"본문", 0}, {"", 0}, {"* 주석", 0},
	}
	for _, tt := range tests {
		if got := BulletRank(tt.text); got != tt.want {
			t.Errorf("BulletRank(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
