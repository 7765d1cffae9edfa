package charts

import (
	"math"
	"sort"
)

// xPoint is a data point's position on a numeric x axis: its pixel x
// and its category label (the x value).
type xPoint struct {
	px    float64
	label string
}

// markerXs finds the data points of line charts whose x axis is numeric
// (the category labels are numbers in arithmetic progression, such as
// years every three ticks) and whose lines carry markers: blobs thicker
// than the line. It returns the points left to right, labelled with the x
// value the tick labels give them (rounded to the step between points
// when that step is a whole number), or nil when the axis is not numeric,
// there are no markers, or the markers sit on the ticks anyway.
func (a *analysis) markerXs(series []int, cats []phrase) []xPoint {
	if len(cats) < 3 {
		return nil
	}
	var ticks []*word
	for _, c := range cats {
		if len(c.words) != 1 {
			return nil
		}
		w := c.words[0]
		if !w.isNum {
			return nil
		}
		ticks = append(ticks, w)
	}
	ax := fitAxis(ticks, false, 1)
	if !ax.ok || len(ax.ticks) < 3 {
		return nil
	}
	var xs []float64
	for _, col := range series {
		xs = append(xs, a.markers(col)...)
	}
	if len(xs) < 2 {
		return nil
	}
	sort.Float64s(xs)
	// One point per x: markers of several series at one x are one.
	var pxs []float64
	for _, x := range xs {
		if n := len(pxs); n > 0 && x-pxs[n-1] < 3 {
			continue
		}
		pxs = append(pxs, x)
	}
	// Points come at a regular step: fill in markers a label or a
	// reference line hid (a gap of about k steps holds k-1 points).
	if len(pxs) >= 4 {
		var gaps []float64
		for i := 1; i < len(pxs); i++ {
			gaps = append(gaps, pxs[i]-pxs[i-1])
		}
		sort.Float64s(gaps)
		d := gaps[len(gaps)/2]
		filled := []float64{pxs[0]}
		for i := 1; i < len(pxs); i++ {
			g := pxs[i] - pxs[i-1]
			if k := math.Round(g / d); k >= 2 && math.Abs(g-k*d) < 0.25*d*k {
				for j := 1; j < int(k); j++ {
					filled = append(filled, pxs[i-1]+float64(j)*g/k)
				}
			}
			filled = append(filled, pxs[i])
		}
		pxs = filled
	}
	// Markers on the tick labels: the labels are the categories.
	onTicks := 0
	for _, x := range pxs {
		for _, c := range cats {
			if cx, _ := center(c.box); math.Abs(cx-x) < 3 {
				onTicks++
				break
			}
		}
	}
	if onTicks == len(pxs) && len(pxs) == len(cats) {
		return nil
	}
	vals := make([]float64, len(pxs))
	var steps []float64
	for i, x := range pxs {
		vals[i] = ax.value(x)
		if i > 0 {
			steps = append(steps, vals[i]-vals[i-1])
		}
	}
	sort.Float64s(steps)
	step := steps[len(steps)/2]
	whole := math.Abs(step-math.Round(step)) < 0.2 && math.Round(step) >= 1
	out := make([]xPoint, len(pxs))
	for i, x := range pxs {
		v := round(vals[i], 2)
		if whole {
			v = math.Round(vals[i])
		}
		out[i] = xPoint{px: x, label: FormatValue(v)}
	}
	return out
}

// markers finds the centres (x) of the markers on the line of colour
// col: blobs of pixels whose whole neighbourhood, wider than the line is
// thick, has the line's colour.
func (a *analysis) markers(col int) []float64 {
	l := a.l
	// The line's thickness: a low percentile of the vertical runs of
	// its colour (flat stretches).
	var runs []int
	for x := 0; x < l.w; x++ {
		for y := 0; y < l.h; {
			if l.at(x, y) != col {
				y++
				continue
			}
			y0 := y
			for y < l.h && l.at(x, y) == col {
				y++
			}
			runs = append(runs, y-y0)
		}
	}
	if len(runs) < 20 {
		return nil
	}
	sort.Ints(runs)
	t := runs[len(runs)/5]
	r := max(1, (t+1)/2)
	thick := func(x, y int) bool {
		for dy := -r; dy <= r; dy++ {
			for dx := -r; dx <= r; dx++ {
				if l.at(x+dx, y+dy) != col {
					return false
				}
			}
		}
		return true
	}
	// Columns with thick pixels, grouped into blobs.
	var cols []int
	for x := 0; x < l.w; x++ {
		for y := 0; y < l.h; y++ {
			if l.at(x, y) == col && thick(x, y) {
				cols = append(cols, x)
				break
			}
		}
	}
	var out []float64
	for i := 0; i < len(cols); {
		j := i
		for j+1 < len(cols) && cols[j+1]-cols[j] <= 1 {
			j++
		}
		// A blob much wider than a marker is a thick stretch of line.
		if cols[j]-cols[i] <= 6*r+4 {
			out = append(out, float64(cols[i]+cols[j]+1)/2)
		}
		i = j + 1
	}
	return out
}
