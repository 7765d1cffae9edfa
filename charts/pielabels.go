package charts

import (
	"image"
	"math"
	"sort"
	"strings"
)

// inkBlobs finds the lines of print inside region: the dark, colourless
// pixels (a label's ink, on white or on a slice's colour), joined 8-way
// into glyphs, and glyphs side by side on one line (vertical overlap of
// half the shorter, a gap under 0.6 of the taller) into words. Words 5
// to 40 px tall are returned, padded by a quarter of their height, in
// image coordinates. Boxes overlapping skip are left out.
func (a *analysis) inkBlobs(region image.Rectangle, skip []image.Rectangle) []image.Rectangle {
	region = region.Intersect(a.m.Rect)
	if region.Empty() {
		return nil
	}
	w, h := region.Dx(), region.Dy()
	ink := make([]bool, w*h)
	for y := region.Min.Y; y < region.Max.Y; y++ {
		for x := region.Min.X; x < region.Max.X; x++ {
			p := a.m.Pix[y*a.m.Stride+x*4:]
			r, g, b := int(p[0]), int(p[1]), int(p[2])
			chroma, _ := pixelKind(r, g, b)
			lum := 0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)
			if !chroma && max(r, g, b) < grayLo || a.l.at(x, y) < 0 && lum < 100 {
				ink[(y-region.Min.Y)*w+x-region.Min.X] = true
			}
		}
	}
	seen := make([]bool, w*h)
	var glyphs []image.Rectangle
	var stack []int
	for i := range ink {
		if !ink[i] || seen[i] {
			continue
		}
		seen[i] = true
		stack = append(stack[:0], i)
		box := image.Rect(i%w, i/w, i%w+1, i/w+1)
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := j%w, j/w
			box = box.Union(image.Rect(x, y, x+1, y+1))
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					if xx < 0 || yy < 0 || xx >= w || yy >= h {
						continue
					}
					if k := yy*w + xx; ink[k] && !seen[k] {
						seen[k] = true
						stack = append(stack, k)
					}
				}
			}
		}
		if box.Dy() <= 40 && box.Dx() <= 60 {
			glyphs = append(glyphs, box.Add(region.Min))
		}
	}
	// Glyphs into words: repeat joining until nothing joins.
	for joined := true; joined; {
		joined = false
		sort.Slice(glyphs, func(i, j int) bool { return glyphs[i].Min.X < glyphs[j].Min.X })
		for i := 0; i < len(glyphs) && !joined; i++ {
			for j := i + 1; j < len(glyphs); j++ {
				p, q := glyphs[i], glyphs[j]
				ov := min(p.Max.Y, q.Max.Y) - max(p.Min.Y, q.Min.Y)
				gap := max(p.Min.X, q.Min.X) - min(p.Max.X, q.Max.X)
				if 2*ov >= min(p.Dy(), q.Dy()) && float64(gap) < 0.6*float64(max(p.Dy(), q.Dy())) {
					glyphs[i] = p.Union(q)
					glyphs = append(glyphs[:j], glyphs[j+1:]...)
					joined = true
					break
				}
			}
		}
	}
	var out []image.Rectangle
next:
	for _, g := range glyphs {
		if g.Dy() < 5 || g.Dy() > 40 || g.Dx() < 3 {
			continue
		}
		for _, s := range skip {
			if g.Overlaps(s) {
				continue next
			}
		}
		pad := max(2, g.Dy()/4)
		out = append(out, g.Inset(-pad))
	}
	return out
}

// halfUnit is half the unit of a printed number's last digit: 0.5 for
// "4%", 0.05 for "4.3%". A label rounded to its digits stands for any
// value within halfUnit of it.
func halfUnit(text string) float64 {
	s := strings.TrimRight(strings.TrimSpace(text), "%)")
	i := strings.LastIndexAny(s, ".,")
	if i < 0 || len(s)-i-1 > 2 {
		return 0.5 // no decimals ("1,234": a thousands separator)
	}
	return 0.5 * math.Pow(10, -float64(len(s)-i-1))
}

// pieShares chooses each slice's share from its measured share (geo,
// percent of the disk) and its percentage label (lab; NaN when none),
// printed to within unit[j] (halfUnit). Labels are rounded percentages
// of the data (Excel and LibreOffice print "4%" for 4.32%); the
// measurement of a flat pie is exact up to the drawing. Where the
// labelled slices' measurements lie within their labels' rounding (plus
// a quarter point for the drawing), all but at most one in four, the
// drawing is that precise: a slice's share is its measurement clamped
// into its label's rounding interval, and a label the measurement
// disagrees with by more than a unit of its last digit is a misreading
// ("23%" for "25%"), its measurement kept (by less, the drawing is the
// rough one: a thin slice's edges). Otherwise (a 3-D pie's perspective fitted roughly, or no two
// labels) the labels are the shares.
func pieShares(geo, lab, unit []float64) []float64 {
	out := make([]float64, len(geo))
	agree, differ := 0, 0
	for j := range geo {
		switch {
		case math.IsNaN(lab[j]):
		case math.Abs(geo[j]-lab[j]) <= unit[j]+0.25:
			agree++
		default:
			differ++
		}
	}
	fine := agree >= 2 && 3*differ <= agree
	for j := range geo {
		switch {
		case math.IsNaN(lab[j]):
			out[j] = geo[j]
		case !fine:
			out[j] = lab[j]
		case math.Abs(geo[j]-lab[j]) <= unit[j]+0.25:
			out[j] = max(lab[j]-unit[j], min(lab[j]+unit[j], geo[j]))
		case math.Abs(geo[j]-lab[j]) > 2*unit[j]+0.25:
			out[j] = geo[j] // a digit misread
		default:
			out[j] = lab[j] // off by less than a unit: the drawing is rough here
		}
	}
	return out
}

// pieInk reads the print round and on a pie again, each word of ink
// (inkBlobs) cut out and read numbers-only by its darkness under the
// colour (paintLum; three times the size for print 8 px tall or less) in
// one call: the reading of the whole disk with its colours painted white
// thins small digits on a colour until they misread ("16%" as "1.").
// The new readings join a.ws next to the old ones; matching labels to
// slices chooses between them. Legend keys (keys), words taken already
// (legend names) and Korean words are left out.
func (a *analysis) pieInk(region image.Rectangle, keys []component) {
	var skip []image.Rectangle
	for _, c := range keys {
		skip = append(skip, c.box)
	}
	for _, b := range a.nameBoxes {
		skip = append(skip, b)
	}
	for _, w := range a.ws {
		if w.used || strings.IndexFunc(w.Text, isHangul) >= 0 {
			skip = append(skip, w.orig)
		}
	}
	blobs := a.inkBlobs(region, skip)
	if len(blobs) == 0 {
		return
	}
	hs := make([]int, len(blobs))
	for i, b := range blobs {
		hs[i] = b.Dy()
	}
	sort.Ints(hs)
	keep := a.textH
	a.textH = hs[len(hs)/2] * 2 / 3 // the print inside the padding
	for _, ws := range a.readDigits(blobs, paintLum) {
		a.ws = append(a.ws, ws...)
	}
	a.textH = keep
}

// inkByLightness paints box of the image, at off in dst, as dark print
// on white by lightness: the pixels of a colour class turn white, the
// others are gray by how much darker than the box's commonest colour
// they are (its upper-quartile lightness white, the darkest pixel of
// the box black). Small print on a dark or saturated colour (black
// digits 8 px tall on a red slice) has few colourless cores, its strokes
// are blends of black and the colour; inkOnColour, which keeps only
// what touches a core, loses them.
func (a *analysis) inkByLightness(dst *image.RGBA, box image.Rectangle, off image.Point) {
	lum := func(x, y int) float64 {
		p := a.m.Pix[y*a.m.Stride+x*4:]
		return 0.299*float64(p[0]) + 0.587*float64(p[1]) + 0.114*float64(p[2])
	}
	count := map[int]int{}
	dark := 255.0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			if c := a.l.at(x, y); c >= 0 {
				count[c]++
			} else {
				dark = min(dark, lum(x, y))
			}
		}
	}
	bg, bgN := -1, 0
	for c, n := range count {
		if n > bgN || n == bgN && c < bg {
			bg, bgN = c, n
		}
	}
	light := 255.0
	if bg >= 0 {
		var ls []float64
		for y := box.Min.Y; y < box.Max.Y; y++ {
			for x := box.Min.X; x < box.Max.X; x++ {
				if a.l.at(x, y) == bg {
					ls = append(ls, lum(x, y))
				}
			}
		}
		sort.Float64s(ls)
		light = ls[len(ls)*3/4]
	}
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			o := dst.Pix[(y-box.Min.Y+off.Y)*dst.Stride+(x-box.Min.X+off.X)*4:]
			v := 255.0
			if a.l.at(x, y) < 0 && light > dark+1 {
				v = max(0, min(255, 255*(lum(x, y)-dark)/(light-dark)))
			}
			o[0], o[1], o[2] = uint8(v), uint8(v), uint8(v)
		}
	}
}
