package solve

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/hwp"
	"github.com/policyqa/policyqa/document/odt"
	"github.com/policyqa/policyqa/internal/hwptest"
)

// cell is one cell of a written table: its text and spans (0 means 1).
// A table row lists only the cells that start in it, as ODF fragments and
// HWP cell lists do; spanned positions are left out.
type cell struct {
	text     string
	rs, cs   int
	row, col int // HWP address, filled by hwpCells
}

func c(text string) cell                { return cell{text: text} }
func span(text string, rs, cs int) cell { return cell{text: text, rs: rs, cs: cs} }

// odtFragment writes a table the way the challenge's ref files are: a
// caption paragraph of spans, then a table:table whose rows hold their
// own cells with their spans and no covered cells.
func odtFragment(caption string, rows [][]cell) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<text:p text:style-name=\"Paragraph-1\">\n<text:span text:style-name=\"p1-1\">%s</text:span>\n</text:p>\n<text:p text:style-name=\"Paragraph-2\"/>\n", html.EscapeString(caption))
	width := 0
	for _, c := range rows[0] {
		width += max(c.cs, 1)
	}
	fmt.Fprintf(&b, "<table:table table:style-name=\"Table-1\">\n<table:table-column table:number-columns-repeated=\"%d\"/>\n", width)
	for _, row := range rows {
		b.WriteString("<table:table-row>\n")
		for _, c := range row {
			fmt.Fprintf(&b, "<table:table-cell table:number-columns-spanned=\"%d\" table:number-rows-spanned=\"%d\">\n", max(c.cs, 1), max(c.rs, 1))
			for _, line := range strings.Split(c.text, "\n") {
				fmt.Fprintf(&b, "<text:p text:style-name=\"P\">\n<text:span text:style-name=\"s\">%s</text:span>\n</text:p>\n", html.EscapeString(line))
			}
			b.WriteString("</table:table-cell>\n")
		}
		b.WriteString("</table:table-row>\n")
	}
	b.WriteString("</table:table>\n")
	return b.String()
}

// hwpTable lays the cells out by address for hwptest (the positions a
// span covers are skipped, as in an HWP cell list).
func hwpTable(caption string, rows [][]cell) *hwptest.Table {
	taken := map[[2]int]bool{}
	t := &hwptest.Table{Rows: len(rows), Caption: caption}
	for r, row := range rows {
		col := 0
		for _, c := range row {
			for taken[[2]int{r, col}] {
				col++
			}
			rs, cs := max(c.rs, 1), max(c.cs, 1)
			for dr := 0; dr < rs; dr++ {
				for dc := 0; dc < cs; dc++ {
					taken[[2]int{r + dr, col + dc}] = true
				}
			}
			t.Cells = append(t.Cells, hwptest.Cell{Row: r, Col: col, RowSpan: rs, ColSpan: cs, Paras: []hwptest.Para{{Text: c.text}}})
			col += cs
			t.Cols = max(t.Cols, col)
		}
	}
	return t
}

// Tables of our own with derived values and two-level headers.
var (
	// Unit cost × quantity = amount, and a total row.
	purchaseTable = [][]cell{
		{c("구분"), c("단가(천원)"), c("수량(대)"), c("금액(천원)")},
		{c("복합기"), c("1,200"), c("3"), c("3,600")},
		{c("노트북"), c("1,500"), c("8"), c("12,000")},
		{c("모니터"), c("250"), c("10"), c("2,500")},
		{c("합계"), c("-"), c("21"), c("18,100")},
	}
	// Items, subtotals per source of funds, a grand total.
	fundsTable = [][]cell{
		{c("재원"), c("항목"), c("2023년"), c("2024년")},
		{span("국비", 3, 1), c("인건비"), c("100"), c("120")},
		{c("운영비"), c("50"), c("60")},
		{c("소계"), c("150"), c("180")},
		{span("지방비", 2, 1), c("인건비"), c("40"), c("45")},
		{c("소계"), c("40"), c("45")},
		{span("합계", 1, 2), c("190"), c("225")},
	}
	// Years over 당해/누계 sub-columns.
	supplyTable = [][]cell{
		{span("구분", 2, 1), span("2023년", 1, 2), span("2024년", 1, 2)},
		{c("당해"), c("누계"), c("당해"), c("누계")},
		{c("태양광"), c("120"), c("850"), c("140"), c("990")},
		{c("풍력"), c("15"), c("90"), c("20"), c("110")},
	}
	// 계획/실적 over year sub-columns.
	planTable = [][]cell{
		{span("구분", 2, 1), span("계획", 1, 2), span("실적", 1, 2)},
		{c("’23"), c("’24"), c("’23"), c("’24")},
		{c("교육(명)"), c("500"), c("600"), c("480"), c("650")},
		{c("상담(건)"), c("1,000"), c("1,200"), c("950"), c("1,300")},
	}
)

// refSolver parses each table from its ODF fragment (refs "<name>") and
// from an HWP 5 and an HWPX document (docs "<name>_hwp", "<name>_hwpx":
// served as refs too).
func refSolver(t *testing.T) *Solver {
	t.Helper()
	ctx := context.Background()
	tables := map[string]struct {
		caption string
		rows    [][]cell
	}{
		"purchase": {"[표 3-1] 품목별 구입 계획", purchaseTable},
		"funds":    {"<표 2> 재원별 사업비", fundsTable},
		"supply":   {"<표 3> 에너지원별 보급 실적", supplyTable},
		"plan":     {"<표 4> 사업 계획 대비 실적", planTable},
	}
	docs := fakeDocs{}
	for name, tb := range tables {
		blocks, err := odt.ParseTableXML(ctx, strings.NewReader(odtFragment(tb.caption, tb.rows)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs[name] = &document.Document{ID: name, Blocks: blocks}
		for kind, write := range map[string]func(hwptest.Doc) ([]byte, error){"hwp": hwptest.HWP, "hwpx": hwptest.HWPX} {
			data, err := write(hwptest.Doc{Paras: []hwptest.Para{{Text: "사업 현황"}, {Text: tb.caption}, {Table: hwpTable("", tb.rows)}}})
			if err != nil {
				t.Fatal(err)
			}
			d, err := hwp.Parse(ctx, bytes.NewReader(data), int64(len(data)), hwp.Options{})
			if err != nil {
				t.Fatalf("%s %s: %v", name, kind, err)
			}
			d.ID = name + "_" + kind
			docs[d.ID] = d
		}
	}
	return &Solver{Docs: docs, Refs: docs}
}

// TestDerivedCells: a value the table holds (an amount = unit cost ×
// quantity, a subtotal, a total) is read from its cell, never recomputed
// from rows that include subtotals; a sum, difference, ratio or growth
// the table does not hold is computed from the cells the question names,
// and the evidence shows them.
func TestDerivedCells(t *testing.T) {
	s := refSolver(t)
	tests := []struct {
		ref, question, want string
		cells               []string // phrases of the evidence note ("" cell read)
	}{
		{"purchase", "노트북 구입 금액은 얼마인가?", "12000", nil},
		{"purchase", "품목별 구입 계획의 금액 합계는?", "18100", nil},
		{"purchase", "구입 수량의 합계는 몇 대인가?", "21", nil},
		{"purchase", "복합기 금액이 합계 금액에서 차지하는 비율은?", "19.89", []string{"복합기", "3,600", "18,100"}},
		{"purchase", "노트북 금액은 복합기 금액의 몇 배인가?", "3.33", []string{"노트북", "복합기"}},
		{"purchase", "노트북과 모니터의 금액 차이는?", "9500", []string{"12,000", "2,500"}},
		{"funds", "2024년 국비 소계는 얼마인가?", "180", nil},
		{"funds", "2024년 국비 합계는 얼마인가?", "180", nil},
		{"funds", "2023년 지방비 합계는?", "40", nil},
		{"funds", "2024년 사업비 합계는?", "225", nil},
		{"funds", "2023년 대비 2024년 국비 소계 증가율은?", "20", []string{"150", "180"}},
		{"funds", "국비 인건비는 2023년에 비해 2024년에 얼마나 증가했는가?", "20", []string{"100", "120"}},
		{"funds", "2024년 국비 인건비와 운영비의 합은?", "180", nil},
		{"funds", "2024년 국비 운영비와 지방비 인건비의 합계는?", "105", []string{"60", "45"}},
	}
	for _, tt := range tests {
		for _, ref := range []string{tt.ref, tt.ref + "_hwp", tt.ref + "_hwpx"} {
			ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "3", RefFile: ref, Question: tt.question})
			if err != nil {
				t.Errorf("%s %s: %v", ref, tt.question, err)
				continue
			}
			if ans.Value != tt.want {
				t.Errorf("%s %s = %q, want %q", ref, tt.question, ans.Value, tt.want)
			}
			if len(ans.Evidence) == 0 {
				t.Errorf("%s %s: no evidence", ref, tt.question)
				continue
			}
			if ref == tt.ref && ans.Evidence[0].Note != "" {
				t.Logf("%s %s = %s: %s", ref, tt.question, ans.Value, ans.Evidence[0].Note)
			}
			for _, p := range tt.cells {
				if !strings.Contains(ans.Evidence[0].Note, p) {
					t.Errorf("%s %s: evidence note %q lacks %q", ref, tt.question, ans.Evidence[0].Note, p)
				}
			}
		}
	}
}

// TestTwoLevelHeaders: a column under a group header (a year over
// 당해/누계, 계획/실적 over years) is the one both levels name.
func TestTwoLevelHeaders(t *testing.T) {
	s := refSolver(t)
	tests := []struct {
		ref, question, want string
	}{
		{"supply", "2024년 태양광 누계 보급 실적은?", "990"},
		{"supply", "2023년 풍력 당해 보급 실적은?", "15"},
		{"supply", "풍력의 2023년 누계는?", "90"},
		{"supply", "태양광 2024년 당해 실적은 얼마인가?", "140"},
		{"supply", "2024년 풍력 누계는 2023년 누계보다 얼마나 많은가?", "20"},
		{"supply", "2023년 태양광과 풍력의 누계 합계는?", "940"},
		{"plan", "2024년 교육 실적은 몇 명인가?", "650"},
		{"plan", "2023년 상담 계획은 몇 건인가?", "1000"},
		{"plan", "상담의 ’24년 실적은?", "1300"},
		{"plan", "2024년 상담 계획 대비 실적 비율은?", "108.33"},
	}
	for _, tt := range tests {
		for _, ref := range []string{tt.ref, tt.ref + "_hwp", tt.ref + "_hwpx"} {
			ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "3", RefFile: ref, Question: tt.question})
			if err != nil {
				t.Errorf("%s %s: %v", ref, tt.question, err)
				continue
			}
			if ans.Value != tt.want {
				t.Errorf("%s %s = %q, want %q", ref, tt.question, ans.Value, tt.want)
			}
		}
	}
}

// TestTablesInDocuments asks task-4 questions of the same tables inside
// an HWPX report: the two header levels and the derived values hold
// there too, and the evidence is the table.
func TestTablesInDocuments(t *testing.T) {
	ctx := context.Background()
	data, err := hwptest.HWPX(hwptest.Doc{Paras: []hwptest.Para{
		{Text: "1. 추진 실적", Outline: 1},
		{Text: "신재생에너지 보급은 해마다 늘었다."},
		{Text: "<표 3> 에너지원별 보급 실적"},
		{Table: hwpTable("", supplyTable)},
		{Text: "2. 사업비", Outline: 1},
		{Text: "<표 2> 재원별 사업비"},
		{Table: hwpTable("", fundsTable)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := hwp.Parse(ctx, bytes.NewReader(data), int64(len(data)), hwp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.ID = "report"
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(d)}, Docs: fakeDocs{"report": d}}
	tests := []struct{ question, want string }{
		{"2024년 태양광 누계 보급 실적은 얼마인가?", "990"},
		{"2023년 풍력 당해 보급 실적은 얼마인가?", "15"},
		{"2024년 국비 소계는 얼마인가?", "180"},
		{"2024년 국비 합계는 얼마인가?", "180"},
		{"2023년 대비 2024년 국비 소계 증가율은 얼마인가?", "20"},
	}
	for _, tt := range tests {
		ans, err := s.Solve(ctx, dataset.Problem{ProblemNo: "1", TaskNo: "4", Question: tt.question})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Value != tt.want {
			t.Errorf("%s = %q, want %q", tt.question, ans.Value, tt.want)
		}
		if len(ans.Evidence) == 0 || ans.Evidence[0].Kind != document.KindTable {
			t.Errorf("%s: evidence %+v, want the table first", tt.question, ans.Evidence)
		}
	}
}
