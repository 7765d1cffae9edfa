package layout

import (
	"image"
	"sort"
)

// tables groups rules that meet into tables and frames. Horizontal and
// vertical rules meet when one reaches the other within tol. A group with
// at least two horizontal and one vertical rule is cut into a grid at the
// distinct rule positions (and the group's outer edges, for tables open
// at the sides); neighbouring grid cells with no rule between them are
// one cell. A group that leaves a single cell is a frame.
func tables(hs, vs []image.Rectangle, tol, minCell int) ([]Table, []image.Rectangle) {
	// A vertical rule of a table runs from one horizontal rule to
	// another; a stroke of large type inside a frame reaches one at most.
	var kept []image.Rectangle
	for _, v := range vs {
		if meets(v, hs, tol, true) && meets(v, hs, tol, false) {
			kept = append(kept, v)
		}
	}
	vs = kept
	n := len(hs) + len(vs)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, h := range hs {
		for j, v := range vs {
			if h.Inset(-tol).Overlaps(v.Inset(-tol)) {
				parent[find(i)] = find(len(hs) + j)
			}
		}
	}
	groups := map[int][]int{}
	for i := 0; i < n; i++ {
		groups[find(i)] = append(groups[find(i)], i)
	}
	// Rules lying inside a group's box join it: a dotted rule between
	// rows may stop short of the borders.
	boxOf := map[int]image.Rectangle{}
	for k, idx := range groups {
		if len(idx) < 3 {
			continue
		}
		var b image.Rectangle
		for _, i := range idx {
			b = b.Union(ruleAt(hs, vs, i))
		}
		boxOf[k] = b
	}
	for k, b := range boxOf {
		outer := b.Inset(-tol)
		for i := 0; i < n; i++ {
			if find(i) == k || len(groups[find(i)]) != 1 {
				continue
			}
			r := ruleAt(hs, vs, i)
			if r.Intersect(outer).Eq(r) {
				groups[k] = append(groups[k], i)
				delete(groups, i)
			}
		}
	}
	var out []Table
	var frames []image.Rectangle
	for _, idx := range groups {
		var gh, gv []image.Rectangle
		for _, i := range idx {
			if i < len(hs) {
				gh = append(gh, hs[i])
			} else {
				gv = append(gv, vs[i-len(hs)])
			}
		}
		if len(gh) < 2 || len(gv) < 1 {
			continue
		}
		t, ok := grid(gh, gv, tol, minCell)
		if !ok || !closed(t.Box, gh, tol) || t.Box.Dx() < minTableW || t.Box.Dy() < minTableH {
			continue
		}
		if len(t.Cells) < 2 {
			frames = append(frames, t.Box)
			continue
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Box.Min.Y < out[j].Box.Min.Y })
	sort.Slice(frames, func(i, j int) bool { return frames[i].Min.Y < frames[j].Min.Y })
	return out, frames
}

// meets reports whether a horizontal rule passes within tol of v's top
// end (top) or bottom end.
func meets(v image.Rectangle, hs []image.Rectangle, tol int, top bool) bool {
	y := v.Max.Y - 1
	if top {
		y = v.Min.Y
	}
	for _, h := range hs {
		if h.Min.X-tol <= v.Max.X && v.Min.X <= h.Max.X+tol && h.Min.Y-tol <= y && y < h.Max.Y+tol {
			return true
		}
	}
	return false
}

// Smallest table at 200 dpi: narrower or lower boxes are decorations
// (a tab, a bullet box).
const minTableW, minTableH = 150, 40

// closed reports whether horizontal rules run along most of the top and
// the bottom of box: a table, open at the sides or not, is closed above
// and below; a page frame (a header rule and a margin line) is not.
func closed(box image.Rectangle, hs []image.Rectangle, tol int) bool {
	along := func(y int) int {
		n := 0
		for _, h := range hs {
			if h.Min.Y-tol <= y && y <= h.Max.Y+tol {
				n += overlap(h.Min.X, h.Max.X, box.Min.X, box.Max.X)
			}
		}
		return n
	}
	need := box.Dx() * 7 / 10
	return along(box.Min.Y) >= need && along(box.Max.Y-1) >= need
}

// grid cuts a group of rules into cells.
func grid(hs, vs []image.Rectangle, tol, minCell int) (Table, bool) {
	box := hs[0]
	for _, r := range hs {
		box = box.Union(r)
	}
	for _, r := range vs {
		box = box.Union(r)
	}
	var xs, ys []int
	xs = append(xs, box.Min.X, box.Max.X)
	ys = append(ys, box.Min.Y, box.Max.Y)
	for _, v := range vs {
		xs = append(xs, (v.Min.X+v.Max.X)/2)
	}
	for _, h := range hs {
		ys = append(ys, (h.Min.Y+h.Max.Y)/2)
	}
	xs, ys = cluster(xs, minCell), cluster(ys, minCell)
	rows, cols := len(ys)-1, len(xs)-1
	if rows < 1 || cols < 1 {
		return Table{}, false
	}
	// covered reports whether rules of rs run along the line at pos
	// (x for vertical rules, y for horizontal) over most of [a, b).
	covered := func(rs []image.Rectangle, vertical bool, pos, a, b int) bool {
		need := (b - a) * 6 / 10
		got := 0
		for _, r := range rs {
			var c, ra, rb int
			if vertical {
				c, ra, rb = (r.Min.X+r.Max.X)/2, r.Min.Y, r.Max.Y
			} else {
				c, ra, rb = (r.Min.Y+r.Max.Y)/2, r.Min.X, r.Max.X
			}
			if c-pos > tol || pos-c > tol {
				continue
			}
			got += overlap(ra, rb, a, b)
		}
		return got >= need
	}
	id := func(r, c int) int { return r*cols + c }
	parent := make([]int, rows*cols)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) { parent[find(a)] = find(b) }
	for r := 0; r < rows; r++ {
		for c := 0; c+1 < cols; c++ {
			if !covered(vs, true, xs[c+1], ys[r], ys[r+1]) {
				union(id(r, c), id(r, c+1))
			}
		}
	}
	for r := 0; r+1 < rows; r++ {
		for c := 0; c < cols; c++ {
			if !covered(hs, false, ys[r+1], xs[c], xs[c+1]) {
				union(id(r, c), id(r+1, c))
			}
		}
	}
	type span struct{ r0, c0, r1, c1 int }
	spans := map[int]*span{}
	var order []int
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			k := find(id(r, c))
			sp, ok := spans[k]
			if !ok {
				sp = &span{r, c, r, c}
				spans[k] = sp
				order = append(order, k)
			}
			sp.r0, sp.c0 = min(sp.r0, r), min(sp.c0, c)
			sp.r1, sp.c1 = max(sp.r1, r), max(sp.c1, c)
		}
	}
	t := Table{Box: box, Rows: rows, Cols: cols}
	for _, k := range order {
		sp := spans[k]
		t.Cells = append(t.Cells, Cell{
			Row: sp.r0, Col: sp.c0, RowSpan: sp.r1 - sp.r0 + 1, ColSpan: sp.c1 - sp.c0 + 1,
			Box: image.Rect(xs[sp.c0], ys[sp.r0], xs[sp.c1+1], ys[sp.r1+1]),
		})
	}
	sort.SliceStable(t.Cells, func(i, j int) bool {
		a, b := t.Cells[i], t.Cells[j]
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		return a.Col < b.Col
	})
	return t, true
}

// cluster sorts positions and merges those closer than d (keeping their
// mean).
func cluster(v []int, d int) []int {
	sort.Ints(v)
	var out []int
	sum, n := 0, 0
	for i, x := range v {
		if i > 0 && x-v[i-1] >= d {
			out = append(out, sum/n)
			sum, n = 0, 0
		}
		sum += x
		n++
	}
	if n > 0 {
		out = append(out, sum/n)
	}
	return out
}

func ruleAt(hs, vs []image.Rectangle, i int) image.Rectangle {
	if i < len(hs) {
		return hs[i]
	}
	return vs[i-len(hs)]
}
