package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// Vertical text: margin tabs ("2024 달라지는 세금제도" down the page edge),
// sideways labels and vertical writing. Such glyphs share no baseline with
// the body, but grouping by baseline alone glues each of them into the
// body line at its height ("…토지의 일부를 2", "세", "목"). splitVertical
// takes them out before lines are built; verticalLines reads them as lines
// of their own.

// Thresholds of stacked-glyph detection, in font sizes.
const (
	// stackAlign: the glyphs of a column have centres this close in x.
	stackAlign = 0.35
	// stackPitch: the median step between glyphs of a column is at most
	// this (body lines are spaced 1.3–1.8 em; stacked glyphs about 1 em).
	stackPitch = 1.25
	// stackGap: a step wider than this ends the column (a word space in a
	// stacked tab is about 1.5 em).
	stackGap = 2.0
	// stackClear: a stacked glyph has no other text within this distance
	// on its baseline.
	stackClear = 1.5
	// minStack is the fewest glyphs that make a column.
	minStack = 3
)

// splitVertical returns the runs that belong to horizontal lines and the
// vertical ones: runs drawn vertically (Run.Vertical) and upright glyphs
// stacked one below the other, away from other text on their baseline.
func splitVertical(runs []Run) (body, vert []Run) {
	runs = sanitize(runs)
	isVert := make([]bool, len(runs))
	any := false
	for i, r := range runs {
		if r.Vertical {
			isVert[i] = true
			any = true
		}
	}
	for _, i := range stackedGlyphs(runs, isVert) {
		isVert[i] = true
		any = true
	}
	if !any {
		return runs, nil
	}
	for i, r := range runs {
		if isVert[i] {
			if !isBlank(r.Text) {
				vert = append(vert, r)
			}
		} else {
			body = append(body, r)
		}
	}
	return body, vert
}

// stackedGlyphs returns the indexes of single glyphs that form columns.
func stackedGlyphs(runs []Run, skip []bool) []int {
	type g struct {
		i      int
		cx, y  float64
		size   float64
		inChar bool
	}
	var cand []g
	for i, r := range runs {
		if skip[i] || isBlank(r.Text) || utf8.RuneCountInString(strings.TrimSpace(r.Text)) != 1 {
			continue
		}
		w := r.W
		if w <= 0 {
			w = 0.5 * r.Size
		}
		cand = append(cand, g{i: i, cx: r.X + w/2, y: r.Y, size: r.Size})
	}
	if len(cand) < minStack {
		return nil
	}
	// Columns: candidates sorted by x centre, then split where centres
	// drift apart.
	sort.Slice(cand, func(a, b int) bool { return cand[a].cx < cand[b].cx })
	var out []int
	for s := 0; s < len(cand); {
		e := s + 1
		for e < len(cand) && cand[e].cx-cand[e-1].cx <= stackAlign*cand[e-1].size {
			e++
		}
		col := append([]g(nil), cand[s:e]...)
		s = e
		if len(col) < minStack {
			continue
		}
		sort.Slice(col, func(a, b int) bool { return col[a].y > col[b].y })
		// Chains of glyphs one below the other.
		for a := 0; a < len(col); {
			b := a + 1
			for b < len(col) {
				sz := math.Max(col[b-1].size, col[b].size)
				dy := col[b-1].y - col[b].y
				if dy < 0.5*sz || dy > stackGap*sz || math.Abs(col[b].size-col[b-1].size) > 0.25*sz {
					break
				}
				b++
			}
			chain := col[a:b]
			a = b
			if len(chain) < minStack {
				continue
			}
			steps := make([]float64, 0, len(chain)-1)
			for k := 1; k < len(chain); k++ {
				steps = append(steps, (chain[k-1].y-chain[k].y)/chain[k].size)
			}
			sort.Float64s(steps)
			if steps[len(steps)/2] > stackPitch {
				continue
			}
			member := map[int]bool{}
			for _, c := range chain {
				member[c.i] = true
			}
			clear := 0
			for _, c := range chain {
				if !hasNeighbour(runs, c.i, member) {
					clear++
				}
			}
			if 4*clear < 3*len(chain) {
				continue
			}
			for _, c := range chain {
				out = append(out, c.i)
			}
		}
	}
	return out
}

// hasNeighbour reports whether other text lies on run i's baseline within
// stackClear font sizes of it.
func hasNeighbour(runs []Run, i int, member map[int]bool) bool {
	r := runs[i]
	w := math.Max(r.W, 0.5*r.Size)
	for j, o := range runs {
		if j == i || member[j] || isBlank(o.Text) || o.Vertical {
			continue
		}
		if math.Abs(o.Y-r.Y) > 0.5*r.Size {
			continue
		}
		ow := math.Max(o.W, 0.5*o.Size)
		gap := math.Max(o.X-(r.X+w), r.X-(o.X+ow))
		if gap < stackClear*r.Size {
			return true
		}
	}
	return false
}

// verticalLines reads vertical runs as lines, in content-stream order
// (the order they were drawn, which is their reading order whichever way
// the text runs): a run starts a new line when it leaves the column (0.6
// font sizes across) or jumps more than stackGap font sizes along it; a
// gap of more than 0.3 font sizes between glyphs is a word space.
func verticalLines(page int, runs []Run) []line {
	var out []line
	var sb strings.Builder
	var cur line
	var prev Run
	flush := func() {
		if t := strings.Join(strings.Fields(sb.String()), " "); t != "" {
			cur.text = t
			out = append(out, cur)
		}
		sb.Reset()
	}
	for k, r := range runs {
		size := math.Max(r.Size, 1)
		if k > 0 {
			dist := math.Hypot(r.X-prev.X, r.Y-prev.Y)
			ext := prev.Size // an upright stacked glyph is about 1 em tall
			dx := math.Abs((r.X + r.W/2) - (prev.X + prev.W/2))
			if r.Vertical {
				dx = math.Abs(r.X - prev.X) // the baseline runs along the column
			}
			if prev.Vertical && prev.W > 0 {
				ext = prev.W // the advance along the column
			}
			switch {
			case dx > 0.6*size || dist > stackGap*size+ext:
				flush()
			case dist-ext > 0.3*size:
				sb.WriteByte(' ')
			}
		}
		if sb.Len() == 0 {
			cur = line{page: page, x0: r.X, x1: r.X + r.W, y: r.Y, size: r.Size}
		}
		cur.x0, cur.x1 = math.Min(cur.x0, r.X), math.Max(cur.x1, r.X+r.W)
		sb.WriteString(r.Text)
		prev = r
	}
	flush()
	return out
}
