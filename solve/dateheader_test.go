package solve

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
)

// TestHeaderPeriods: a text line is a table header when its words are
// dates in order (kind 3 of issue 19).
func TestHeaderPeriods(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{"구분 ’22년 ’23년 ’24년 ’25년 연평균", "2022 2023 2024 2025"},
		{"2021 2022 2023(잠정)", "2021 2022 2023"},
		{"21년 22년 23년", "2021 2022 2023"},
		{"1분기 2분기 3분기 4분기", "-Q1 -Q2 -Q3 -Q4"},
		{"항목 1월 2월 3월", "-01 -02 -03"},
		{"2024년 계획은 2023년 실적을 바탕으로 세운다", ""},
		{"’25년 ’23년", ""},
		{"재정지출 638.7 656.9", ""},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range headerPeriods(tt.line) {
			got = append(got, p.String())
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("headerPeriods(%q) = %q, want %q", tt.line, g, tt.want)
		}
	}
}

// TestAlignRow: numbers of a text-laid row are dated column by column, a
// parenthesised sub-row too.
func TestAlignRow(t *testing.T) {
	header := headerPeriods("’22년 ’23년 ’24년 연평균")
	pts := alignRow("120.5 130.0 141.2 8.3 (비중) (40.1) (41.0) (42.2)", header)
	var got []string
	for _, p := range pts {
		got = append(got, p.Q.Text+"@"+p.When.String())
	}
	want := "120.5@2022 130.0@2023 141.2@2024 8.3@ 40.1@2022 41.0@2023 42.2@2024"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("alignRow = %q, want %q", g, want)
	}
}

// TestPeriodFit: header dates are compared as dates.
func TestPeriodFit(t *testing.T) {
	want := questionPeriods("2024년 예산은?")
	for header, fit := range map[string]float64{"’24": 1, "2024년(억원)": 1, "24년": 1, "’23": -1, "’24.6월": 0.5, "비고": 0} {
		if got := periodFit(want, header); got != fit {
			t.Errorf("periodFit(2024, %q) = %v, want %v", header, got, fit)
		}
	}
}

// dateTableSolver holds a report with a table whose columns are years, the
// same figures laid out as text lines (as PDFs give them), and a dated
// series in a sentence.
func dateTableSolver() *Solver {
	grid := func(rows ...[]string) *document.Table {
		t := &document.Table{}
		for _, r := range rows {
			var cells []document.Cell
			for _, c := range r {
				cells = append(cells, document.Cell{Text: c})
			}
			t.Rows = append(t.Rows, cells)
		}
		return t
	}
	tbl := grid(
		[]string{"구분", "’22년", "’23년", "’24년", "’25년", "연평균"},
		[]string{"총사업비", "410.2", "425.0", "447.8", "460.1", "3.9"},
		[]string{"(증가율)", "(2.0)", "(3.6)", "(5.4)", "(2.7)", ""},
		[]string{"운영비", "120.5", "130.0", "141.2", "150.3", "7.6"},
	)
	tbl.Caption = "<중기 사업비 계획> (단위: 억원, %)"
	doc := &document.Document{ID: "d1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "중기 사업비는 연평균 3.9% 늘어난다.", Page: 3},
		{Kind: document.KindTable, Text: tbl.Caption, Table: tbl, Page: 3},
	}}
	text := &document.Document{ID: "d2", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "< 시설별 정비 물량 > (단위: 개소)", Page: 5},
		{Kind: document.KindParagraph, Text: "구분 2021 2022 2023 2024", Page: 5},
		{Kind: document.KindParagraph, Text: "ㅇ 하천 정비 12 15 19 24", Page: 5},
		{Kind: document.KindParagraph, Text: "ㅇ 저수지 보강 7 9 9 11", Page: 5},
		{Kind: document.KindParagraph, Text: "쉼터는 8곳(’22.3월) → 11곳(’22.9월) → 19곳(’23.3월)으로 늘었다.", Page: 6},
	}}
	docs := fakeDocs{"d1": doc, "d2": text}
	ps := append(document.Passages(doc), document.Passages(text)...)
	return &Solver{Retriever: fakeIndex{ps: ps}, Docs: docs, Refs: docs}
}

// TestDateColumns: the column (or text-laid column, or series point) of
// the date a question names is the one read (kind 3).
func TestDateColumns(t *testing.T) {
	s := dateTableSolver()
	ctx := context.Background()
	forms := []struct {
		name, doc, question, form, want string
	}{
		{"table column by year", "d1", "2024년 사업비 규모는 각각 얼마인가?",
			`[{"구분":"총사업비","2024년(억원)":""},{"구분":"운영비","2024년(억원)":""}]`,
			`[{"구분":"총사업비","2024년(억원)":"447.8"},{"구분":"운영비","2024년(억원)":"141.2"}]`},
		{"parenthesised sub-row", "d1", "총사업비 증가율은?",
			`[{"구분":"총사업비 증가율","’23년":""}]`,
			`[{"구분":"총사업비 증가율","’23년":"3.6"}]`},
		{"text-laid table", "d2", "2023년 시설별 정비 물량은?",
			`[{"시설":"하천 정비","개소":""},{"시설":"저수지 보강","개소":""}]`,
			`[{"시설":"하천 정비","개소":"19"},{"시설":"저수지 보강","개소":"9"}]`},
	}
	for _, tt := range forms {
		t.Run(tt.name, func(t *testing.T) {
			var rows []dataset.FormRow
			if err := json.Unmarshal([]byte(tt.form), &rows); err != nil {
				t.Fatal(err)
			}
			ans, err := s.Solve(ctx, dataset.Problem{ProblemNo: "1", TaskNo: "2", DocFile: tt.doc, Question: tt.question, AnswerForm: rows})
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := json.Marshal(ans.Value); string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	t.Run("ref table by year", func(t *testing.T) {
		ans, err := s.Solve(ctx, dataset.Problem{ProblemNo: "2", TaskNo: "3", RefFile: "d1", Question: "2025년 운영비는 얼마인가?"})
		if err != nil || ans.Value != "150.3" {
			t.Errorf("got %v, %v; want 150.3", ans.Value, err)
		}
	})
	collection := []struct{ question, want string }{
		{"2023년 운영비는 얼마인가?", "130"},
		{"2022년에 비해 2024년 운영비는 얼마나 늘어나는가?", "20.7"},
		{"’22년 9월 기준 쉼터는 몇 곳인가?", "11곳"},
		{"2021년에 비해 2024년 하천 정비 물량은 얼마나 늘어나는가?", "12"},
		{"2022년 저수지 보강 물량은 몇 개소인가?", "9"},
	}
	for _, tt := range collection {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := s.Solve(ctx, dataset.Problem{ProblemNo: "3", TaskNo: "4", Question: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(ans.Value.(string), tt.want) {
				t.Errorf("got %q, want %q", ans.Value, tt.want)
			}
		})
	}
}

// TestColumnPeriods: months under a year written only over the first of
// its columns take that year.
func TestColumnPeriods(t *testing.T) {
	grid := [][]string{
		{"구분", "’22년", "’23년", "", "’24년", "", ""},
		{"구분", "’22년", "’23년", "12월", "’24년", "1월", "2월"},
		{"발행액", "10", "11", "1", "12", "2", "3"},
	}
	var got []string
	for _, p := range columnPeriods(grid, 2, 1)[1:] {
		got = append(got, p.String())
	}
	if g := strings.Join(got, " "); g != "2022 2023 2023-12 2024 2024-01 2024-02" {
		t.Errorf("columnPeriods = %q", g)
	}
	tb := &document.Table{}
	for _, r := range grid {
		var cs []document.Cell
		for _, c := range r {
			cs = append(cs, document.Cell{Text: c})
		}
		tb.Rows = append(tb.Rows, cs)
	}
	m, _ := lookupCell([]tableRef{{Table: tb}}, "발행액", "2024년 1월 발행액", true)
	if m.Text != "2" {
		t.Errorf("2024년 1월 발행액 = %q, want 2", m.Text)
	}
}
