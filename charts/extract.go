package charts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"log/slog"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"

	xdraw "golang.org/x/image/draw"

	"github.com/policyqa/policyqa/ocr"
)

// Extract reads the data table of a chart image. It OCRs the image with
// eng in ocr.ModeChart and analyses the colours and text positions. A
// figure that is not recognised as a chart gives a Table of TypeOther with
// the title only (no error); values that could not be read are NaN.
func Extract(ctx context.Context, img image.Image, eng ocr.Engine) (*Table, error) {
	return ExtractWith(ctx, img, eng, ExtractOptions{Reread: true})
}

// ExtractOptions tunes ExtractWith.
type ExtractOptions struct {
	// Reread OCRs the title, category labels and legend names a second
	// time, each cut out alone and read as one line (ocr.ModeLine):
	// tesseract's sparse-text mode misreads Korean ("2018년" as
	// "20184") and drops short labels. Extract turns it on.
	Reread bool
	// Log receives why a chart or a value could not be read (Info) and
	// how the value axis was calibrated (Debug); nil discards.
	Log *slog.Logger
}

// ExtractWith is Extract with options.
func ExtractWith(ctx context.Context, img image.Image, eng ocr.Engine, opts ExtractOptions) (*Table, error) {
	m := toRGBA(img)
	l := findColors(m)
	l.dropGrayRules()
	comps := l.dropGrayNoise(l.components(true, 12))
	comps = l.splitBlended(m, comps)
	// Legend keys are painted white for OCR, which otherwise reads them
	// as letters ("@") glued to the names. (Whitening all the chart's
	// colours was tried: tesseract then glues tick marks to tick labels,
	// "100-" read as "1005".)
	var buf bytes.Buffer
	clean := whiten(m, comps)
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, clean); err != nil {
		return nil, fmt.Errorf("charts: encoding: %w", err)
	}
	res, err := eng.Recognize(ctx, buf.Bytes(), ocr.ModeChart)
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := analyse(ctx, eng, m, clean, l, comps, res.Words, log)
	if a.err != nil {
		return nil, a.err
	}
	a.clean = clean
	a.t.OCRText = res.Text
	empty := 0
	for _, sr := range a.t.Series {
		for _, v := range sr.Values {
			if math.IsNaN(v) {
				empty++
			}
		}
	}
	if empty > 0 {
		log.Info("charts: values that could not be read are left empty", "type", a.t.Type, "empty", empty, "series", len(a.t.Series))
	}
	if opts.Reread {
		if err := a.reread(ctx, eng); err != nil {
			return nil, err
		}
		if err := a.rereadAnnotations(ctx, eng); err != nil {
			return nil, err
		}
	}
	return a.t, nil
}

// whiten copies m with the swatch-like components (small filled squares)
// painted white, and the axes with their tick marks erased: tesseract
// reads a tick mark glued to its label as a character ("50-" as "504").
func whiten(m *image.RGBA, comps []component) *image.RGBA {
	out := image.NewRGBA(m.Rect)
	copy(out.Pix, m.Pix)
	for _, c := range comps {
		if c.fill() >= 0.8 && isSwatch(c.box) {
			draw.Draw(out, c.box, image.White, image.Point{}, draw.Src)
		}
	}
	eraseAxes(out)
	return out
}

// eraseAxes paints white the long dark horizontal and vertical lines and
// the short thin marks sticking out of them.
func eraseAxes(m *image.RGBA) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dark := func(x, y int) bool {
		if x < 0 || y < 0 || x >= w || y >= h {
			return false
		}
		p := m.Pix[y*m.Stride+x*4:]
		return max(p[0], p[1], p[2]) < 170 && int(max(p[0], p[1], p[2]))-int(min(p[0], p[1], p[2])) < 40
	}
	white := func(x, y int) {
		p := m.Pix[y*m.Stride+x*4:]
		p[0], p[1], p[2], p[3] = 255, 255, 255, 255
	}
	type seg struct{ fixed, lo, hi int }
	var vert, horiz []seg
	for x := 0; x < w; x++ {
		for y := 0; y < h; {
			if !dark(x, y) {
				y++
				continue
			}
			y0 := y
			for y < h && dark(x, y) {
				y++
			}
			if y-y0 >= h/4 {
				vert = append(vert, seg{x, y0, y})
			}
		}
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; {
			if !dark(x, y) {
				x++
				continue
			}
			x0 := x
			for x < w && dark(x, y) {
				x++
			}
			if x-x0 >= w/4 {
				horiz = append(horiz, seg{y, x0, x})
			}
		}
	}
	const tick = 12
	// Tick marks: thin dark runs, at most tick long, leaving a line.
	for _, v := range vert {
		for y := v.lo; y < v.hi; y++ {
			for _, dir := range []int{-1, 1} {
				n := 0
				for n < tick && dark(v.fixed+dir*(n+1), y) {
					n++
				}
				if n > 0 && n < tick && !dark(v.fixed+dir*(n/2+1), y-3) && !dark(v.fixed+dir*(n/2+1), y+3) {
					for i := 1; i <= n; i++ {
						white(v.fixed+dir*i, y)
					}
				}
			}
		}
	}
	for _, hz := range horiz {
		for x := hz.lo; x < hz.hi; x++ {
			for _, dir := range []int{-1, 1} {
				n := 0
				for n < tick && dark(x, hz.fixed+dir*(n+1)) {
					n++
				}
				if n > 0 && n < tick && !dark(x-3, hz.fixed+dir*(n/2+1)) && !dark(x+3, hz.fixed+dir*(n/2+1)) {
					for i := 1; i <= n; i++ {
						white(x, hz.fixed+dir*i)
					}
				}
			}
		}
	}
	for _, v := range vert {
		for y := v.lo; y < v.hi; y++ {
			white(v.fixed, y)
		}
	}
	for _, hz := range horiz {
		for x := hz.lo; x < hz.hi; x++ {
			white(x, hz.fixed)
		}
	}
}

// isSwatch says whether a box has the size and shape of a legend key.
func isSwatch(b image.Rectangle) bool {
	return b.Dx() <= 40 && b.Dy() <= 40 && b.Dx() >= 5 && b.Dy() >= 5 && b.Dx() <= 3*b.Dy() && b.Dy() <= 3*b.Dx()
}

// analyse is Extract after OCR.
func analyse(ctx context.Context, eng ocr.Engine, m, clean *image.RGBA, l *labels, comps []component, ows []ocr.Word, log *slog.Logger) *analysis {
	ws := toWords(ows)
	a := &analysis{ctx: ctx, eng: eng, log: log, m: m, clean: clean, l: l, ws: ws, t: &Table{Type: TypeOther}}
	if len(l.cols) > 0 {
		comps = a.frontFaces(comps)
		for _, c := range comps {
			if (c.fill() >= 0.8 || solidUnderText(m, l, c)) && c.box.Dx() >= 3 && c.box.Dy() >= 2 {
				a.rects = append(a.rects, c)
			} else {
				a.others = append(a.others, c)
			}
		}
		a.dropSideFaces()
		switch {
		case a.pie():
		case a.bars():
		case a.lines():
		}
	}
	a.title()
	a.annotations()
	return a
}

// dropSideFaces moves the shaded sides of 3-D bars out of the bars: a
// rectangle of a darker shade of a bar's hue, against its right edge and
// as tall; or a slanted piece of the bar's hue (a parallelogram, not
// filling its box) against its right edge and rising above its top (the
// side face, partly hidden by the next bar) or lying on its top and
// reaching past its right edge (the top face), cut off from the front by
// an edge drawn between them.
func (a *analysis) dropSideFaces() {
	side := make([]bool, len(a.rects))
	for i, s := range a.rects {
		cs := a.l.cols[s.col]
		for _, f := range a.rects {
			cf := a.l.cols[f.col]
			if s.box == f.box || f.box.Dx() < 6 {
				continue
			}
			sameHue := s.col == f.col || cs.gray && cf.gray || !cs.gray && !cf.gray && hueDiff(cs.r, cs.g, cs.b, cf.r, cf.g, cf.b) < 15
			if !sameHue {
				continue
			}
			ov := min(s.box.Max.Y, f.box.Max.Y) - max(s.box.Min.Y, f.box.Min.Y)
			if f.col != s.col && !cf.gray && !cs.gray && cs.r+cs.g+cs.b < cf.r+cf.g+cf.b &&
				abs(s.box.Min.X-f.box.Max.X) <= 3 && s.box.Dx() < f.box.Dx() && ov*10 >= 7*f.box.Dy() {
				side[i] = true
				a.depths = append(a.depths, s.box.Max.X-f.box.Max.X)
				break
			}
			// Slanted, or a darker shade than the front (a side face
			// seen whole is nearly a rectangle).
			if s.fill() >= 0.95 && a.brightness(s.box)+20 > a.brightness(f.box) {
				continue
			}
			xov := min(s.box.Max.X, f.box.Max.X) - max(s.box.Min.X, f.box.Min.X)
			rising := abs(s.box.Min.X-f.box.Max.X) <= 3 && s.box.Dx() < f.box.Dx() && s.box.Min.Y < f.box.Min.Y-1 && s.box.Max.Y > f.box.Min.Y && s.box.Max.Y <= f.box.Max.Y+2
			onTop := abs(s.box.Max.Y-f.box.Min.Y) <= 3 && s.box.Min.X >= f.box.Min.X-2 && s.box.Max.X >= f.box.Max.X-2 && s.box.Dy() < f.box.Dx()/2 && xov*2 >= f.box.Dx()
			if rising || onTop {
				side[i] = true
				if rising {
					a.depths = append(a.depths, s.box.Max.X-f.box.Max.X)
				}
				break
			}
		}
	}
	threeD := a.threeD > 0
	for _, sd := range side {
		threeD = threeD || sd
	}
	depth := a.depth3D()
	for i, s := range a.rects {
		cs := a.l.cols[s.col]
		if side[i] || !threeD {
			continue
		}
		// In a chart with 3-D bars: a smaller piece of a bar's colour
		// starting inside or just right of it, reaching past its right
		// edge and above its top (the top and side faces together, cut
		// off from the front by an edge or a label).
		for _, f := range a.rects {
			cf := a.l.cols[f.col]
			if s.box == f.box || f.box.Dx() < 6 || !(s.col == f.col || cs.gray && cf.gray) {
				continue
			}
			piece := s.box.Min.X > f.box.Min.X && s.box.Min.X <= f.box.Max.X+3 && s.box.Max.X > f.box.Max.X &&
				s.box.Min.Y < f.box.Min.Y-1 && s.box.Min.Y >= f.box.Min.Y-2*f.box.Dx() && s.box.Max.Y <= f.box.Max.Y+2 && s.n < f.n
			// A sliver of a face touching the bar (a label cut it off).
			sliver := 8*s.n < f.n && s.box.Overlaps(f.box.Inset(-2)) && s.box.Min.Y < f.box.Min.Y
			// The side face seen above a shorter bar in front of it: no
			// wider than a side face, against the bar's right edge,
			// within its height and not down to its foot.
			hidden := depth > 0 && s.col == f.col && s.box.Min.X >= f.box.Max.X-1 && s.box.Min.X <= f.box.Max.X+2 &&
				s.box.Dx() <= depth+2 && s.box.Min.Y >= f.box.Min.Y-depth-2 && s.box.Max.Y < f.box.Max.Y-2
			if piece || sliver || hidden {
				side[i] = true
				break
			}
		}
	}
	keep := a.rects[:0]
	for i, r := range a.rects {
		if side[i] {
			a.others = append(a.others, r)
			a.sides += r.n
		} else {
			keep = append(keep, r)
		}
	}
	a.rects = keep
}

// brightness is the mean sum of channels of the middle of a box (its
// inner half each way).
func (a *analysis) brightness(b image.Rectangle) int {
	in := image.Rect(b.Min.X+b.Dx()/4, b.Min.Y+b.Dy()/4, b.Max.X-b.Dx()/4, b.Max.Y-b.Dy()/4).Intersect(a.m.Rect)
	if in.Empty() {
		return 0
	}
	sum, n := 0, 0
	for y := in.Min.Y; y < in.Max.Y; y++ {
		for x := in.Min.X; x < in.Max.X; x++ {
			p := a.m.Pix[y*a.m.Stride+x*4:]
			sum += int(p[0]) + int(p[1]) + int(p[2])
			n++
		}
	}
	return sum / n
}

// solidUnderText says whether a component is a filled rectangle with a
// data label printed on it: its box is its colour or dark text.
func solidUnderText(m *image.RGBA, l *labels, c component) bool {
	if c.fill() < 0.4 || c.box.Dx() < 6 || c.box.Dy() < 6 {
		return false
	}
	n := 0
	for y := c.box.Min.Y; y < c.box.Max.Y; y++ {
		for x := c.box.Min.X; x < c.box.Max.X; x++ {
			if l.at(x, y) == c.col {
				n++
				continue
			}
			p := m.Pix[y*m.Stride+x*4:]
			if max(p[0], p[1], p[2]) < 150 || min(p[0], p[1], p[2]) > 235 {
				n++ // black or white text
			}
		}
	}
	return n*100 >= 93*c.box.Dx()*c.box.Dy()
}

type analysis struct {
	ctx    context.Context
	eng    ocr.Engine
	log    *slog.Logger
	err    error // an OCR failure during the analysis
	m      *image.RGBA
	clean  *image.RGBA // m as OCR saw it (keys and axes erased)
	l      *labels
	ws     []*word
	rects  []component // filled rectangles of one colour
	others []component
	t      *Table
	// swatches are legend keys: colour -> box.
	swatches map[int]image.Rectangle
	top      int // y above which the title sits
	// Regions to read again (ExtractOptions.Reread): the title, each
	// category, each series' legend name (by colour).
	titleBox   image.Rectangle
	catBoxes   []image.Rectangle
	nameBoxes  map[int]image.Rectangle // colour -> box
	seriesCols []int                   // colour of each series
	textH      int                     // typical label height
	// sides counts the pixels of 3-D bars' shaded sides (dropSideFaces).
	sides int
	// threeD counts the 3-D bars read at their front face (frontFaces).
	threeD int
	// depths are the widths in px of the side faces cut off 3-D bars
	// (frontFaces, dropSideFaces): how far a bar's side face reaches
	// right of its front, towards the next bar of its cluster.
	depths []int
	// lineKeys lets legend take short strokes for keys (line charts).
	lineKeys bool
	// flip is set while a horizontal bar chart is read turned.
	flip *frame
	// valueAxis is the value axis calibration of the chart read (bars,
	// lines), valueTurned set when it was fitted in the turned frame of
	// horizontal bars (position w-x); annotBoxes are the text boxes of
	// the annotations (annotations.go).
	valueAxis   axis
	valueTurned bool
	annotBoxes  []annotBox
	annotCats   [][2]int // annotation, category: a line at a category
}

// opposite is the edge of b facing the edge key gave (edge, with b's
// extent lo..hi across): the top for the bottom, the right for the left.
func opposite(b image.Rectangle, edge, lo, hi int) int {
	if lo == b.Min.X && hi == b.Max.X {
		if edge == b.Max.Y {
			return b.Min.Y
		}
		return b.Max.Y
	}
	if edge == b.Min.X {
		return b.Max.X
	}
	return b.Min.X
}

// aligned finds the edge most bars share (within 2 px): key gives a
// rectangle's edge and its extent across. Bars on a common base line
// stand apart from each other; pieces that touch across (segments of one
// stacked bar, which share their edges), or lie up to 3 px apart and are
// as thick (the white border LibreOffice draws between segments) count
// once. Specks (under 3%
// of the largest rectangle: legend keys, holes of letters) do not vote.
// It returns the edge, the number of separate bars on it and their
// pixels.
func aligned(rs []component, key func(image.Rectangle) (edge, lo, hi int)) (best, count, support int) {
	maxN := 0
	for _, r := range rs {
		maxN = max(maxN, r.n)
	}
	var big []component
	for _, r := range rs {
		if r.n*100 >= 3*maxN {
			big = append(big, r)
		}
	}
	rs = big
	for _, r := range rs {
		v, _, _ := key(r.box)
		var on []component
		for _, q := range rs {
			if e, _, _ := key(q.box); abs(e-v) <= 2 {
				on = append(on, q)
			}
		}
		sort.Slice(on, func(i, j int) bool {
			_, li, _ := key(on[i].box)
			_, lj, _ := key(on[j].box)
			return li < lj
		})
		s, cnt, end, last, far := 0, 0, math.MinInt, 0, math.MinInt
		for _, q := range on {
			e, lo, hi := key(q.box)
			op := opposite(q.box, e, lo, hi)
			// Touching the previous one, or a border apart and as
			// thick (the next segment of a stacked bar; bars of
			// neighbouring clusters that close differ in length).
			if lo <= end+1 || lo <= end+3 && abs(op-far) <= 1 {
				if q.n > last {
					s += q.n - last
					last = q.n
				}
				end = max(end, hi)
				continue
			}
			s += q.n
			cnt++
			last, end, far = q.n, hi, op
		}
		if cnt > count || (cnt == count && s > support) {
			best, count, support = v, cnt, s
		}
	}
	return best, count, support
}

// legend finds legend swatches among rects not used as marks (small,
// near-square) and reads the phrase right of each.
func (a *analysis) legend(candidates []component) map[int]string {
	a.swatches = map[int]image.Rectangle{}
	names := map[int]string{}
	isKey := func(c component) bool {
		return isSwatch(c.box) && c.fill() >= 0.8 || a.lineKeys && isLineKey(c.box)
	}
	// OCR reads swatches as junk letters ("@"): drop words mostly on one.
	var free []*word
	for _, w := range a.ws {
		if w.used {
			continue
		}
		junk := false
		for _, c := range candidates {
			in := w.Box.Intersect(c.box)
			if isKey(c) && in.Dx()*in.Dy()*3 > w.Box.Dx()*w.Box.Dy() {
				junk = true
			}
		}
		if !junk {
			free = append(free, w)
		}
	}
	var keys []component
	for _, c := range candidates {
		if isKey(c) {
			keys = append(keys, c)
		}
	}
	// Every colour's first key counts for the order of series, named or
	// not.
	for _, c := range keys {
		if _, dup := a.swatches[c.col]; !dup {
			a.swatches[c.col] = c.box
		}
	}
	for _, c := range keys {
		b := c.box
		if _, done := names[c.col]; done {
			continue
		}
		_, cy := center(b)
		// The name: words on the key's line from just right of it up to
		// the next key on that line.
		stop := math.MaxInt / 2
		for _, o := range keys {
			_, oy := center(o.box)
			if o.box.Min.X > b.Max.X && math.Abs(oy-cy) <= float64(b.Dy())/2+4 {
				stop = min(stop, o.box.Min.X)
			}
		}
		var line []*word
		for _, w := range free {
			_, wy := center(w.Box)
			if !w.used && w.Box.Min.X >= b.Max.X-2 && w.Box.Max.X <= stop+2 && math.Abs(wy-cy) <= float64(max(b.Dy(), w.Box.Dy()))/2+4 {
				line = append(line, w)
			}
		}
		sort.Slice(line, func(i, j int) bool { return line[i].Box.Min.X < line[j].Box.Min.X })
		var take []*word
		end := b.Max.X + 3*b.Dx() + 10
		for _, w := range line {
			if w.Box.Min.X > end {
				break
			}
			take = append(take, w)
			end = w.Box.Max.X + 2*w.Box.Dy()
		}
		if len(take) == 0 {
			continue
		}
		a.swatches[c.col] = b
		names[c.col] = joinWords(take)
		box := take[0].Box
		for _, w := range take {
			box = box.Union(w.Box)
			w.used = true
		}
		if a.nameBoxes == nil {
			a.nameBoxes = map[int]image.Rectangle{}
		}
		right := box.Max.X + 6
		if stop != math.MaxInt/2 {
			right = min(max(right, stop-8), stop-2)
		}
		a.nameBoxes[c.col] = image.Rect(b.Max.X+2, min(b.Min.Y, box.Min.Y)-4, right, max(b.Max.Y, box.Max.Y)+4)
	}
	return names
}

// isLineKey says whether a box has the shape of a line chart's legend
// key: a short horizontal stroke, perhaps with a marker.
func isLineKey(b image.Rectangle) bool {
	return b.Dx() >= 12 && b.Dx() <= 60 && b.Dy() >= 1 && b.Dy() <= 16 && b.Dx() >= 2*b.Dy()
}

// seriesOrder orders colours by legend position (top to bottom, left to
// right), then the rest in first-seen order.
func (a *analysis) seriesOrder(seen []int) []int {
	var withKey, rest []int
	for _, c := range seen {
		if _, ok := a.swatches[c]; ok {
			withKey = append(withKey, c)
		} else {
			rest = append(rest, c)
		}
	}
	sort.SliceStable(withKey, func(i, j int) bool {
		bi, bj := a.swatches[withKey[i]], a.swatches[withKey[j]]
		if abs(bi.Min.Y-bj.Min.Y) > 4 {
			return bi.Min.Y < bj.Min.Y
		}
		return bi.Min.X < bj.Min.X
	})
	return append(withKey, rest...)
}

// choose combines a data label and the geometry: the label wins unless it
// disagrees with a calibrated geometry (an OCR misreading such as a lost
// decimal point) by more than tol (in value units; 0: 3% of the axis's
// span) or 5% of the geometry.
func choose(label *word, geo float64, ax axis, tol float64) float64 {
	if tol <= 0 {
		tol = 0.03 * ax.span()
	}
	switch {
	case label != nil && ax.ok:
		if math.Abs(label.num-geo) <= max(tol, 0.05*math.Abs(geo)) {
			return label.num
		}
		return geo
	case label != nil:
		return label.num
	case ax.ok:
		return geo
	}
	return math.NaN()
}

// bars handles vertical (single, grouped, stacked) and horizontal bar
// charts.
func (a *analysis) bars() bool {
	total, inRects := 0, 0
	for _, c := range a.l.cols {
		total += c.n
	}
	for _, r := range a.rects {
		inRects += r.n
	}
	inRects += a.sides // 3-D bars' shaded sides are bar too
	if len(a.rects) == 0 || float64(inRects) < 0.5*float64(total) {
		return false
	}
	rects := a.rects
	// Legend keys do not vote on the bars' orientation: a column of
	// keys shares its left edge.
	var voters []component
	for _, r := range rects {
		if !(isSwatch(r.box) && r.box.Dx() <= 16 && r.box.Dy() <= 16) {
			voters = append(voters, r)
		}
	}
	if len(voters) == 0 {
		voters = rects
	}
	base, vn, vs := aligned(voters, func(b image.Rectangle) (int, int, int) { return b.Max.Y, b.Min.X, b.Max.X })
	left, hn, hs := aligned(voters, func(b image.Rectangle) (int, int, int) { return b.Min.X, b.Min.Y, b.Max.Y })
	if hn > vn || (hn == vn && hs > vs) {
		_ = left
		return a.hbars(rects, voters)
	}
	return a.vbars(mergeSplit(rects), base)
}

// mergeSplit joins pieces of one bar that a data label printed across it
// cut apart.
func mergeSplit(rs []component) []component {
	out := append([]component(nil), rs...)
	for changed := true; changed; {
		changed = false
		for i := 0; i < len(out) && !changed; i++ {
			for j := i + 1; j < len(out); j++ {
				p, q := out[i].box, out[j].box
				if out[i].col != out[j].col {
					continue
				}
				// Side by side, as tall, 2 px apart at most: a thin
				// segment a label's digits cut across.
				if hgap := max(q.Min.X-p.Max.X, p.Min.X-q.Max.X); hgap <= 2 && abs(p.Min.Y-q.Min.Y) <= 1 && abs(p.Max.Y-q.Max.Y) <= 1 && min(p.Dy(), q.Dy()) <= 12 {
					out[i].box = p.Union(q)
					out[i].n += out[j].n
					out = append(out[:j], out[j+1:]...)
					changed = true
					break
				}
				if abs(p.Min.X-q.Min.X) > 2 || abs(p.Max.X-q.Max.X) > 2 {
					continue
				}
				gap := max(q.Min.Y-p.Max.Y, p.Min.Y-q.Max.Y)
				if gap > 25 {
					continue
				}
				out[i].box = p.Union(q)
				out[i].n += out[j].n
				out = append(out[:j], out[j+1:]...)
				changed = true
				break
			}
		}
	}
	return out
}

// lines handles line charts: each colour with a wide component is a
// series, sampled at the category labels' x positions.
func (a *analysis) lines() bool {
	// A line is cut into pieces where other lines and labels cross it:
	// take the union of each colour's non-rectangular pieces.
	var series []int
	lineLeft, lineRight := a.l.w, 0
	isSeries := map[int]bool{}
	union := map[int]image.Rectangle{}
	widest := map[int]int{}
	var cols []int
	for _, c := range a.others {
		if isLineKey(c.box) && c.box.Dx() < a.l.w/12 {
			continue // a legend key, not part of the line
		}
		if _, ok := union[c.col]; !ok {
			cols = append(cols, c.col)
		}
		union[c.col] = union[c.col].Union(c.box)
		widest[c.col] = max(widest[c.col], c.box.Dx())
	}
	// A line is long pieces; coloured text (a tinted axis font) is many
	// small ones.
	for _, col := range cols {
		if u := union[col]; u.Dx() >= a.l.w/6 && widest[col] >= a.l.w/12 {
			isSeries[col] = true
			series = append(series, col)
			lineLeft, lineRight = min(lineLeft, u.Min.X), max(lineRight, u.Max.X)
		}
	}
	if len(series) == 0 {
		return false
	}
	var tickWords []*word
	for _, w := range a.ws {
		if cx, _ := center(w.Box); w.isNum && cx < float64(lineLeft)-5 {
			tickWords = append(tickWords, w)
		}
	}
	ax := fitAxis(tickWords, true, -1)
	if !ax.ok {
		// Tick labels the first reading dropped (single digits): read
		// the strip left of the lines again, numbers only.
		lo, hi := a.l.h, 0
		for _, col := range series {
			lo, hi = min(lo, union[col].Min.Y), max(hi, union[col].Max.Y)
		}
		pad := (hi - lo) / 3
		ax = fitAxis(a.digits(image.Rect(0, lo-pad, lineLeft-3, hi+pad)), true, -1)
	}
	if !ax.ok {
		return false
	}
	a.valueAxis, a.valueTurned = ax, false
	axisY, topY := 0.0, math.Inf(1)
	for _, w := range ax.ticks {
		w.used = true
		_, cy := center(w.Box)
		axisY = max(axisY, cy)
		topY = min(topY, float64(w.Box.Min.Y))
	}
	// Category labels: the first line of words below the lowest tick and
	// the lowest line pixel (the tick at the axis may be unread).
	lineBottom := 0
	for _, col := range series {
		lineBottom = max(lineBottom, union[col].Max.Y)
	}
	below := max(axisY, float64(lineBottom)) + 3
	firstY := math.Inf(1)
	for _, w := range a.ws {
		if cx, cy := center(w.Box); !w.used && cy > below && cx > float64(lineLeft)-60 && cx < float64(lineRight)+60 {
			firstY = min(firstY, cy)
		}
	}
	// A number left of the lines is a tick label the fit left out (the
	// axis's lowest, above zero), no category: those stand under the
	// points.
	tickLike := func(w *word) bool {
		cx, _ := center(w.Box)
		return w.isNum && cx < float64(lineLeft)-5
	}
	firstY = math.Inf(1)
	for _, w := range a.ws {
		if cx, cy := center(w.Box); !w.used && !tickLike(w) && cy > below && cx > float64(lineLeft)-60 && cx < float64(lineRight)+60 {
			firstY = min(firstY, cy)
		}
	}
	var catWords []*word
	for _, w := range a.ws {
		if cx, cy := center(w.Box); !w.used && !tickLike(w) && cy > below && cy < firstY+float64(w.Box.Dy()) && cx > float64(lineLeft)-60 && cx < float64(lineRight)+60 {
			catWords = append(catWords, w)
		}
	}
	cats := phrases(catWords, 0.6)
	for _, w := range catWords {
		w.used = true
	}
	sort.Slice(cats, func(i, j int) bool { return cats[i].box.Min.X < cats[j].box.Min.X })
	if len(cats) < 2 {
		return false
	}
	// A numeric x axis (years every few ticks) with markers on the
	// lines: the points are the markers, not the ticks, and each point's
	// category is its x value read against the tick labels.
	synthetic := false
	if xs := a.markerXs(series, cats); len(xs) > 0 {
		h := cats[0].box.Dy()
		y0 := cats[0].box.Min.Y
		cats = cats[:0]
		for _, x := range xs {
			cats = append(cats, phrase{text: x.label, box: image.Rect(int(x.px)-1, y0, int(x.px)+1, y0+h)})
		}
		synthetic = true
	}
	slot := float64(cats[len(cats)-1].box.Max.X-cats[0].box.Min.X) / float64(len(cats))
	// A category where no line has a point, much nearer a neighbour than
	// categories stand apart, is a piece of that neighbour's label that
	// OCR split off (a label of two words): it joins the neighbour.
	if !synthetic && len(cats) >= 3 {
		hasPt := func(c phrase) bool {
			cx, _ := center(c.box)
			for _, col := range series {
				for x := int(cx) - 6; x <= int(cx)+6; x++ {
					for y := min(int(topY)-20, union[col].Min.Y-2); y <= int(below)+5; y++ {
						if a.l.at(x, y) == col {
							return true
						}
					}
				}
			}
			return false
		}
		var gaps []float64
		for i := 1; i < len(cats); i++ {
			if hasPt(cats[i]) && hasPt(cats[i-1]) {
				x0, _ := center(cats[i-1].box)
				x1, _ := center(cats[i].box)
				gaps = append(gaps, x1-x0)
			}
		}
		if len(gaps) > 0 {
			sort.Float64s(gaps)
			spacing := gaps[len(gaps)/2]
			for i := 0; i < len(cats) && len(cats) >= 3; i++ {
				c := cats[i]
				cx, _ := center(c.box)
				j, near := -1, math.Inf(1)
				for _, o := range []int{i - 1, i + 1} {
					if o >= 0 && o < len(cats) {
						if ox, _ := center(cats[o].box); math.Abs(ox-cx) < near {
							j, near = o, math.Abs(ox-cx)
						}
					}
				}
				if j < 0 || hasPt(c) || near >= 0.6*spacing {
					continue
				}
				a.log.Debug("charts: line category without points joins its neighbour's label", "piece", c.text, "label", cats[j].text)
				m := cats[j]
				if j < i {
					m.text += " " + c.text
				} else {
					m.text = c.text + " " + m.text
				}
				m.box = m.box.Union(c.box)
				cats[j] = m
				cats = append(cats[:i], cats[i+1:]...)
				i--
			}
		}
	}
	slot = float64(cats[len(cats)-1].box.Max.X-cats[0].box.Min.X) / float64(len(cats))
	// Point positions per series and category.
	type pt struct {
		x, y float64
		ok   bool
	}
	pts := make([][]pt, len(series))
	for k, col := range series {
		pts[k] = make([]pt, len(cats))
		for i, c := range cats {
			cx, _ := center(c.box)
			for _, half := range []int{2, 6} {
				var ys []int
				for x := int(cx) - half; x <= int(cx)+half; x++ {
					for y := min(int(topY)-20, union[col].Min.Y-2); y <= int(below)+5; y++ {
						if a.l.at(x, y) == col {
							ys = append(ys, y)
						}
					}
				}
				if len(ys) > 0 {
					sort.Ints(ys)
					pts[k][i] = pt{cx, float64(ys[len(ys)/2]) + 0.5, true}
					break
				}
			}
		}
	}
	// Data labels: numbers just above a point, matched greedily by
	// distance.
	type match struct {
		w    *word
		k, i int
		d    float64
	}
	var ms []match
	for _, w := range a.ws {
		if w.used || !w.isNum {
			continue
		}
		wx, _ := center(w.Box)
		for k := range pts {
			for i, p := range pts[k] {
				if !p.ok || math.Abs(wx-p.x) > 0.3*slot {
					continue
				}
				dy := p.y - float64(w.Box.Max.Y)
				if dy < -4 || dy > 3.5*float64(w.Box.Dy()) {
					continue
				}
				ms = append(ms, match{w, k, i, math.Abs(dy-8) + math.Abs(wx-p.x)})
			}
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].d < ms[j].d })
	labels := map[[2]int]*word{}
	for _, m := range ms {
		if m.w.used || labels[[2]int{m.k, m.i}] != nil {
			continue
		}
		m.w.used = true
		labels[[2]int{m.k, m.i}] = m.w
	}
	var swatchCands []component
	for _, r := range a.rects {
		swatchCands = append(swatchCands, r)
	}
	for _, r := range a.others {
		if isLineKey(r.box) {
			swatchCands = append(swatchCands, r)
		}
	}
	a.lineKeys = true
	names := a.legend(swatchCands)
	byCol := map[int]int{}
	for k, c := range series {
		byCol[c] = k
	}
	a.t.Type = TypeLine
	a.textH = typicalHeight(ax.ticks)
	for _, c := range cats {
		a.t.Categories = append(a.t.Categories, c.text)
		cx, cy := center(c.box)
		if synthetic {
			a.catBoxes = append(a.catBoxes, image.Rectangle{}) // not printed: nothing to read again
			continue
		}
		a.catBoxes = append(a.catBoxes, image.Rect(int(cx-slot/2)+1, int(cy)-a.textH, int(cx+slot/2)-1, int(cy)+a.textH))
	}
	for _, col := range a.seriesOrder(series) {
		a.seriesCols = append(a.seriesCols, col)
		k := byCol[col]
		s := Series{Name: names[col]}
		for i, p := range pts[k] {
			geo := math.NaN()
			if p.ok {
				geo = ax.value(p.y)
			}
			v := choose(labels[[2]int{k, i}], geo, ax, 0)
			if !p.ok && labels[[2]int{k, i}] == nil {
				v = math.NaN()
			}
			s.Values = append(s.Values, v)
		}
		a.t.Series = append(a.t.Series, s)
	}
	a.top = int(topY)
	return true
}

// pie recognises a disk of coloured slices and reads the shares along a
// ring, clockwise from 12 o'clock.
func (a *analysis) pie() bool {
	comps := a.l.components(false, 50)
	var blob component
	for _, c := range comps {
		if c.n > blob.n {
			blob = c
		}
	}
	if blob.n < 500 {
		return false
	}
	// Slices a thin border or a label cuts apart: join the pieces that
	// overlap the disk's box, or come within 3 px of it (a white border
	// drawn round every slice parts quarter slices whose boxes abut).
	for grown := true; grown; {
		grown = false
		for _, c := range comps {
			if c.box != blob.box && !c.box.In(blob.box) && c.box.Overlaps(blob.box.Inset(-3)) && c.n*20 >= blob.n/10 {
				blob.box = blob.box.Union(c.box)
				blob.n += c.n
				grown = true
			}
		}
	}
	b := blob.box
	if b.Dx() < 60 || b.Dy() < 30 {
		return false
	}
	cx, cy := center(b)
	rx, ry := float64(b.Dx())/2, float64(b.Dy())/2
	if aspect := float64(b.Dx()) / float64(b.Dy()); aspect > 1.25 {
		// A 3-D pie: an ellipse (the top) over a wall. The ellipse's
		// centre row and half height come from its upper rim
		// (ellipseTop); the wall hangs below its widest row. LibreOffice
		// tilts some far over: the top a sixth as high as wide.
		cy, ry = a.ellipseTop(b, cx, rx)
		if ry < 0.12*rx || ry > 0.9*rx {
			return false
		}
	} else if aspect < 0.85 {
		return false
	}
	if fill := blob.fill(); fill < 0.4 || fill > 0.9 {
		return false
	}
	at := func(f, ang float64) (int, int) {
		return int(cx + f*rx*math.Sin(ang)), int(cy - f*ry*math.Cos(ang))
	}
	// A disk: its rim is coloured all round, the corners of its box are
	// not (bars side by side can have a pie's fill and aspect).
	rim := 0
	for i := 0; i < 72; i++ {
		if a.l.at(at(0.9, 2*math.Pi*float64(i)/72)) >= 0 {
			rim++
		}
	}
	corners := 0
	for _, p := range []image.Point{{b.Min.X + 3, b.Min.Y + 3}, {b.Max.X - 4, b.Min.Y + 3}} {
		if a.l.at(p.X, p.Y) >= 0 {
			corners++
		}
	}
	if rim < 65 || corners > 0 {
		return false
	}
	// A 3-D pie in perspective: read angles in the pie's own plane.
	labelAngle := func(wx, wy float64) float64 { return math.Atan2((wx-cx)/rx, -(wy-cy)/ry) }
	if ry < 0.9*rx {
		if p, ok := a.perspective(cx, cy, rx, ry, cy-ry); ok {
			at = func(f, ang float64) (int, int) {
				x, y := p.image(f*math.Sin(ang), -f*math.Cos(ang))
				return int(x), int(y)
			}
			labelAngle = p.angle
		}
	}
	const n = 1440
	seq := make([]int, 0, n)
	var rgb [][3]int // the pixel at 0.88 of the radius, when of the chosen colour
	for i := 0; i < n; i++ {
		ang := 2 * math.Pi * (float64(i) + 0.5) / n
		votes := map[int]int{}
		for _, f := range []float64{0.8, 0.88, 0.95} {
			if c := a.l.at(at(f, ang)); c >= 0 {
				votes[c]++
			}
		}
		best, bv := -1, 0
		for c, v := range votes {
			if v > bv || (v == bv && c < best) {
				best, bv = c, v
			}
		}
		seq = append(seq, best)
		px := [3]int{-1}
		if x, y := at(0.88, ang); best >= 0 && a.l.at(x, y) == best {
			p := a.m.Pix[y*a.m.Stride+x*4:]
			px = [3]int{int(p[0]), int(p[1]), int(p[2])}
		}
		rgb = append(rgb, px)
	}
	var raw []run
	for i, c := range seq {
		if c < 0 {
			continue
		}
		if len(raw) == 0 || raw[len(raw)-1].col != c {
			raw = append(raw, run{col: c, start: i})
		}
		raw[len(raw)-1].add(rgb[i])
	}
	// Drop specks (anti-aliased or JPEG seams) before joining runs, so
	// that a speck at 12 o'clock does not rotate the order.
	var runs []run
	for _, rn := range raw {
		if rn.n < n/200 {
			continue
		}
		if len(runs) > 0 && runs[len(runs)-1].same(rn) {
			runs[len(runs)-1].join(rn)
			continue
		}
		runs = append(runs, rn)
	}
	if len(runs) > 1 && runs[0].same(runs[len(runs)-1]) {
		last := runs[len(runs)-1]
		last.start -= n
		last.join(runs[0])
		runs[0] = last
		runs = runs[:len(runs)-1]
	}
	// The first slice starts at 12 o'clock: the run starting nearest it
	// (a slice read as ending just past 12 is the last one).
	if len(runs) > 1 {
		first, bestD := 0, n
		for i, rn := range runs {
			d := (rn.start%n + n) % n
			d = min(d, n-d)
			if d < bestD {
				first, bestD = i, d
			}
		}
		runs = append(runs[first:], runs[:first]...)
	}
	// Merge repeats of a colour (a slice cut by another colour's
	// specks), but not two slices of one colour class whose pixels
	// differ (Office's two blues, chained through the shaded wall).
	total := 0
	var slices []run
	for _, rn := range runs {
		total += rn.n
		merged := false
		for j := range slices {
			if slices[j].same(rn) {
				slices[j].join(rn)
				merged = true
				break
			}
		}
		if !merged {
			slices = append(slices, rn)
		}
	}
	if len(slices) < 2 || total == 0 {
		return false
	}
	// Percentage labels, inside or round the disk: each goes to the slice
	// whose share it is close to and whose middle it is near (angles of
	// a 3-D pie's labels are rough).
	// Labels on the slices: read the disk again, colours painted white.
	// A 3-D pie's wall (thick px below the top's rim) pushes the labels
	// of its front slices down as much.
	thick := max(0, float64(b.Max.Y)-(cy+ry))
	region := image.Rect(int(cx-1.7*rx), int(cy-1.7*ry), int(cx+1.7*rx), int(cy+1.7*ry+thick))
	a.digitsIn(region, paintWhite)
	// The legend first: its names (years and quarters read as numbers)
	// are no labels.
	var rest []component
	for _, rc := range a.rects {
		if !rc.box.Overlaps(b) {
			rest = append(rest, rc)
		}
	}
	names := a.legend(rest)
	a.pieInk(region, rest)
	type cand struct {
		w    *word
		j    int
		cost float64
	}
	var cands []cand
	for _, w := range a.ws {
		if !w.isNum || w.used || w.num <= 0 || w.num > 100 || w.orig.Dy() < 5 || w.orig.Dx() < 3 {
			continue // not a number, or a speck read as one
		}
		if float64(w.orig.Dx()) > 1.5*float64(len([]rune(w.Text))*w.orig.Dy()) {
			continue // a line of text read numbers-only ("22)" for a legend row)
		}
		wx, wy := center(w.Box)
		if wy > cy+ry {
			wy = max(cy+ry, wy-thick)
		}
		if math.Hypot((wx-cx)/rx, (wy-cy)/ry) > 1.7 {
			continue
		}
		ang := labelAngle(wx, wy)
		if ang < 0 {
			ang += 2 * math.Pi
		}
		for j, sl := range slices {
			share := 100 * float64(sl.n) / float64(total)
			if math.Abs(w.num-share) > max(2.5, 0.2*share) {
				continue
			}
			mid := 2 * math.Pi * (float64(sl.start) + float64(sl.n)/2) / n
			d := math.Mod(math.Abs(ang-mid), 2*math.Pi)
			d = min(d, 2*math.Pi-d)
			if d > math.Pi*float64(sl.n)/n+0.6 {
				continue // on or beside another slice
			}
			cands = append(cands, cand{w, j, math.Abs(w.num-share)/max(share, 3) + d/math.Pi})
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].cost < cands[j].cost })
	labels := map[int]*word{}
	for _, c := range cands {
		if labels[c.j] == nil && !c.w.used {
			labels[c.j] = c.w
			// Other readings of the same print (the first reading and
			// the ink reading) go with it.
			for _, o := range a.ws {
				if in := o.orig.Intersect(c.w.orig); 2*in.Dx()*in.Dy() > min(o.orig.Dx()*o.orig.Dy(), c.w.orig.Dx()*c.w.orig.Dy()) {
					o.used = true
				}
			}
		}
	}
	geo, lab, unit := make([]float64, len(slices)), make([]float64, len(slices)), make([]float64, len(slices))
	for j, sl := range slices {
		geo[j], lab[j] = 100*float64(sl.n)/float64(total), math.NaN()
		if w := labels[j]; w != nil {
			lab[j], unit[j] = w.num, halfUnit(w.Text)
		}
	}
	shares := pieShares(geo, lab, unit)
	s := Series{}
	for j, sl := range slices {
		s.Values = append(s.Values, shares[j])
		a.t.Categories = append(a.t.Categories, names[sl.col])
		a.catBoxes = append(a.catBoxes, a.nameBoxes[sl.col])
	}
	a.t.Type = TypePie
	a.t.Series = []Series{s}
	a.top = b.Min.Y
	return true
}

// ellipseTop fits the upper rim of a 3-D pie's top (an ellipse of
// centre cx and half width rx, the widths of box b) by least squares:
// the first coloured row of column x is cy - ry·sqrt(1-u²), u =
// (x-cx)/rx, over the columns |u| <= 0.9. (Reading the widest row where
// the wall starts at the box's far left and right puts it too high: one
// pixel in from the end of an ellipse 340 px wide and 80 px tall, its
// rim is already 6 px up.)
func (a *analysis) ellipseTop(b image.Rectangle, cx, rx float64) (cy, ry float64) {
	var n, ss, sss, sy, sys float64
	for x := b.Min.X; x < b.Max.X; x++ {
		u := (float64(x) + 0.5 - cx) / rx
		if math.Abs(u) > 0.9 {
			continue
		}
		y := -1
		for yy := b.Min.Y; yy < b.Max.Y; yy++ {
			if a.l.at(x, yy) >= 0 {
				y = yy
				break
			}
		}
		if y < 0 {
			continue
		}
		// y = cy + ry·(-s)
		s := -math.Sqrt(1 - u*u)
		n++
		ss += s
		sss += s * s
		sy += float64(y)
		sys += s * float64(y)
	}
	det := n*sss - ss*ss
	if n < 10 || det == 0 {
		return float64(b.Max.Y), 0
	}
	ry = (n*sys - ss*sy) / det
	cy = (sy - ry*ss) / n
	return cy, ry
}

// tilted maps the plane of a pie seen from above at a slant, in
// perspective, to the image: a point (X, Y) of the unit circle (Y towards
// the viewer) goes to (u0 + A·X/(1-kY), v0 + B·Y/(1-kY)). The near half
// looks larger (k > 0), so the centre (u0, v0) is where the slices meet,
// above the middle of the ellipse.
type tilted struct{ u0, v0, a, b, k float64 }

func (p tilted) image(x, y float64) (float64, float64) {
	d := 1 - p.k*y
	return p.u0 + p.a*x/d, p.v0 + p.b*y/d
}

// angle is the angle, clockwise from the far side, of the pie-plane
// point an image point shows.
func (p tilted) angle(u, v float64) float64 {
	q := (v - p.v0) / p.b
	y := q / (1 + p.k*q)
	x := (u - p.u0) / p.a * (1 - p.k*y)
	return math.Atan2(x, -y)
}

// perspective fits tilted to a 3-D pie's top: the widest row of the
// ellipse (cy), its half width (rx), its top (top) and the point where the
// slices meet. For the model, the widest row is at Y = k and the top at
// Y = -1, so (cy-v0)/(v0-top) = k/(1-k).
func (a *analysis) perspective(cx, cy, rx, ry, top float64) (tilted, bool) {
	u0, v0, ok := a.junction(cx, cy, rx, ry)
	if !ok || v0 <= top+2 || v0 > cy+2 {
		return tilted{}, false
	}
	r := max(cy-v0, 0) / (v0 - top)
	k := r / (1 + r)
	return tilted{u0: u0, v0: v0, a: rx * math.Sqrt(1-k*k), b: (v0 - top) * (1 + k), k: k}, true
}

// junction finds where three or more slices meet near the middle of the
// ellipse (centre cx, cy; radii rx, ry): on the middle column, the
// points with three colours or more round them, averaged; elsewhere the
// points with the most colours round them.
func (a *analysis) junction(cx, cy, rx, ry float64) (float64, float64, bool) {
	d := max(3, int(ry/12))
	best := 0
	var sx, sy, n float64
	// Points on the ellipse's middle column: the pie's centre lies
	// on it (the view is square to the pie), and the three-colour
	// region round the meeting point stretches along thin slices.
	var cyy, cn float64
	for y := int(cy - 0.6*ry); y <= int(cy+0.3*ry); y++ {
		for x := int(cx - 0.4*rx); x <= int(cx+0.4*rx); x++ {
			var seen [8]int
			k := 0
			for _, o := range [8][2]int{{d, 0}, {-d, 0}, {0, d}, {0, -d}, {d, d}, {-d, d}, {d, -d}, {-d, -d}} {
				c := a.l.at(x+o[0], y+o[1])
				if c < 0 {
					continue
				}
				dup := false
				for _, s := range seen[:k] {
					dup = dup || s == c
				}
				if !dup {
					seen[k] = c
					k++
				}
			}
			switch {
			case k > best:
				best, sx, sy, n = k, float64(x), float64(y), 1
			case k == best:
				sx, sy, n = sx+float64(x), sy+float64(y), n+1
			}
			if k >= 3 && math.Abs(float64(x)-cx) <= float64(d) {
				cyy, cn = cyy+float64(y), cn+1
			}
		}
	}
	if best < 3 {
		return 0, 0, false
	}
	if cn > 0 {
		return cx, cyy / cn, true
	}
	return sx / n, sy / n, true
}

// run is a stretch of one colour along the pie's ring.
type run struct {
	col, n, start int
	sum           [3]int // channel sums of the pixels read (k of them)
	k             int
}

// add counts one more position and its pixel (px[0] < 0: none read).
func (r *run) add(px [3]int) {
	r.n++
	if px[0] >= 0 {
		r.sum[0] += px[0]
		r.sum[1] += px[1]
		r.sum[2] += px[2]
		r.k++
	}
}

// join adds o's positions and pixels to r (r keeps its start).
func (r *run) join(o run) {
	r.n += o.n
	r.k += o.k
	for i := range r.sum {
		r.sum[i] += o.sum[i]
	}
}

// same says whether two runs are one slice's colour: one colour class,
// and mean pixels within 36 (sum of channel differences).
func (r run) same(o run) bool {
	if r.col != o.col {
		return false
	}
	if r.k == 0 || o.k == 0 {
		return true
	}
	d := 0
	for i := range r.sum {
		d += abs(r.sum[i]/r.k - o.sum[i]/o.k)
	}
	return d < 36
}

// inRun reports whether ring position pos falls in a run of colour col.
func inRun(pos, _ int, runs []run, col, n int) bool {
	for _, r := range runs {
		if r.col != col {
			continue
		}
		p := pos
		if p < r.start {
			p += n
		}
		if p >= r.start && p < r.start+r.n {
			return true
		}
	}
	return false
}

// title takes the topmost unused phrase above the plot.
func (a *analysis) title() {
	limit := a.top
	if limit == 0 {
		limit = a.l.h / 4
	}
	limit = min(limit, a.l.h/4)
	var free []*word
	for _, w := range a.ws {
		if !w.used && w.Box.Max.Y <= limit+2 {
			free = append(free, w)
		}
	}
	ps := phrases(free, 1.2)
	if len(ps) == 0 {
		return
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].box.Min.Y < ps[j].box.Min.Y })
	// Join phrases on the title's line.
	_, y0 := center(ps[0].box)
	var parts []phrase
	for _, p := range ps {
		if _, y := center(p.box); math.Abs(y-y0) < float64(ps[0].box.Dy())/2 {
			parts = append(parts, p)
		}
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].box.Min.X < parts[j].box.Min.X })
	var texts []string
	for _, p := range parts {
		texts = append(texts, p.text)
	}
	a.t.Title = strings.Join(texts, " ")
	box := parts[0].box
	for _, p := range parts {
		box = box.Union(p.box)
	}
	// The whole width: the first reading may have caught part of it.
	a.titleBox = image.Rect(4, box.Min.Y-5, a.l.w-4, box.Max.Y+5)
}

// digits OCRs a region of the image again for numbers only
// (ocr.ModeDigits) and returns the numbers read, with boxes in the
// analysis's frame. They join a.ws. An OCR failure is kept in a.err.
func (a *analysis) digits(box image.Rectangle) []*word {
	return a.digitsIn(box, paintNone)
}

// paint says how readDigits prepares a region printed on the chart's
// colours.
type paint int

const (
	paintNone  paint = iota // as OCR first saw it
	paintWhite              // every colour, gray and colour blend white
	paintInk                // ink on one colour, rims kept (inkOnColour)
	paintLum                // ink by darkness under the colour (inkByLightness)
)

// digitsIn is digits with the region painted: paintWhite so that labels
// printed on slices read as dark on white.
func (a *analysis) digitsIn(box image.Rectangle, p paint) []*word {
	return a.digitsMosaic([]image.Rectangle{box}, p)[0]
}

// digitsMosaic reads several regions for numbers in one OCR call: the
// regions (in the analysis's frame) are cut out and stacked top to
// bottom on white, a blank as tall as a region between two, so that
// each reads as its own line. It returns the new numbers of each region
// (a number the first reading has is not repeated); they join a.ws.
func (a *analysis) digitsMosaic(boxes []image.Rectangle, p paint) [][]*word {
	read := a.readDigits(boxes, p)
	out := make([][]*word, len(boxes))
	for i, ws := range read {
		for _, w := range ws {
			// A number the first reading has: keep that one. On bars
			// (paintInk), a junk word read across the plot, four times
			// as large or more, is none.
			dup := false
			for _, o := range a.ws {
				if p == paintInk && !o.isNum && o.orig.Dx()*o.orig.Dy() >= 4*w.orig.Dx()*w.orig.Dy() {
					continue
				}
				in := o.orig.Intersect(w.orig)
				if in.Dx()*in.Dy()*2 > w.orig.Dx()*w.orig.Dy() {
					dup = true
					break
				}
			}
			if !dup {
				out[i] = append(out[i], w)
				a.ws = append(a.ws, w)
			}
		}
	}
	return out
}

// readDigits is digitsMosaic without the first reading: every number
// read in each region, none added to a.ws.
func (a *analysis) readDigits(boxes []image.Rectangle, p paint) [][]*word {
	out := make([][]*word, len(boxes))
	if a.eng == nil || a.err != nil {
		return out
	}
	const pad = 10
	type strip struct {
		i   int
		src image.Rectangle // in image coordinates
		y0  int             // top in the mosaic
	}
	var strips []strip
	w, y := 0, pad
	for i, b := range boxes {
		b = a.unturn(b).Intersect(a.m.Rect)
		if b.Dx() < 6 || b.Dy() < 6 {
			continue
		}
		if len(strips) > 0 {
			y += max(b.Dy(), 2*pad)
		}
		strips = append(strips, strip{i, b, y})
		w = max(w, b.Dx())
		y += b.Dy()
	}
	if len(strips) == 0 {
		return out
	}
	crop := image.NewRGBA(image.Rect(0, 0, w+2*pad, y+pad))
	draw.Draw(crop, crop.Rect, image.White, image.Point{}, draw.Src)
	for _, st := range strips {
		box := st.src
		draw.Draw(crop, image.Rect(pad, st.y0, pad+box.Dx(), st.y0+box.Dy()), a.clean, box.Min, draw.Src)
		switch p {
		case paintInk:
			a.inkOnColour(crop, box, image.Pt(pad, st.y0))
		case paintLum:
			a.inkByLightness(crop, box, image.Pt(pad, st.y0))
		case paintWhite:
			for yy := box.Min.Y; yy < box.Max.Y; yy++ {
				for x := box.Min.X; x < box.Max.X; x++ {
					q := a.m.Pix[yy*a.m.Stride+x*4:]
					if chroma, gray := pixelKind(int(q[0]), int(q[1]), int(q[2])); chroma || gray || a.l.at(x, yy) >= 0 {
						o := crop.Pix[(yy-box.Min.Y+st.y0)*crop.Stride+(x-box.Min.X+pad)*4:]
						o[0], o[1], o[2] = 255, 255, 255
					}
				}
			}
		}
	}
	// Small print on bars and slices (labels under 16 px tall) is read at
	// twice the size: tesseract misreads digits a few pixels tall ("526"
	// as "520").
	scale := 1
	var img image.Image = crop
	if (p == paintInk || p == paintLum) && a.textH > 0 && a.textH < 16 {
		scale = 2
		if p == paintLum {
			// Pie labels of 8 px or less at three times.
			scale = max(2, (20+a.textH-1)/a.textH)
		}
		big := image.NewRGBA(image.Rect(0, 0, crop.Rect.Dx()*scale, crop.Rect.Dy()*scale))
		xdraw.CatmullRom.Scale(big, big.Rect, crop, crop.Rect, xdraw.Src, nil)
		img = big
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		a.err = fmt.Errorf("charts: encoding: %w", err)
		return out
	}
	res, err := a.eng.Recognize(a.ctx, buf.Bytes(), ocr.ModeDigits)
	if err != nil {
		a.err = fmt.Errorf("charts: %w", err)
		return out
	}
	for _, w := range toWords(res.Words) {
		if !w.isNum {
			continue
		}
		w.Box = image.Rect(w.Box.Min.X/scale, w.Box.Min.Y/scale, (w.Box.Max.X+scale-1)/scale, (w.Box.Max.Y+scale-1)/scale)
		_, cy := center(w.Box)
		k := -1
		for j, st := range strips {
			if cy >= float64(st.y0) && cy < float64(st.y0+st.src.Dy()) {
				k = j
			}
		}
		if k < 0 {
			continue
		}
		st := strips[k]
		w.orig = w.Box.Add(st.src.Min).Sub(image.Pt(pad, st.y0)).Intersect(st.src)
		w.Box = w.orig
		if a.flip != nil {
			w.Box = a.flip.rect(w.orig)
		}
		out[st.i] = append(out[st.i], w)
	}
	return out
}

// typicalHeight is the median height of words, 16 px when there are none.
func typicalHeight(ws []*word) int {
	if len(ws) == 0 {
		return 16
	}
	hs := make([]int, len(ws))
	for i, w := range ws {
		hs[i] = w.Box.Dy()
	}
	sort.Ints(hs)
	return max(hs[len(hs)/2], 8)
}

// reread OCRs the title, categories and legend names again, each region
// alone as one line, and keeps the new text where it is not empty.
func (a *analysis) reread(ctx context.Context, eng ocr.Engine) error {
	type job struct {
		box  image.Rectangle
		set  func(string)
		text string
		err  error
	}
	var jobs []*job
	add := func(b image.Rectangle, set func(string)) {
		b = b.Intersect(a.m.Rect)
		if b.Dx() >= 6 && b.Dy() >= 6 {
			jobs = append(jobs, &job{box: b, set: set})
		}
	}
	if !a.titleBox.Empty() {
		add(a.titleBox, func(s string) { a.t.Title = s })
	}
	for i, b := range a.catBoxes {
		add(b, func(s string) { a.t.Categories[i] = s })
	}
	if a.t.Type != TypePie {
		for i, col := range a.seriesCols {
			if b, ok := a.nameBoxes[col]; ok && i < len(a.t.Series) {
				add(b, func(s string) { a.t.Series[i].Name = s })
			}
		}
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			j.text, j.err = readLine(ctx, a.clean, j.box, eng)
		})
	}
	wg.Wait()
	for _, j := range jobs {
		if j.err != nil {
			return j.err
		}
		if j.text != "" {
			j.set(j.text)
		}
	}
	return nil
}

// LabelModel is the tesseract model the title, category labels and
// legend names are read again with (ExtractOptions.Reread): tesseract's
// best Korean LSTM model (tessdata_best, integerised; npm package
// @tesseract.js-data/kor 1.0.0, 4.0.0_best_int/kor.traineddata), installed
// as kor_best.traineddata by scripts/install-ocr.sh. On the office-made
// chart benchmark it reads categories exactly in 0.667 and 0.625 of the
// charts of seeds 1 and 2 against 0.556 for Debian's kor alone and 0.514
// and 0.542 for kor+eng. Without it the engine's own models read them.
const LabelModel = "kor_best"

// readLine OCRs one region of img as a line of text, on a white margin,
// with LabelModel.
func readLine(ctx context.Context, img *image.RGBA, box image.Rectangle, eng ocr.Engine) (string, error) {
	s, err := readLineRaw(ctx, img, box, eng)
	return cleanYearLabel(s), err
}

// readLineRaw is readLine without tidying the text read.
func readLineRaw(ctx context.Context, img *image.RGBA, box image.Rectangle, eng ocr.Engine) (string, error) {
	const pad = 10
	crop := image.NewRGBA(image.Rect(0, 0, box.Dx()+2*pad, box.Dy()+2*pad))
	draw.Draw(crop, crop.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(crop, image.Rect(pad, pad, pad+box.Dx(), pad+box.Dy()), img, box.Min, draw.Src)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, crop); err != nil {
		return "", fmt.Errorf("charts: encoding: %w", err)
	}
	res, err := ocr.RecognizeWith(ctx, eng, buf.Bytes(), ocr.ModeLine, ocr.Params{Languages: []string{LabelModel}})
	if errors.Is(err, ocr.ErrModelMissing) {
		res, err = eng.Recognize(ctx, buf.Bytes(), ocr.ModeLine)
	}
	if err != nil {
		return "", fmt.Errorf("charts: %w", err)
	}
	return res.Text, nil
}

// cleanLabel drops what OCR makes of rules and specks at a label's ends.
func cleanLabel(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("|!?~_—-=:;'\"`‘’“”.,[](){}<>*^", r)
	})
	return strings.Join(strings.Fields(s), " ")
}

// cleanYearLabel is cleanLabel, but the apostrophe of a short year
// ('19, also read as ’19) stays, as "'".
func cleanYearLabel(raw string) string {
	s := cleanLabel(raw)
	t := strings.TrimLeftFunc(raw, unicode.IsSpace)
	for _, q := range []string{"'", "’", "‘", "`"} {
		if rest, ok := strings.CutPrefix(t, q); ok && s != "" && rest != "" && rest[0] >= '0' && rest[0] <= '9' && strings.HasPrefix(s, string(rest[0])) {
			return "'" + s
		}
	}
	return s
}

// posValue is a mark's position on the value axis and the value its data
// label gives.
type posValue struct{ pos, value float64 }

// axisFromLabels calibrates the value axis from data labels when the tick
// labels could not be read: each labelled bar end (or point) is a tick.
func axisFromLabels(pairs []posValue, vertical bool) axis {
	ws := make([]*word, len(pairs))
	for i, p := range pairs {
		b := rect(int(p.pos)-1, int(p.pos)-1, int(p.pos)+1, int(p.pos)+1)
		ws[i] = &word{num: p.value, isNum: true}
		ws[i].Box = b
	}
	sign := 1.0
	if vertical {
		sign = -1
	}
	ax := fitAxis(ws, vertical, sign)
	if len(ax.ticks) < 3 {
		return axis{}
	}
	return ax
}

// inkOnColour paints box of the image, at off in dst, as dark print on
// white for OCR: labels printed on a bar or slice. Ink is the dark,
// colourless pixels (its cores) and the pixels touching them (its
// anti-aliased rims, blends of ink and the colour under it, which
// findColors often puts in the colour's class); those are gray by how
// much ink they hold, 1-(lightness-ink)/(colour-ink), the colour's
// lightness taken column by column (a gradient across a bar: the upper
// quartile of the box's commonest class there). Everything else (the
// colours, seams between two of them, JPEG noise) turns white: painting
// the rims white too left digits a few pixels tall too thin to read.
func (a *analysis) inkOnColour(dst *image.RGBA, box image.Rectangle, off image.Point) {
	px := func(x, y int) (int, int, int) {
		p := a.m.Pix[y*a.m.Stride+x*4:]
		return int(p[0]), int(p[1]), int(p[2])
	}
	lum := func(x, y int) float64 {
		r, g, b := px(x, y)
		return 0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)
	}
	core := func(x, y int) bool {
		if !image.Pt(x, y).In(box) {
			return false
		}
		r, g, b := px(x, y)
		chroma, _ := pixelKind(r, g, b)
		return !chroma && max(r, g, b) < grayLo
	}
	count := map[int]int{}
	ink := 255.0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			if c := a.l.at(x, y); c >= 0 {
				count[c]++
			}
			if core(x, y) {
				ink = min(ink, lum(x, y))
			}
		}
	}
	bg, bgN := -1, 0
	for c, n := range count {
		if n > bgN || n == bgN && c < bg {
			bg, bgN = c, n
		}
	}
	colLum := make([]float64, box.Dx())
	var all []float64
	for x := box.Min.X; x < box.Max.X; x++ {
		var ls []float64
		for y := box.Min.Y; y < box.Max.Y; y++ {
			if bg >= 0 && a.l.at(x, y) == bg {
				ls = append(ls, lum(x, y))
			}
		}
		all = append(all, ls...)
		if len(ls) >= 3 {
			sort.Float64s(ls)
			colLum[x-box.Min.X] = ls[len(ls)*3/4]
		}
	}
	allLum := 255.0
	if len(all) > 0 {
		sort.Float64s(all)
		allLum = all[len(all)*3/4]
	}
	for x := box.Min.X; x < box.Max.X; x++ {
		bgLum := colLum[x-box.Min.X]
		if bgLum == 0 {
			bgLum = allLum
		}
		for y := box.Min.Y; y < box.Max.Y; y++ {
			o := dst.Pix[(y-box.Min.Y+off.Y)*dst.Stride+(x-box.Min.X+off.X)*4:]
			o[0], o[1], o[2] = 255, 255, 255
			if c := a.l.at(x, y); c >= 0 && c != bg {
				continue
			}
			near := false
			for dy := -1; dy <= 1 && !near; dy++ {
				for dx := -1; dx <= 1 && !near; dx++ {
					near = core(x+dx, y+dy)
				}
			}
			if !near || bgLum <= ink+1 {
				continue
			}
			v := uint8(max(0, min(255, 255*(lum(x, y)-ink)/(bgLum-ink))))
			o[0], o[1], o[2] = v, v, v
		}
	}
}
