package charts

import (
	"image"
	"image/draw"
	"math"
	"sort"
)

// colorClass is one flat chart colour (a series, or a pie slice).
type colorClass struct {
	r, g, b int
	n       int
	gray    bool
}

// labels is the image with each pixel marked by the index of the chart
// colour it matches, -1 for none.
type labels struct {
	w, h int
	lab  []int16
	cols []colorClass
}

func (l *labels) at(x, y int) int {
	if x < 0 || y < 0 || x >= l.w || y >= l.h {
		return -1
	}
	return int(l.lab[y*l.w+x])
}

func toRGBA(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) {
		return m
	}
	b := img.Bounds()
	m := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(m, m.Rect, img, b.Min, draw.Src)
	return m
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// Pixel classes for findColors: chromatic pixels (max-min channel
// spread at least minChroma, and not near white) are series colours;
// mid grays (between grayLo and grayHi, spread under minChroma) may be a
// gray series (Office's third colour is A5A5A5) and are kept only where
// they fill rectangles (see dropGrayNoise). Lighter grays are gridlines
// and background, darker ones text and axes.
const (
	minChroma = 20
	grayLo    = 110
	grayHi    = 205
)

func pixelKind(r, g, b int) (chromatic, gray bool) {
	hi, lo := max(r, g, b), min(r, g, b)
	if hi-lo >= minChroma && lo < 245 {
		return true, false
	}
	return false, hi-lo < 12 && hi >= grayLo && hi <= grayHi
}

// findColors finds the chart colours covering a meaningful area and
// labels the pixels that match them. Shades of one colour that blend
// into each other (gradient fills, anti-aliased lines; the lit and shaded faces of 3-D
// bars are kept apart when they differ by more) are one class: colour
// bins are chained while neighbours differ by under 42 (sum of channel
// differences of the bins' means).
func findColors(m *image.RGBA) *labels {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	type acc struct{ r, g, b, n int }
	bins := map[int]*acc{}
	grayBins := map[int]*acc{}
	for y := 0; y < h; y++ {
		row := m.Pix[y*m.Stride:]
		for x := 0; x < w; x++ {
			r, g, b := int(row[x*4]), int(row[x*4+1]), int(row[x*4+2])
			chroma, gray := pixelKind(r, g, b)
			var set map[int]*acc
			switch {
			case chroma:
				set = bins
			case gray:
				set = grayBins
			default:
				continue
			}
			k := (r>>3)<<10 | (g>>3)<<5 | b>>3
			a := set[k]
			if a == nil {
				a = &acc{}
				set[k] = a
			}
			a.r += r
			a.g += g
			a.b += b
			a.n++
		}
	}
	minN := max(60, w*h/4000)
	// Bins big enough to seed a class, and smaller ones (gradient steps)
	// that may join one.
	type bin struct {
		r, g, b, n int
		gray       bool
		cls        int
		key        int
	}
	var all []bin
	for si, set := range []map[int]*acc{bins, grayBins} {
		for k, a := range set {
			if a.n >= max(8, minN/8) {
				all = append(all, bin{a.r / a.n, a.g / a.n, a.b / a.n, a.n, si == 1, -1, k})
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].n > all[j].n })
	var cols []colorClass
	for i := range all {
		if all[i].cls >= 0 || all[i].n < minN {
			continue
		}
		// Close to a class already seeded (JPEG noise round a flat
		// colour): join it.
		joined := false
		for ci, c := range cols {
			if c.gray == all[i].gray && colorDist(c, all[i].r, all[i].g, all[i].b) < 40 {
				all[i].cls = ci
				cols[ci].n += all[i].n
				joined = true
				break
			}
		}
		if joined {
			continue
		}
		// Seed a class; chain in bins close to any member.
		ci := len(cols)
		all[i].cls = ci
		members := []int{i}
		for k := 0; k < len(members); k++ {
			m := all[members[k]]
			for j := range all {
				if all[j].cls >= 0 || all[j].gray != m.gray {
					continue
				}
				if abs(all[j].r-m.r)+abs(all[j].g-m.g)+abs(all[j].b-m.b) < 42 && (m.gray || hueDiff(all[j].r, all[j].g, all[j].b, m.r, m.g, m.b) < 12 && hueDiff(all[j].r, all[j].g, all[j].b, all[i].r, all[i].g, all[i].b) < 12) {
					all[j].cls = ci
					members = append(members, j)
				}
			}
		}
		c := colorClass{r: all[i].r, g: all[i].g, b: all[i].b, gray: all[i].gray}
		for _, k := range members {
			c.n += all[k].n
		}
		cols = append(cols, c)
		if len(cols) == 24 {
			break
		}
	}
	// A bin's class, by its key.
	clsOf := map[int]int{}
	for _, bn := range all {
		if bn.cls >= 0 {
			clsOf[bn.key] = bn.cls
		}
	}
	l := &labels{w: w, h: h, lab: make([]int16, w*h), cols: cols}
	for i := range cols {
		cols[i].n = 0
	}
	for y := 0; y < h; y++ {
		row := m.Pix[y*m.Stride:]
		for x := 0; x < w; x++ {
			r, g, b := int(row[x*4]), int(row[x*4+1]), int(row[x*4+2])
			best := -1
			if chroma, gray := pixelKind(r, g, b); chroma || gray {
				k := (r>>3)<<10 | (g>>3)<<5 | b>>3
				if c, ok := clsOf[k]; ok {
					best = c
				} else {
					bd := 60
					for i, c := range cols {
						if c.gray != gray {
							continue
						}
						if d := colorDist(c, r, g, b); d < bd {
							best, bd = i, d
						}
					}
				}
			}
			l.lab[y*w+x] = int16(best)
			if best >= 0 {
				l.cols[best].n++
			}
		}
	}
	return l
}

// dropGrayRules unlabels gray pixels on straight thin lines, at most 3 px
// thick and at least 20 px long, horizontal or vertical: gridlines and
// axes, which would join the bars of a gray series they touch into one
// shape. A gray bar keeps its edges (it has gray pixels on both sides).
func (l *labels) dropGrayRules() {
	gray := func(x, y int) bool {
		c := l.at(x, y)
		return c >= 0 && l.cols[c].gray
	}
	thinH := func(x, y int) bool { return gray(x, y) && !gray(x, y-2) && !gray(x, y+2) }
	thinV := func(x, y int) bool { return gray(x, y) && !gray(x-2, y) && !gray(x+2, y) }
	var drop []int
	for y := 0; y < l.h; y++ {
		for x := 0; x < l.w; {
			if !thinH(x, y) {
				x++
				continue
			}
			x0 := x
			for x < l.w && thinH(x, y) {
				x++
			}
			if x-x0 >= 20 {
				for i := x0; i < x; i++ {
					drop = append(drop, y*l.w+i)
				}
			}
		}
	}
	for x := 0; x < l.w; x++ {
		for y := 0; y < l.h; {
			if !thinV(x, y) {
				y++
				continue
			}
			y0 := y
			for y < l.h && thinV(x, y) {
				y++
			}
			if y-y0 >= 20 {
				for i := y0; i < y; i++ {
					drop = append(drop, i*l.w+x)
				}
			}
		}
	}
	for _, p := range drop {
		l.lab[p] = -1
	}
}

// ruled says whether a component holds a straight horizontal or
// vertical run across half its box: gridlines and axes, not a data line.
func (l *labels) ruled(c component) bool {
	for y := c.box.Min.Y; y < c.box.Max.Y; y++ {
		n := 0
		for x := c.box.Min.X; x < c.box.Max.X; x++ {
			if int(l.lab[y*l.w+x]) == c.col {
				n++
				if 2*n >= c.box.Dx() {
					return true
				}
			} else {
				n = 0
			}
		}
	}
	for x := c.box.Min.X; x < c.box.Max.X; x++ {
		n := 0
		for y := c.box.Min.Y; y < c.box.Max.Y; y++ {
			if int(l.lab[y*l.w+x]) == c.col {
				n++
				if 2*n >= c.box.Dy() {
					return true
				}
			} else {
				n = 0
			}
		}
	}
	return false
}

// hue is a colour's hue in degrees, 0 to 360.
func hue(r, g, b int) float64 {
	hi, lo := max(r, g, b), min(r, g, b)
	if hi == lo {
		return 0
	}
	d := float64(hi - lo)
	var h float64
	switch hi {
	case r:
		h = float64(g-b) / d
	case g:
		h = 2 + float64(b-r)/d
	default:
		h = 4 + float64(r-g)/d
	}
	h *= 60
	if h < 0 {
		h += 360
	}
	return h
}

// hueDiff is the angle between two colours' hues: shades of one colour
// (a gradient, a lit and a shaded face) keep their hue, the blend where
// two colours meet does not.
func hueDiff(r1, g1, b1, r2, g2, b2 int) float64 {
	d := math.Abs(hue(r1, g1, b1) - hue(r2, g2, b2))
	return min(d, 360-d)
}

// dropGrayNoise unlabels the pixels of gray classes outside filled
// rectangles (bars of a gray series), large blobs (a gray slice) or long
// bent strokes (a gray line series): elsewhere gray is anti-aliased text,
// gridlines, axes and shadows. comps are the components of one colour.
func (l *labels) dropGrayNoise(comps []component) []component {
	var keep []component
	for _, c := range comps {
		long := c.box.Dx() >= l.w/6 && c.box.Dy() > 3 && c.fill() < 0.5 && !l.ruled(c) // a gray line series, not a grid
		if c.col < 0 || !l.cols[c.col].gray || (c.fill() >= 0.8 && c.box.Dx() >= 4 && c.box.Dy() >= 4) || long {
			keep = append(keep, c)
			continue
		}
		keep = append(keep, l.solidParts(c)...)
	}
	return keep
}

// bigGray says whether a gray component is large and solid enough to be
// a gray pie slice.
func (l *labels) bigGray(c component) bool {
	return c.n >= l.w*l.h/400 && min(c.box.Dx(), c.box.Dy()) >= 8 && c.fill() >= 0.3
}

// solidParts keeps of a gray component only its solid parts once the
// lines touching them (a 3-D chart's floor and wall edges, gridlines) are
// opened away (3x3 erosion, then dilation): filled rectangles at least 4
// px a side (a gray bar, a 3-D bar's faces) and large blobs (a gray
// slice, bigGray). The rest is unlabelled.
func (l *labels) solidParts(c component) []component {
	b := c.box
	w, h := b.Dx(), b.Dy()
	// The component's own pixels (others of its colour may share its
	// box).
	own := make([]bool, w*h)
	if c.seed.In(b) && l.at(c.seed.X, c.seed.Y) == c.col {
		own[(c.seed.Y-b.Min.Y)*w+c.seed.X-b.Min.X] = true
		stack := []image.Point{c.seed}
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, q := range [4]image.Point{{p.X - 1, p.Y}, {p.X + 1, p.Y}, {p.X, p.Y - 1}, {p.X, p.Y + 1}} {
				if q.In(b) && !own[(q.Y-b.Min.Y)*w+q.X-b.Min.X] && l.at(q.X, q.Y) == c.col {
					own[(q.Y-b.Min.Y)*w+q.X-b.Min.X] = true
					stack = append(stack, q)
				}
			}
		}
	}
	is := func(x, y int) bool {
		return x >= b.Min.X && y >= b.Min.Y && x < b.Max.X && y < b.Max.Y && own[(y-b.Min.Y)*w+x-b.Min.X]
	}
	eroded := make([]bool, w*h)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			ok := true
			for dy := -1; dy <= 1 && ok; dy++ {
				for dx := -1; dx <= 1 && ok; dx++ {
					ok = is(x+dx, y+dy)
				}
			}
			eroded[(y-b.Min.Y)*w+x-b.Min.X] = ok
		}
	}
	opened := make([]bool, w*h)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if !is(x, y) {
				continue
			}
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					if xx, yy := x+dx-b.Min.X, y+dy-b.Min.Y; xx >= 0 && yy >= 0 && xx < w && yy < h && eroded[yy*w+xx] {
						opened[(y-b.Min.Y)*w+x-b.Min.X] = true
					}
				}
			}
		}
	}
	var out []component
	seen := make([]bool, w*h)
	keepPix := make([]bool, w*h)
	for i := range opened {
		if !opened[i] || seen[i] {
			continue
		}
		part := component{col: c.col, box: image.Rect(b.Min.X+i%w, b.Min.Y+i/w, b.Min.X+i%w+1, b.Min.Y+i/w+1), seed: image.Pt(b.Min.X+i%w, b.Min.Y+i/w)}
		members := []int{i}
		seen[i] = true
		for k := 0; k < len(members); k++ {
			p := members[k]
			x, y := p%w, p/w
			part.box = part.box.Union(image.Rect(b.Min.X+x, b.Min.Y+y, b.Min.X+x+1, b.Min.Y+y+1))
			for _, q := range [4][2]int{{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}} {
				if q[0] < 0 || q[1] < 0 || q[0] >= w || q[1] >= h {
					continue
				}
				j := q[1]*w + q[0]
				if opened[j] && !seen[j] {
					seen[j] = true
					members = append(members, j)
				}
			}
		}
		part.n = len(members)
		if part.fill() >= 0.8 && part.box.Dx() >= 4 && part.box.Dy() >= 4 && part.n >= 12 || l.bigGray(part) {
			out = append(out, part)
			for _, p := range members {
				keepPix[p] = true
			}
		}
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if is(x, y) && !keepPix[(y-b.Min.Y)*w+x-b.Min.X] {
				l.lab[y*l.w+x] = -1
			}
		}
	}
	return out
}

func colorDist(c colorClass, r, g, b int) int {
	return abs(c.r-r) + abs(c.g-g) + abs(c.b-b)
}

// component is a 4-connected region of one colour.
type component struct {
	col  int
	box  image.Rectangle
	n    int
	seed image.Point // one of its pixels
}

func (c component) fill() float64 {
	return float64(c.n) / float64(c.box.Dx()*c.box.Dy())
}

// components finds the connected regions of each colour (same=true) or of
// any colour together (same=false, col -1), of at least minN pixels.
func (l *labels) components(same bool, minN int) []component {
	seen := make([]bool, len(l.lab))
	var out []component
	stack := make([]int, 0, 1024)
	for start, c := range l.lab {
		if c < 0 || seen[start] {
			continue
		}
		comp := component{col: int(c), box: image.Rect(start%l.w, start/l.w, start%l.w+1, start/l.w+1), seed: image.Pt(start%l.w, start/l.w)}
		if !same {
			comp.col = -1
		}
		seen[start] = true
		stack = append(stack[:0], start)
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := p%l.w, p/l.w
			comp.n++
			comp.box = comp.box.Union(image.Rect(x, y, x+1, y+1))
			for _, q := range [4]int{p - 1, p + 1, p - l.w, p + l.w} {
				if q < 0 || q >= len(l.lab) || seen[q] || l.lab[q] < 0 {
					continue
				}
				if (q == p-1 && x == 0) || (q == p+1 && x == l.w-1) {
					continue
				}
				if same && l.lab[q] != c {
					continue
				}
				seen[q] = true
				stack = append(stack, q)
			}
		}
		if comp.n >= minN {
			out = append(out, comp)
		}
	}
	return out
}
