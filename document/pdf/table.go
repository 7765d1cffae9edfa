package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/document"
)

// tableSpan is a table found on lines[start:end].
type tableSpan struct {
	end   int
	table *document.Table
}

// findTables detects runs of lines whose segments (text separated by wide
// gaps) fall into shared columns. The result is indexed by the table's
// first line; other entries are nil. Short single-segment lines inside the
// run are cell text wrapped onto a second line and are appended to the cell
// above them.
func findTables(lines []line, st stats, rules []Rule) []*tableSpan {
	out := make([]*tableSpan, len(lines))
	for i := 0; i < len(lines); i++ {
		if len(lines[i].segs) < 2 {
			continue
		}
		j, multi := i+1, 1
		lastMulti := i
		for j < len(lines) {
			l, prev := lines[j], lines[j-1]
			if prev.y-l.y > 3.5*math.Max(prev.size, l.size) || prev.y <= l.y {
				break
			}
			if len(l.segs) >= 2 {
				multi++
				lastMulti = j
			} else if utf8.RuneCountInString(l.text) > 20 || startsItem(l.text) && !isTableCellStart(l.text) {
				break
			}
			j++
		}
		end := lastMulti + 1
		// Keep trailing wrapped cell text close under the last row.
		for end < j && lines[end-1].y-lines[end].y < 1.6*lines[end].size {
			end++
		}
		if multi < 2 {
			continue
		}
		if t := buildTable(lines[i:end], rules); t != nil {
			out[i] = &tableSpan{end: end, table: t}
		}
		// Either way the region is settled: restarting inside it would
		// make detection quadratic in the page's lines.
		i = end - 1
	}
	return out
}

// isTableCellStart: a cell may hold a bare number or a "-" dash.
func isTableCellStart(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("0123456789.,-% ", r) {
			return false
		}
	}
	return true
}

type column struct{ x0, x1 float64 }

// buildTable assigns the lines' segments to columns; nil when the lines do
// not look like a table, or are paragraphs set with hanging markers (see
// hangingMarkers). Rows are the lines with two or more segments,
// with short lines below them added to their cells; or, where ruling
// lines cross the table, the bands between the rules (see ruledBands), so
// that a cell's wrapped lines stay in its row.
func buildTable(lines []line, rules []Rule) *document.Table {
	var segs []segment
	size := 0.0
	for _, l := range lines {
		if len(l.segs) >= 2 {
			segs = append(segs, l.segs...)
		}
		size = math.Max(size, l.size)
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i].x0 < segs[j].x0 })
	var cols []column
	for _, s := range segs {
		if n := len(cols); n > 0 && s.x0 <= cols[n-1].x1+0.5*size {
			cols[n-1].x1 = math.Max(cols[n-1].x1, s.x1)
			continue
		}
		cols = append(cols, column{s.x0, s.x1})
	}
	if len(cols) < 2 || len(cols) > 40 {
		return nil
	}
	colOf := func(s segment) int {
		mid := (s.x0 + s.x1) / 2
		best, bestD := 0, math.Inf(1)
		for c, col := range cols {
			if mid >= col.x0 && mid <= col.x1 {
				return c
			}
			d := math.Min(math.Abs(mid-col.x0), math.Abs(mid-col.x1))
			if d < bestD {
				best, bestD = c, d
			}
		}
		return best
	}
	if t := ruledTable(lines, rules, cols, colOf, size); t != nil {
		return t
	}
	var rows [][]string
	good := 0
	for k, l := range lines {
		cont := k > 0 && len(l.segs) < 2 && lines[k-1].y-l.y < 1.6*l.size && len(rows) > 0
		if cont {
			row := rows[len(rows)-1]
			for _, s := range l.segs {
				c := colOf(s)
				row[c] = strings.TrimSpace(row[c] + " " + s.text)
			}
			continue
		}
		row := make([]string, len(cols))
		used := map[int]bool{}
		for _, s := range l.segs {
			c := colOf(s)
			used[c] = true
			row[c] = strings.TrimSpace(row[c] + " " + s.text)
		}
		if len(used) >= 2 {
			good++
		}
		rows = append(rows, row)
	}
	if good < 2 || len(cols) == 2 && hangingMarkers(rows) {
		return nil
	}
	t := &document.Table{}
	for _, r := range rows {
		cells := make([]document.Cell, len(r))
		for c, text := range r {
			cells[c] = document.Cell{Text: text, RowSpan: 1, ColSpan: 1}
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// ruledTable builds the table from the horizontal ruling lines across it
// (see PageText.Rules), so that a cell's wrapped lines stay in its row and
// a cell whose column has no rule between two rows spans them. Row
// boundaries are the heights of rules under at least one column's centre,
// between two font sizes above the table's first line and two below its
// last; a piece of text belongs to the rows between the nearest rules
// above and below it in its own column. Nil when the rules do not make
// rows: fewer than three rows with text, a row holding more than max(6,
// 40% of the lines) lines (rules only around a header), or fewer than two
// rows with text in two columns.
func ruledTable(lines []line, rules []Rule, cols []column, colOf func(segment) int, size float64) *document.Table {
	if len(rules) < 2 || len(lines) < 2 {
		return nil
	}
	centre := make([]float64, len(cols))
	for c, col := range cols {
		centre[c] = (col.x0 + col.x1) / 2
	}
	top, bottom := lines[0].y+2*size, lines[len(lines)-1].y-2*size
	// Boundaries, top down, each with the columns it runs under.
	type boundary struct {
		y     float64
		under []bool
	}
	var bs []boundary
	cand := make([]Rule, 0, len(rules))
	for _, r := range rules {
		if r.Y <= top && r.Y >= bottom {
			cand = append(cand, r)
		}
	}
	sort.Slice(cand, func(i, j int) bool { return cand[i].Y > cand[j].Y })
	for _, r := range cand {
		if n := len(bs); n == 0 || bs[n-1].y-r.Y > 1 {
			bs = append(bs, boundary{y: r.Y, under: make([]bool, len(cols))})
		}
		b := &bs[len(bs)-1]
		for c, x := range centre {
			if r.X0 <= x && x <= r.X1 {
				b.under[c] = true
			}
		}
	}
	kept := bs[:0]
	for _, b := range bs {
		for _, u := range b.under {
			if u {
				kept = append(kept, b)
				break
			}
		}
	}
	bs = kept
	n := len(bs)
	if n < 2 {
		return nil
	}
	// band k lies between boundaries k-1 and k (0: above the first).
	cells := map[[2]int]*ruledCell{}
	var order []*ruledCell
	linesIn := make([]int, n+1)
	for _, l := range lines {
		mid := l.y + 0.35*l.size
		k := sort.Search(n, func(i int) bool { return bs[i].y < mid })
		linesIn[k]++
		for _, sg := range l.segs {
			c := colOf(sg)
			t := 0
			for i := k - 1; i >= 0; i-- {
				if bs[i].under[c] {
					t = i + 1
					break
				}
			}
			btm := n
			for j := k; j < n; j++ {
				if bs[j].under[c] {
					btm = j
					break
				}
			}
			key := [2]int{t, c}
			ce := cells[key]
			if ce == nil {
				ce = &ruledCell{top: t, bottom: btm, c: c}
				cells[key] = ce
				order = append(order, ce)
			}
			ce.text = strings.TrimSpace(ce.text + " " + sg.text)
			ce.bottom = max(ce.bottom, btm)
		}
	}
	limit := max(6, int(0.4*float64(len(lines))))
	for _, m := range linesIn {
		if m > limit {
			return nil
		}
	}
	// Rows are the bands where some cell starts.
	rowOf := map[int]int{}
	var bands []int
	for k := 0; k <= n; k++ {
		for _, ce := range order {
			if ce.top == k {
				rowOf[k] = len(bands)
				bands = append(bands, k)
				break
			}
		}
	}
	if len(bands) < 3 {
		return nil
	}
	starts := map[[2]int]*ruledCell{}
	covered := map[[2]int]bool{}
	perRow := make([]int, len(bands))
	for _, ce := range order {
		r := rowOf[ce.top]
		starts[[2]int{r, ce.c}] = ce
		perRow[r]++
		for k := ce.top + 1; k <= ce.bottom; k++ {
			if rr, ok := rowOf[k]; ok {
				covered[[2]int{rr, ce.c}] = true
			}
		}
	}
	good := 0
	for _, m := range perRow {
		if m >= 2 {
			good++
		}
	}
	if good < 2 {
		return nil
	}
	t := &document.Table{}
	for r := range bands {
		var row []document.Cell
		for c := range cols {
			if ce := starts[[2]int{r, c}]; ce != nil {
				span := 1
				for k := ce.top + 1; k <= ce.bottom; k++ {
					if _, ok := rowOf[k]; ok {
						span++
					}
				}
				row = append(row, document.Cell{Text: ce.text, RowSpan: span, ColSpan: 1})
				continue
			}
			if covered[[2]int{r, c}] {
				continue
			}
			row = append(row, document.Cell{RowSpan: 1, ColSpan: 1})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// ruledCell is a cell of ruledTable: its text, the bands it spans (top to
// bottom, inclusive) and its column.
type ruledCell struct {
	text           string
	top, bottom, c int
}
