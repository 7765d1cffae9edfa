package solve

import (
	"strings"

	"github.com/policyqa/policyqa/document"
)

// cellMatch is a table cell chosen for a query.
type cellMatch struct {
	Table *document.Table
	Row   int
	Col   int
	Text  string
	Score float64
}

// headerRows guesses how many leading rows are column headers: rows until
// the first row holding a number outside its first column.
func headerRows(grid [][]string) int {
	for r, row := range grid {
		for c, v := range row {
			if c > 0 && numberRe.MatchString(v) && !isHeaderish(v) {
				return max(r, 1)
			}
		}
	}
	return 1
}

func isHeaderish(v string) bool {
	// Year-like headers ("2021년", "2022") and footnote marks count as header text.
	v = strings.TrimSpace(v)
	return strings.HasSuffix(v, "년") || strings.HasSuffix(v, ")") && len([]rune(v)) > 4
}

// lookupCell scores every cell of every table against a row phrase and a
// column phrase and returns the best. rowQ or colQ may be empty.
func lookupCell(tables []*document.Table, rowQ, colQ string, preferNumber bool) (cellMatch, bool) {
	var best cellMatch
	found := false
	for _, t := range tables {
		grid := t.Grid()
		if len(grid) < 2 {
			continue
		}
		hr := headerRows(grid)
		for r := hr; r < len(grid); r++ {
			for c := 1; c < len(grid[r]); c++ {
				v := strings.TrimSpace(grid[r][c])
				if v == "" {
					continue
				}
				// Row header: the cells left of c that differ from v.
				var rowHead []string
				for k := 0; k < c; k++ {
					if grid[r][k] != v {
						rowHead = append(rowHead, grid[r][k])
					}
				}
				var colHead []string
				for k := 0; k < hr; k++ {
					if c < len(grid[k]) {
						colHead = append(colHead, grid[k][c])
					}
				}
				rh, ch := strings.Join(rowHead, " "), strings.Join(colHead, " ")
				score := 0.0
				if rowQ != "" {
					score += 2 * match(rowQ, rh)
				}
				if colQ != "" {
					score += match(colQ, ch)
				}
				if preferNumber && numberRe.MatchString(v) {
					score += 0.05
				}
				if !found || score > best.Score {
					best = cellMatch{Table: t, Row: r, Col: c, Text: v, Score: score}
					found = true
				}
			}
		}
	}
	return best, found
}

// match scores how well a header text is named by a query phrase: the
// share of the header's bigrams present in the query, blended with the
// reverse, so short exact headers ("비소") score high in long questions.
func match(query, header string) float64 {
	header = stripParens(header)
	if strings.TrimSpace(header) == "" {
		return 0
	}
	return 0.7*coverage(header, query) + 0.3*coverage(query, header)
}

// tablesOf collects the tables (nested ones too) of blocks.
func tablesOf(blocks []document.Block) []*document.Table {
	var out []*document.Table
	var walk func(t *document.Table)
	walk = func(t *document.Table) {
		out = append(out, t)
		for _, row := range t.Rows {
			for _, c := range row {
				for _, n := range c.Nested {
					walk(n)
				}
			}
		}
	}
	for _, b := range blocks {
		if b.Table != nil {
			if b.Table.Caption == "" {
				b.Table.Caption = b.Text
			}
			walk(b.Table)
		}
	}
	return out
}
