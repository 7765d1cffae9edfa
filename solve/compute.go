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
	opGrowth // (later − earlier) / earlier × 100: 증가율, 증감률
)

// opWords lists, per operation, the phrases that ask for it; the first
// operation whose phrase the question holds wins.
var opWords = []struct {
	op    op
	words []string
}{
	{opMean, []string{"평균"}},
	// A ratio or growth asked of a total ("합계에서 차지하는 비율") is
	// not a sum: these come before 합계.
	{opRatio, []string{"대비 비율", "대비 비중", "차지하는 비율", "차지하는 비중"}},
	{opTimes, []string{"몇 배", "몇배"}},
	{opGrowth, []string{"증가율", "증감률", "증감율", "성장률", "상승률", "감소율", "변화율"}},
	{opSum, []string{"합계", "합은", "합산", "총합", "모두 더", "더하면", "합친"}},
	{opDiff, []string{"차이", "차는", "얼마나 더", "얼마나 많", "얼마나 적", "얼마나 높", "얼마나 낮", "얼마나 증가", "얼마나 감소", "얼마나 늘", "얼마나 줄", "증가폭", "감소폭"}},
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
	// Note shows the cells used and the operation ("복합기 금액(천원)
	// 3,600 ÷ 합계 금액(천원) 18,100 × 100 = 19.89"), "" for a value
	// read from one cell.
	Note string
	// Named is whether the question named the rows or columns used (not
	// every row of a column).
	Named bool
}

// computeTable answers a question that asks for an operation over the
// cells of one table: a sum, mean, difference, ratio, growth rate, or the
// largest or smallest value (or the row that holds it, when the question
// asks which). A value the table holds is read from its cell, not
// recomputed: a group's total asked ("국비 합계") is its 소계/합계 row,
// and totals are never summed with the rows they total. ok is false when
// the question asks for no operation, when an operation word is itself a
// header ("평균 생존율"), or when the table does not hold the cells the
// operation needs. The Note of the result names the cells used.
func computeTable(ref tableRef, question string) (computed, bool) {
	o, word := questionOp(question)
	sa := askSeries(question)
	if sa.Rank > 0 && (o == opMax || o == opMin) {
		o = opNone // "가장 높은 것 다음으로": the rank says it
	}
	series := sa.active() || sa.Range.set() && (o == opMax || o == opMin || o == opSum || o == opMean || o == opDiff)
	if o == opNone && !series {
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
	rowLabel := func(r int) string { return strings.Join(dedupe(labelCells(grid, hr, lc, r)), " ") }
	q := withoutCaption(question, ref.Caption)
	for _, sp := range sa.spans {
		q = strings.Replace(q, sp, " ", 1) // a range or a threshold names no row
	}
	rows, groupTotal := namedRows(grid, hr, lc, q, o == opSum || o == opMean)
	cols := namedColumns(grid, hr, lc, q)
	qp := questionPeriods(q)
	dates := columnPeriods(grid, hr, lc)
	bestCol, bestScore := -1, 0.0
	for c := lc; c < width; c++ {
		if len(qp) > 0 && periodFitOf(qp, dates[c]) < 0 {
			continue // another year's column
		}
		if s := match(q, colHead(c)) + 0.5*max(periodFitOf(qp, dates[c]), 0); s > bestScore {
			bestCol, bestScore = c, s
		}
	}
	// A table with one value column (a chart with one series) needs no
	// column named.
	if bestCol < 0 && width-lc == 1 {
		bestCol = lc
	}
	if series {
		namedRow := -1
		if len(rows) == 1 {
			namedRow = rows[0].idx
		} else if len(grid)-hr == 1 {
			namedRow = hr
		}
		return answerSeries(seriesOf(grid, hr, lc, namedRow, bestCol), sa, o, question)
	}
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
	// A group's total asked: the group's 소계/합계 row holds it.
	if groupTotal >= 0 && len(rows) == 0 && o == opSum && bestCol >= 0 {
		v := strings.TrimSpace(grid[groupTotal][bestCol])
		if qty, ok := numbers.Parse(v); ok {
			return computed{Value: numbers.Format(qty.Value), Cells: 1, Named: true}, true
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
	allRows := false
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
		allRows = true
		for r := hr; r < len(grid); r++ {
			if !totalRow(grid[r][:lc]) {
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
	// term names a cell used: its row, its column and its text.
	term := func(i int) string {
		c := at[i]
		return strings.TrimSpace(cleanLabel(rowLabel(c.r)) + " " + colHead(c.c) + " " + strings.TrimSpace(grid[c.r][c.c]))
	}
	terms := func(sep string) string {
		ts := make([]string, len(at))
		for i := range at {
			ts[i] = term(i)
		}
		return strings.Join(ts, sep)
	}
	round := func(v float64) string { return numbers.Format(math.Round(v*100) / 100) }
	result := func(v string, note string) (computed, bool) {
		return computed{Value: v, Cells: len(vals), Note: note + " = " + v, Named: !allRows}, true
	}
	switch o {
	case opSum:
		s := 0.0
		for _, v := range vals {
			s += v
		}
		return result(numbers.Format(s), terms(" + "))
	case opMean:
		s := 0.0
		for _, v := range vals {
			s += v
		}
		return result(round(s/float64(len(vals))), "("+terms(" + ")+") ÷ "+numbers.Format(float64(len(vals))))
	case opMax, opMin:
		bi := 0
		for i, v := range vals {
			if o == opMax && v > vals[bi] || o == opMin && v < vals[bi] {
				bi = i
			}
		}
		note := "max"
		if o == opMin {
			note = "min"
		}
		if asksLabel(question) {
			return result(cleanLabel(rowLabel(at[bi].r)), note+"("+terms(", ")+")")
		}
		return result(numbers.Format(vals[bi]), note+"("+terms(", ")+")")
	case opDiff:
		if len(vals) != 2 {
			return computed{}, false
		}
		return result(numbers.Format(math.Abs(vals[0]-vals[1])), "|"+term(0)+" − "+term(1)+"|")
	case opGrowth:
		if len(vals) != 2 {
			return computed{}, false
		}
		// From the earlier period to the later one; else in the order named.
		from, to := 0, 1
		if p0, p1 := dates[at[0].c], dates[at[1].c]; !p0.IsZero() && !p1.IsZero() && after(p0, p1) {
			from, to = 1, 0
		}
		if vals[from] == 0 {
			return computed{}, false
		}
		return result(round((vals[to]-vals[from])/vals[from]*100), "("+term(to)+" − "+term(from)+") ÷ "+term(from)+" × 100")
	case opRatio, opTimes:
		if len(vals) != 2 || vals[0] == 0 {
			return computed{}, false
		}
		// "A 대비 B": A is the base; "B는 A의 몇 배": the later one is.
		base, part := 0, 1
		if o == opTimes || o == opRatio && strings.Contains(word, "차지") {
			base, part = 1, 0
		}
		if vals[base] == 0 {
			return computed{}, false
		}
		r := vals[part] / vals[base]
		if o == opRatio {
			return result(round(r*100), term(part)+" ÷ "+term(base)+" × 100")
		}
		return result(round(r), term(part)+" ÷ "+term(base))
	}
	return computed{}, false
}

// named is a row or column the question names and where it names it.
type named struct{ idx, at int }

// namedRows returns the data rows a question names, in the order it names
// them. A row is named by its innermost label ("인건비"); with several
// label columns, a group label the question names before it ("국비
// 인건비와 운영비") must be the row's own. Total rows (소계, 합계) are
// left out when skipTotals is set. groupTotal is the total row of the one
// group the question names without naming any of its rows ("국비 합계"),
// -1 when there is none.
func namedRows(grid [][]string, hr, lc int, q string, skipTotals bool) (rows []named, groupTotal int) {
	groupTotal = -1
	type rowLabels struct {
		leaf   string
		groups []string
	}
	labels := make([]rowLabels, len(grid))
	var groupAt []named // mentions of group labels, by position
	seenGroup := map[string]bool{}
	for r := hr; r < len(grid); r++ {
		ls := dedupe(labelCells(grid, hr, lc, r))
		var keep []string
		for _, l := range ls {
			if strings.TrimSpace(l) != "" {
				keep = append(keep, l)
			}
		}
		if len(keep) == 0 {
			continue
		}
		labels[r] = rowLabels{leaf: keep[len(keep)-1], groups: keep[:len(keep)-1]}
		for _, g := range labels[r].groups {
			if seenGroup[g] {
				continue
			}
			seenGroup[g] = true
			if at := mentions(q, []string{g}); at >= 0 {
				groupAt = append(groupAt, named{r, at})
			}
		}
	}
	// governing is the group label named last before position at, "" for
	// none.
	governing := func(at int) string {
		best, bestAt := "", -1
		for _, g := range groupAt {
			if g.at < at && g.at > bestAt {
				best, bestAt = cleanLabel(labels[g.idx].groups[0]), g.at
				for _, l := range labels[g.idx].groups {
					if st := mentions(q, []string{l}); st == g.at {
						best = cleanLabel(l)
					}
				}
			}
		}
		return best
	}
	ownGroup := func(r int, g string) bool {
		for _, l := range labels[r].groups {
			if cleanLabel(l) == g {
				return true
			}
		}
		return false
	}
	for r := hr; r < len(grid); r++ {
		if labels[r].leaf == "" {
			continue
		}
		if skipTotals && totalRow(grid[r][:lc]) {
			continue // "합계" in the question asks for the sum, not this row
		}
		at := mentions(q, []string{labels[r].leaf})
		if at < 0 {
			// A row labelled by one merged cell across the label columns,
			// or a one-column table: its whole label.
			continue
		}
		if g := governing(at); g != "" && len(labels[r].groups) > 0 && !ownGroup(r, g) {
			continue // another group's row of the same name
		}
		rows = append(rows, named{r, at})
	}
	if len(rows) == 0 && len(groupAt) == 1 {
		g := cleanLabel(labels[groupAt[0].idx].groups[0])
		for _, l := range labels[groupAt[0].idx].groups {
			if mentions(q, []string{l}) == groupAt[0].at {
				g = cleanLabel(l)
			}
		}
		for r := hr; r < len(grid); r++ {
			if labels[r].leaf != "" && ownGroup(r, g) && totalRow([]string{labels[r].leaf}) {
				groupTotal = r
			}
		}
	}
	if len(rows) == 0 && groupTotal < 0 {
		// No row named by its own label: rows any of whose labels the
		// question names (a group without a total row, a label column
		// beside a unit column).
		for r := hr; r < len(grid); r++ {
			if skipTotals && totalRow(grid[r][:lc]) {
				continue
			}
			if at := mentions(q, grid[r][:min(lc, len(grid[r]))]); at >= 0 {
				rows = append(rows, named{r, at})
			}
		}
	}
	sortNamed(rows)
	return rows, groupTotal
}

// namedColumns returns the value columns a question names, in the order
// it names them. Every header level of a column must agree with the
// question: a date level must be a date the question names (when it names
// any), and a text level must be named when the question names that
// level of some column ("누계" over "당해", "실적" over "계획"); at least
// one level must be named.
func namedColumns(grid [][]string, hr, lc int, q string) []named {
	width := len(grid[0])
	qp := questionPeriods(q)
	periodAt := func(p numbers.Period) int {
		for _, w := range qp {
			if w.Agree(p) == numbers.Agrees {
				if i := strings.Index(q, w.Text); i >= 0 {
					return i
				}
				return 0
			}
		}
		return -1
	}
	// levels[c][k] is the header text of column c at level k ("" where a
	// level repeats the one above it: a header cell spanning two rows).
	levels := make([][]string, width)
	levelNamed := make([]bool, hr)
	for c := lc; c < width; c++ {
		levels[c] = make([]string, hr)
		for k := 0; k < hr; k++ {
			if c >= len(grid[k]) {
				continue
			}
			v := strings.TrimSpace(grid[k][c])
			if v == "" || k > 0 && c < len(grid[k-1]) && v == strings.TrimSpace(grid[k-1][c]) {
				continue
			}
			levels[c][k] = v
			if p, ok := numbers.ParsePeriod(v); ok && wholeHeaderWord(v, p) {
				continue
			}
			if mentions(q, []string{v}) >= 0 {
				levelNamed[k] = true
			}
		}
	}
	var cols []named
	for c := lc; c < width; c++ {
		textAt, dateAt, ok := -1, -1, true
		for k, v := range levels[c] {
			if v == "" {
				continue
			}
			if p, isDate := numbers.ParsePeriod(v); isDate && wholeHeaderWord(v, p) {
				if len(qp) == 0 {
					continue
				}
				if dateAt = periodAt(p); dateAt < 0 {
					ok = false
				}
				continue
			}
			at := mentions(q, []string{v})
			if at < 0 && levelNamed[k] {
				ok = false
			}
			if at >= 0 && (textAt < 0 || at > textAt) {
				textAt = at
			}
		}
		if !ok || textAt < 0 && dateAt < 0 {
			continue
		}
		// Ordered by the text level named, then by the date.
		key := dateAt
		if textAt >= 0 {
			key = textAt*4096 + max(dateAt, 0)
		} else {
			key = dateAt
		}
		cols = append(cols, named{c, key})
	}
	sortNamed(cols)
	return cols
}

func sortNamed(ns []named) {
	for i := 1; i < len(ns); i++ {
		for j := i; j > 0 && ns[j].at < ns[j-1].at; j-- {
			ns[j], ns[j-1] = ns[j-1], ns[j]
		}
	}
}

// totalRow reports whether any of a row's label cells names a total
// ("합계", or "소계" under a group label).
func totalRow(labels []string) bool {
	for _, l := range labels {
		if isTotalRow(l) {
			return true
		}
	}
	return false
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
