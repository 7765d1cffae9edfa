package solve

import (
	"regexp"
	"strconv"
	"strings"
)

// Bracket tables (가점표, 배점표, 세율표, 요율표) label their rows or
// columns, or both, with intervals ("5~10", "10~", "1,200만원 이하",
// "20% 이상"), and a question names the interval or a value inside it
// ("유형1 비율이 5% 이상 10% 미만이고 … 15% 이상 20% 미만이면 가점은?",
// "비율이 12%이면"). Word matching cannot tell "5~10" from "10~15"; the
// cell is found by the numbers instead.

// numRange is an interval [Lo, Hi) of a header or a question; an end is
// missing when its Has flag is false ("10~", "5% 미만").
type numRange struct {
	Lo, Hi       float64
	HasLo, HasHi bool
}

// rangeUnit is a unit a bracket may carry after its numbers.
const rangeUnit = `(?:\s*(?:%|％|점|명|개|세|년|배|만원|억원|원|건|회|시간|일|개월))?`

// rangeNum is a number as brackets write it ("1,200", "5", "2.5").
const rangeNum = `(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)`

var (
	// headerRangeRe is a whole header cell that is an interval: "5~10",
	// "10~", "~5", "5% 이상 10% 미만", "20% 이상", "5 미만", "5–10%".
	headerRangeRe = regexp.MustCompile(`^` + rangeNum + `?` + rangeUnit + `\s*(?:[~∼～\-–]|이상|초과)\s*` + `(?:` + rangeNum + rangeUnit + `\s*(?:미만|이하)?)?$`)
	// headerUpperRe is "5 미만", "1,200만원 이하".
	headerUpperRe = regexp.MustCompile(`^` + rangeNum + rangeUnit + `\s*(?:미만|이하)$`)
	// questionRangeRe finds an interval a question names: "5% 이상 10%
	// 미만", "5~10%", "20% 이상", "5% 미만".
	questionRangeRe = regexp.MustCompile(rangeNum + rangeUnit + `\s*(?:(?:이상|초과)\s*(?:` + rangeNum + rangeUnit + `\s*(?:미만|이하))?|[~∼～]\s*` + rangeNum + rangeUnit + `|(?:미만|이하))`)
	// questionPointRe finds a value a question states of a bracket's
	// quantity: a number with a unit followed by a condition ("12%이면",
	// "7%이고", "3천만원인 경우").
	questionPointRe = regexp.MustCompile(rangeNum + `\s*(%|％|점|명|개|세|배|만원|억원|원|건|회)\s*(?:이면|이고|이며|일 때|인 경우|인|,)`)
)

func parseNum(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return v, err == nil
}

// headerRange reads a header cell as an interval; ok is false when the
// cell is anything else.
func headerRange(cell string) (numRange, bool) {
	cell = strings.TrimSpace(cell)
	if m := headerUpperRe.FindStringSubmatch(cell); m != nil {
		v, _ := parseNum(m[1])
		return numRange{Hi: v, HasHi: true}, true
	}
	m := headerRangeRe.FindStringSubmatch(cell)
	if m == nil || m[1] == "" && m[2] == "" {
		return numRange{}, false
	}
	var r numRange
	if m[1] != "" {
		r.Lo, r.HasLo = parseNum(m[1])
	}
	if m[2] != "" {
		r.Hi, r.HasHi = parseNum(m[2])
	}
	return r, true
}

// questionRange is an interval or a value a question names, with the
// words before it (what it measures: "유형1 비율이").
type questionRange struct {
	numRange
	point   bool // a value, not an interval
	context string
}

// questionRanges finds the intervals a question names, in order; when it
// names none, the values it states with a condition ("12%이면").
func questionRanges(q string) []questionRange {
	var out []questionRange
	prev := 0
	for _, loc := range questionRangeRe.FindAllStringSubmatchIndex(q, -1) {
		text := q[loc[0]:loc[1]]
		var r numRange
		a, _ := parseNum(q[loc[2]:loc[3]])
		switch {
		case strings.Contains(text, "미만") && loc[4] < 0 && loc[6] < 0 || strings.Contains(text, "이하") && loc[4] < 0 && loc[6] < 0:
			r = numRange{Hi: a, HasHi: true}
		default:
			r = numRange{Lo: a, HasLo: true}
			for _, g := range []int{4, 6} {
				if loc[g] >= 0 {
					r.Hi, r.HasHi = parseNum(q[loc[g]:loc[g+1]])
				}
			}
		}
		out = append(out, questionRange{numRange: r, context: q[prev:loc[0]]})
		prev = loc[1]
	}
	if len(out) > 0 {
		return out
	}
	for _, loc := range questionPointRe.FindAllStringSubmatchIndex(q, -1) {
		v, _ := parseNum(q[loc[2]:loc[3]])
		out = append(out, questionRange{numRange: numRange{Lo: v, HasLo: true}, point: true, context: q[prev:loc[0]]})
		prev = loc[1]
	}
	return out
}

// fits reports whether a question's interval is the header's (same ends)
// or its value lies in it (lower end included, upper excluded: the
// 이상~미만 reading brackets print by default).
func (q questionRange) fits(h numRange) bool {
	if q.point {
		return (!h.HasLo || q.Lo >= h.Lo) && (!h.HasHi || q.Lo < h.Hi)
	}
	return q.HasLo == h.HasLo && (!q.HasLo || q.Lo == h.Lo) && q.HasHi == h.HasHi && (!q.HasHi || q.Hi == h.Hi)
}

// rangeAxis is a run of interval labels along a table's rows (a label
// column) or columns (a header row): where each interval sits, and the
// words naming the quantity (the cells before or above them).
type rangeAxis struct {
	at     []int // row (for a label column) or column (for a header row)
	ranges []numRange
	name   string
}

// rangeAxes finds in a grid a header row (among the first three) and a
// label column (among the first three) holding two or more intervals.
func rangeAxes(grid [][]string) (rows, cols rangeAxis, rowCol, colRow int) {
	rowCol, colRow = -1, -1
	for r := 0; r < min(3, len(grid)) && colRow < 0; r++ {
		var ax rangeAxis
		for c, cell := range grid[r] {
			if c > 0 && cell == grid[r][c-1] {
				continue
			}
			if h, ok := headerRange(cell); ok {
				ax.at, ax.ranges = append(ax.at, c), append(ax.ranges, h)
			}
		}
		if len(ax.at) >= 2 {
			var names []string
			for k := 0; k < r; k++ {
				names = append(names, grid[k][ax.at[len(ax.at)-1]])
			}
			if c := ax.at[0] - 1; c >= 0 {
				names = append(names, grid[r][c])
			}
			ax.name = strings.Join(dedupe(names), " ")
			cols, colRow = ax, r
		}
	}
	width := 0
	for _, row := range grid {
		width = max(width, len(row))
	}
	for c := 0; c < min(3, width) && rowCol < 0; c++ {
		var ax rangeAxis
		for r := colRow + 1; r < len(grid); r++ {
			if c >= len(grid[r]) {
				continue
			}
			if h, ok := headerRange(grid[r][c]); ok {
				ax.at, ax.ranges = append(ax.at, r), append(ax.ranges, h)
			}
		}
		if len(ax.at) >= 2 {
			var names []string
			for k := 0; k < c; k++ {
				names = append(names, grid[ax.at[0]][k])
			}
			if colRow >= 0 && c < len(grid[colRow]) {
				names = append(names, grid[colRow][c])
			} else if r := ax.at[0] - 1; r >= 0 && c < len(grid[r]) {
				names = append(names, grid[r][c])
			}
			ax.name = strings.Join(dedupe(names), " ")
			rows, rowCol = ax, c
		}
	}
	return rows, cols, rowCol, colRow
}

// pick is the position on the axis whose interval q fits; -1 when none.
func (ax rangeAxis) pick(q questionRange) int {
	for i, h := range ax.ranges {
		if q.fits(h) {
			return ax.at[i]
		}
	}
	return -1
}

// rangeCell finds the cell a question names by intervals: with interval
// rows and interval columns, the two intervals (or values) of the
// question that fit them, paired with the axes by the words before each
// (the quantity each measures); with interval rows only, the row the
// question's interval fits and the value column its words name best
// (columns only, alike). ok is false when the question names no interval
// or no table is bracketed.
func rangeCell(tables []tableRef, question string) (cellMatch, bool) {
	qs := questionRanges(question)
	if len(qs) == 0 {
		return cellMatch{}, false
	}
	best, bestScore := cellMatch{}, -1.0
	for _, ref := range tables {
		grid := ref.Table.Grid()
		rows, cols, rowCol, colRow := rangeAxes(grid)
		try := func(r, c int, score float64) {
			if r < 0 || c < 0 || r >= len(grid) || c >= len(grid[r]) || score <= bestScore {
				return
			}
			v := strings.TrimSpace(grid[r][c])
			if v == "" || v == "-" {
				return
			}
			best, bestScore = cellMatch{Table: ref.Table, Row: r, Col: c, Text: v, Score: 10, RowScore: 1, ColScore: 1,
				RowHead: strings.Join(dedupe(grid[r][:min(max(rowCol+1, 1), len(grid[r]))]), " "), ColHead: columnHead(grid, c, min(max(colRow, 0)+1, r)), Ref: ref}, score
		}
		switch {
		case len(rows.at) >= 2 && len(cols.at) >= 2:
			for i, qr := range qs {
				for j, qc := range qs {
					if i == j {
						continue
					}
					r, c := rows.pick(qr), cols.pick(qc)
					try(r, c, match(qr.context, rows.name)+match(qc.context, cols.name))
				}
			}
		case len(rows.at) >= 2:
			for _, q := range qs {
				r := rows.pick(q)
				if r < 0 {
					continue
				}
				// The value column: the one the question's words name best
				// right of the interval labels; the first on a tie.
				bc, bs := -1, -1.0
				for c := rowCol + 1; c < len(grid[r]); c++ {
					if c > 0 && grid[r][c] == grid[r][c-1] {
						continue
					}
					if s := match(question, columnHead(grid, c, rows.at[0])); s > bs {
						bc, bs = c, s
					}
				}
				try(r, bc, match(q.context, rows.name)+bs)
			}
		case len(cols.at) >= 2:
			for _, q := range qs {
				c := cols.pick(q)
				if c < 0 {
					continue
				}
				br, bs := -1, -1.0
				for r := colRow + 1; r < len(grid); r++ {
					if s := match(question, strings.Join(dedupe(grid[r][:min(c, len(grid[r]))]), " ")); s > bs {
						br, bs = r, s
					}
				}
				try(br, c, match(q.context, cols.name)+bs)
			}
		}
	}
	return best, bestScore >= 0
}

// columnHead joins column c's cells in the grid's first rows rows (its
// header), a merged cell once.
func columnHead(grid [][]string, c, rows int) string {
	var head []string
	for k := 0; k < rows && k < len(grid); k++ {
		if c < len(grid[k]) {
			head = append(head, grid[k][c])
		}
	}
	return strings.Join(dedupe(head), " ")
}
