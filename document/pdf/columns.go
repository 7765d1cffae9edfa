package pdf

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Column layouts. A page set in two (or three) columns of running text
// gives lines whose segments fall on both sides of a vertical gutter, just
// like the rows of a table without ruling lines. The two kinds differ in
// what the columns hold: a text column holds lines of words (a dozen
// characters and more, rarely a bare number), is a sizeable share of the
// width, and its lines are read one after another down the column; a table
// holds short cells aligned in rows, often numbers, and is read row by
// row. splitColumns finds the bands of lines split by a gutter whose sides
// are both text columns and returns the page's lines in reading order:
// each band's left column, then its right column (split again for a third
// column), every other line where it was.
const (
	// minGutter is the narrowest gutter between columns, in font sizes.
	minGutter = 0.8
	// colMinLines is the fewest lines with text each column of a band
	// needs; colMinBoth the height, in font sizes, the columns must share.
	colMinLines = 3
	colMinBoth  = 2
	// colMinRunes is the least mean or median length, in non-space
	// characters, of a text column's lines (the median forgives the short
	// last lines of paragraphs, the mean the short entries of a form);
	// colMaxNumeric the largest share of them that are bare numbers
	// ("1,200", "(3.8)", "△6.9").
	colMinRunes   = 10
	colMaxNumeric = 0.25
	// colMinShare is the narrowest a text column may be, as a share of its
	// band's width (a key column of a key-value table is narrower, and its
	// cells shorter).
	colMinShare = 0.2
	// colMaxGap is the largest vertical gap between consecutive lines of a
	// band, in font sizes.
	colMaxGap = 4.0
	// maxColumnDepth bounds the splits of one band (three columns take
	// two).
	maxColumnDepth = 2
	// columnWork bounds the segments splitColumns looks at on one page
	// (a page of thousands of table rows would make the search for bands
	// quadratic); past it the page's remaining lines stay as they are.
	columnWork = 2_000_000
)

// splitColumns returns the lines of one page (top to bottom, as
// buildLines orders them) in reading order, the lines of each column band
// split at its gutter and read column by column. A split line keeps its
// column's segments, and its column's left and right edges (line.colX0,
// colX1) for the paragraph rules that look at margins.
func splitColumns(lines []line) []line {
	work := columnWork
	return splitColumnsDepth(lines, 0, &work)
}

func splitColumnsDepth(lines []line, depth int, work *int) []line {
	if depth >= maxColumnDepth || len(lines) < colMinLines {
		return lines
	}
	out := make([]line, 0, len(lines))
	for i := 0; i < len(lines); {
		if *work <= 0 {
			return append(out, lines[i:]...)
		}
		j, mid := bestBand(lines, i, work)
		if j > i {
			*work -= j - i
			left, right := splitBand(lines[i:j], mid)
			if textColumns(left, right) {
				out = append(out, splitColumnsDepth(left, depth+1, work)...)
				out = append(out, splitColumnsDepth(right, depth+1, work)...)
				i = j
				continue
			}
		}
		out = append(out, lines[i])
		i++
	}
	return out
}

// bestBand tries each gap between the segments of lines[start], and the
// gap between it and the next line when they lie side by side, as a
// gutter and returns the end of the longest band of lines that keep clear
// of it, with the gutter's middle; end == start when none is a gutter. Each segment looked at is taken from *work.
func bestBand(lines []line, start int, work *int) (end int, mid float64) {
	l := lines[start]
	end = start
	var seeds [][2]float64
	for k := 0; k+1 < len(l.segs); k++ {
		seeds = append(seeds, [2]float64{l.segs[k].x1, l.segs[k+1].x0})
	}
	if start+1 < len(lines) {
		// Columns whose baselines do not line up give lines of one side
		// each, taking turns: the next line wholly right (or left) of
		// this one seeds a gutter too.
		n := lines[start+1]
		seeds = append(seeds, [2]float64{l.x1, n.x0}, [2]float64{n.x1, l.x0})
	}
	for _, sd := range seeds {
		lo, hi := sd[0], sd[1]
		if hi-lo < minGutter*l.size {
			continue
		}
		j := start + 1
		for ; j < len(lines); j++ {
			p, c := lines[j-1], lines[j]
			if p.y-c.y > colMaxGap*math.Max(p.size, c.size) || p.y <= c.y {
				break
			}
			// A segment is on the left when it starts left of the
			// gutter's middle and ends before the right column starts;
			// on the right likewise; one that is both or neither crosses.
			m := (lo + hi) / 2
			nlo, nhi, ok := lo, hi, true
			*work -= len(c.segs) + 1
			for _, s := range c.segs {
				left, right := s.x0 < m && s.x1 < hi, s.x1 > m && s.x0 > lo
				switch {
				case left && !right:
					nlo = math.Max(nlo, s.x1)
				case right && !left:
					nhi = math.Min(nhi, s.x0)
				default:
					ok = false
				}
			}
			if !ok || nhi-nlo < minGutter*c.size {
				break
			}
			lo, hi = nlo, nhi
		}
		if j > end {
			end, mid = j, (lo+hi)/2
		}
	}
	if end == start+1 {
		end = start // one line is no band
	}
	return end, mid
}

// splitBand splits a band's lines at x = mid into the lines of its left
// and right columns, each keeping its own segments; a line with text on
// one side only goes to that side whole.
func splitBand(band []line, mid float64) (left, right []line) {
	for _, l := range band {
		var ls, rs []segment
		for _, s := range l.segs {
			if s.x1 < mid {
				ls = append(ls, s)
			} else {
				rs = append(rs, s)
			}
		}
		if len(ls) > 0 {
			left = append(left, subLine(l, ls))
		}
		if len(rs) > 0 {
			right = append(right, subLine(l, rs))
		}
	}
	for _, side := range [][]line{left, right} {
		x0, x1 := math.Inf(1), math.Inf(-1)
		for _, l := range side {
			x0, x1 = math.Min(x0, l.x0), math.Max(x1, l.x1)
		}
		for i := range side {
			side[i].colX0, side[i].colX1 = x0, x1
		}
	}
	return left, right
}

// subLine is the part of l made of segs.
func subLine(l line, segs []segment) line {
	if len(segs) == len(l.segs) {
		return l
	}
	s := l
	s.segs = segs
	texts := make([]string, len(segs))
	for i, sg := range segs {
		texts[i] = sg.text
	}
	s.text = strings.Join(texts, " ")
	s.x0, s.x1 = segs[0].x0, segs[len(segs)-1].x1
	if segs[len(segs)-1].x1 != l.segs[len(l.segs)-1].x1 {
		s.endsSpace = false
	}
	return s
}

// textColumns reports whether the two sides of a band are columns of
// text rather than the columns of a table: each has colMinLines lines with
// text, the sides share colMinBoth font sizes of height, each side's lines are
// colMinRunes characters long (mean or median) with at most
// colMaxNumeric of them bare numbers, each side is at least colMinShare of the band's
// width, and no column of the band's segments holds mostly numbers.
func textColumns(left, right []line) bool {
	if len(left) < colMinLines || len(right) < colMinLines {
		return false
	}
	// Side by side: the columns share colMinBoth lines' height at least.
	size := 0.0
	for _, l := range append(append([]line(nil), left...), right...) {
		size = math.Max(size, l.size)
	}
	top := math.Min(left[0].y, right[0].y)
	bottom := math.Max(left[len(left)-1].y, right[len(right)-1].y)
	if top-bottom < colMinBoth*size {
		return false
	}
	x0, x1 := left[0].colX0, right[0].colX1
	for _, side := range [][]line{left, right} {
		if side[0].colX1-side[0].colX0 < colMinShare*(x1-x0) {
			return false
		}
		runes, numeric := 0, 0
		lens := make([]int, len(side))
		for i, l := range side {
			lens[i] = utf8.RuneCountInString(strings.ReplaceAll(l.text, " ", ""))
			runes += lens[i]
			if isNumberCell(l.text) {
				numeric++
			}
		}
		sort.Ints(lens)
		mean, median := float64(runes)/float64(len(side)), float64(lens[len(lens)/2])
		if math.Max(mean, median) < colMinRunes || float64(numeric) > colMaxNumeric*float64(len(side)) {
			return false
		}
	}
	return !numericColumn(append(append([]line(nil), left...), right...))
}

// isNumberCell reports whether a cell holds a number and nothing else:
// digits with the separators, signs, brackets and units of report tables
// ("1,200", "(3.8)", "△6.9", "12.5%", "-").
func isNumberCell(s string) bool {
	digits := false
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits = true
		case strings.ContainsRune(" .,-+%()△▲▽▼~/'", r):
		default:
			return false
		}
	}
	return digits || strings.Trim(s, " -") == ""
}

// numericColumn reports whether the lines' segments, gathered into
// columns by horizontal overlap, make a column of at least three
// segments most of which are numbers: the mark of a table.
func numericColumn(lines []line) bool {
	var segs []segment
	size := 0.0
	for _, l := range lines {
		segs = append(segs, l.segs...)
		size = math.Max(size, l.size)
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i].x0 < segs[j].x0 })
	n, num := 0, 0
	x1 := math.Inf(-1)
	check := func() bool { return n >= 3 && 2*num > n }
	for _, s := range segs {
		if s.x0 > x1+0.5*size {
			if check() {
				return true
			}
			n, num = 0, 0
		}
		x1 = math.Max(x1, s.x1)
		n++
		if isNumberCell(s.text) {
			num++
		}
	}
	return check()
}

// markerRE matches a cell that is only a paragraph marker: a bullet, an
// enumerator ("1", "1.", "(1)", "가.", "①", "Ⅱ."), or a bracketed
// paragraph number ("[0009]", patent specifications).
var markerRE = regexp.MustCompile(`^(?:` +
	`[-–—·•∙○●◦◯□■◇◆▪▫▶►▷※*ㅇ❍❏❑➢➤✓✔]` +
	`|[①-⑳⑴-⒇㉠-㉭㉮-㉻]` +
	`|\(?\d{1,3}[.)]?|\(?[가나다라마바사아자차카타파하][.)]` +
	`|[Ⅰ-Ⅻⅰ-ⅻ]+\.?|\[\d{1,5}\]|【\d{1,5}】` +
	`)$`)

// hangingMarkers reports whether the rows of a two-column table are
// really paragraphs set with a hanging marker: the first column holds only
// markers (two at least), the second running text (see textColumns for
// the length and number rules). Such lines are text, each marker opening
// its paragraph.
func hangingMarkers(rows [][]string) bool {
	markers := 0
	var lens []int
	runes, numeric := 0, 0
	for _, r := range rows {
		if len(r) != 2 {
			return false
		}
		if m := strings.TrimSpace(r[0]); m != "" {
			if !markerRE.MatchString(m) {
				return false
			}
			markers++
		}
		if t := strings.TrimSpace(r[1]); t != "" {
			n := utf8.RuneCountInString(strings.ReplaceAll(t, " ", ""))
			lens = append(lens, n)
			runes += n
			if isNumberCell(t) {
				numeric++
			}
		}
	}
	if markers < 2 || len(lens) < 2 {
		return false
	}
	sort.Ints(lens)
	mean, median := float64(runes)/float64(len(lens)), float64(lens[len(lens)/2])
	return math.Max(mean, median) >= colMinRunes && float64(numeric) <= colMaxNumeric*float64(len(lens))
}
