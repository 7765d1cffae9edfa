package charts

import (
	"image"
	"slices"
)

// faceStep is the largest colour step (sum of channel differences)
// between neighbouring pixels of one face of a 3-D bar: a gradient or
// JPEG noise changes less from pixel to pixel, the edge between a lit
// front and a shaded side or top face more (LibreOffice: front FD8A34,
// side D06D2B, a step of 84).
const faceStep = 18

// frontFace3D finds the face of a 3-D bar that faces the viewer in a
// component of one colour class: the flat-coloured rectangle that holds
// the component's bottom-left corner, when the component also reaches
// above it and to its right (the bar's top face and shaded side, of the
// same hue). The face is grown pixel to pixel from that corner through
// steps under faceStep, then trimmed to the rows and columns it mostly
// fills (a gridline touching it is no part of it). ok is false when the
// component is not shaped so: a flat bar, a slice, a line, a key.
func (a *analysis) frontFace3D(c component) (face image.Rectangle, n int, ok bool) {
	b := c.box
	if b.Dx() < 8 || b.Dy() < 6 || c.n < 40 {
		return image.Rectangle{}, 0, false
	}
	// The seed: the component's pixel nearest its box's bottom-left
	// corner, two pixels in (off the anti-aliased rim).
	seed := image.Point{-1, -1}
	best := 1 << 30
	for y := b.Max.Y - 1; y >= max(b.Min.Y, b.Max.Y-6); y-- {
		for x := b.Min.X; x < min(b.Max.X, b.Min.X+6); x++ {
			if a.l.at(x, y) != c.col || !image.Pt(x+2, y-2).In(b) || a.l.at(x+2, y-2) != c.col {
				continue
			}
			if d := (x - b.Min.X) + (b.Max.Y - 1 - y); d < best {
				best, seed = d, image.Pt(x+2, y-2)
			}
		}
	}
	if seed.X < 0 {
		return image.Rectangle{}, 0, false
	}
	m := a.m
	w := b.Dx()
	in := make([]bool, w*b.Dy())
	stack := []image.Point{seed}
	in[(seed.Y-b.Min.Y)*w+seed.X-b.Min.X] = true
	rows := make([]int, b.Dy())
	cols := make([]int, b.Dx())
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n++
		rows[p.Y-b.Min.Y]++
		cols[p.X-b.Min.X]++
		pp := m.Pix[p.Y*m.Stride+p.X*4:]
		for _, q := range [4]image.Point{{p.X - 1, p.Y}, {p.X + 1, p.Y}, {p.X, p.Y - 1}, {p.X, p.Y + 1}} {
			if !q.In(b) || in[(q.Y-b.Min.Y)*w+q.X-b.Min.X] || a.l.at(q.X, q.Y) != c.col {
				continue
			}
			qp := m.Pix[q.Y*m.Stride+q.X*4:]
			if abs(int(pp[0])-int(qp[0]))+abs(int(pp[1])-int(qp[1]))+abs(int(pp[2])-int(qp[2])) > faceStep {
				continue
			}
			in[(q.Y-b.Min.Y)*w+q.X-b.Min.X] = true
			stack = append(stack, q)
		}
	}
	span := func(h []int) (lo, hi int) {
		top := 0
		for _, v := range h {
			top = max(top, v)
		}
		lo, hi = -1, -1
		for i, v := range h {
			if 2*v >= top {
				if lo < 0 {
					lo = i
				}
				hi = i + 1
			}
		}
		return lo, hi
	}
	y0, y1 := span(rows)
	x0, x1 := span(cols)
	face = image.Rect(b.Min.X+x0, b.Min.Y+y0, b.Min.X+x1, b.Min.Y+y1)
	if face.Dx() < 4 || face.Dy() < 3 {
		return image.Rectangle{}, 0, false
	}
	inFace := 0
	for y := face.Min.Y; y < face.Max.Y; y++ {
		for x := face.Min.X; x < face.Max.X; x++ {
			if in[(y-b.Min.Y)*w+x-b.Min.X] {
				inFace++
			}
		}
	}
	if inFace*10 < 9*face.Dx()*face.Dy() {
		return image.Rectangle{}, 0, false
	}
	// A top face of nearly the front's colour joins the front: the
	// front's top is then where the colour starts in its first column
	// (the top face rises from the front's top-left corner to the
	// right).
	if face.Min.Y-b.Min.Y < 2 && b.Max.X-face.Max.X >= 2 {
		x := face.Min.X + 1
		for y := b.Min.Y; y < face.Max.Y; y++ {
			if a.l.at(x, y) == c.col {
				if y-b.Min.Y >= 3 {
					face.Min.Y = y
					inFace = 0
					for yy := face.Min.Y; yy < face.Max.Y; yy++ {
						for xx := face.Min.X; xx < face.Max.X; xx++ {
							if in[(yy-b.Min.Y)*w+xx-b.Min.X] {
								inFace++
							}
						}
					}
				}
				break
			}
		}
	}
	// A 3-D bar: more of the colour above the face and to its right (two
	// rows of the face's width at least, outside the face: a narrow,
	// tall bar's top face is a small part of it, and faces shaded
	// little apart were grown into), none to its left or below.
	if face.Min.X-b.Min.X > 2 || b.Max.Y-face.Max.Y > 2 || b.Max.X-face.Max.X < 2 || face.Min.Y-b.Min.Y < 2 || c.n-inFace < 2*face.Dx() {
		return image.Rectangle{}, 0, false
	}
	// The top face recedes: its far edge (the box's top row) starts
	// right of the front's left edge. A gradient bar's lighter band
	// above a darker one does not.
	for x := b.Min.X; x < face.Min.X+2; x++ {
		if a.l.at(x, b.Min.Y) == c.col {
			return image.Rectangle{}, 0, false
		}
	}
	// Row by row, as a parallelogram: each row above the front starts
	// further right than the one below it, in half the rows at least (a
	// JPEG block of a flat bar, cut off from the rest by a step, starts
	// where the bar does).
	left := func(y int) int {
		for x := b.Min.X; x < b.Max.X; x++ {
			if a.l.at(x, y) == c.col {
				return x
			}
		}
		return b.Max.X
	}
	rise := face.Min.Y - b.Min.Y
	moves := 0
	for y := b.Min.Y; y < face.Min.Y-1; y++ {
		if left(y) > left(y+1) {
			moves++
		}
	}
	if rise < 3 || left(b.Min.Y)-left(face.Min.Y-1) < 2 || 2*moves < rise-1 {
		return image.Rectangle{}, 0, false
	}
	// And it is solid: half the front's width in every row above it,
	// not a JPEG halo round a label.
	above := 0
	for y := b.Min.Y; y < face.Min.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if a.l.at(x, y) == c.col {
				above++
			}
		}
	}
	if 2*above < face.Dx()*(face.Min.Y-b.Min.Y) {
		return image.Rectangle{}, 0, false
	}
	return face, inFace, true
}

// frontFaces replaces each component that is a 3-D bar (frontFace3D) by
// its front face; the rest of it counts in a.sides, the width of its side
// face in a.depths.
func (a *analysis) frontFaces(comps []component) []component {
	out := make([]component, len(comps))
	for i, c := range comps {
		out[i] = c
		if f, n, ok := a.frontFace3D(c); ok {
			out[i] = component{col: c.col, box: f, n: n, seed: f.Min}
			a.sides += c.n - n
			a.threeD++
			a.depths = append(a.depths, c.box.Max.X-f.Max.X)
		}
	}
	return out
}

// depth3D is the median width in px of the side faces cut off 3-D bars
// (a.depths), 0 without 3-D bars or in a turned (horizontal) frame.
func (a *analysis) depth3D() int {
	if a.flip != nil || len(a.depths) == 0 {
		return 0
	}
	d := slices.Clone(a.depths)
	slices.Sort(d)
	return max(0, d[len(d)/2])
}
