package charts

import (
	"image"
	"image/draw"
	"sort"
)

// colorClass is one flat chart colour (a series, or a pie slice).
type colorClass struct {
	r, g, b int
	n       int
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

// findColors finds the flat saturated colours covering a meaningful area
// and labels the pixels that match them.
func findColors(m *image.RGBA) *labels {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	type acc struct{ r, g, b, n int }
	bins := map[int]*acc{}
	for y := 0; y < h; y++ {
		row := m.Pix[y*m.Stride:]
		for x := 0; x < w; x++ {
			r, g, b := int(row[x*4]), int(row[x*4+1]), int(row[x*4+2])
			if max(r, g, b)-min(r, g, b) < 45 {
				continue // gray: text, axes, grid, background
			}
			k := (r>>3)<<10 | (g>>3)<<5 | b>>3
			a := bins[k]
			if a == nil {
				a = &acc{}
				bins[k] = a
			}
			a.r += r
			a.g += g
			a.b += b
			a.n++
		}
	}
	minN := max(60, w*h/4000)
	var cands []colorClass
	for _, a := range bins {
		if a.n >= minN {
			cands = append(cands, colorClass{a.r / a.n, a.g / a.n, a.b / a.n, a.n})
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].n > cands[j].n })
	var cols []colorClass
	for _, c := range cands {
		merged := false
		for i := range cols {
			if colorDist(cols[i], c.r, c.g, c.b) < 40 {
				cols[i].n += c.n
				merged = true
				break
			}
		}
		if !merged && len(cols) < 16 {
			cols = append(cols, c)
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
			best, bd := -1, 60
			if max(r, g, b)-min(r, g, b) >= 30 {
				for i, c := range cols {
					if d := colorDist(c, r, g, b); d < bd {
						best, bd = i, d
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

func colorDist(c colorClass, r, g, b int) int {
	return abs(c.r-r) + abs(c.g-g) + abs(c.b-b)
}

// component is a 4-connected region of one colour.
type component struct {
	col int
	box image.Rectangle
	n   int
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
		comp := component{col: int(c), box: image.Rect(start%l.w, start/l.w, start%l.w+1, start/l.w+1)}
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
