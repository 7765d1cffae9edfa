package pdf

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/policyqa/policyqa/document"
)

// Rebuild turns the positioned text of a document's pages into blocks in
// reading order. It is a pure function:
//
//  1. vertical text (runs drawn vertically, and upright glyphs stacked in
//     a column away from other text: margin tabs) is taken out and read as
//     lines of its own, each kept once per document, after its page's
//     body (see splitVertical);
//     the other runs sharing a baseline become lines, ordered left to
//     right, with a space wherever the horizontal gap exceeds a fraction
//     of the font size (see buildLines);
//  2. running headers and footers (the same text, digits aside, at the same
//     height near the top or bottom of many pages) and bare page numbers are
//     dropped; bands of lines set in two or three columns of running text
//     (both sides of a gutter long lines of words, not short cells or
//     numbers) are split at the gutter and read column by column, each
//     column wrapping paragraphs at its own margins (see splitColumns);
//  3. a grid of ruling lines (PageText.Rules, VRules) with text in two rows
//     and two columns is a table: each glyph goes to the cell its centre
//     lies in, a border not drawn merges cells (see gridTables);
//     lines whose text falls into aligned columns become a table block,
//     unless the first column holds only markers ("◦", "1.", "[0009]")
//     and the second running text: those are paragraphs;
//     where ruling lines cross it (PageText.Rules), its rows are the bands
//     between them, so wrapped cell text stays in its row and a cell whose
//     column has no rule between two rows spans them (see ruledTable);
//  4. consecutive lines of one paragraph are joined, across a page break
//     too: same font size, normal line spacing (up to 1.2 pitches, 1.4
//     after a line that reaches the margin), the previous line reaching
//     the right margin (on one page also a line broken early in
//     mid-sentence with the next one starting where the paragraph wraps,
//     see wrapsEarly) and the next line not opening with a bullet or
//     number ("-", "○", "□", "①", "1)", "가.", "Ⅰ.");
//  5. short numbered lines ("제2장 …", "Ⅱ. …", "1. …", "가. …") and short
//     lines in a larger font become headings; small-print notes at the page
//     bottom become footnotes. Blocks carry the heading path above them,
//     made of Hangul, CJK, ASCII and common punctuation only: symbols
//     outside those (private-use bullets) are left out of the path, and a
//     line holding mojibake is never a heading (see sectionName).
func Rebuild(pages []PageText) []document.Block {
	all := make([][]line, len(pages))
	margin := make([][]line, len(pages))
	seen := map[string]bool{}
	grids := make([][]gridTable, len(pages))
	for i, p := range pages {
		tabs, rest := gridTables(p.Number, sanitize(p.Runs), findGrids(p.Rules, p.VRules))
		grids[i] = tabs
		body, vert := splitVertical(rest)
		all[i] = buildLines(p.Number, body)
		// Vertical text is read on its own; a margin tab repeated on
		// every page is kept once.
		for _, l := range verticalLines(p.Number, vert) {
			if !seen[l.text] {
				seen[l.text] = true
				margin[i] = append(margin[i], l)
			}
		}
	}
	dropRunning(pages, all)
	for i := range all {
		all[i] = splitColumns(all[i])
	}
	st := measure(all)
	var paras []para
	for i, p := range pages {
		paras = append(paras, pageParas(p, all[i], st, grids[i])...)
		for _, l := range margin[i] {
			paras = append(paras, para{page: p.Number, lines: []line{l}, vertical: true})
		}
	}
	paras = joinAcrossPages(paras, st)
	return toBlocks(paras, st)
}

// stats are document-wide layout measures.
type stats struct {
	body  float64             // dominant font size
	lead  map[float64]float64 // line pitch by font size
	right float64             // right margin of body text outside columns
	left  float64             // left margin of body text outside columns
	// justified: most long lines end at the right margin (their column's
	// in a column layout).
	justified bool
}

func sizeKey(s float64) float64 { return math.Round(s*2) / 2 }

func measure(all [][]line) stats {
	st := stats{lead: map[float64]float64{}}
	sizeChars := map[float64]int{}
	pitch := map[float64]map[float64]int{}
	var rights, lefts []float64
	// colAt counts the long lines of column layouts, colEnd those of them
	// ending at their column's right edge (see splitColumns).
	colAt, colEnd := 0, 0
	for _, lines := range all {
		for i, l := range lines {
			n := utf8.RuneCountInString(l.text)
			sizeChars[sizeKey(l.size)] += n
			if n >= 15 && len(l.segs) <= 1 && l.colX1 > l.colX0 {
				colAt++
				if l.x1 >= l.colX1-0.5*l.size {
					colEnd++
				}
			} else if n >= 15 && len(l.segs) <= 1 {
				rights = append(rights, l.x1)
				lefts = append(lefts, l.x0)
			}
			if i == 0 {
				continue
			}
			p := lines[i-1]
			if sizeKey(p.size) != sizeKey(l.size) {
				continue
			}
			d := p.y - l.y
			if d < 0.9*l.size || d > 3*l.size {
				continue
			}
			k := sizeKey(l.size)
			if pitch[k] == nil {
				pitch[k] = map[float64]int{}
			}
			pitch[k][math.Round(d*2)/2]++
		}
	}
	best := 0
	for s, n := range sizeChars {
		if n > best || (n == best && s < st.body) {
			st.body, best = s, n
		}
	}
	if st.body == 0 {
		st.body = 10
	}
	for s, m := range pitch {
		bestD, bestN := 0.0, 0
		for d, n := range m {
			if n > bestN || (n == bestN && d < bestD) {
				bestD, bestN = d, n
			}
		}
		st.lead[s] = bestD
	}
	atMargin := colEnd
	if len(rights) > 0 {
		sort.Float64s(rights)
		sort.Float64s(lefts)
		st.right = rights[len(rights)*9/10]
		st.left = lefts[len(lefts)/10]
		for _, r := range rights {
			if r >= st.right-0.5*st.body {
				atMargin++
			}
		}
	}
	if n := len(rights) + colAt; n > 0 {
		st.justified = atMargin*2 >= n
	}
	return st
}

// margins returns the left and right edges between which a line's
// paragraph wraps: its column's in a column layout, else the body text's.
func (st stats) margins(l line) (left, right float64) {
	if l.colX1 > l.colX0 {
		return l.colX0, l.colX1
	}
	return st.left, st.right
}

// pitch is the normal baseline distance for lines of the given size.
func (st stats) pitch(size float64) float64 {
	if d, ok := st.lead[sizeKey(size)]; ok && d > 0 {
		return d
	}
	return 1.5 * size
}

var pageNumberRE = regexp.MustCompile(`^(?:[-–—]\s*)?(?:\d{1,4}|[ivxlcIVXLC]{1,6}|[ⅰ-ⅿⅠ-Ⅿ]{1,3})(?:\s*[-–—])?$|^(?:\d{1,4}\s*/\s*\d{1,4})$|^(?i:page)\s*\d{1,4}$`)

// dropRunning removes running headers/footers and bare page numbers.
func dropRunning(pages []PageText, all [][]line) {
	type key struct {
		top  bool
		y    int
		text string
	}
	zone := func(p PageText, l line) (top, in bool) {
		h := p.Box[3] - p.Box[1]
		if h <= 0 {
			return false, false
		}
		if l.y > p.Box[3]-0.12*h {
			return true, true
		}
		if l.y < p.Box[1]+0.12*h {
			return false, true
		}
		return false, false
	}
	candidates := func(lines []line) []int {
		var idx []int
		for i := range lines {
			if i < 3 || i >= len(lines)-3 {
				idx = append(idx, i)
			}
		}
		return idx
	}
	mkKey := func(top bool, l line) key {
		t := strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return '#'
			}
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, l.text)
		return key{top, int(math.Round(l.y / 4)), t}
	}
	count := map[key]int{}
	nonEmpty := 0
	for i, lines := range all {
		if len(lines) > 0 {
			nonEmpty++
		}
		seen := map[key]bool{}
		for _, j := range candidates(lines) {
			top, in := zone(pages[i], lines[j])
			if !in {
				continue
			}
			k := mkKey(top, lines[j])
			if !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	minRepeat := max(3, int(math.Ceil(0.25*float64(nonEmpty))))
	for i, lines := range all {
		drop := map[int]bool{}
		for _, j := range candidates(lines) {
			top, in := zone(pages[i], lines[j])
			if !in {
				continue
			}
			if count[mkKey(top, lines[j])] >= minRepeat {
				drop[j] = true
				continue
			}
			first, last := j == 0, j == len(lines)-1
			if (first || last) && pageNumberRE.MatchString(lines[j].text) {
				drop[j] = true
			}
		}
		if len(drop) == 0 {
			continue
		}
		kept := lines[:0:0]
		for j, l := range lines {
			if !drop[j] {
				kept = append(kept, l)
			}
		}
		all[i] = kept
	}
}

// para is a paragraph (or table) under construction.
type para struct {
	page     int
	lines    []line
	text     string
	table    *document.Table
	footnote bool
	// vertical: a line of vertical text (margin tab), never joined with
	// others and never a heading.
	vertical bool
	// open: the paragraph's last line reaches the right margin, so it may
	// continue on the next page.
	last  bool // last body paragraph of its page
	first bool // first body paragraph of its page
}

var (
	bulletRE = regexp.MustCompile(`^(?:` +
		`[-–—·•∙○●◦◯□■◇◆▪▫▶►▷※*ㅇ❍❏❑➢➤✓✔⇒➡➔▸◈◎☞▣◉❖]` + // symbols
		`|[\x{E000}-\x{F8FF}]` + // a symbol font's bullet with no Unicode mapping (private use)
		`|[①-⑳⑴-⒇⒜-⒵㈀-㈍㉠-㉭㉮-㉻ⓐ-ⓩ]` + // circled / parenthesised
		`|\(?\d{1,2}[.)](?:\s|$|[^\d])` + // 1. 1) (1)
		`|\(?[가나다라마바사아자차카타파하][.)](?:\s|$)` + // 가. 가) (가)
		`|[Ⅰ-Ⅻⅰ-ⅻ]+\.?` + // Ⅰ. ⅱ
		`|(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s` +
		`|[A-Za-z][.)]\s` +
		`|제\s*\d+\s*[장절편부]` +
		`|[\[<〈]\s*(?:표|그림|참고|부록)` +
		`|(?:출처|자료|주)\s*[:)]` +
		`)`)
	headingRE = regexp.MustCompile(`^(?:` +
		`(제\s*\d+\s*[편부장])` +
		`|(제\s*\d+\s*절)` +
		`|([Ⅰ-Ⅻ]+\.?|(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.)` +
		`|(\d{1,2}\.)` +
		`|([가나다라마바사아자차카타파하]\.)` +
		`|(\(\d{1,2}\)|\d{1,2}\))` +
		`|(\([가나다라마바사아자차카타파하]\)|[가나다라마바사아자차카타파하]\))` +
		`)\s*\S`)
	headingLevels = []int{0, 1, 2, 2, 3, 4, 5, 6}
	noteRE        = regexp.MustCompile(`^(?:\d{1,3}\)?|\*+|※)\s*\S`)
)

// startsItem reports whether text opens with a bullet or enumerator.
func startsItem(text string) bool { return bulletRE.MatchString(text) }

// pageParas groups a page's lines into tables and paragraphs.
func pageParas(p PageText, lines []line, st stats, grids []gridTable) []para {
	tables := findTables(lines, st, p.Rules)
	var out []para
	// Footnotes: small print at the page bottom, below all body text,
	// opening with a note number.
	// The note area is the block of small lines at the bottom; its top
	// line may continue a note from the previous page.
	noteFrom, small, numbered := len(lines), len(lines), false
	for i := len(lines) - 1; i >= 0; i-- {
		if lines[i].size > 0.85*st.body || tables[i] != nil {
			break
		}
		small = i
		numbered = numbered || noteRE.MatchString(lines[i].text)
	}
	noteX0 := math.Inf(1)
	if numbered {
		noteFrom = small
		for _, l := range lines[small:] {
			noteX0 = math.Min(noteX0, l.x0)
		}
	}
	var cur *para
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for i := 0; i < len(lines); i++ {
		for len(grids) > 0 && grids[0].top >= lines[i].y {
			flush()
			out = append(out, para{page: p.Number, table: grids[0].table})
			grids = grids[1:]
		}
		if t := tables[i]; t != nil {
			flush()
			out = append(out, para{page: p.Number, table: t.table, lines: lines[i:t.end]})
			i = t.end - 1
			continue
		}
		l := lines[i]
		foot := i >= noteFrom
		newNote := foot && noteRE.MatchString(l.text) && l.x0 <= noteX0+0.5*l.size
		if cur != nil && cur.footnote == foot && !newNote && continues(cur.lines, l, st, foot) {
			cur.lines = append(cur.lines, l)
			continue
		}
		flush()
		cur = &para{page: p.Number, lines: []line{l}, footnote: foot}
		if e := labelledEntry(lines, i, st); e > i+1 && !foot {
			cur.lines = append(cur.lines, lines[i+1:e]...)
			i = e - 1
		}
	}
	flush()
	for _, g := range grids {
		out = append(out, para{page: p.Number, table: g.table})
	}
	for i := range out {
		if !out[i].footnote {
			out[i].first = true
			break
		}
	}
	for i := len(out) - 1; i >= 0; i-- {
		if !out[i].footnote {
			out[i].last = true
			break
		}
	}
	return out
}

// labelledEntry returns the end of the entry that lines[i] labels in a
// column layout, i+1 when it labels none. A form set in columns (the
// bibliographic page of a patent: "(71) 출원인" over the applicant's name
// and address) writes each field as a short label line with its values
// on the lines below, indented under it; those lines are one entry, read
// as one paragraph. The entry's lines are all indented at least one font
// size deeper than the label, in its column, none opening with a bullet
// or number, and not a single line filling the column (that is a
// paragraph whose first line is indented, the next line back at the
// margin); the entry ends at a line back at the label's indent, or at the
// column's end.
func labelledEntry(lines []line, i int, st stats) int {
	l := lines[i]
	if l.colX1 <= l.colX0 || reachesRight(l, st) {
		return i + 1
	}
	j := i + 1
	for ; j < len(lines); j++ {
		c, p := lines[j], lines[j-1]
		if c.colX0 != l.colX0 || c.colX1 != l.colX1 || c.x0 < l.x0+l.size ||
			p.y-c.y > 2*st.pitch(c.size) || p.y <= c.y || startsItem(c.text) {
			break
		}
	}
	if j == i+1 || j == i+2 && reachesRight(lines[i+1], st) {
		return i + 1
	}
	if j < len(lines) {
		if c := lines[j]; c.colX0 == l.colX0 && c.colX1 == l.colX1 && c.x0 > l.x0+0.5*l.size && c.y < lines[j-1].y {
			return i + 1 // back to neither the label's indent nor the column's end
		}
	}
	return j
}

// reachesRight reports whether a line ends near the right margin.
func reachesRight(a line, st stats) bool {
	_, right := st.margins(a)
	if right == 0 {
		return true
	}
	slack := 3 * a.size
	if st.justified {
		slack = 1.5 * a.size
	}
	return a.x1 >= right-slack
}

// firstWordWouldNotFit reports whether b's first word was too wide to end
// line a: then a ragged (left-aligned) line still wrapped into b.
func firstWordWouldNotFit(a, b line, st stats) bool {
	_, right := st.margins(a)
	if right == 0 || st.justified {
		return false
	}
	total := utf8.RuneCountInString(b.text)
	first, _, _ := strings.Cut(strings.TrimSpace(b.text), " ")
	n := utf8.RuneCountInString(first)
	if total == 0 || n == 0 || b.x1 <= b.x0 {
		return false
	}
	word := (b.x1 - b.x0) * float64(n) / float64(total)
	return a.x1+0.3*a.size+word > right
}

// continues reports whether line b continues the paragraph made of lines
// (same page; a is its last line). inNote relaxes the bullet test for
// footnote bodies.
func continues(lines []line, b line, st stats, inNote bool) bool {
	a := lines[len(lines)-1]
	if math.Abs(a.size-b.size) > 0.1*math.Max(a.size, b.size)+0.25 {
		return false
	}
	d := a.y - b.y
	limit := 1.2*st.pitch(a.size) + 1
	if reachesRight(a, st) && !startsItem(b.text) {
		// A line run to the margin and one that opens no item: a
		// paragraph set looser than the document's usual pitch (HWP's
		// 160% and 180% line spacing in one report) still wraps there.
		limit = 1.4*st.pitch(a.size) + 1
	}
	if d <= 0 || d > limit {
		return false
	}
	if len(a.segs) > 1 && len(b.segs) > 1 {
		return false
	}
	if !inNote && startsItem(b.text) {
		return false
	}
	if !reachesRight(a, st) && !firstWordWouldNotFit(a, b, st) && !wrapsEarly(lines, b, st) {
		return false
	}
	// A continuation line never starts far left of the margin it wraps to.
	left, _ := st.margins(b)
	return b.x0 >= left-2*b.size
}

// wrapsEarly reports whether b continues a paragraph whose last line a
// stops short of the right margin: Korean reports break a long item by
// hand (or in a narrower box) before the margin, and Hangul has no hyphen
// to show it. It holds when
//   - a does not end a sentence (다, 음, 함, 임, 됨, . ? ! : ; or the page
//     number of a contents line) and is not a numbered heading line
//     ("Ⅱ. …", "1. …" of at most 40 characters, as a paragraph's first
//     line);
//   - a is itself at least half the measure wide (a short line is a
//     heading, a label, a box of a diagram or a paragraph's end) and set
//     like b (weight; size and line pitch are checked by continues);
//   - b does not open an item: a bullet or number (startsItem) or a
//     parenthesised label and a space ("(소상공인) …", the way reports
//     head their items);
//   - b starts where the paragraph wraps: in an item (its first line
//     opens with a bullet or number), under the text after the bullet (a
//     hanging indent of up to four font sizes, then the edge of the lines
//     before); in a paragraph, at a's left edge and the body's left
//     margin: a line indented from it opens a new paragraph (a title over
//     a first-line-indented paragraph).
func wrapsEarly(lines []line, b line, st stats) bool {
	a := lines[len(lines)-1]
	text := strings.TrimSpace(a.text)
	first := len(lines) == 1
	if text == "" || a.bold != b.bold || sentenceRE.MatchString(text) || tocRE.MatchString(text) {
		return false
	}
	if last, _ := utf8.DecodeLastRuneInString(text); strings.ContainsRune(":;。", last) {
		return false
	}
	if first && headingRE.MatchString(text) && utf8.RuneCountInString(text) <= 40 {
		return false
	}
	if labelRE.MatchString(b.text) {
		return false
	}
	left, right := st.margins(a)
	if right <= left || a.x1-a.x0 < 0.5*(right-left) {
		return false
	}
	lo, hi := a.x0-0.5*a.size, a.x0+0.5*a.size
	switch {
	case !startsItem(strings.TrimSpace(lines[0].text)):
		hi = math.Min(hi, left+0.5*a.size)
	case first:
		hi = a.x0 + 4*a.size
	}
	return b.x0 >= lo && b.x0 <= hi
}

// labelRE matches a line opening with a parenthesised label and a space,
// "(소상공인) …", "(조특법) …": an item of a report, never the rest of a
// sentence (that reads "(컴업)을 …", the particle glued to the bracket).
var labelRE = regexp.MustCompile(`^\([^()\s][^()]{0,14}\)\s`)

// joinAcrossPages merges a page's last paragraph with the next page's first
// when the former runs to the right margin and the latter does not open
// with a bullet.
func joinAcrossPages(ps []para, st stats) []para {
	out := ps[:0:0]
	lastIdx, lastPage := -1, 0 // the open paragraph ending page lastPage
	noteIdx, notePage := -1, 0 // the last footnote, on page notePage
	for _, p := range ps {
		if p.footnote {
			if noteIdx >= 0 && p.page == notePage+1 && !noteRE.MatchString(p.lines[0].text) {
				// A note running over from the previous page.
				out[noteIdx].lines = append(out[noteIdx].lines, p.lines...)
				notePage = p.page
				continue
			}
			out = append(out, p)
			noteIdx, notePage = len(out)-1, p.page
			continue
		}
		if p.first && lastIdx >= 0 && p.page == lastPage+1 && p.table == nil && out[lastIdx].table == nil {
			prev := &out[lastIdx]
			a, b := prev.lines[len(prev.lines)-1], p.lines[0]
			if reachesRight(a, st) && !startsItem(b.text) &&
				math.Abs(a.size-b.size) <= 0.1*math.Max(a.size, b.size)+0.25 {
				prev.lines = append(prev.lines, p.lines...)
				if p.last {
					lastPage = p.page
				} else {
					lastIdx = -1
				}
				continue
			}
		}
		out = append(out, p)
		if p.last {
			lastIdx, lastPage = len(out)-1, p.page
		}
	}
	return out
}

// joinLines joins a paragraph's lines: with a space, except after a
// hyphen or opening bracket, before closing punctuation, and where the
// break falls inside a Hangul word (a justified line that fills the measure
// without any stretched spaces).
func joinLines(lines []line, st stats) string {
	var sb strings.Builder
	for i, l := range lines {
		if i > 0 && !glued(lines[i-1], l, st) {
			sb.WriteByte(' ')
		}
		sb.WriteString(l.text)
	}
	return sb.String()
}

func glued(a, b line, st stats) bool {
	last, _ := utf8.DecodeLastRuneInString(a.text)
	first, _ := utf8.DecodeRuneInString(b.text)
	if strings.ContainsRune("([{<「『‘“〈《/", last) || strings.ContainsRune(")]}>」』’”〉》,.%:;", first) {
		return true
	}
	if last == '-' && len(a.text) > 1 {
		prev, _ := utf8.DecodeLastRuneInString(a.text[:len(a.text)-1])
		return unicode.IsLetter(prev) && unicode.IsLetter(first) && !isCJK(prev)
	}
	left, right := st.margins(a)
	if a.page == b.page && isCJK(last) && isCJK(first) && st.justified && !a.endsSpace &&
		a.spaces >= 2 && a.stretch < 0.02 && math.Abs(a.x1-right) <= 0.3*a.size &&
		a.x0 <= left+3*a.size && math.Abs(a.size-st.body) <= 0.5 {
		return true
	}
	return false
}

// toBlocks turns paragraphs into blocks, classifying headings and tracking
// the section path.
func toBlocks(ps []para, st stats) []document.Block {
	type sec struct {
		level int
		text  string
	}
	var stack []sec
	path := func() []string {
		if len(stack) == 0 {
			return nil
		}
		s := make([]string, len(stack))
		for i, x := range stack {
			s[i] = x.text
		}
		return s
	}
	toc := tocPages(ps, st)
	var out []document.Block
	lastNum := 0   // number of the last "(n)" heading
	valueFor := -1 // index in out of a field label waiting for its value
	for _, p := range ps {
		if p.table != nil {
			caption := ""
			if n := len(out); n > 0 && out[n-1].Kind == document.KindParagraph && out[n-1].Page == p.page && isCaption(out[n-1].Text) {
				caption = out[n-1].Text
				out = out[:n-1]
			}
			p.table.Caption = caption
			out = append(out, document.Block{Kind: document.KindTable, Text: caption, Table: p.table, Page: p.page, Section: path()})
			continue
		}
		text := joinLines(p.lines, st)
		text = strings.Join(strings.Fields(text), " ")
		if text == "" {
			continue
		}
		if p.footnote {
			out = append(out, document.Block{Kind: document.KindFootnote, Text: text, Page: p.page, Section: path()})
			continue
		}
		if valueFor >= 0 && valueFor == len(out)-1 && !p.vertical {
			if _, ok := fieldLabel(text, lastNum); !ok && headingLevel(p, text, st) == 0 {
				out[valueFor].Text += " " + text
				valueFor = -1
				continue
			}
		}
		valueFor = -1
		if lvl := headingLevel(p, text, st); lvl > 0 && !p.vertical {
			if alone, ok := fieldLabel(text, lastNum); ok {
				out = append(out, document.Block{Kind: document.KindParagraph, Text: text, Page: p.page, Section: path()})
				if alone {
					valueFor = len(out) - 1
				}
				continue
			}
			if m := parenNumRE.FindStringSubmatch(text); m != nil {
				lastNum, _ = strconv.Atoi(m[1])
			}
			if document.IsTOCTitle(text) || toc[p.page] {
				// The contents' title and entries name the contents
				// pages only; nothing after them is under them. The
				// contents close the cover: its lines (the title, the
				// ministry) are no parents of the text after.
				if document.IsTOCTitle(text) {
					stack = stack[:0]
				}
				out = append(out, document.Block{Kind: document.KindHeading, Text: text, Level: len(stack) + 1, Page: p.page, Section: path()})
				continue
			}
			if name := sectionName(text); name != "" {
				for len(stack) > 0 && stack[len(stack)-1].level >= lvl {
					stack = stack[:len(stack)-1]
				}
				out = append(out, document.Block{Kind: document.KindHeading, Text: text, Level: lvl, Page: p.page, Section: path()})
				stack = append(stack, sec{lvl, name})
				continue
			}
		}
		out = append(out, document.Block{Kind: document.KindParagraph, Text: text, Page: p.page, Section: path()})
	}
	return out
}

// parenNumRE matches a line numbered "(n)"; group 1 is n.
var parenNumRE = regexp.MustCompile(`^\((\d{1,2})\)\s*\S`)

// fieldLabel reports whether a line that reads as a heading is a form's
// field label, and whether the label stands alone (its value on the lines
// after it). Field labels are bracketed ("【발명의 명칭】 …", see
// document.FieldLabel) or the two-digit codes of bibliographic data
// (WIPO ST.9 INID codes: "(21) 출원번호 …", "(57) 요 약"): a "(n)" line
// whose number does not continue the "(n)" headings before it (last is
// the number of the last one, 0 before the first: a numbered section
// list goes 1, 2, 3, allowing up to two missed) is a code, not a section.
// A code stands alone when at most eight characters without digits
// follow it (its name).
func fieldLabel(text string, last int) (alone, ok bool) {
	if _, value, ok := document.FieldLabel(text); ok {
		return value == "", true
	}
	m := parenNumRE.FindStringSubmatchIndex(text)
	if m == nil {
		return false, false
	}
	n, _ := strconv.Atoi(text[m[2]:m[3]])
	if n == 1 || n > last && n <= last+3 {
		return false, false
	}
	rest := strings.TrimSpace(text[m[3]+1:])
	return utf8.RuneCountInString(rest) <= 8 && strings.IndexFunc(rest, unicode.IsDigit) < 0, true
}

// tocPages finds the pages of a table of contents: at least three of the
// page's paragraphs are entries with a dotted leader before a page number
// ("Ⅱ. 추진방향 ······ 4"), or at least five are lines ending in a page
// number (tocRE) and they make three in four of the page's paragraphs.
// Short lines there ("Ⅰ. 추진배경", an entry whose number sits in a cell of
// its own) are entries too, never section headings.
func tocPages(ps []para, st stats) map[int]bool {
	type count struct{ paras, leader, number int }
	per := map[int]*count{}
	for _, p := range ps {
		if p.table != nil || p.footnote || p.vertical || len(p.lines) == 0 {
			continue
		}
		c := per[p.page]
		if c == nil {
			c = &count{}
			per[p.page] = c
		}
		text := strings.TrimSpace(joinLines(p.lines, st))
		c.paras++
		switch {
		case leaderRE.MatchString(text):
			c.leader++
			c.number++
		case tocRE.MatchString(text):
			c.number++
		}
	}
	out := map[int]bool{}
	for page, c := range per {
		if c.leader >= 3 || c.number >= 5 && 4*c.number >= 3*c.paras {
			out[page] = true
		}
	}
	return out
}

var (
	// leaderRE: a contents entry's dotted leader and page number.
	leaderRE   = regexp.MustCompile(`(?:\.{3,}|…+|·{3,}|‥+|ㆍ{3,}|-{4,}|_{4,})\s*(?:\d{1,4}|[ivxlc]{1,6})$`)
	captionRE  = regexp.MustCompile(`^[\[<〈(]\s*(?:표|그림|Table|Figure)\s*[\d\-.]*`)
	sentenceRE = regexp.MustCompile(`(?:다|음|함|임|됨|[.?!])\s*$`)
	tocRE      = regexp.MustCompile(`(?:\s|\.{2,}|…|·{2,})\d{1,4}$|[^\d\s]\d{1,3}$`)
)

func isCaption(s string) bool { return captionRE.MatchString(s) }

// headingLevel returns the heading level of a paragraph, 0 for body text.
func headingLevel(p para, text string, st stats) int {
	if len(p.lines) > 2 {
		return 0
	}
	n := utf8.RuneCountInString(text)
	if n > 60 || sentenceRE.MatchString(text) || tocRE.MatchString(text) {
		return 0
	}
	if m := headingRE.FindStringSubmatchIndex(text); m != nil && len(p.lines) == 1 && n <= 40 {
		for g := 1; g < len(m)/2; g++ {
			if m[2*g] >= 0 {
				return headingLevels[g]
			}
		}
	}
	size := p.lines[0].size
	if size >= 1.2*st.body && n <= 50 && !startsItem(text) {
		return 1
	}
	return 0
}

// sectionName is a heading's text as it enters section paths: characters
// outside Hangul, CJK, ASCII and common punctuation (private-use bullets,
// dingbats fonts map there) are left out. It is "" when the heading holds
// mojibake (see isSuspect) or no letter or digit: such a line is not a
// heading.
func sectionName(text string) string {
	hasWord := false
	for _, r := range text {
		if isSuspect(r) && (r < 0xE000 || r > 0xF8FF) && r < 0xF0000 {
			return ""
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			hasWord = true
		}
	}
	if !hasWord {
		return ""
	}
	name := strings.Map(func(r rune) rune {
		if sectionRune(r) {
			return r
		}
		if unicode.IsSpace(r) {
			return ' '
		}
		return -1
	}, text)
	return strings.Join(strings.Fields(name), " ")
}

// sectionRune reports the characters section paths may hold: ASCII,
// Hangul (syllables and jamo), CJK ideographs, CJK and full-width
// punctuation, and the punctuation and symbols of Korean reports (general
// punctuation, letterlike symbols, Roman numerals, arrows, math operators,
// technical symbols, enclosed alphanumerics, box drawing, geometric shapes
// such as □ ○ ◇, miscellaneous symbols and dingbats, enclosed CJK), · × ÷.
func sectionRune(r rune) bool {
	switch {
	case r >= 0x20 && r < 0x7F:
		return true
	case r >= 0xAC00 && r <= 0xD7A3, r >= 0x1100 && r <= 0x11FF, r >= 0x3130 && r <= 0x318F:
		return true
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF, r >= 0xF900 && r <= 0xFAFF:
		return true
	case r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF, r >= 0x3200 && r <= 0x33FF:
		return true
	case r >= 0x2000 && r <= 0x27BF:
		return true
	case r == 0xB7 || r == 0xD7 || r == 0xF7:
		return true
	}
	return false
}
