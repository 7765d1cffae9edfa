package charts

import (
	"image"
	"sort"
)

// splitBlended splits a chromatic colour class whose filled rectangles
// (bars, bar segments, legend keys) fall into two groups of clearly
// different mean colour: two series of near hues whose gradient fills
// chain into one class in findColors (Office's first and fifth series
// colours, 4472C4 and 5B9BD5, 11° of hue apart, both shaded from light to
// dark). Each component of such a class goes to the group whose mean is
// nearer; the second group becomes a new class appended to l.cols, and
// its components' pixels are relabelled. Pies and lines are left alone:
// only classes with at least two filled rectangles (fill >= 0.8) in each
// group split, and every one of them must sit close to one of the two
// means (within 0.4 of their distance: a thin segment's mean is pulled
// off its series' by the gradient). Only rectangles of 300 px or more decide (bars): a legend key's
// small gradient, or the hole of a digit darkened by its anti-aliased
// edge, is off its series' mean; they go to the nearer mean. comps are the components of one colour
// (l.components(true, ...)); the returned slice has their new colours.
func (l *labels) splitBlended(m *image.RGBA, comps []component) []component {
	type mean struct{ r, g, b float64 }
	// A component's own pixels and their mean colour.
	own := func(c component) ([]int, mean) {
		var px []int
		var s mean
		if !c.seed.In(c.box) || l.at(c.seed.X, c.seed.Y) != c.col {
			return nil, s
		}
		seen := map[int]bool{c.seed.Y*l.w + c.seed.X: true}
		stack := []int{c.seed.Y*l.w + c.seed.X}
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			px = append(px, p)
			x, y := p%l.w, p/l.w
			o := m.PixOffset(x+m.Rect.Min.X, y+m.Rect.Min.Y)
			s.r += float64(m.Pix[o])
			s.g += float64(m.Pix[o+1])
			s.b += float64(m.Pix[o+2])
			for _, q := range [4]image.Point{{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}} {
				k := q.Y*l.w + q.X
				if l.at(q.X, q.Y) == c.col && !seen[k] {
					seen[k] = true
					stack = append(stack, k)
				}
			}
		}
		n := float64(len(px))
		return px, mean{s.r / n, s.g / n, s.b / n}
	}
	dist := func(a, b mean) float64 {
		return absf(a.r-b.r) + absf(a.g-b.g) + absf(a.b-b.b)
	}
	byCol := map[int][]int{}
	for i, c := range comps {
		if c.col >= 0 && !l.cols[c.col].gray {
			byCol[c.col] = append(byCol[c.col], i)
		}
	}
	cols := make([]int, 0, len(byCol))
	for col := range byCol {
		cols = append(cols, col)
	}
	sort.Ints(cols)
	out := append([]component(nil), comps...)
	for _, col := range cols {
		idx := byCol[col]
		type member struct {
			i     int
			px    []int
			mu    mean
			solid bool
		}
		var ms []member
		solids := 0
		for _, i := range idx {
			px, mu := own(comps[i])
			if len(px) == 0 {
				continue
			}
			c := comps[i]
			solid := c.fill() >= 0.8 && c.box.Dx() >= 6 && c.box.Dy() >= 6 && c.n >= 300
			if solid {
				solids++
			}
			ms = append(ms, member{i, px, mu, solid})
		}
		if solids < 4 {
			continue
		}
		// Two means: start from the two solid members farthest apart,
		// then a few rounds of 2-means over the solid members.
		var c0, c1 mean
		far := -1.0
		for _, p := range ms {
			for _, q := range ms {
				if p.solid && q.solid {
					if d := dist(p.mu, q.mu); d > far {
						far, c0, c1 = d, p.mu, q.mu
					}
				}
			}
		}
		if far < 40 {
			continue
		}
		var in0, in1 []member
		for range 8 {
			in0, in1 = in0[:0], in1[:0]
			var s0, s1 mean
			for _, p := range ms {
				if !p.solid {
					continue
				}
				if dist(p.mu, c0) <= dist(p.mu, c1) {
					in0 = append(in0, p)
					s0 = mean{s0.r + p.mu.r, s0.g + p.mu.g, s0.b + p.mu.b}
				} else {
					in1 = append(in1, p)
					s1 = mean{s1.r + p.mu.r, s1.g + p.mu.g, s1.b + p.mu.b}
				}
			}
			if len(in0) == 0 || len(in1) == 0 {
				break
			}
			c0 = mean{s0.r / float64(len(in0)), s0.g / float64(len(in0)), s0.b / float64(len(in0))}
			c1 = mean{s1.r / float64(len(in1)), s1.g / float64(len(in1)), s1.b / float64(len(in1))}
		}
		sep := dist(c0, c1)
		if len(in0) < 2 || len(in1) < 2 || sep < 40 {
			continue
		}
		// Every member near one mean (two tight groups, not a spread of
		// shades).
		tight := true
		for _, p := range ms {
			if p.solid && min(dist(p.mu, c0), dist(p.mu, c1)) > 0.4*sep {
				tight = false
			}
		}
		if !tight {
			continue
		}
		nc := len(l.cols)
		l.cols = append(l.cols, colorClass{r: int(c1.r), g: int(c1.g), b: int(c1.b)})
		for _, p := range ms {
			if dist(p.mu, c1) >= dist(p.mu, c0) {
				continue
			}
			for _, q := range p.px {
				l.lab[q] = int16(nc)
			}
			l.cols[col].n -= len(p.px)
			l.cols[nc].n += len(p.px)
			out[p.i].col = nc
		}
	}
	return out
}

func absf(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
