package pdf

import (
	"math"
	"sort"
	"strings"

	"github.com/policyqa/policyqa/document"
)

// Tables drawn as grids. Hancom PDF and most office exporters draw every
// cell border; the cells' text sits at its own height inside each cell
// (vertically centred values, wrapped labels), so baselines alone cannot
// tell the rows apart. A grid of ruling lines (PageText.Rules and VRules)
// gives the cells directly: each glyph belongs to the cell its centre lies
// in, and a border missing between two cells merges them (row and column
// spans).

// Grid thresholds, in points.
const (
	gridTol     = 2.0  // rules this close touch or are collinear
	gridMerge   = 1.5  // borders this close are one
	gridMinSide = 40.0 // a grid is at least this wide
	gridMaxSide = 60   // at most this many rows or columns
)

// grid is a ruled table: column borders xs (left to right), row borders
// ys (top down), and the rules to tell which cell borders are drawn.
type grid struct {
	xs, ys []float64
	hs     []Rule
	vs     []VRule
}

// hBorder reports whether row border i is drawn under column j.
func (g *grid) hBorder(i, j int) bool {
	mid := (g.xs[j] + g.xs[j+1]) / 2
	for _, h := range g.hs {
		if math.Abs(h.Y-g.ys[i]) <= gridMerge && h.X0-gridTol <= mid && mid <= h.X1+gridTol {
			return true
		}
	}
	return false
}

// vBorder reports whether column border j is drawn beside row i.
func (g *grid) vBorder(i, j int) bool {
	mid := (g.ys[i] + g.ys[i+1]) / 2
	for _, v := range g.vs {
		if math.Abs(v.X-g.xs[j]) <= gridMerge && v.Y0-gridTol <= mid && mid <= v.Y1+gridTol {
			return true
		}
	}
	return false
}

// mergeRules joins collinear horizontal rules that touch or overlap.
func mergeRules(rs []Rule) []Rule {
	rs = append([]Rule(nil), rs...)
	sort.Slice(rs, func(i, j int) bool {
		if math.Abs(rs[i].Y-rs[j].Y) > 0.5 {
			return rs[i].Y > rs[j].Y
		}
		return rs[i].X0 < rs[j].X0
	})
	var out []Rule
	for _, r := range rs {
		if n := len(out); n > 0 && math.Abs(out[n-1].Y-r.Y) <= 0.5 && r.X0 <= out[n-1].X1+gridTol {
			out[n-1].X1 = math.Max(out[n-1].X1, r.X1)
			continue
		}
		out = append(out, r)
	}
	return out
}

// mergeVRules joins collinear vertical rules that touch or overlap.
func mergeVRules(vs []VRule) []VRule {
	vs = append([]VRule(nil), vs...)
	sort.Slice(vs, func(i, j int) bool {
		if math.Abs(vs[i].X-vs[j].X) > 0.5 {
			return vs[i].X < vs[j].X
		}
		return vs[i].Y0 < vs[j].Y0
	})
	var out []VRule
	for _, v := range vs {
		if n := len(out); n > 0 && math.Abs(out[n-1].X-v.X) <= 0.5 && v.Y0 <= out[n-1].Y1+gridTol {
			out[n-1].Y1 = math.Max(out[n-1].Y1, v.Y1)
			continue
		}
		out = append(out, v)
	}
	return out
}

// distinct returns the values sorted (descending when desc) with values
// within gridMerge of the previous one dropped.
func distinct(vals []float64, desc bool) []float64 {
	sort.Float64s(vals)
	if desc {
		sort.Sort(sort.Reverse(sort.Float64Slice(vals)))
	}
	var out []float64
	for _, v := range vals {
		if n := len(out); n == 0 || math.Abs(out[n-1]-v) > gridMerge {
			out = append(out, v)
		}
	}
	return out
}

// findGrids groups the page's rules into grids: horizontal rules joined
// by the vertical rules that touch them, at least gridMinSide wide, with
// at least two rows and two columns.
func findGrids(rules []Rule, vrules []VRule) []*grid {
	hs := mergeRules(rules)
	vs := mergeVRules(vrules)
	if len(hs) < 3 || len(vs) < 3 || len(hs)*len(vs) > 4_000_000 {
		return nil
	}
	parent := make([]int, len(hs))
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
	touches := func(h Rule, v VRule) bool {
		return h.Y >= v.Y0-gridTol && h.Y <= v.Y1+gridTol && v.X >= h.X0-gridTol && v.X <= h.X1+gridTol
	}
	vOf := make([]int, len(vs)) // a horizontal rule each vertical one touches, -1 none
	for k, v := range vs {
		vOf[k] = -1
		for i, h := range hs {
			if !touches(h, v) {
				continue
			}
			if vOf[k] < 0 {
				vOf[k] = i
			} else {
				parent[find(i)] = find(vOf[k])
			}
		}
	}
	comps := map[int]*grid{}
	var order []int
	for i, h := range hs {
		r := find(i)
		g := comps[r]
		if g == nil {
			g = &grid{}
			comps[r] = g
			order = append(order, r)
		}
		g.hs = append(g.hs, h)
	}
	for k, v := range vs {
		if vOf[k] >= 0 {
			g := comps[find(vOf[k])]
			g.vs = append(g.vs, v)
		}
	}
	var out []*grid
	for _, r := range order {
		g := comps[r]
		var ys, xs []float64
		x0, x1 := math.Inf(1), math.Inf(-1)
		for _, h := range g.hs {
			ys = append(ys, h.Y)
			x0, x1 = math.Min(x0, h.X0), math.Max(x1, h.X1)
		}
		xs = append(xs, x0, x1)
		for _, v := range g.vs {
			if v.X > x0+gridMerge && v.X < x1-gridMerge {
				xs = append(xs, v.X)
			}
		}
		g.ys, g.xs = distinct(ys, true), distinct(xs, false)
		if x1-x0 < gridMinSide || len(g.ys) < 3 || len(g.xs) < 3 || len(g.ys) > gridMaxSide+1 || len(g.xs) > gridMaxSide+1 {
			continue
		}
		out = append(out, g)
	}
	return out
}

// gridTable is a table read from a grid, placed at the grid's top.
type gridTable struct {
	top   float64
	table *document.Table
}

// gridTables reads the grids' cells from the runs and returns the tables
// (top down) and the runs outside them. A grid whose merged cells are not
// rectangles, or that holds text in fewer than two rows or two columns
// (a box around a paragraph, a title bar), is left to the text layout.
func gridTables(page int, runs []Run, grids []*grid) ([]gridTable, []Run) {
	if len(grids) == 0 {
		return nil, runs
	}
	taken := make([]bool, len(runs))
	var out []gridTable
	for _, g := range grids {
		t, members := g.read(page, runs, taken)
		if t == nil {
			continue
		}
		for _, i := range members {
			taken[i] = true
		}
		out = append(out, gridTable{top: g.ys[0], table: t})
	}
	if len(out) == 0 {
		return nil, runs
	}
	rest := make([]Run, 0, len(runs))
	for i, r := range runs {
		if !taken[i] {
			rest = append(rest, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].top > out[j].top })
	return out, rest
}

// read builds the grid's table from the runs whose centres lie in it; nil
// when the grid is not a table.
func (g *grid) read(page int, runs []Run, taken []bool) (*document.Table, []int) {
	R, C := len(g.ys)-1, len(g.xs)-1
	// Merged cells: union across borders that are not drawn.
	parent := make([]int, R*C)
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
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	for i := range R {
		for j := range C {
			if j+1 < C && !g.vBorder(i, j+1) {
				union(i*C+j, i*C+j+1)
			}
			if i+1 < R && !g.hBorder(i+1, j) {
				union(i*C+j, (i+1)*C+j)
			}
		}
	}
	// Each merged cell must be a rectangle.
	type box struct{ r0, c0, r1, c1, n int }
	boxes := map[int]*box{}
	for i := range R {
		for j := range C {
			k := find(i*C + j)
			b := boxes[k]
			if b == nil {
				b = &box{i, j, i, j, 0}
				boxes[k] = b
			}
			b.r0, b.c0, b.r1, b.c1 = min(b.r0, i), min(b.c0, j), max(b.r1, i), max(b.c1, j)
			b.n++
		}
	}
	for _, b := range boxes {
		if (b.r1-b.r0+1)*(b.c1-b.c0+1) != b.n {
			return nil, nil
		}
	}
	// Glyphs into cells.
	cellRuns := map[int][]Run{}
	var members []int
	for k, r := range runs {
		if taken[k] {
			continue
		}
		w := math.Max(r.W, 0.5*r.Size)
		cx, cy := r.X+w/2, r.Y+0.35*r.Size
		if r.Vertical {
			cx, cy = r.X-0.35*r.Size, r.Y+w/2
		}
		if cx < g.xs[0] || cx > g.xs[C] || cy > g.ys[0] || cy < g.ys[R] {
			continue
		}
		j := sort.Search(C, func(j int) bool { return g.xs[j+1] >= cx })
		i := sort.Search(R, func(i int) bool { return g.ys[i+1] <= cy })
		if i >= R || j >= C {
			continue
		}
		members = append(members, k)
		if !isBlank(r.Text) {
			c := find(i*C + j)
			cellRuns[c] = append(cellRuns[c], r)
		}
	}
	rowsWithText, colsWithText := map[int]bool{}, map[int]bool{}
	for c := range cellRuns {
		b := boxes[c]
		rowsWithText[b.r0] = true
		colsWithText[b.c0] = true
	}
	if len(rowsWithText) < 2 || len(colsWithText) < 2 {
		return nil, nil
	}
	t := &document.Table{}
	for i := range R {
		var row []document.Cell
		for j := range C {
			k := find(i*C + j)
			b := boxes[k]
			if b.r0 != i || b.c0 != j {
				continue // covered by a span
			}
			var parts []string
			for _, l := range buildLines(page, cellRuns[k]) {
				parts = append(parts, l.text)
			}
			row = append(row, document.Cell{Text: strings.Join(parts, " "), RowSpan: b.r1 - b.r0 + 1, ColSpan: b.c1 - b.c0 + 1})
		}
		t.Rows = append(t.Rows, row)
	}
	return t, members
}
