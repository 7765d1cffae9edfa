package charts

import (
	"fmt"
	"image"
	"log/slog"
	"math"
	"sort"
	"strings"
	"unicode"
)

// frame turns a horizontal bar chart into a vertical one: a quarter turn
// that puts the value axis's base at the bottom and the categories, top
// to bottom as they are read, left to right. A point (x, y) of a W-wide
// image goes to (y, W-1-x); rectangles accordingly.
type frame struct{ w int }

func (f frame) rect(r image.Rectangle) image.Rectangle {
	return image.Rect(r.Min.Y, f.w-r.Max.X, r.Max.Y, f.w-r.Min.X)
}

func (f frame) inv(r image.Rectangle) image.Rectangle {
	return image.Rect(f.w-r.Max.Y, r.Min.X, f.w-r.Min.Y, r.Max.X)
}

// turned is l in the frame of a horizontal bar chart.
func (l *labels) turned() *labels {
	t := &labels{w: l.h, h: l.w, lab: make([]int16, len(l.lab)), cols: l.cols}
	for y := 0; y < l.h; y++ {
		for x := 0; x < l.w; x++ {
			t.lab[(l.w-1-x)*t.w+y] = l.lab[y*l.w+x]
		}
	}
	return t
}

// hbars reads a horizontal bar chart (clustered or stacked) by turning
// it into a vertical one, reading that, and turning the boxes back. The
// base is the edge most voters share (the bars, not a column of legend
// keys beside them, which shares its left edge as well).
func (a *analysis) hbars(rects, voters []component) bool {
	f := frame{w: a.l.w}
	orig := a.l
	a.l = orig.turned()
	for _, w := range a.ws {
		w.Box = f.rect(w.orig)
	}
	tr := make([]component, len(rects))
	for i, r := range rects {
		r.box = f.rect(r.box)
		tr[i] = r
	}
	a.flip = &f
	tv := make([]component, len(voters))
	for i, r := range voters {
		r.box = f.rect(r.box)
		tv[i] = r
	}
	base, _, _ := aligned(tv, func(b image.Rectangle) (int, int, int) { return b.Max.Y, b.Min.X, b.Max.X })
	ok := a.vbars(mergeSplit(tr), base)
	a.l = orig
	a.flip = nil
	for _, w := range a.ws {
		w.Box = w.orig
	}
	if !ok {
		return false
	}
	a.t.Type = TypeHBar
	a.top = a.l.h
	for _, r := range rects {
		a.top = min(a.top, r.box.Min.Y)
	}
	return true
}

// unturn gives a box of the turned frame in image coordinates (the box
// itself when the chart is not turned).
func (a *analysis) unturn(r image.Rectangle) image.Rectangle {
	if a.flip == nil {
		return r
	}
	return a.flip.inv(r)
}

// joinWords joins words in reading order (image coordinates): lines top
// to bottom, words left to right; Hangul syllables OCR split apart are
// joined without a space.
func joinWords(ws []*word) string {
	if len(ws) == 0 {
		return ""
	}
	s := append([]*word(nil), ws...)
	sort.Slice(s, func(i, j int) bool {
		_, yi := center(s[i].orig)
		_, yj := center(s[j].orig)
		if math.Abs(yi-yj) > float64(min(s[i].orig.Dy(), s[j].orig.Dy()))/2 {
			return yi < yj
		}
		return s[i].orig.Min.X < s[j].orig.Min.X
	})
	var b strings.Builder
	b.WriteString(s[0].Text)
	for i := 1; i < len(s); i++ {
		p, w := s[i-1], s[i]
		h := max(p.orig.Dy(), w.orig.Dy())
		_, py := center(p.orig)
		_, wy := center(w.orig)
		sameLine := math.Abs(py-wy) < float64(h)/2
		if !(sameLine && w.orig.Min.X-p.orig.Max.X < int(0.35*float64(h)) && tight(p.Text, w.Text)) {
			b.WriteByte(' ')
		}
		b.WriteString(w.Text)
	}
	return b.String()
}

// junkText says whether OCR text is only marks: punctuation, rules and
// lone jamo ("ㆍ", "：", "—"), what tesseract makes of tick marks.
func junkText(s string) bool {
	for _, r := range s {
		if (unicode.IsLetter(r) || unicode.IsDigit(r)) && !(r >= 0x3130 && r <= 0x318F) {
			return false
		}
	}
	return true
}

// lines counts the text lines of words (image coordinates).
func textLines(ws []*word) int {
	var ys []float64
	for _, w := range ws {
		_, y := center(w.orig)
		ys = append(ys, y)
	}
	sort.Float64s(ys)
	n := 0
	for i, y := range ys {
		if i == 0 || y-ys[i-1] > float64(ws[0].orig.Dy())/2 {
			n++
		}
	}
	return n
}

// vbars reads vertical bars standing on base (clustered, single or
// stacked); hbars calls it in a turned frame.
func (a *analysis) vbars(rects []component, base int) bool {
	if a.depth3D() > 0 {
		// 3-D bars: a strip one or two pixels high is the edge drawn
		// between a front and its top face, not a stacked segment.
		var keep []component
		for _, r := range rects {
			if r.box.Dy() > 2 {
				keep = append(keep, r)
			}
		}
		rects = keep
	}
	var stacks [][]component
	used := make([]bool, len(rects))
	for i, r := range rects {
		if abs(r.box.Max.Y-base) <= 3 && r.box.Dx() >= 4 {
			stacks = append(stacks, []component{r})
			used[i] = true
		}
	}
	if len(stacks) == 0 {
		return false
	}
	for k := range stacks {
		for grown := true; grown; {
			grown = false
			top := stacks[k][len(stacks[k])-1].box
			for i, r := range rects {
				ov := min(top.Max.X, r.box.Max.X) - max(top.Min.X, r.box.Min.X)
				if !used[i] && abs(r.box.Max.Y-top.Min.Y) <= 3 && float64(ov) >= 0.7*float64(min(top.Dx(), r.box.Dx())) {
					stacks[k] = append(stacks[k], r)
					used[i] = true
					grown = true
					break
				}
			}
		}
	}
	sort.Slice(stacks, func(i, j int) bool { return stacks[i][0].box.Min.X < stacks[j][0].box.Min.X })
	// A speck on the base inside a bar at most half as wide (the hole
	// of a digit of a label printed across the bar's foot) is no bar.
	keep := stacks[:0]
	for i, s := range stacks {
		b := s[0].box
		inside := false
		for j, o := range stacks {
			ob := o[0].box
			if j != i && len(s) == 1 && b.Min.X >= ob.Min.X && b.Max.X <= ob.Max.X && 2*b.Dx() <= ob.Dx() {
				inside = true
			}
		}
		if inside {
			for k := range rects {
				if rects[k].box == b {
					used[k] = false
				}
			}
			continue
		}
		keep = append(keep, s)
	}
	stacks = keep
	if a.log.Enabled(a.ctx, slog.LevelDebug) {
		for _, st := range stacks {
			var bs []string
			for _, r := range st {
				bs = append(bs, fmt.Sprintf("%d:%v", r.col, r.box))
			}
			a.log.Debug("charts: bar stack", "parts", strings.Join(bs, " "))
		}
	}
	var rest []component
	for i, r := range rects {
		if !used[i] {
			rest = append(rest, r)
		}
	}
	stacked := false
	for _, s := range stacks {
		stacked = stacked || len(s) > 1
	}
	// Clusters: bars side by side (grouped) form one category.
	var clusters [][]component
	for _, s := range stacks {
		if n := len(clusters); n > 0 && !stacked {
			last := clusters[n-1][len(clusters[n-1])-1].box
			inCluster := false // a colour comes once in a cluster
			for _, c := range clusters[n-1] {
				inCluster = inCluster || c.col == s[0].col
			}
			if !inCluster && float64(s[0].box.Min.X-last.Max.X) <= 0.35*float64(min(last.Dx(), s[0].box.Dx())) {
				clusters[n-1] = append(clusters[n-1], s[0])
				continue
			}
		}
		clusters = append(clusters, s)
	}
	// One bar per category in most places: a single series whose bars
	// vary in colour (coloured by value, or "vary colours by point"),
	// not clusters that lost bars.
	varied := false
	if !stacked && len(clusters) >= 3 {
		singles := 0
		for _, cl := range clusters {
			if len(cl) == 1 {
				singles++
			}
		}
		if singles*10 >= 7*len(clusters) && singles < len(clusters) {
			clusters = clusters[:0]
			for _, st := range stacks {
				clusters = append(clusters, st)
			}
			singles = len(clusters)
		}
		cols := map[int]bool{}
		for _, cl := range clusters {
			cols[cl[0].col] = true
		}
		varied = len(cols) > 1 && singles*10 >= 7*len(clusters)
	}
	plotLeft := stacks[0][0].box.Min.X
	plotRight := stacks[len(stacks)-1][0].box.Max.X
	plotTop := base
	for _, s := range stacks {
		plotTop = min(plotTop, s[len(s)-1].box.Min.Y)
	}
	// Typical text height: the median height of numbers in image
	// coordinates.
	var nums []*word
	for _, w := range a.ws {
		if w.isNum {
			nums = append(nums, w)
		}
	}
	a.textH = typicalOrigHeight(nums)
	th := float64(a.textH)
	// Value axis: numbers in a column beside the bars (left or right),
	// the side whose ticks agree best.
	var left, right []*word
	for _, w := range a.ws {
		cx, cy := center(w.Box)
		if !w.isNum || cy > float64(base)+th || cy < float64(plotTop)-4*th {
			continue
		}
		switch {
		case w.Box.Max.X <= plotLeft+2:
			left = append(left, w)
		case w.Box.Min.X >= plotRight-2 && cx > float64(plotRight):
			right = append(right, w)
		}
	}
	ax := fitAxis(left, true, -1)
	if axr := fitAxis(right, true, -1); len(axr.ticks) > len(ax.ticks) {
		ax = axr
	}
	a.log.Debug("charts: value axis from tick labels", "left", wordsDebug(left), "right", wordsDebug(right), "ok", ax.ok, "a", ax.a, "b", ax.b, "ticks", len(ax.ticks), "base", base, "plotLeft", plotLeft, "plotRight", plotRight, "plotTop", plotTop, "stacked", stacked, "clusters", len(clusters))
	for _, w := range ax.ticks {
		w.used = true
		plotTop = min(plotTop, w.Box.Min.Y)
	}
	// Series colours.
	var seen []int
	has := map[int]bool{}
	for _, cl := range clusters {
		for _, r := range cl {
			if !has[r.col] {
				has[r.col] = true
				seen = append(seen, r.col)
			}
		}
	}
	// Data labels before the legend, so legend names are not taken as
	// labels and vice versa: labels are numbers, on or just beyond the
	// bar ends.
	labelFor := func(r component, inside bool) *word {
		var best *word
		bestD := math.Inf(1)
		for _, w := range a.ws {
			if w.used || !w.isNum {
				continue
			}
			cx, cy := center(w.Box)
			var d float64
			if inside {
				if !image.Pt(int(cx), int(cy)).In(r.box.Inset(-2)) {
					continue
				}
				d = 0
			} else {
				if cx < float64(r.box.Min.X)-0.25*float64(r.box.Dx()) || cx > float64(r.box.Max.X)+0.25*float64(r.box.Dx()) {
					continue
				}
				if a.flip != nil && (cx < float64(r.box.Min.X) || cx > float64(r.box.Max.X)) {
					continue
				}
				dy := float64(r.box.Min.Y - w.Box.Max.Y)
				if dy < -0.8*th || dy > 2.5*th {
					continue
				}
				d = math.Abs(dy)
			}
			if d < bestD {
				best, bestD = w, d
			}
		}
		if best != nil {
			best.used = true
		}
		return best
	}
	labels := map[[2]int]*word{}
	if a.sides > 0 && !stacked && a.flip == nil {
		// 3-D bars: a label may sit off the front's middle (over the
		// bar's middle in depth) and be wider than a narrow bar; each
		// goes to the bar it is nearest, over all bars at once.
		labels = a.labels3D(clusters, th)
	} else {
		for ci, cl := range clusters {
			for _, r := range cl {
				if w := labelFor(r, stacked); w != nil {
					labels[[2]int{ci, r.col}] = w
				}
			}
		}
	}
	if stacked {
		// Labels printed on stacked segments that the first reading
		// missed (it often reads a plot of small labels on colour as
		// one junk word): each unlabelled segment tall enough for a
		// line, centred on it, read again numbers-only with the
		// colours painted white, all in one call.
		type seg struct {
			ci int
			r  component
		}
		var todo []seg
		var boxes []image.Rectangle
		for ci, cl := range clusters {
			for _, r := range cl {
				if labels[[2]int{ci, r.col}] != nil || float64(r.box.Dy()) < 0.6*th || r.box.Dx() < 6 {
					continue
				}
				_, cy := center(r.box)
				h := max(float64(r.box.Dy()), 1.6*th)
				todo = append(todo, seg{ci, r})
				boxes = append(boxes, image.Rect(r.box.Min.X+1, int(cy-h/2), r.box.Max.X-1, int(cy+h/2)+1))
			}
		}
		if len(boxes) > 0 {
			a.digitsMosaic(boxes, paintInk)
			for _, sg := range todo {
				if w := labelFor(sg.r, true); w != nil {
					labels[[2]int{sg.ci, sg.r.col}] = w
				}
			}
		}
		if ax.ok {
			a.stackedSecondReading(clusters, labels, ax, th)
		}
	}
	if !stacked && len(labels) > 0 && (!ax.ok || a.sides > 0) {
		// Labels the first reading missed (a label next to a 3-D bar's
		// top face, glued to a gridline) where the geometry is not
		// enough (no axis, or 3-D bars): the band above each bar
		// without one, read again numbers-only, all in one call.
		var boxes []image.Rectangle
		for ci, cl := range clusters {
			for _, r := range cl {
				if labels[[2]int{ci, r.col}] != nil {
					continue
				}
				top, _ := a.frontFace(r)
				dx := r.box.Dx() / 3
				if a.sides > 0 {
					dx = r.box.Dx()
				}
				boxes = append(boxes, image.Rect(r.box.Min.X-dx, int(top-3*th), r.box.Max.X+dx, int(top)+1))
			}
		}
		if len(boxes) > 0 {
			a.digitsMosaic(boxes, paintWhite)
			if a.sides > 0 && a.flip == nil {
				for k, w := range a.labels3D(clusters, th) {
					if labels[k] == nil {
						labels[k] = w
					}
				}
			} else {
				for ci, cl := range clusters {
					for _, r := range cl {
						if k := [2]int{ci, r.col}; labels[k] == nil {
							if w := labelFor(r, false); w != nil {
								labels[k] = w
							}
						}
					}
				}
			}
		}
	}
	var pairs []posValue
	if !stacked {
		for ci, cl := range clusters {
			for _, r := range cl {
				if w := labels[[2]int{ci, r.col}]; w != nil {
					top, _ := a.frontFace(r)
					pairs = append(pairs, posValue{top, w.num})
				}
			}
		}
	}
	if !ax.ok && len(pairs) < 3 {
		// Tick labels the first reading dropped: read the strip beside
		// the bars again, numbers only.
		strip := image.Rect(0, plotTop-int(2*th), plotLeft-2, base+int(th))
		if a.flip != nil {
			strip = image.Rect(plotRight+2, plotTop-int(2*th), a.l.w, base+int(th))
		}
		ax = fitAxis(a.digits(strip), true, -1)
	} else if a.sides > 0 && a.flip == nil && len(left) >= 2 {
		// 3-D bars: the side wall's receding gridlines start at the
		// tick labels, and OCR reads them as one ("600%,"). Read the
		// labels again numbers-only, cut off at their right-aligned
		// edge, and keep the better fit.
		var rights, hs []int
		lo := math.MaxInt
		for _, w := range left {
			rights = append(rights, w.Box.Max.X)
			hs = append(hs, w.Box.Dy())
			lo = min(lo, w.Box.Min.X)
		}
		sort.Ints(rights)
		sort.Ints(hs)
		strip := image.Rect(lo-int(th), plotTop-int(2*th), min(plotLeft-2, rights[len(rights)/2]+3), base+int(th))
		// A reading two lines tall (two labels, or a label and the
		// axis title) has no place on the axis.
		var rr []*word
		for _, w := range a.readDigits([]image.Rectangle{strip}, paintNone)[0] {
			if w.Box.Dy()*2 <= 3*hs[0] {
				rr = append(rr, w)
			}
		}
		if again := fitAxis(rr, true, -1); len(again.ticks) > len(ax.ticks) {
			ax = again
		}
	}
	if !ax.ok {
		ax = axisFromLabels(pairs, true)
	}
	a.valueAxis, a.valueTurned = ax, a.flip != nil
	if !ax.ok {
		a.log.Info("charts: no value axis: fewer than two tick labels agree on a scale and fewer than three data labels on bars; bars without a label are left empty",
			"tick_numbers", len(left)+len(right), "labelled_bars", len(labels))
	}
	values := map[[2]int]float64{} // cluster, colour
	for ci, cl := range clusters {
		tol := 0.0
		if stacked && ax.ok {
			top, _ := a.frontFace(cl[len(cl)-1])
			_, foot := a.frontFace(cl[0])
			var lab, geo []float64
			for _, r := range cl {
				v := math.NaN()
				if w := labels[[2]int{ci, r.col}]; w != nil {
					v = w.num
				}
				t, f := a.frontFace(r)
				lab = append(lab, v)
				geo = append(geo, ax.value(t)-ax.value(f))
			}
			tol = stackTolerance(lab, geo, ax.value(top)-ax.value(foot), math.Abs(ax.a))
		}
		for _, r := range cl {
			top, foot := a.frontFace(r)
			geo := ax.value(top)
			if stacked {
				geo -= ax.value(foot)
			} else if step := ax.step(); step > 0 {
				// A bar's height from its own foot: the front of a 3-D
				// bar stands below the wall the ticks are on. Its foot
				// is the axis's tick value nearest it.
				fv := ax.value(foot)
				footV := math.Round(fv/step) * step
				if a.sides > 0 {
					// 3-D: the front stands in front of the wall's
					// floor line, so its foot is seen up to most of a
					// step above the tick it stands on (the office
					// benchmark's 3-D columns: 0 to 0.6 of a step),
					// rarely a little below it.
					footV = math.Floor(fv/step+0.15) * step
				}
				geo += footV - fv
			}
			values[[2]int{ci, r.col}] = choose(labels[[2]int{ci, r.col}], geo, ax, tol)
		}
	}
	// Category labels: the words below the base in each cluster's slot
	// (halfway to the neighbours), as many lines as they wrap onto.
	var catWords []*word
	for _, w := range a.ws {
		if !w.used && w.Box.Min.Y >= base-int(th/2) && !junkText(w.Text) {
			catWords = append(catWords, w)
		}
	}
	var takes [][]*word
	var spans [][2]float64
	deepest := base + 8*a.textH // the far end of the longest label
	if a.flip != nil {
		deepest = base + 3
	}
	for ci, cl := range clusters {
		x0, x1 := float64(cl[0].box.Min.X), float64(cl[len(cl)-1].box.Max.X)
		lo, hi := x0-(x0-float64(plotLeft))-th, x1+th
		if ci > 0 {
			prev := clusters[ci-1]
			lo = (x0 + float64(prev[len(prev)-1].box.Max.X)) / 2
		}
		if ci+1 < len(clusters) {
			hi = (x1 + float64(clusters[ci+1][0].box.Min.X)) / 2
		} else if a.flip == nil {
			hi = x1 + (x1-x0)/2 + 2*th
		}
		if ci == 0 && a.flip == nil {
			lo = x0 - (x1-x0)/2 - 2*th
			if len(clusters) > 1 {
				lo = max(lo, x0-(float64(clusters[1][0].box.Min.X)-x1)/2)
			}
		}
		var in []*word
		for _, w := range catWords {
			if cx, _ := center(w.Box); cx >= lo && cx < hi && !w.used {
				in = append(in, w)
			}
		}
		sort.Slice(in, func(i, j int) bool { return in[i].Box.Min.Y < in[j].Box.Min.Y })
		var take []*word
		end := float64(base) + 3*th
		for _, w := range in {
			if float64(w.Box.Min.Y) > end {
				break
			}
			take = append(take, w)
			// A wrapped label's next line is 1.2 text heights on; a
			// horizontal chart's label reads across the turned frame,
			// so a gap along it is a space between words: wider is
			// the legend's text beside the labels.
			gap := 1.2 * th
			if a.flip != nil {
				gap = th
			}
			end = max(end, float64(w.Box.Max.Y)+gap)
		}
		for _, w := range take {
			w.used = true
			deepest = max(deepest, w.Box.Max.Y)
		}
		takes = append(takes, take)
		spans = append(spans, [2]float64{lo, hi})
	}
	for ci, take := range takes {
		cl := clusters[ci]
		x0, x1 := float64(cl[0].box.Min.X), float64(cl[len(cl)-1].box.Max.X)
		lo, hi := spans[ci][0], spans[ci][1]
		a.t.Categories = append(a.t.Categories, joinWords(take))
		var box image.Rectangle
		if a.flip == nil {
			box = image.Rect(int(lo)+1, base+2, int(hi)-1, base+3+a.textH*5/2)
		} else {
			box = image.Rect(int(x0+x1)/2-a.textH, base+2, int(x0+x1)/2+a.textH, deepest+4)
		}
		for _, w := range take {
			box = box.Union(w.Box.Inset(-3))
		}
		if textLines(take) > 1 {
			box = image.Rectangle{} // a wrapped label: keep the first reading
		}
		a.catBoxes = append(a.catBoxes, a.unturn(box))
	}
	if a.flip != nil {
		// The legend is read in image coordinates.
		for _, w := range a.ws {
			w.Box = w.orig
		}
		for i := range rest {
			rest[i].box = a.flip.inv(rest[i].box)
		}
	}
	names := a.legend(rest)
	// Series order: by place in the stack (bottom first) or in the
	// cluster (first bar first; in a horizontal chart the first series
	// is drawn lowest, rightmost in the turned frame). Legends are no
	// guide: a vertical legend of a stacked chart lists the top first.
	rank := map[int]float64{}
	count := map[int]float64{}
	for _, cl := range clusters {
		for i, r := range cl {
			k := float64(i)
			if a.flip != nil && !stacked {
				k = float64(len(cl) - 1 - i)
			}
			rank[r.col] += k
			count[r.col]++
		}
	}
	order := append([]int(nil), seen...)
	sort.SliceStable(order, func(i, j int) bool {
		return rank[order[i]]/count[order[i]] < rank[order[j]]/count[order[j]]
	})
	if len(clusters) > 0 && len(clusters[0]) == 1 && !stacked {
		order = a.seriesOrder(seen) // one bar per category: the legend's order
	}
	switch {
	case stacked:
		a.t.Type = TypeStacked
	case len(seen) > 1:
		a.t.Type = TypeGrouped
	default:
		a.t.Type = TypeBar
	}
	if varied {
		s := Series{} // keys next to a colour scale are no series names
		for ci, cl := range clusters {
			s.Values = append(s.Values, values[[2]int{ci, cl[0].col}])
		}
		a.seriesCols = []int{clusters[0][0].col}
		a.t.Series = []Series{s}
		a.t.Type = TypeBar
		a.top = plotTop
		return true
	}
	for _, c := range order {
		a.seriesCols = append(a.seriesCols, c)
		s := Series{Name: names[c]}
		for ci := range clusters {
			v, ok := values[[2]int{ci, c}]
			if !ok {
				v = 0 // no bar of this colour: a zero (or hidden) value
			}
			s.Values = append(s.Values, v)
		}
		a.t.Series = append(a.t.Series, s)
	}
	a.top = plotTop
	return true
}

// labels3D matches data labels to 3-D bars: a number whose bottom is
// within 3 text heights above the bar's top (or just below it) and whose
// middle is within a bar width (or half its own width) of the bar's
// middle; the nearest pairs first, each label and bar once.
func (a *analysis) labels3D(clusters [][]component, th float64) map[[2]int]*word {
	type cand struct {
		w    *word
		k    [2]int
		cost float64
	}
	var cands []cand
	for ci, cl := range clusters {
		for _, r := range cl {
			bx, _ := center(r.box)
			for _, w := range a.ws {
				if w.used || !w.isNum {
					continue
				}
				cx, _ := center(w.Box)
				dx := math.Abs(cx - bx)
				dy := float64(r.box.Min.Y - w.Box.Max.Y)
				if dy < -0.8*th || dy > 3*th || dx > max(float64(r.box.Dx()), float64(w.Box.Dx())/2) {
					continue
				}
				cands = append(cands, cand{w, [2]int{ci, r.col}, math.Abs(dy) + dx})
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].cost < cands[j].cost })
	labels := map[[2]int]*word{}
	for _, c := range cands {
		if labels[c.k] == nil && !c.w.used {
			labels[c.k] = c.w
			c.w.used = true
		}
	}
	return labels
}

// frontFace gives the top and foot (y) of a bar's front: where its
// colour starts and ends in its leftmost column. For a flat bar that is
// its box; a 3-D bar's top face and side rise to the right of the front.
func (a *analysis) frontFace(r component) (top, foot float64) {
	if r.box.Dx() < 3 {
		return float64(r.box.Min.Y), float64(r.box.Max.Y)
	}
	// The second column (the first is anti-aliased); in a 3-D chart
	// the first where it starts lower: a top face of the front's colour
	// rises diagonally from the front's top-left corner and already
	// covers the second column.
	var runs [2][3]int // top, foot, pixels
	for i := range runs {
		cx := r.box.Min.X + i
		runs[i] = [3]int{-1, -1, 0}
		for y := r.box.Min.Y; y < r.box.Max.Y; y++ {
			if a.l.at(cx, y) == r.col {
				if runs[i][0] < 0 {
					runs[i][0] = y
				}
				runs[i][1] = y + 1
				runs[i][2]++
			}
		}
	}
	t, f := runs[1][0], runs[1][1]
	if a.sides > 0 && runs[0][0] > t && 2*runs[0][2] >= runs[1][2] {
		t, f = runs[0][0], runs[0][1]
	}
	if t < 0 {
		return float64(r.box.Min.Y), float64(r.box.Max.Y)
	}
	if a.sides > 0 && a.flip == nil && r.box.Dx() >= 8 {
		// 3-D bars: a top face of nearly the front's colour rises from
		// the front's top edge; the front ends where the colour steps
		// (compared two pixels apart, so that the blended row between
		// them does not hide the step), below where the colour starts.
		x3 := r.box.Min.X + 2
		if mid := (t + f) / 2; a.l.at(x3, mid) == r.col {
			tx := mid
			for tx-1 >= r.box.Min.Y && a.l.at(x3, tx-1) == r.col {
				tx--
			}
			y := mid
			for y-1 >= tx && y+1 < f && a.step(x3, y-1, y+1) <= faceStep {
				y--
			}
			if y > tx+1 {
				return float64(y), float64(f)
			}
		}
	}
	return float64(t), float64(f)
}

// step is the colour difference (sum over channels) between two pixels
// of column x.
func (a *analysis) step(x, y0, y1 int) int {
	p := a.m.Pix[y0*a.m.Stride+x*4:]
	q := a.m.Pix[y1*a.m.Stride+x*4:]
	return abs(int(p[0])-int(q[0])) + abs(int(p[1])-int(q[1])) + abs(int(p[2])-int(q[2]))
}

// typicalOrigHeight is the median height of words in image coordinates,
// 16 px when there are none.
func typicalOrigHeight(ws []*word) int {
	if len(ws) == 0 {
		return 16
	}
	hs := make([]int, len(ws))
	for i, w := range ws {
		hs[i] = w.orig.Dy()
	}
	sort.Ints(hs)
	return max(hs[len(hs)/2], 8)
}

// wordsDebug lists words as "text@x,y" (box centre, analysis frame) for
// debug logs.
func wordsDebug(ws []*word) string {
	var b strings.Builder
	for _, w := range ws {
		x, y := center(w.Box)
		fmt.Fprintf(&b, "%q@%.0f,%.0f ", w.Text, x, y)
	}
	return b.String()
}

// stackTolerance is how far (value units) a stacked segment's data label
// may be from its geometry and still win (choose), for one stack: lab
// holds each segment's label (NaN: none), geo its height read from the
// pixels, total the whole stack's height, perPx the axis's value per
// pixel. A segment's height is read to a pixel or two at each end, or
// worse where its label covers an end, while the whole stack's height
// is read well: the labels are trusted (0: choose's default, 3% of the
// axis) where, with the geometry of the unlabelled segments, they add
// up to the stack within 3 px' worth and 1%. Otherwise a label more
// than 3 px' worth off its segment is a misreading ("5,374" read
// "3,374", which 3% of a tall stack's axis would pass).
func stackTolerance(lab, geo []float64, total, perPx float64) float64 {
	sum := 0.0
	for i, v := range lab {
		if math.IsNaN(v) {
			v = geo[i]
		}
		sum += v
	}
	if math.Abs(sum-total) <= 3*perPx+0.01*math.Abs(total) {
		return 0
	}
	return 3 * perPx
}

// stackedSecondReading reads the print on every stacked segment tall
// enough for a line a second time, numbers-only by its darkness under the
// colour (paintLum, three times the size for print 8 px tall or less),
// all in one call. Small print on a colour misreads one way or another
// ("269" as "203", "617" as "136"); where the two readings differ by
// more than 2 px' worth, the one nearer the segment's height on the axis
// ax is its label, and a
// segment the first readings left unlabelled takes the second. labels
// maps cluster and colour to the label, as bars keeps them.
func (a *analysis) stackedSecondReading(clusters [][]component, labels map[[2]int]*word, ax axis, th float64) {
	type seg struct {
		k [2]int
		r component
	}
	var segs []seg
	var boxes []image.Rectangle
	for ci, cl := range clusters {
		for _, r := range cl {
			if float64(r.box.Dy()) < 0.6*th || r.box.Dx() < 6 {
				continue
			}
			_, cy := center(r.box)
			h := max(float64(r.box.Dy()), 1.6*th)
			segs = append(segs, seg{[2]int{ci, r.col}, r})
			boxes = append(boxes, image.Rect(r.box.Min.X+1, int(cy-h/2), r.box.Max.X-1, int(cy+h/2)+1))
		}
	}
	if len(boxes) == 0 {
		return
	}
	for i, ws := range a.readDigits(boxes, paintLum) {
		sg := segs[i]
		sx, sy := center(sg.r.box)
		var best *word
		bestD := math.Inf(1)
		for _, w := range ws {
			wx, wy := center(w.Box)
			if !image.Pt(int(wx), int(wy)).In(sg.r.box.Inset(-2)) {
				continue
			}
			if d := math.Hypot(wx-sx, wy-sy); d < bestD {
				best, bestD = w, d
			}
		}
		if best == nil {
			continue
		}
		t, f := a.frontFace(sg.r)
		geo := ax.value(t) - ax.value(f)
		old := labels[sg.k]
		// Readings closer than 2 px' worth are past the geometry's say
		// (a segment's ends are read to a pixel or so each).
		if old == nil || math.Abs(old.num-best.num) > 2*math.Abs(ax.a) && math.Abs(best.num-geo) < math.Abs(old.num-geo) {
			if old != nil {
				old.used = false
			}
			best.used = true
			a.ws = append(a.ws, best)
			labels[sg.k] = best
		}
	}
}
