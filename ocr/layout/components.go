package layout

import "image"

// component is a connected set of ink pixels (8-connected).
type component struct {
	box  image.Rectangle
	area int // ink pixels
	// runs are the component's horizontal runs: y, x0, x1 (exclusive).
	runs [][3]int
}

// components labels the ink of g (pixels darker than t) inside r into
// 8-connected components, by runs: each row's runs join the runs of the
// row above that touch them.
func components(g *image.Gray, r image.Rectangle, t uint8) []component {
	r = r.Intersect(g.Rect)
	type run struct{ y, x0, x1, id int }
	var runs []run
	parent := []int{}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	prevStart, prevEnd := 0, 0 // runs of the previous row: runs[prevStart:prevEnd]
	for y := r.Min.Y; y < r.Max.Y; y++ {
		rowStart := len(runs)
		row := g.Pix[g.PixOffset(r.Min.X, y):g.PixOffset(r.Max.X, y)]
		for x := 0; x < len(row); {
			if row[x] >= t {
				x++
				continue
			}
			x0 := x
			for x < len(row) && row[x] < t {
				x++
			}
			id := len(parent)
			parent = append(parent, id)
			cur := run{y, r.Min.X + x0, r.Min.X + x, id}
			// 8-connectivity: runs above overlapping [x0-1, x1+1).
			for k := prevStart; k < prevEnd; k++ {
				p := runs[k]
				if p.x1 >= cur.x0 && p.x0 <= cur.x1 {
					a, b := find(p.id), find(id)
					if a != b {
						parent[a] = b
					}
				}
			}
			runs = append(runs, cur)
		}
		prevStart, prevEnd = rowStart, len(runs)
	}
	idx := map[int]int{}
	var out []component
	for _, rn := range runs {
		root := find(rn.id)
		i, ok := idx[root]
		if !ok {
			i = len(out)
			idx[root] = i
			out = append(out, component{box: image.Rect(rn.x0, rn.y, rn.x1, rn.y+1)})
		}
		c := &out[i]
		c.box = c.box.Union(image.Rect(rn.x0, rn.y, rn.x1, rn.y+1))
		c.area += rn.x1 - rn.x0
		c.runs = append(c.runs, [3]int{rn.y, rn.x0, rn.x1})
	}
	return out
}

// holes counts the background pixels inside c's box that the outside
// cannot reach (4-connected) without crossing c: the counter of ㅇ or ㅁ.
func (c component) holes() int {
	w, h := c.box.Dx()+2, c.box.Dy()+2
	ink := make([]bool, w*h)
	for _, rn := range c.runs {
		y := rn[0] - c.box.Min.Y + 1
		for x := rn[1]; x < rn[2]; x++ {
			ink[y*w+x-c.box.Min.X+1] = true
		}
	}
	seen := make([]bool, w*h)
	stack := []int{0}
	seen[0] = true
	reached := 0
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		reached++
		x, y := k%w, k/w
		for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
			nx, ny := x+d[0], y+d[1]
			if nx < 0 || ny < 0 || nx >= w || ny >= h {
				continue
			}
			j := ny*w + nx
			if !ink[j] && !seen[j] {
				seen[j] = true
				stack = append(stack, j)
			}
		}
	}
	return w*h - c.area - reached
}
