package solve

import (
	"testing"

	"github.com/policyqa/policyqa/document"
)

// gridRef is a table of plain cells; "←" and "↑" repeat the cell left of
// or above them, as a merged cell reads in Grid.
func gridRef(caption string, rows ...[]string) tableRef {
	var cells [][]document.Cell
	for r, row := range rows {
		var cr []document.Cell
		for c, v := range row {
			switch v {
			case "←":
				v = row[c-1]
				rows[r][c] = v
			case "↑":
				v = rows[r-1][c]
				rows[r][c] = v
			}
			cr = append(cr, document.Cell{Text: v})
		}
		cells = append(cells, cr)
	}
	return tableRef{Table: &document.Table{Rows: cells}, Caption: caption}
}

// TestRangeCell: a bracket table's cell is found by the intervals (or the
// values) the question names: two interval axes paired with the question's
// intervals by the words before each, one interval axis with the value
// column the question names; open-ended and upper-only brackets; and no
// cell for a question without intervals or a table without them.
func TestRangeCell(t *testing.T) {
	bonus := gridRef("가산점 표",
		[]string{"", "←", "전체 참여율 (단위: %, 이상~미만)", "←", "←", "←"},
		[]string{"↑", "↑", "0~10", "10~20", "20~30", "30~"},
		[]string{"청년 참여율", "0~5", "1.0점", "1.5점", "2.0점", "2.5점"},
		[]string{"↑", "5~10", "-", "2.0점", "2.5점", "3.0점"},
		[]string{"↑", "10~", "-", "-", "3.0점", "3.5점"},
	)
	tax := gridRef("세율표",
		[]string{"과세표준", "세율", "누진공제"},
		[]string{"1,400만원 이하", "6%", "-"},
		[]string{"1,400만원 초과 5,000만원 이하", "15%", "126만원"},
		[]string{"5,000만원 초과 8,800만원 이하", "24%", "576만원"},
	)
	plain := gridRef("", []string{"구분", "2023년", "2024년"}, []string{"예산", "100", "120"})
	tests := []struct {
		table    tableRef
		question string
		want     string
	}{
		{bonus, "청년 참여율이 5% 이상 10% 미만이고 전체 참여율이 20% 이상 30% 미만이면 가산점은?", "2.5점"},
		{bonus, "전체 참여율이 20% 이상 30% 미만이고 청년 참여율이 5% 이상 10% 미만이면 가산점은?", "2.5점"},
		{bonus, "청년 참여율이 0% 이상 5% 미만, 전체 참여율이 30% 이상일 때 가산점은 몇 점인가?", "2.5점"},
		{bonus, "청년 참여율이 12%이고 전체 참여율이 35%이면 가산점은?", "3.5점"},
		{bonus, "청년 참여율이 3%이고 전체 참여율이 15%이면 가산점은?", "1.5점"},
		{tax, "과세표준이 3,000만원인 경우 세율은?", "15%"},
		{tax, "과세표준이 3,000만원인 경우 누진공제액은?", "126만원"},
		{tax, "과세표준 1,400만원 이하 구간의 세율은?", "6%"},
		{tax, "과세표준이 5,000만원 초과 8,800만원 이하이면 세율은 얼마인가?", "24%"},
		{tax, "과세표준 구간별 세율 중 가장 높은 것은?", ""},
		{plain, "예산이 100% 이상 증가한 해는?", ""},
	}
	for _, tt := range tests {
		m, ok := rangeCell([]tableRef{tt.table}, tt.question)
		got := ""
		if ok {
			got = m.Text
		}
		if got != tt.want {
			t.Errorf("%s = %q, want %q", tt.question, got, tt.want)
		}
	}
}

func TestHeaderRange(t *testing.T) {
	tests := []struct {
		cell string
		want numRange
		ok   bool
	}{
		{"5~10", numRange{5, 10, true, true}, true},
		{"10~", numRange{Lo: 10, HasLo: true}, true},
		{"~5", numRange{Hi: 5, HasHi: true}, true},
		{"5% 이상 10% 미만", numRange{5, 10, true, true}, true},
		{"20% 이상", numRange{Lo: 20, HasLo: true}, true},
		{"1,400만원 이하", numRange{Hi: 1400, HasHi: true}, true},
		{"1,400만원 초과 5,000만원 이하", numRange{1400, 5000, true, true}, true},
		{"-", numRange{}, false},
		{"유형1 + 유형2", numRange{}, false},
		{"2024년", numRange{}, false},
		{"3.2점", numRange{}, false},
	}
	for _, tt := range tests {
		got, ok := headerRange(tt.cell)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("headerRange(%q) = %+v, %v; want %+v, %v", tt.cell, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzQuestionRanges(f *testing.F) {
	for _, s := range []string{"5% 이상 10% 미만이면", "12%이고", "1,400만원 이하", "~5", "5~10%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range questionRanges(s) {
			if q.HasLo && q.HasHi && q.point {
				t.Errorf("%q: a value with two ends", s)
			}
		}
		headerRange(s)
	})
}
