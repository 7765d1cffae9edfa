package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Layout constants, in multiples of the font size unless noted.
const (
	// baselineTol: runs whose baselines differ by at most this much share a
	// line (covers superscripts and mixed fonts).
	baselineTol = 0.45
	// spaceGap: a horizontal gap wider than this between two glyphs is a
	// word space.
	spaceGap = 0.2
	// scriptGap replaces spaceGap between Hangul/Han and other scripts,
	// where layout engines add "autospace" (LibreOffice: about 0.2 em)
	// that is not a word space.
	scriptGap = 0.32
	// segmentGap: a gap wider than this splits a line into segments
	// (table cells, tab stops); cellGap does too when no space glyph was
	// drawn in the gap (justified text stretches its spaces, tables do not
	// draw spaces between cells).
	segmentGap = 6
	cellGap    = 0.9
	// dupTol: a glyph repeated within this distance is overprinting (fake
	// bold) and dropped.
	dupTol = 0.3
)

// segment is a piece of a line between large gaps.
type segment struct {
	text   string
	x0, x1 float64
}

// line is one rebuilt text line of a page.
type line struct {
	page   int
	text   string
	x0, x1 float64
	y      float64 // baseline
	size   float64 // dominant font size
	bold   bool
	segs   []segment
	// endsSpace: the line's last glyph was a space (the producer broke the
	// line at a space).
	endsSpace bool
	// spaces counts word spaces drawn as space glyphs; stretch is the mean
	// extra gap around them, in font sizes (justification stretches them).
	spaces  int
	stretch float64
	// colX0, colX1 are the left and right edges of the text column the
	// line belongs to in a column layout (see splitColumns); both 0
	// otherwise.
	colX0, colX1 float64
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// cleanText drops control characters and NULs.
func cleanText(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\t' }) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' {
			return ' '
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// sanitize returns the runs usable for layout: finite coordinates, a
// positive size, a sane width, text without control characters.
func sanitize(runs []Run) []Run {
	out := make([]Run, 0, len(runs))
	for _, r := range runs {
		if !finite(r.X) || !finite(r.Y) || math.Abs(r.X) > 1e6 || math.Abs(r.Y) > 1e6 {
			continue
		}
		if !finite(r.Size) || r.Size <= 0.5 || r.Size > 500 {
			r.Size = 10
		}
		if !finite(r.W) || r.W < 0 {
			r.W = 0
		}
		r.W = math.Min(r.W, 50*r.Size)
		r.Text = cleanText(r.Text)
		if r.Text == "" {
			continue
		}
		out = append(out, r)
	}
	return out
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// buildLines groups a page's runs into lines, top to bottom, each ordered
// left to right, with spaces inserted at word gaps.
func buildLines(page int, runs []Run) []line {
	runs = sanitize(runs)
	if len(runs) == 0 {
		return nil
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].Y > runs[j].Y })
	var lines []line
	for i := 0; i < len(runs); {
		anchor := runs[i]
		j := i + 1
		for j < len(runs) && anchor.Y-runs[j].Y <= baselineTol*math.Max(anchor.Size, runs[j].Size) {
			j++
		}
		if l, ok := makeLine(page, runs[i:j]); ok {
			lines = append(lines, l)
		}
		i = j
	}
	return lines
}

// makeLine builds one line from runs sharing a baseline.
func makeLine(page int, runs []Run) (line, bool) {
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].X < runs[j].X })
	l := line{page: page}
	// Dominant size and baseline: weighted by character count.
	sizes := map[float64]int{}
	var ysum, yn float64
	boldN, n := 0, 0
	for _, r := range runs {
		if isBlank(r.Text) {
			continue
		}
		c := len([]rune(r.Text))
		sizes[math.Round(r.Size*2)/2] += c
		ysum += r.Y * float64(c)
		yn += float64(c)
		n += c
		if strings.Contains(strings.ToLower(r.Font), "bold") {
			boldN += c
		}
	}
	if n == 0 {
		return l, false
	}
	best := 0
	for s, c := range sizes {
		if c > best || (c == best && s > l.size) {
			l.size, best = s, c
		}
	}
	l.y = ysum / yn
	l.bold = boldN*2 > n

	var (
		stretch  float64
		spaceW   float64
		sb       strings.Builder
		seg      strings.Builder
		segX0    float64
		prevEnd  = math.Inf(-1)
		prevText string
		prevX    float64
		sawSpace bool
		started  bool
	)
	flush := func() {
		if t := strings.TrimSpace(seg.String()); t != "" {
			l.segs = append(l.segs, segment{text: t, x0: segX0, x1: prevEnd})
		}
		seg.Reset()
	}
	for _, r := range runs {
		if isBlank(r.Text) {
			if started {
				sawSpace = true
				spaceW += r.W
			}
			continue
		}
		if isFootnoteMark(r, l) {
			continue
		}
		size := math.Max(r.Size, 1)
		if started && r.Text == prevText && math.Abs(r.X-prevX) < dupTol*size {
			continue // overprinted glyph
		}
		text := r.Text
		if started {
			gap := r.X - prevEnd
			switch {
			case gap > segmentGap*size || (!sawSpace && gap > cellGap*size):
				flush()
				segX0 = r.X
				sb.WriteByte(' ')
			case sawSpace:
				l.spaces++
				stretch += math.Max(0, gap-spaceW) / size
				sb.WriteByte(' ')
				seg.WriteByte(' ')
			case gap > wordGap(prevText, text)*size ||
				strings.HasSuffix(prevText, " ") || strings.HasPrefix(text, " "):
				sb.WriteByte(' ')
				seg.WriteByte(' ')
			}
		} else {
			segX0 = r.X
			l.x0 = r.X
		}
		sb.WriteString(text)
		seg.WriteString(text)
		started = true
		sawSpace = false
		spaceW = 0
		prevEnd = math.Max(prevEnd, r.X+r.W)
		if r.W == 0 {
			prevEnd = math.Max(prevEnd, r.X+0.5*size*float64(len([]rune(text))))
		}
		prevText, prevX = text, r.X
	}
	flush()
	if l.spaces > 0 {
		l.stretch = stretch / float64(l.spaces)
	}
	l.endsSpace = sawSpace
	l.x1 = prevEnd
	l.text = strings.Join(strings.Fields(sb.String()), " ")
	return l, l.text != ""
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Han, r)
}

// wordGap is the gap, in font sizes, above which two adjacent pieces of
// text are separated by a word space.
func wordGap(prev, next string) float64 {
	a, _ := utf8.DecodeLastRuneInString(prev)
	b, _ := utf8.DecodeRuneInString(next)
	if isCJK(a) != isCJK(b) {
		return scriptGap
	}
	return spaceGap
}

// isFootnoteMark reports whether r is a raised, smaller note reference
// ("...중론임²") that should not enter the line's text.
func isFootnoteMark(r Run, l line) bool {
	if r.Size > 0.75*l.size || r.Y-l.y < 0.15*l.size {
		return false
	}
	for _, c := range r.Text {
		if !unicode.IsDigit(c) && !strings.ContainsRune(")*,-", c) {
			return false
		}
	}
	return true
}
