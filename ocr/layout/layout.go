package layout

import (
	"image"
	"sort"
)

// Options tune Analyze.
type Options struct {
	// DPI is the page image's resolution (default 200); every length
	// below is scaled from 200 dpi by it.
	DPI int
}

// Page is what Analyze found.
type Page struct {
	// Threshold is the gray level below which a pixel counts as ink.
	Threshold uint8
	// HRules and VRules are the horizontal and vertical rules.
	HRules, VRules []image.Rectangle
	// Tables are grids of at least two cells, top to bottom.
	Tables []Table
	// Frames are boxes around text that hold one cell only (a framed
	// summary, a title box): their rules are erased, their text is read
	// as running text.
	Frames []image.Rectangle
	// Panels are shaded vertical strips with text running down them.
	Panels []Panel
	// Bullets are solid marks (●, ▪, ▲), erased from Clean.
	Bullets []Bullet
	// Clean is the page with every rule erased (white).
	Clean *image.Gray
}

// Table is a ruled table.
type Table struct {
	Box image.Rectangle
	// Rows and Cols count the grid's rows and columns.
	Rows, Cols int
	// Cells are in row-major order of their top-left grid position;
	// a merged cell appears once with its spans.
	Cells []Cell
}

// Cell is one cell of a table: its grid position, spans and box (inside
// the rules).
type Cell struct {
	Row, Col         int
	RowSpan, ColSpan int
	Box              image.Rectangle
}

// Lengths at 200 dpi.
const (
	minHRule  = 70 // shortest horizontal rule, px (a Hangul stroke of 11 pt text is under 35)
	minVRule  = 40 // shortest vertical rule
	maxThick  = 6  // thickest rule; thicker dark bars are not rules
	gapTol    = 3  // gap allowed inside a rule (dotted rules: a dot every 3 px)
	touchTol  = 6  // how far a rule may stop short of another and still meet it
	minCellPx = 8  // narrowest row or column of a grid
	// minLoneHRule is the shortest horizontal rule erased outside tables
	// and frames (an underline); shorter ones may be strokes of a title.
	minLoneHRule = 150
)

// Analyze finds rules and tables in a gray page image.
func Analyze(g *image.Gray, opts Options) *Page {
	dpi := opts.DPI
	if dpi <= 0 {
		dpi = 200
	}
	s := func(v int) int { return max(1, (v*dpi+100)/200) }
	b := g.Bounds()
	p := &Page{Threshold: otsu(g)}
	// A thin rule drawn between two pixel rows (a render of a scan) is
	// grey in both: a pixel counts as ink when it is dark, or when it and
	// its neighbour below (to the right, for vertical rules) are both
	// grey and together as dark as ink. Both must be grey: a stroke of one
	// letter one row lower must not join a stroke of the next.
	need := 255 - int(p.Threshold)
	dark := func(x, y int) int { return 255 - int(g.Pix[(y-b.Min.Y)*g.Stride+(x-b.Min.X)]) }
	pair := func(d0, d1 int) bool {
		return d0 >= need || d0 >= need/5 && d1 >= need/5 && d0+d1 >= need
	}
	inkH := func(x, y int) bool {
		if y+1 < b.Max.Y {
			return pair(dark(x, y), dark(x, y+1))
		}
		return dark(x, y) >= need
	}
	inkV := func(x, y int) bool {
		if x+1 < b.Max.X {
			return pair(dark(x, y), dark(x+1, y))
		}
		return dark(x, y) >= need
	}
	solid := func(x, y int) bool { return dark(x, y) >= need }
	p.HRules = rules(b, inkH, solid, true, s(minHRule), s(gapTol), s(maxThick))
	p.VRules = rules(b, inkV, solid, false, s(minVRule), s(gapTol), s(maxThick))
	p.Tables, p.Frames = tables(p.HRules, p.VRules, s(touchTol), s(minCellPx))
	p.Panels = panels(g, s)
	// Erase the rules of tables and frames, and long horizontal rules
	// (underlines, separators). A short rule on its own may be a stroke
	// of large type: left alone.
	var hs, vs []image.Rectangle
	for _, t := range p.Tables {
		hs, vs = appendInside(hs, vs, p.HRules, p.VRules, t.Box)
	}
	for _, f := range p.Frames {
		hs, vs = appendInside(hs, vs, p.HRules, p.VRules, f)
	}
	for _, h := range p.HRules {
		if h.Dx() >= s(minLoneHRule) {
			hs = append(hs, h)
		}
	}
	p.Clean = erase(g, hs, vs)
	p.Bullets = bullets(components(p.Clean, p.Clean.Rect, p.Threshold), s)
	for _, bl := range p.Bullets {
		r := bl.Box.Inset(-1).Intersect(p.Clean.Rect)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			row := p.Clean.Pix[p.Clean.PixOffset(r.Min.X, y):p.Clean.PixOffset(r.Max.X, y)]
			for i := range row {
				row[i] = 255
			}
		}
	}
	return p
}

// otsu is Otsu's threshold of the page's gray histogram, kept between
// 100 and 200 so that a mostly white page still separates ink from
// shading.
func otsu(g *image.Gray) uint8 {
	var hist [256]int
	b := g.Bounds()
	for y := 0; y < b.Dy(); y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+b.Dx()]
		for _, v := range row {
			hist[v]++
		}
	}
	total := b.Dx() * b.Dy()
	var sum float64
	for i, n := range hist {
		sum += float64(i * n)
	}
	var sumB, best float64
	wB, t := 0, 128
	for i := 0; i < 256; i++ {
		wB += hist[i]
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += float64(i * hist[i])
		mB := sumB / float64(wB)
		mF := (sum - sumB) / float64(wF)
		between := float64(wB) * float64(wF) * (mB - mF) * (mB - mF)
		if between > best {
			best, t = between, i
		}
	}
	return uint8(min(max(t, 100), 200))
}

// seg is a run of ink along one row (horizontal) or column (vertical):
// pos is the row or column, [a, b) the extent along it.
type seg struct{ pos, a, b int }

// rules finds the rules of one direction: runs of ink at least minLen
// long (gaps up to gap allowed) in consecutive rows (columns) merged
// into boxes at most maxThick thick.
func rules(bounds image.Rectangle, ink, solid func(x, y int) bool, horiz bool, minLen, gap, maxThick int) []image.Rectangle {
	n, m := bounds.Dy(), bounds.Dx() // lines, length along a line
	at := func(line, i int) bool { return ink(bounds.Min.X+i, bounds.Min.Y+line) }
	if !horiz {
		n, m = bounds.Dx(), bounds.Dy()
		at = func(line, i int) bool { return ink(bounds.Min.X+line, bounds.Min.Y+i) }
	}
	var segs []seg
	for line := 0; line < n; line++ {
		var r run
		for i := 0; i < m; i++ {
			if !at(line, i) {
				continue
			}
			if r.on && i-r.last-1 > gap {
				if r.isRule(minLen) {
					segs = append(segs, seg{line, r.start, r.last + 1})
				}
				r = run{}
			}
			r.add(i)
		}
		if r.on && r.isRule(minLen) {
			segs = append(segs, seg{line, r.start, r.last + 1})
		}
	}
	// Merge runs of neighbouring lines that overlap into one rule.
	type box struct {
		p0, p1 int // lines [p0, p1]
		a, b   int
	}
	var open, done []box
	for _, sg := range segs {
		merged := false
		for i := range open {
			o := &open[i]
			if o.p1 >= sg.pos-2 && overlap(o.a, o.b, sg.a, sg.b) > min(o.b-o.a, sg.b-sg.a)/2 {
				o.p1 = sg.pos
				o.a, o.b = min(o.a, sg.a), max(o.b, sg.b)
				merged = true
				break
			}
		}
		if !merged {
			open = append(open, box{sg.pos, sg.pos, sg.a, sg.b})
		}
		// Close boxes the scan has left behind.
		k := 0
		for _, o := range open {
			if o.p1 < sg.pos-2 {
				done = append(done, o)
			} else {
				open[k] = o
				k++
			}
		}
		open = open[:k]
	}
	done = append(done, open...)
	var out []image.Rectangle
	for _, o := range done {
		if o.p1-o.p0+1 > maxThick {
			continue
		}
		// Letters touch their strokes ("표준구": the verticals of ㅛ and
		// ㅜ stand on the bar): ink two pixels off the rule, on either
		// side, along much of it means a row of letters. A rule has ink
		// there only where it crosses another.
		touched := 0
		for i := o.a; i < o.b; i++ {
			if o.p0-2 >= 0 && at2(solid, bounds, horiz, o.p0-2, i) || o.p1+2 < n && at2(solid, bounds, horiz, o.p1+2, i) {
				touched++
			}
		}
		if touched*100 > (o.b-o.a)*15 {
			continue
		}
		r := image.Rect(o.a, o.p0, o.b, o.p1+1)
		if !horiz {
			r = image.Rect(o.p0, o.a, o.p1+1, o.b)
		}
		out = append(out, r.Add(bounds.Min))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Min.Y != out[j].Min.Y {
			return out[i].Min.Y < out[j].Min.Y
		}
		return out[i].Min.X < out[j].Min.X
	})
	return out
}

// run is a run of ink along a line, gaps of a few pixels allowed: solid
// pieces separated by gaps.
type run struct {
	on          bool
	start, last int
	piece       int // start of the current solid piece
	gaps        int
	maxPiece    int
}

func (r *run) add(i int) {
	switch {
	case !r.on:
		*r = run{on: true, start: i, last: i, piece: i}
	case i > r.last+1:
		r.gaps++
		r.maxPiece = max(r.maxPiece, r.last-r.piece+1)
		r.piece = i
	}
	r.last = i
}

// isRule tells a rule from a row of letters: a run at least minLen long
// that is solid (gaps rare: scan noise) or dotted or dashed (pieces
// under 12 px). Strokes of neighbouring letters on one row ("프로그램":
// pieces of 20-35 px, a gap every letter) are not a rule.
func (r *run) isRule(minLen int) bool {
	length := r.last - r.start + 1
	if length < minLen {
		return false
	}
	if r.gaps == 0 {
		return true
	}
	longest := max(r.maxPiece, r.last-r.piece+1)
	return longest < 12 || r.gaps*60 < length
}

// at2 reads solid at position i along line (a row when horiz, else a
// column), relative to bounds.
func at2(solid func(x, y int) bool, bounds image.Rectangle, horiz bool, line, i int) bool {
	if horiz {
		return solid(bounds.Min.X+i, bounds.Min.Y+line)
	}
	return solid(bounds.Min.X+line, bounds.Min.Y+i)
}

func overlap(a0, a1, b0, b1 int) int { return max(0, min(a1, b1)-max(a0, b0)) }

// erase returns a copy of g with the rules painted white (one pixel
// around them too: anti-aliasing).
func erase(g *image.Gray, hs, vs []image.Rectangle) *image.Gray {
	c := image.NewGray(g.Bounds())
	copy(c.Pix, g.Pix)
	for _, rs := range [][]image.Rectangle{hs, vs} {
		for _, r := range rs {
			r = r.Inset(-1).Intersect(c.Rect)
			for y := r.Min.Y; y < r.Max.Y; y++ {
				row := c.Pix[c.PixOffset(r.Min.X, y):c.PixOffset(r.Max.X, y)]
				for i := range row {
					row[i] = 255
				}
			}
		}
	}
	return c
}

// appendInside adds the rules that lie within box (grown by a few pixels).
func appendInside(hs, vs, allH, allV []image.Rectangle, box image.Rectangle) ([]image.Rectangle, []image.Rectangle) {
	outer := box.Inset(-2)
	for _, r := range allH {
		if r.Intersect(outer).Eq(r) {
			hs = append(hs, r)
		}
	}
	for _, r := range allV {
		if r.Intersect(outer).Eq(r) {
			vs = append(vs, r)
		}
	}
	return hs, vs
}
