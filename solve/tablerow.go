package solve

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/textkit"
)

// A task-4 question often names a table's row by its entity, whole, among
// other words ("한빛대학교 조종 과정의 연간 정원은 몇 명인가?" over a table
// of 순번 | 구분 | 교육기관 | 지정일 | 정원(年)): the phrase match of
// lookupCells weighs the entity against every word of the question and
// can leave the row below its bar, while the entity written whole is the
// surest sign of the row. namedRowAnswer finds the row by the entity and
// the column by the header the rest of the question names.

// minEntityRunes is the shortest cell text that can name a row by itself.
const minEntityRunes = 2

// namedRow is a table row a question names by one of its cells.
type namedRow struct {
	ref  tableRef
	grid [][]string
	hr   int
	row  int
	col  int    // the cell that names it
	name string // that cell's text
}

// entityRows returns the rows of tables that a cell of theirs names in q:
// a text cell (no figure) of at least minEntityRunes runes written in q
// from the start of a word, white space aside. Only the rows whose naming
// cell is longest are kept ("한빛대학교" over "대학교", the group column).
func entityRows(tables []tableRef, q string) []namedRow {
	var out []namedRow
	longest := 0
	for _, ref := range tables {
		grid := ref.Table.Grid()
		if len(grid) < 2 {
			continue
		}
		hr := headerRows(grid)
		for r := hr; r < len(grid); r++ {
			best, bestC := "", -1
			for c, v := range grid[r] {
				v = strings.TrimSpace(v)
				if utf8.RuneCountInString(strings.Join(strings.Fields(v), "")) < minEntityRunes || numbers.HasNumeral(v) {
					continue
				}
				if !namedAtWordStart(q, v) {
					continue
				}
				if utf8.RuneCountInString(v) > utf8.RuneCountInString(best) {
					best, bestC = v, c
				}
			}
			if bestC < 0 || !oneRun(grid, hr, bestC, best) {
				continue
			}
			n := utf8.RuneCountInString(strings.Join(strings.Fields(best), ""))
			if n < longest {
				continue
			}
			if n > longest {
				out, longest = out[:0], n
			}
			out = append(out, namedRow{ref: ref, grid: grid, hr: hr, row: r, col: bestC, name: best})
		}
	}
	return out
}

// oneRun reports whether text fills column c of grid (below its hr
// header rows) in one run of consecutive rows, beside one name at most:
// an entity's cell, merged over its rows at most, not a category
// repeated down the column ("사무관" in every band of a contact table) or
// heading a group of members.
func oneRun(grid [][]string, hr, c int, text string) bool {
	runs, in := 0, false
	next := map[string]bool{} // the names beside it in the run
	for r := hr; r < len(grid); r++ {
		has := c < len(grid[r]) && strings.TrimSpace(grid[r][c]) == text
		if has && !in {
			runs++
		}
		in = has
		if has {
			for k := c + 1; k < len(grid[r]); k++ {
				if v := strings.TrimSpace(grid[r][k]); v != text {
					if v != "" && !numbers.HasNumeral(v) {
						next[v] = true
					}
					break
				}
			}
		}
	}
	// A group heading spans rows that name different members beside it
	// ("대학" over 가온해양대학교 and 라온해양대학교): a category.
	return runs == 1 && len(next) < 2
}

// namedAtWordStart reports whether text is written in q (white space
// aside, letters case-folded) where a word of q starts.
func namedAtWordStart(q, text string) bool {
	for off := 0; off < len(q); {
		st, end := textkit.FindFolded(q[off:], text)
		if st < 0 {
			return false
		}
		at := off + st
		if r, _ := utf8.DecodeLastRuneInString(q[:at]); at == 0 || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return true
		}
		off += max(end, st+1)
	}
	return false
}

// cellFigure is the figure a cell states: the result of a formula written
// in it ("20명×4차수 = 80명" → "80명"), else the cell.
func cellFigure(cell string) string {
	if i := strings.LastIndexAny(cell, "=＝"); i >= 0 && strings.TrimSpace(cell[i+1:]) != "" {
		return strings.TrimSpace(strings.TrimLeft(cell[i:], "=＝"))
	}
	return strings.TrimSpace(cell)
}

// namedRowAnswer answers a question that names a table row by its entity
// (entityRows) and a column by its header: the cell at that row and the
// column whose header best matches the question without the entity, when
// it holds a value of the kind asked (a quantity in the unit asked, a
// date, or for a name or thing a cell without figures). fit grows with
// the header match and with the share of the question the table's caption
// holds (which of several tables naming the entity is meant: "조종사 양성
// 교육기관" over the table's rows). ok is false when no row is named, no
// header is matched well enough (0.4) or the cell is of another kind.
func namedRowAnswer(tables []tableRef, contexts map[*document.Table]string, in intent) (value string, fit float64, ref tableRef, ok bool) {
	rows := entityRows(tables, in.Question)
	if len(rows) == 0 {
		return "", 0, tableRef{}, false
	}
	bestScore := -1.0
	for _, nr := range rows {
		colQ := strings.Replace(in.Focus, nr.name, " ", 1)
		ctxCov := contextCover(colQ, nr.ref.Caption+" "+contexts[nr.ref.Table])
		// Other cells of the row that the question also names (a second
		// row of the same entity: "울진" of "항공대학교 울진") say which.
		rowBonus := 0.0
		for c, v := range nr.grid[nr.row] {
			if c != nr.col && strings.TrimSpace(v) != "" && !numbers.HasNumeral(v) && v != nr.name && namedAtWordStart(in.Question, strings.TrimSpace(v)) {
				rowBonus += 0.1
			}
		}
		for c, v := range nr.grid[nr.row] {
			if c == nr.col || strings.TrimSpace(v) == nr.name {
				continue // the entity, or its merged copy
			}
			var head []string
			for k := 0; k < nr.hr; k++ {
				if c < len(nr.grid[k]) {
					head = append(head, nr.grid[k][c])
				}
			}
			ch := strings.Join(dedupe(head), " ")
			cs := match(colQ, ch)
			if cs < 0.4 && !soleInUnit(nr.grid[nr.row], c, in.Expect) {
				continue
			}
			v, ok := cellOfKind(nr.grid[nr.row][c], ch, in)
			if !ok {
				continue
			}
			score := cs + rowBonus + 0.5*ctxCov
			if score > bestScore {
				bestScore, value, ref = score, v, nr.ref
				fit = min(0.6+0.2*cs+0.2*ctxCov+rowBonus, 1)
			}
		}
	}
	return value, fit, ref, bestScore >= 0
}

// soleInUnit reports whether cell c of row is the only cell of the row
// that holds a figure in the unit e asks ("몇 명" and one cell in 명): the
// column is then the one asked, whatever its header calls it ("수용 가능
// 인원" asked of 정원(연)).
func soleInUnit(row []string, c int, e expectation) bool {
	if e.Kind != kindQuantity || e.Unit == "" {
		return false
	}
	inUnit := func(cell string) bool {
		fig := cellFigure(cell)
		q, ok := numbers.Parse(fig)
		return ok && (q.Unit == e.Unit || e.countedIn(fig, q)) && !numbers.Overlaps(q, numbers.FindPeriods(fig))
	}
	if !inUnit(row[c]) {
		return false
	}
	for k, v := range row {
		if k != c && v != row[c] && inUnit(v) {
			return false
		}
	}
	return true
}

// contextCover is the share of the words of q (particles stripped, two
// runes or more) that the text heading a table holds: which of several
// tables that name the entity the question means ("항공정비사 양성
// 교육기관" under its heading, not the 조종사 table above).
func contextCover(q, context string) float64 {
	ws := keywords(q)
	if len(ws) == 0 {
		return 0
	}
	n := 0
	for _, w := range ws {
		if st, _ := textkit.FindFolded(context, w); st >= 0 {
			n++
		}
	}
	return float64(n) / float64(len(ws))
}

// maxContextLines is how many lines above a table tableContexts reads.
const maxContextLines = 3

// tableContexts maps each table block of blocks to the lines above it
// (paragraphs, items and headings, nearest last, at most
// maxContextLines, up to the previous table or figure): the heading that
// says what its rows list ("◦ 항공정비사 양성 교육기관 : 총 35개"), which
// the caption alone may miss when a line of counts stands between.
func tableContexts(blocks []document.Block) map[*document.Table]string {
	out := map[*document.Table]string{}
	for i, b := range blocks {
		if b.Table == nil {
			continue
		}
		var lines []string
		for j := i - 1; j >= 0 && len(lines) < maxContextLines; j-- {
			bj := blocks[j]
			if bj.Table != nil || bj.Kind == document.KindTable || bj.Kind == document.KindFigure {
				break
			}
			if t := strings.TrimSpace(bj.Text); t != "" && utf8.RuneCountInString(t) <= 200 {
				lines = append([]string{t}, lines...)
			}
		}
		out[b.Table] = strings.Join(lines, " ")
	}
	return out
}

// cellOfKind reads a table cell (under column header ch) as an answer of
// the kind a question asks: a quantity in the unit asked (a formula's
// result; the column's unit added to a bare number), a date, or for a
// name or thing the cell's text when it holds no figure. ok is false for
// a cell of another kind.
func cellOfKind(cell, ch string, in intent) (string, bool) {
	cell = strings.TrimSpace(cell)
	if cell == "" || cell == "-" {
		return "", false
	}
	switch k := in.Expect.Kind; {
	case k == kindDate:
		if len(numbers.FindPeriods(cell)) > 0 {
			return cell, true
		}
		return "", false
	case in.Type == typeName:
		if numbers.HasNumeral(cell) || utf8.RuneCountInString(cell) > 40 {
			return "", false
		}
		return cell, true
	}
	fig := cellFigure(cell)
	q, ok := numbers.Parse(fig)
	if !ok || numbers.Overlaps(q, numbers.FindPeriods(fig)) {
		return "", false
	}
	if fits, _ := in.Expect.accepts(q); !fits && !in.Expect.countedIn(fig, q) {
		return "", false
	}
	if q.Unit != "" {
		return strings.TrimSpace(q.Text), true
	}
	return numbers.Format(q.Value) + unitText(ch), true
}
