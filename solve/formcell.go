package solve

import (
	"strings"

	"github.com/policyqa/policyqa/numbers"
)

// A form row asks for the value at a row label and a column key
// ("총수입" × "’24년 본예산(조원)"). Document tables hold it either way
// round: the label a row and the key a column, or (a transposed table)
// the label a column header ("1월") and the key a row ("발행액"). Both
// keys must be found in the same table, and a column must agree with
// every level of its header the key names: the year, and the text level
// under it (결산 | 본예산, 계획 | 실적, 당해 | 누계).

// tableView is a table prepared for lookups: its grid (stacked rows
// split), header rows, label columns, row labels and column dates.
type tableView struct {
	ref    tableRef
	grid   [][]string
	hr, lc int
	// labels[r] is row r's label; joined[r] the label joined to a
	// label-only row above it ("" for none); group[r] the label of the
	// group row heading r ("" for none).
	labels, joined, group []string
	// levels[c][k] is column c's header text at level k, "" where it
	// repeats the level above (a header cell spanning rows).
	levels [][]string
	// dates[c] is the period column c's header levels name together
	// (year from one level, month from another), zero for none.
	dates []numbers.Period
}

// viewOf prepares ref for lookups; ok is false for a table of fewer than
// two rows.
func viewOf(ref tableRef) (tableView, bool) {
	grid := ref.Table.Grid()
	if len(grid) < 2 {
		return tableView{}, false
	}
	hr := headerRows(grid)
	lc := labelColumns(grid, hr)
	grid = alignDateHeader(expandStacked(grid, hr, lc), hr, lc)
	v := tableView{ref: ref, grid: grid, hr: hr, lc: lc}
	v.labels = rowLabels(grid, hr, lc)
	v.joined = splitLabels(grid, hr, lc, v.labels)
	v.group = groupLabels(grid, hr, lc, v.labels)
	width := 0
	for _, row := range grid {
		width = max(width, len(row))
	}
	v.levels = make([][]string, width)
	carried := columnPeriods(grid, hr, lc)
	v.dates = make([]numbers.Period, width)
	for c := lc; c < width; c++ {
		v.levels[c] = make([]string, hr)
		var d numbers.Period
		for k := 0; k < hr; k++ {
			if c >= len(grid[k]) {
				continue
			}
			t := strings.TrimSpace(grid[k][c])
			if t == "" || k > 0 && c < len(grid[k-1]) && t == strings.TrimSpace(grid[k-1][c]) {
				continue
			}
			v.levels[c][k] = t
			if p, ok := numbers.ParsePeriod(t); ok {
				d = mergePeriod(d, p)
			}
		}
		if d.IsZero() {
			d = carried[c]
		} else if d.Year == 0 {
			d.Year = carried[c].Year
		}
		v.dates[c] = d
	}
	return v, true
}

// mergePeriod fills the fields of a that are zero from b: a year over a
// month in the level below it.
func mergePeriod(a, b numbers.Period) numbers.Period {
	if a.Year == 0 {
		a.Year = b.Year
	}
	if a.Month == 0 {
		a.Month = b.Month
	}
	if a.Day == 0 {
		a.Day = b.Day
	}
	if a.Quarter == 0 {
		a.Quarter = b.Quarter
	}
	if a.Half == 0 {
		a.Half = b.Half
	}
	if a.Text == "" {
		a.Text = b.Text
	}
	return a
}

// groupLabels names, for each data row, the group it belongs to when the
// table writes groups as rows of their own: a row with a label and no
// value ("<기금>", "[일반회계]", "■ 지원") heads the rows below it until
// the next such row. Rows outside any group get "".
func groupLabels(grid [][]string, hr, lc int, labels []string) []string {
	out := make([]string, len(grid))
	cur := ""
	for r := hr; r < len(grid); r++ {
		if strings.TrimSpace(labels[r]) != "" && emptyValues(grid[r], lc) && groupMark(labels[r]) {
			cur = cleanLabel(strings.Trim(strings.TrimSpace(labels[r]), "<>〈〉《》‹›[]【】■□◆◇▣ "))
			continue
		}
		out[r] = cur
	}
	return out
}

// groupMark reports whether a label reads as a group heading: written in
// angle or square brackets or after a filled bullet.
func groupMark(l string) bool {
	l = strings.TrimSpace(l)
	for _, p := range []string{"<", "〈", "《", "‹", "[", "【", "■", "◆", "▣"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// emptyValues reports whether a row holds nothing outside its label
// columns.
func emptyValues(row []string, lc int) bool {
	for c := lc; c < len(row); c++ {
		if strings.TrimSpace(row[c]) != "" {
			return false
		}
	}
	return true
}

// rowFit scores how well a phrase names row r (0-1): its label, its label
// joined to the line above, or its label under its group's ("<기금>
// 사업비" named "기금 사업비").
func (v tableView) rowFit(q string) func(r int) float64 {
	return func(r int) float64 {
		s := match(q, v.labels[r])
		if j := v.joined[r]; j != "" {
			s = max(s, match(q, j))
		}
		if g := v.group[r]; g != "" {
			// A phrase naming the group and the row picks this row over
			// the same label in another group.
			gs := match(q, g+" "+v.labels[r])
			if mentions(q, []string{g}) >= 0 {
				gs += 0.1
			}
			s = max(s, min(gs, 1.05))
		}
		return s
	}
}

// columnFit scores column c of v for a column key and the question: the
// key's periods (want) must agree with the column's date (+1 for the same
// period, +0.4 for a part of it), and every text level of the header the
// key names at that level in some column must be the one it names (+1
// each). Levels the key leaves open are weighed by the question (+0.3
// named, −0.3 another column's named). ok is false when the column
// cannot be the one asked for.
func (v tableView) columnFit(c int, key, question string, want []numbers.Period) (float64, bool) {
	score := 0.0
	if len(want) > 0 {
		d := v.dates[c]
		if d.IsZero() {
			return 0, false
		}
		best := numbers.Conflicts
		for _, w := range want {
			best = max(best, w.Agree(d))
		}
		switch best {
		case numbers.Agrees:
			score += 1
		case numbers.Partial:
			score += 0.4
		default:
			return 0, false
		}
	}
	for k, t := range v.levels[c] {
		if t == "" {
			continue
		}
		if t = levelWords(t); t == "" {
			if v.levelNamed(k, key) {
				score -= 0.5 // a bare date where the key names a sub-column
			}
			continue
		}
		switch {
		case mentions(key, []string{t}) >= 0:
			score++
		case v.levelNamed(k, key):
			return 0, false // the key names another column at this level
		case mentions(question, []string{t}) >= 0:
			score += 0.3
		case v.levelNamed(k, question):
			score -= 0.3
		}
	}
	return score, true
}

// isDateLevel reports whether a header text is a date with at most a
// unit or a note ("’24년(잠정)", "2월 (H)").
func isDateLevel(t string) bool {
	p, ok := numbers.ParsePeriod(t)
	return ok && wholeHeaderWord(t, p)
}

// levelWords is the text of a header level that names a sub-column: the
// level itself, or for a level opening with a date the words after it
// ("2월 (누계, I)" → "누계", "6월 누계" → "누계"); "" for a bare date
// ("’24년", "2월 (H)").
func levelWords(t string) string {
	p, ok := numbers.ParsePeriod(t)
	if !ok || !strings.HasPrefix(t, p.Text) {
		return t
	}
	var words []string
	for _, w := range strings.FieldsFunc(t[len(p.Text):], func(r rune) bool { return r < 0xAC00 || r > 0xD7A3 }) {
		if len([]rune(w)) >= 2 {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// levelNamed reports whether q names the text of some column's header at
// level k.
func (v tableView) levelNamed(k int, q string) bool {
	for c := v.lc; c < len(v.levels); c++ {
		if k < len(v.levels[c]) {
			if t := levelWords(v.levels[c][k]); t != "" && mentions(q, []string{t}) >= 0 {
				return true
			}
		}
	}
	return false
}

// minRowFit is the least rowFit for a row to stand for a form label.
const minRowFit = 0.6

// formCell finds the numeric cell a form row asks for: row label × column
// key, in either orientation (see the comment at the top of this file),
// both keys in the same table. want are the periods the key (or else the
// question) names; in the transposed orientation the label names the
// column's period ("1월"), its year taken from want. ok is false when no
// table holds both keys.
func formCell(tables []tableRef, label, key, question string, want []numbers.Period) (cellMatch, bool) {
	var best cellMatch
	found := false
	bare := stripParens(key) // "발행액(조원)" names the row 발행액
	labelWant := labelPeriods(label, want)
	for _, ref := range tables {
		v, ok := viewOf(ref)
		if !ok {
			continue
		}
		try := func(rowQ, colQ string, colWant []numbers.Period, transposed bool) {
			if strings.TrimSpace(rowQ) == "" {
				return
			}
			rowQ = withoutCaption(rowQ, ref.Caption)
			fit := v.rowFit(rowQ)
			for r := v.hr; r < len(v.grid); r++ {
				rs := fit(r)
				if rs < minRowFit {
					continue
				}
				for c := v.lc; c < len(v.grid[r]); c++ {
					text := strings.TrimSpace(v.grid[r][c])
					q, isNum := numbers.Parse(text)
					if !isNum || numbers.Overlaps(q, numbers.FindPeriods(text)) {
						continue
					}
					cs, ok := v.columnFit(c, colQ, question, colWant)
					if !ok || cs <= 0 {
						continue
					}
					score := 2*rs + cs
					if !found || score > best.Score {
						best = cellMatch{Table: ref.Table, Row: r, Col: c, Text: text, Score: score,
							RowScore: rs, ColScore: cs, RowHead: v.labels[r], ColHead: strings.Join(nonEmpty(v.levels[c]), " "), Ref: ref}
						found = true
					}
				}
			}
		}
		try(label, key, want, false)
		if len(labelWant) > 0 {
			try(bare, label, labelWant, true)
		}
	}
	return best, found
}

// labelPeriods reads the periods a form row label names ("1월", "2분기"),
// each without a year taking the year of want.
func labelPeriods(label string, want []numbers.Period) []numbers.Period {
	ps := questionPeriods(label)
	year := 0
	for _, w := range want {
		if w.Year != 0 {
			year = w.Year
			break
		}
	}
	for i := range ps {
		if ps[i].Year == 0 {
			ps[i].Year = year
		}
	}
	return ps
}

// nonEmpty drops empty strings.
func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// alignDateHeader re-lays a header row of dates onto the value columns
// when the table reader put it off them: a year split over two cells
// ("’25" | "년", the two halves of one PDF header cell), or a row of
// years that starts over the label column (a merged label cell the reader
// did not see, so every year sits one column to the left). The dates of
// such a row, the split halves joined, are laid on the columns that hold
// values, in order, when there are as many of them as value columns;
// other rows, and tables whose headers already sit on their columns, are
// returned as they are (the grid is copied before any change).
func alignDateHeader(grid [][]string, hr, lc int) [][]string {
	width := 0
	for _, row := range grid {
		width = max(width, len(row))
	}
	var valueCols []int
	for c := lc; c < width; c++ {
		for r := hr; r < len(grid); r++ {
			if c < len(grid[r]) && strings.TrimSpace(grid[r][c]) != "" {
				valueCols = append(valueCols, c)
				break
			}
		}
	}
	hasValue := func(c int) bool {
		for _, v := range valueCols {
			if v == c {
				return true
			}
		}
		return false
	}
	out := grid
	for k := 0; k < hr && k < len(grid); k++ {
		row := grid[k]
		var dates []string
		var at []int
		split := false
		for c := 0; c < len(row); c++ {
			t := strings.TrimSpace(row[c])
			if c > 0 && (c >= len(row) || row[c] != row[c-1]) && (t == "년" || t == "년도") && len(dates) > 0 && at[len(at)-1] == c-1 {
				dates[len(dates)-1] += t // "’25" | "년"
				split = true
				continue
			}
			if t == "" || c > 0 && row[c] == row[c-1] {
				continue
			}
			if isDateLevel(t) {
				dates = append(dates, t)
				at = append(at, c)
			}
		}
		if len(dates) < 2 || len(dates) != len(valueCols) {
			continue
		}
		off := split
		for _, c := range at {
			if !hasValue(c) {
				off = true
			}
		}
		if !off {
			continue
		}
		if &out[0] == &grid[0] {
			out = append([][]string(nil), grid...)
		}
		nr := make([]string, max(width, len(row)))
		copy(nr, row[:min(lc, len(row))])
		for i, c := range valueCols {
			nr[c] = dates[i]
		}
		for c := 0; c < lc && c < len(nr); c++ {
			if isDateLevel(strings.TrimSpace(nr[c])) {
				nr[c] = "" // the first year sat over the label column
			}
		}
		out[k] = nr
	}
	return out
}

// periodRowCell finds the numeric cell of a table whose rows are periods
// and whose columns are items ("연도 | 가람수입 | 나래수입" over "2030년 |
// 410.2 | 31.5"): the row whose label is a period agreeing with want and
// the column whose header names the form label (match at least
// minRowFit). ok is false when no table is laid out so.
func periodRowCell(tables []tableRef, label string, want []numbers.Period) (cellMatch, bool) {
	var best cellMatch
	found := false
	if len(want) == 0 || strings.TrimSpace(label) == "" {
		return best, false
	}
	for _, ref := range tables {
		v, ok := viewOf(ref)
		if !ok {
			continue
		}
		for r := v.hr; r < len(v.grid); r++ {
			rowLabel := strings.TrimSpace(v.labels[r])
			ps := numbers.FindPeriods(rowLabel)
			if len(ps) != 1 || !wholeHeaderWord(rowLabel, ps[0]) {
				continue
			}
			agrees := false
			for _, w := range want {
				agrees = agrees || w.Agree(ps[0]) == numbers.Agrees
			}
			if !agrees {
				continue
			}
			for c := v.lc; c < len(v.grid[r]); c++ {
				head := strings.Join(nonEmpty(v.levels[c]), " ")
				s := match(label, head)
				if s < minRowFit || found && s <= best.ColScore {
					continue
				}
				text := strings.TrimSpace(v.grid[r][c])
				q, isNum := numbers.Parse(text)
				if !isNum || numbers.Overlaps(q, numbers.FindPeriods(text)) {
					continue
				}
				best = cellMatch{Table: ref.Table, Row: r, Col: c, Text: text, Score: 2 + s,
					RowScore: 1, ColScore: s, RowHead: rowLabel, ColHead: head, Ref: ref}
				found = true
			}
		}
	}
	return best, found
}
