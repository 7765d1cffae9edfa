package solve

import (
	"sort"
	"strings"
	"unicode"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/textkit"
)

// cellMatch is a table cell chosen for a query.
type cellMatch struct {
	Table *document.Table
	Row   int
	Col   int
	Text  string
	Score float64
	// RowScore and ColScore are the header matches (0-1) behind Score.
	RowScore, ColScore float64
	// RowHead and ColHead are the cell's header paths, joined.
	RowHead, ColHead string
	// Ref is the table the cell is in.
	Ref tableRef
}

// tableRef is a table with its caption and the evidence that points at
// it. Documents are shared (serve solves concurrently): a tableRef never
// writes into its table.
type tableRef struct {
	Table *document.Table
	// Caption is the table's own caption, else its block's text.
	Caption string
	Ev      Evidence
}

// headerRows guesses how many leading rows are column headers: rows until
// the first row holding a number outside its first column.
func headerRows(grid [][]string) int {
	for r, row := range grid {
		for c, v := range row {
			if c > 0 && numbers.HasNumeral(v) && !isHeaderish(v) {
				return max(r, 1)
			}
		}
	}
	return 1
}

func isHeaderish(v string) bool {
	// Year-like headers ("2021년", "2022") and footnote marks count as header text.
	v = strings.TrimSpace(v)
	if p, ok := numbers.ParsePeriod(v); ok && wholeHeaderWord(v, p) {
		return true // "’24", "12월", "1/4분기"
	}
	if p, ok := numbers.ParsePeriod(v); ok && strings.HasPrefix(v, p.Text) && !numbers.HasNumeral(v[len(p.Text):]) {
		return true // a date and words: "6월 누계", "’24년 본예산"
	}
	return strings.HasSuffix(v, "년") || strings.HasSuffix(v, ")") && len([]rune(v)) > 4
}

// lookupCell scores every cell of every table against a row phrase and a
// column phrase and returns the best. rowQ or colQ may be empty.
func lookupCell(tables []tableRef, rowQuery, colQuery string, preferNumber bool) (cellMatch, bool) {
	ms := lookupCells(tables, rowQuery, colQuery, preferNumber, 1)
	if len(ms) == 0 {
		return cellMatch{}, false
	}
	return ms[0], true
}

// lookupCells is lookupCell's n best cells, best first (ties in table,
// row and column order).
func lookupCells(tables []tableRef, rowQuery, colQuery string, preferNumber bool, n int) []cellMatch {
	var all []cellMatch
	// A bracket table the question names intervals of ("5% 이상 10% 미만"):
	// the cell of those intervals, before any cell its words match.
	if m, ok := rangeCell(tables, colQuery); ok {
		all = append(all, m)
	}
	// Dates in headers are matched as dates: "2024년" names the ’24 column.
	wantRow, wantCol := questionPeriods(rowQuery), questionPeriods(colQuery)
	for _, ref := range tables {
		t := ref.Table
		grid := t.Grid()
		if len(grid) < 2 {
			continue
		}
		// Questions often restate the caption ("... 비교에서 ..."); those
		// words name the table, not a row or a column.
		rowQ, colQ := withoutCaption(rowQuery, ref.Caption), withoutCaption(colQuery, ref.Caption)
		hr := headerRows(grid)
		lc := labelColumns(grid, hr)
		grid = alignDateHeader(expandStacked(grid, hr, lc), hr, lc)
		labels := rowLabels(grid, hr, lc)
		joined := splitLabels(grid, hr, lc, labels)
		groups := groupLabels(grid, hr, lc, labels)
		colDates := columnPeriods(grid, hr, lc)
		for r := hr; r < len(grid); r++ {
			for c := lc; c < len(grid[r]); c++ {
				v := strings.TrimSpace(grid[r][c])
				if v == "" {
					continue
				}
				var colHead []string
				for k := 0; k < hr; k++ {
					if c < len(grid[k]) {
						colHead = append(colHead, grid[k][c])
					}
				}
				rh, ch := labels[r], strings.Join(dedupe(colHead), " ")
				score, rs, cs := 0.0, 0.0, 0.0
				if rowQ != "" {
					rs = match(rowQ, rh)
					if j := joined[r]; j != "" {
						if js := match(rowQ, j); js > rs {
							rs, rh = js, j
						}
					}
					// A member row under the group heading the query names
					// ("특별회계 사업비"), over the same label in another group.
					if g := groups[r]; g != "" && mentions(rowQ, []string{g}) >= 0 {
						if gs := min(match(rowQ, g+" "+labels[r])+0.1, 1.05); gs > rs {
							rs, rh = gs, g+" "+labels[r]
						}
					}
					score += 2*rs + periodFit(wantRow, rh)
				}
				if colQ != "" {
					cs = match(colQ, ch)
					score += cs + periodFitOf(wantCol, colDates[c])
				}
				if preferNumber && numbers.HasNumeral(v) {
					score += 0.05
				}
				all = append(all, cellMatch{Table: t, Row: r, Col: c, Text: v, Score: score, RowScore: rs, ColScore: cs, RowHead: rh, ColHead: ch, Ref: ref})
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Score > all[j].Score })
	return all[:min(n, len(all))]
}

// match scores how well a header text is named by a query phrase: the
// share of the header's bigrams present in the query, blended with the
// reverse, so short exact headers ("비소") score high in long questions.
func match(query, header string) float64 {
	header = stripBullets(stripParens(numbers.TrimFootnote(strings.TrimSpace(header))))
	if strings.TrimSpace(header) == "" {
		return 0
	}
	// Bigrams within words: "의무지출 비중" is named by "의무지출의 비중이"
	// as fully as "의무지출" is, and the reverse share breaks the tie.
	hb, qb := textkit.WordBigrams(header), textkit.WordBigrams(query)
	return 0.7*textkit.Share(hb, qb) + 0.3*textkit.Share(qb, hb)
}

// tablesOf collects the tables (nested ones too) of the blocks of
// document docID, each with the evidence naming its block.
func tablesOf(docID string, blocks []document.Block) []tableRef {
	var out []tableRef
	var walk func(t *document.Table, caption string, ev Evidence)
	walk = func(t *document.Table, caption string, ev Evidence) {
		out = append(out, tableRef{Table: t, Caption: caption, Ev: ev})
		for _, row := range t.Rows {
			for _, c := range row {
				for _, n := range c.Nested {
					walk(n, n.Caption, ev)
				}
			}
		}
	}
	for i, b := range blocks {
		if b.Table != nil {
			walk(b.Table, blockCaption(blocks, i), blockEvidence(docID, blocks, i))
		}
	}
	return out
}

// blockCaption is the caption of the table block blocks[i]: the table's
// own, else the block's text, else the line above that heads it
// (document.TableCaption), so that rows listed under "◦ X 현황 : 총 N개"
// carry X.
func blockCaption(blocks []document.Block, i int) string {
	return document.TableCaption(blocks, i)
}

// blockEvidence points at the table block blocks[i]: its caption and rows
// as text, as its passage reads.
func blockEvidence(docID string, blocks []document.Block, i int) Evidence {
	b := blocks[i]
	return Evidence{DocFile: docID, Page: b.Page, Section: strings.Join(b.Section, " > "),
		Paragraph: document.NormalizeSpace(document.LinearizeTable(b.Table, blockCaption(blocks, i))), Kind: b.Kind}
}

// withoutCaption removes from q the longest run it shares with the table
// caption (white space ignored) when that run is at least 6 characters.
func withoutCaption(q, caption string) string {
	if caption == "" || q == "" {
		return q
	}
	qs, cs := textkit.Fold(q).Runes, textkit.Fold(caption).Runes
	bestLen, bestEnd := 0, 0
	prev := make([]int, len(cs)+1)
	cur := make([]int, len(cs)+1)
	for i := 1; i <= len(qs); i++ {
		for j := 1; j <= len(cs); j++ {
			if qs[i-1] == cs[j-1] {
				cur[j] = prev[j-1] + 1
				if cur[j] > bestLen {
					bestLen, bestEnd = cur[j], i
				}
			} else {
				cur[j] = 0
			}
		}
		prev, cur = cur, prev
	}
	if bestLen < 6 {
		return q
	}
	return string(qs[:bestEnd-bestLen]) + " " + string(qs[bestEnd:])
}

// labelColumns counts the leading columns that label rows rather than
// hold values: the first column always (it may read "1차"), and each next
// column none of whose data cells reads as a value (isValueCell).
func labelColumns(grid [][]string, headerRows int) int {
	width := 0
	for _, row := range grid {
		width = max(width, len(row))
	}
	if width < 2 {
		return 0
	}
	lc := 1
	for c := 1; c < width-1; c++ {
		for r := headerRows; r < len(grid); r++ {
			if c < len(grid[r]) && isValueCell(grid[r][c]) {
				return lc
			}
		}
		lc++
	}
	return lc
}

// isValueCell reports whether a data cell reads as a value rather than a
// label: "-", or quantities making up at least 40% of its letters and
// digits ("12.5", "5천만 원 이하" but not "자동차보험료 2.5% 인하 등").
func isValueCell(v string) bool {
	v = strings.TrimSpace(v)
	if v == "-" || v == "–" {
		return true
	}
	total := 0
	for _, r := range v {
		if !unicode.IsSpace(r) && !unicode.IsPunct(r) {
			total++
		}
	}
	if total == 0 {
		return false
	}
	inQ := 0
	for _, q := range numbers.Find(v) {
		for _, r := range q.Text {
			if !unicode.IsSpace(r) && !unicode.IsPunct(r) {
				inQ++
			}
		}
	}
	return 10*inQ >= 4*total
}

// itemMarks open the items stacked in one cell ("▪가계 지원 ▪기업 지원").
const itemMarks = "▪•◦○●■□◆▸▶▣◇"

// expandStacked splits a row whose label cell stacks several bulleted
// items ("▪가계 지원 - … ▪기업 지원 - …") and whose value cells stack as
// many values ("5,025억원 930억원") into one row per item: the item (its
// description after " - " dropped) with its own value. Cells that do not
// stack that many values are repeated in every new row. Other rows are
// kept; the grid returned is new when any row was split.
func expandStacked(grid [][]string, hr, lc int) [][]string {
	var out [][]string
	split := false
	for r, row := range grid {
		if r < hr {
			out = append(out, row)
			continue
		}
		itemCol, items := -1, []string(nil)
		for c := 0; c < lc && c < len(row); c++ {
			if its := stackedItems(row[c]); len(its) >= 2 {
				itemCol, items = c, its
				break
			}
		}
		if itemCol < 0 {
			out = append(out, row)
			continue
		}
		values := map[int][]string{}
		for c := lc; c < len(row); c++ {
			if vs := stackedValues(row[c]); len(vs) == len(items) {
				values[c] = vs
			}
		}
		if len(values) == 0 {
			out = append(out, row)
			continue
		}
		split = true
		for i, it := range items {
			nr := append([]string(nil), row...)
			nr[itemCol] = it
			for c, vs := range values {
				nr[c] = vs[i]
			}
			out = append(out, nr)
		}
	}
	if !split {
		return grid
	}
	return out
}

// stackedItems splits a cell into its bulleted items, each without the
// description after " - "; nil when it holds fewer than two.
func stackedItems(cell string) []string {
	var items []string
	cur := []rune{}
	flush := func() {
		it := strings.TrimSpace(string(cur))
		if i := strings.Index(it, " - "); i >= 0 {
			it = strings.TrimSpace(it[:i])
		}
		if it != "" {
			items = append(items, it)
		}
		cur = cur[:0]
	}
	seen := false
	rs := []rune(cell)
	for i, r := range rs {
		// "ㅇ" is a mark as reports type it: a lone jamo before a space
		// ("ㅇ 국세수입").
		jamo := r == 'ㅇ' && (i == 0 || rs[i-1] == ' ') && i+1 < len(rs) && rs[i+1] == ' '
		if strings.ContainsRune(itemMarks, r) || jamo {
			if seen {
				flush()
			} else {
				cur = cur[:0] // text before the first mark labels the group
			}
			seen = true
			continue
		}
		cur = append(cur, r)
	}
	if !seen {
		return nil
	}
	flush()
	return items
}

// stackedValues splits a cell into the values it stacks: its quantities
// and lone dashes, in order, when together they make up the cell.
func stackedValues(cell string) []string {
	cell = strings.TrimSpace(cell)
	if !isValueCell(cell) {
		return nil
	}
	var out []string
	last := 0
	for _, q := range numbers.Find(cell) {
		for _, w := range strings.Fields(cell[last:q.Start]) {
			if w == "-" || w == "–" {
				out = append(out, w)
			}
		}
		out = append(out, strings.TrimSpace(q.Text))
		last = q.End
	}
	for _, w := range strings.Fields(cell[last:]) {
		if w == "-" || w == "–" {
			out = append(out, w)
		}
	}
	return out
}

// rowLabels joins the label cells of each row. A row labelled only in
// parentheses ("(비중)", "(증가율)") qualifies the row above it and is
// named after it too: "의무지출 (비중)".
func rowLabels(grid [][]string, hr, lc int) []string {
	out := make([]string, len(grid))
	parent := ""
	for r := hr; r < len(grid); r++ {
		l := strings.Join(dedupe(labelCells(grid, hr, lc, r)), " ")
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "(") || strings.HasPrefix(t, "（") {
			if parent != "" {
				l = parent + " " + strings.Trim(t, "()（） ")
			}
		} else {
			parent = t
		}
		out[r] = l
	}
	return out
}

// splitLabels joins a row's label to the label of the row above it when
// that row has a label and no values: a label broken across two lines
// ("교당 평균" / "지원단가*" is "교당 평균 지원단가*"). "" where there is
// nothing to join.
func splitLabels(grid [][]string, hr, lc int, labels []string) []string {
	out := make([]string, len(grid))
	for r := hr + 1; r < len(grid); r++ {
		prev := grid[r-1]
		if strings.TrimSpace(labels[r-1]) == "" || strings.TrimSpace(labels[r]) == "" {
			continue
		}
		empty := true
		for c := lc; c < len(prev); c++ {
			if strings.TrimSpace(prev[c]) != "" {
				empty = false
				break
			}
		}
		if empty {
			out[r] = strings.TrimSpace(labels[r-1]) + " " + strings.TrimSpace(labels[r])
		}
	}
	return out
}

// dedupe drops repeats (merged cells expand to the same text).
func dedupe(ss []string) []string {
	var out []string
	for i, s := range ss {
		if i > 0 && s == ss[i-1] {
			continue
		}
		out = append(out, s)
	}
	return out
}
