package solve

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/textkit"
)

// op is the arithmetic a question asks for over table cells.
type op int

const (
	opNone op = iota
	opSum
	opDiff
	opMean
	opMax
	opMin
	opRatio
	opTimes
)

// opWords lists, per operation, the phrases that ask for it; the first
// operation whose phrase the question holds wins.
var opWords = []struct {
	op    op
	words []string
}{
	{opMean, []string{"평균"}},
	{opSum, []string{"합계", "합은", "합산", "총합", "모두 더", "더하면", "합친"}},
	{opDiff, []string{"차이", "차는", "얼마나 더", "얼마나 많", "얼마나 적", "얼마나 높", "얼마나 낮"}},
	{opTimes, []string{"몇 배", "몇배"}},
	{opRatio, []string{"대비 비율", "대비 비중", "차지하는 비율", "차지하는 비중"}},
	{opMax, []string{"가장 큰", "가장 높", "가장 많", "최대", "최고", "제일 큰", "제일 높", "제일 많"}},
	{opMin, []string{"가장 작", "가장 낮", "가장 적", "최소", "최저", "제일 작", "제일 낮", "제일 적"}},
}

// questionOp finds the operation a question asks for and the phrase that
// asked.
func questionOp(q string) (op, string) {
	if i := strings.Index(q, "대비"); i >= 0 && (strings.Contains(q[i:], "비율") || strings.Contains(q[i:], "비중")) {
		return opRatio, "대비"
	}
	for _, ow := range opWords {
		for _, w := range ow.words {
			if containsOpWord(q, w) {
				return ow.op, w
			}
		}
	}
	return opNone, ""
}

// containsOpWord reports whether q holds w as an operation word, not as
// the head of a compound term: "합계출산율" (the total fertility rate)
// asks for no sum, "합계는" does. A noun operation word followed by a
// Hangul syllable that is no particle is part of a compound.
func containsOpWord(q, w string) bool {
	for from := 0; ; {
		i := strings.Index(q[from:], w)
		if i < 0 {
			return false
		}
		at := from + i + len(w)
		if w != "합계" && w != "총합" {
			return true
		}
		next, _ := utf8.DecodeRuneInString(q[at:])
		if next < 0xAC00 || next > 0xD7A3 || strings.ContainsRune("은는이가을를의와과로에도만", next) {
			return true
		}
		from = at
	}
}

// asksWhich reports whether a question asks for a name ("어느 시장",
// "무엇") rather than a value.
func asksWhich(q string) bool {
	for _, w := range []string{"어느", "어떤", "무엇", "어디", "누구", "무슨", "것은", "언제"} {
		if strings.Contains(q, w) {
			return true
		}
	}
	return false
}

// computed is the result of an operation over a table.
type computed struct {
	Value string
	Cells int // how many cells it used
}

// computeTable answers a question that asks for an operation over the
// cells of one table: a sum, mean, difference, ratio, or the largest or
// smallest value (or the row that holds it, when the question asks
// which). ok is false when the question asks for no operation, when an
// operation word is itself a header ("평균 생존율"), or when the table
// does not hold the cells the operation needs.
func computeTable(ref tableRef, question string) (computed, bool) {
	o, word := questionOp(question)
	if o == opNone {
		return computed{}, false
	}
	grid := ref.Table.Grid()
	if len(grid) < 2 {
		return computed{}, false
	}
	hr := headerRows(grid)
	lc := labelColumns(grid, hr)
	width := len(grid[0])
	colHead := func(c int) string {
		var parts []string
		for k := 0; k < hr; k++ {
			parts = append(parts, grid[k][c])
		}
		return strings.Join(dedupe(parts), " ")
	}
	rowLabel := func(r int) string { return strings.Join(dedupe(grid[r][:lc]), " ") }
	q := withoutCaption(question, ref.Caption)
	// Rows and columns the question names, in the order it names them.
	type named struct{ idx, at int }
	var rows, cols []named
	for r := hr; r < len(grid); r++ {
		if (o == opSum || o == opMean) && isTotalRow(rowLabel(r)) {
			continue // "합계" in the question asks for the sum, not this row
		}
		if at := mentions(q, grid[r][:lc]); at >= 0 {
			rows = append(rows, named{r, at})
		}
	}
	bestCol, bestScore := -1, 0.0
	for c := lc; c < width; c++ {
		h := colHead(c)
		if s := match(q, h); s > bestScore {
			bestCol, bestScore = c, s
		}
		if at := mentions(q, []string{lastHeader(grid, hr, c)}); at >= 0 {
			cols = append(cols, named{c, at})
		}
	}
	// A table with one value column (a chart with one series) needs no
	// column named.
	if bestCol < 0 && width-lc == 1 {
		bestCol = lc
	}
	sortNamed := func(ns []named) {
		for i := 1; i < len(ns); i++ {
			for j := i; j > 0 && ns[j].at < ns[j-1].at; j-- {
				ns[j], ns[j-1] = ns[j-1], ns[j]
			}
		}
	}
	sortNamed(rows)
	sortNamed(cols)
	// An operation word that is a header names a column ("평균 생존율"),
	// or a row ("합계") unless the question names the rows to combine.
	opWord := strings.Fields(word)[0]
	// A row the question names whose label holds the word is that row
	// ("기관당 평균 지원액"), not an operation.
	for _, n := range rows {
		if strings.Contains(rowLabel(n.idx), opWord) {
			return computed{}, false
		}
	}
	for r, row := range grid {
		for c, v := range row {
			if (r < hr || c < lc && len(rows) < 2) && strings.Contains(v, opWord) {
				return computed{}, false
			}
		}
	}
	num := func(r, c int) (float64, bool) {
		if r >= len(grid) || c >= len(grid[r]) {
			return 0, false
		}
		qty, ok := numbers.Parse(grid[r][c])
		return qty.Value, ok
	}
	// The cells the operation reads: the named rows in the best column, or
	// the named columns of one named row, or every data row.
	type cell struct{ r, c int }
	var cells []cell
	switch {
	case len(rows) >= 2 && bestCol >= 0:
		for _, n := range rows {
			cells = append(cells, cell{n.idx, bestCol})
		}
	case len(rows) == 1 && len(cols) >= 2:
		for _, n := range cols {
			cells = append(cells, cell{rows[0].idx, n.idx})
		}
	case bestCol >= 0 && (o == opSum || o == opMean || o == opMax || o == opMin):
		for r := hr; r < len(grid); r++ {
			if !isTotalRow(rowLabel(r)) {
				cells = append(cells, cell{r, bestCol})
			}
		}
	}
	var vals []float64
	var at []cell
	for _, c := range cells {
		if v, ok := num(c.r, c.c); ok {
			vals = append(vals, v)
			at = append(at, c)
		}
	}
	if len(vals) == 0 {
		return computed{}, false
	}
	round := func(v float64) string { return numbers.Format(math.Round(v*100) / 100) }
	switch o {
	case opSum:
		s := 0.0
		for _, v := range vals {
			s += v
		}
		return computed{numbers.Format(s), len(vals)}, true
	case opMean:
		s := 0.0
		for _, v := range vals {
			s += v
		}
		return computed{round(s / float64(len(vals))), len(vals)}, true
	case opMax, opMin:
		bi := 0
		for i, v := range vals {
			if o == opMax && v > vals[bi] || o == opMin && v < vals[bi] {
				bi = i
			}
		}
		if asksWhich(question) {
			return computed{cleanLabel(rowLabel(at[bi].r)), len(vals)}, true
		}
		return computed{numbers.Format(vals[bi]), len(vals)}, true
	case opDiff:
		if len(vals) != 2 {
			return computed{}, false
		}
		return computed{numbers.Format(math.Abs(vals[0] - vals[1])), 2}, true
	case opRatio, opTimes:
		if len(vals) != 2 || vals[0] == 0 {
			return computed{}, false
		}
		// "A 대비 B": A is the base; "B는 A의 몇 배": the later one is.
		base, part := vals[0], vals[1]
		if o == opTimes {
			base, part = vals[1], vals[0]
			if base == 0 {
				return computed{}, false
			}
		}
		if o == opRatio && strings.Contains(word, "차지") {
			base, part = vals[1], vals[0]
			if base == 0 {
				return computed{}, false
			}
		}
		r := part / base
		if o == opRatio {
			r *= 100
		}
		return computed{round(r), 2}, true
	}
	return computed{}, false
}

// mentions returns where q names one of the labels (footnote marks and
// parentheses ignored; at least two letters), or -1.
func mentions(q string, labels []string) int {
	best := -1
	for _, l := range labels {
		l = cleanLabel(l)
		if utf8.RuneCountInString(l) < 2 {
			continue
		}
		if st, _ := textkit.FindFolded(q, l); st >= 0 && (best < 0 || st < best) {
			best = st
		}
	}
	return best
}

// lastHeader is the innermost header of column c ("2023년(백만 원)").
func lastHeader(grid [][]string, hr, c int) string {
	for k := hr - 1; k >= 0; k-- {
		if c < len(grid[k]) && strings.TrimSpace(grid[k][c]) != "" {
			return grid[k][c]
		}
	}
	return ""
}

// cleanLabel drops footnote marks and parenthesised notes from a label.
func cleanLabel(s string) string {
	return stripParens(numbers.TrimFootnote(strings.TrimSpace(s)))
}

// isTotalRow reports whether a row label names a total.
func isTotalRow(label string) bool {
	l := strings.ReplaceAll(cleanLabel(label), " ", "")
	for _, w := range []string{"합계", "총계", "소계", "전체", "계", "합", "총"} {
		if l == w {
			return true
		}
	}
	return strings.HasPrefix(l, "합계") || strings.HasPrefix(l, "총계")
}
