package solve

import (
	"testing"

	"github.com/policyqa/policyqa/document"
)

// TestComputeChartTable: a chart's table as package charts gives it
// (categories as rows, one value column with no name when the chart has
// one unnamed series) answers max/min by value or by category, "언제"
// included.
func TestComputeChartTable(t *testing.T) {
	table := func(rows ...[]string) tableRef {
		var cells [][]document.Cell
		for _, r := range rows {
			var row []document.Cell
			for _, v := range r {
				row = append(row, document.Cell{Text: v, RowSpan: 1, ColSpan: 1})
			}
			cells = append(cells, row)
		}
		return tableRef{Table: &document.Table{Caption: "추이", Rows: cells}}
	}
	years := table([]string{"", ""}, []string{"2021", "0.81"}, []string{"2022", "0.78"}, []string{"2023", "0.72"}, []string{"2024", "0.75"})
	kinds := table([]string{"", "백분율 (%)"}, []string{"주거비", "19.6"}, []string{"양육비", "43.9"}, []string{"교육비", "12.5"})
	for _, tc := range []struct {
		ref  tableRef
		q    string
		want string
	}{
		{years, "지표가 가장 낮았던 해는 언제인가?", "2023"},
		{years, "합계출산율이 가장 낮았던 해는 언제인가?", "2023"}, // a compound term, no sum
		{years, "지표의 합계는 얼마인가?", "3.06"},
		{years, "지표가 가장 높았던 값은 얼마인가?", "0.81"},
		{kinds, "비율이 가장 큰 항목은 무엇인가?", "양육비"},
		{kinds, "비율이 가장 작은 항목의 값은?", "12.5"},
	} {
		got, ok := computeTable(tc.ref, tc.q)
		if !ok || got.Value != tc.want {
			t.Errorf("%s: got %q (%v), want %q", tc.q, got.Value, ok, tc.want)
		}
	}
}
