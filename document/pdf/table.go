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
func findTables(lines []line, st stats) []*tableSpan {
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
		if t := buildTable(lines[i:end]); t != nil {
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
// not look like a table.
func buildTable(lines []line) *document.Table {
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
	if good < 2 {
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
