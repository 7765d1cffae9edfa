package charts

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"

	"github.com/policyqa/policyqa/ocr"
)

// gradientRect fills r with a horizontal gradient from c scaled by lo
// (left) to c scaled by hi (right), as LibreOffice shades Office-style
// series fills.
func gradientRect(m *image.RGBA, r image.Rectangle, c color.RGBA, lo, hi float64) {
	for x := r.Min.X; x < r.Max.X; x++ {
		f := lo + (hi-lo)*float64(x-r.Min.X)/float64(max(1, r.Dx()-1))
		sc := func(v uint8) uint8 { return uint8(min(255, math.Round(float64(v)*f))) }
		fillRect(m, image.Rect(x, r.Min.Y, x+1, r.Max.Y), color.RGBA{sc(c.R), sc(c.G), sc(c.B), 255})
	}
}

// Office's series colours: blue, orange, gray, gold, light blue.
var (
	officeBlue      = color.RGBA{0x44, 0x72, 0xc4, 255}
	officeOrange    = color.RGBA{0xed, 0x7d, 0x31, 255}
	officeGold      = color.RGBA{0xff, 0xc0, 0x00, 255}
	officeLightBlue = color.RGBA{0x5b, 0x9b, 0xd5, 255}
)

// TestSplitBlended: two series of near hues whose gradient fills chain
// into one colour class are split apart by their bars' mean colours;
// one series shaded by a gradient, or flat colours already apart, stay
// as they are.
func TestSplitBlended(t *testing.T) {
	type bar struct {
		r      image.Rectangle
		c      color.RGBA
		series int
	}
	stacks := func(cols []color.RGBA) []bar {
		var bs []bar
		for i := range 4 {
			x := 40 + 70*i
			y := 300
			for s, c := range cols {
				h := 30 + 11*((i+2*s)%5)
				bs = append(bs, bar{image.Rect(x, y-h, x+40, y), c, s})
				y -= h
			}
		}
		for s, c := range cols { // legend keys below the plot
			bs = append(bs, bar{image.Rect(40+60*s, 330, 51+60*s, 341), c, s})
		}
		return bs
	}
	// shade darkens the first bar of series k by f (a thin segment whose
	// mean the gradient pulls towards its dark end).
	shade := func(bs []bar, k int, f float64) []bar {
		for i, b := range bs {
			if b.series == k {
				bs[i].c = color.RGBA{uint8(float64(b.c.R) * f), uint8(float64(b.c.G) * f), uint8(float64(b.c.B) * f), 255}
				break
			}
		}
		return bs
	}
	cases := []struct {
		name    string
		bars    []bar
		grad    bool
		merged  bool // findColors puts series 0 and the last in one class
		classes int  // distinct classes of the series after the split
	}{
		{"office blue and light blue gradients", stacks([]color.RGBA{officeBlue, officeOrange, officeGold, officeLightBlue}), true, true, 4},
		{"one blue gradient series", stacks([]color.RGBA{officeBlue, officeOrange}), true, false, 2},
		{"flat blue and light blue", stacks([]color.RGBA{officeBlue, officeOrange, officeLightBlue}), false, false, 3},
		{"a light blue bar shaded darker", shade(stacks([]color.RGBA{officeBlue, officeOrange, officeGold, officeLightBlue}), 3, 0.93), true, true, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := whiteImage(360, 360)
			for _, b := range tc.bars {
				if tc.grad {
					gradientRect(m, b.r, b.c, 1.25, 0.75)
				} else {
					fillRect(m, b.r, b.c)
				}
			}
			l := findColors(m)
			l.dropGrayRules()
			comps := l.dropGrayNoise(l.components(true, 12))
			classOf := func(comps []component) map[int]map[int]bool {
				out := map[int]map[int]bool{} // series -> classes of its bars
				for _, b := range tc.bars {
					for _, c := range comps {
						if c.box == b.r {
							if out[b.series] == nil {
								out[b.series] = map[int]bool{}
							}
							out[b.series][c.col] = true
						}
					}
				}
				return out
			}
			before := classOf(comps)
			last := len(before) - 1
			shared := false
			for c := range before[0] {
				shared = shared || before[last][c]
			}
			if shared != tc.merged {
				t.Fatalf("before the split series 0 and %d share a class: %v, want %v (%v)", last, shared, tc.merged, before)
			}
			split := l.splitBlended(m, comps)
			after := classOf(split)
			seen := map[int]int{}
			for s, cls := range after {
				if len(cls) != 1 {
					t.Errorf("series %d's bars and key in classes %v, want one", s, cls)
				}
				for c := range cls {
					seen[c]++
				}
			}
			if len(seen) != tc.classes {
				t.Errorf("%d classes for the series %v, want %d", len(seen), after, tc.classes)
			}
			// The labels agree with the components' colours.
			for _, c := range split {
				if got := l.at(c.seed.X, c.seed.Y); got != c.col {
					t.Errorf("component %v of class %d labelled %d", c.box, c.col, got)
				}
			}
		})
	}
}

// TestStackTolerance: labels that add up to the stack win at choose's
// default tolerance; a misread label (one digit off) in a stack whose
// labels no longer add up is held to 3 px' worth.
func TestStackTolerance(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name       string
		lab, geo   []float64
		total, px  float64
		want       float64
		labelsWin  []bool // choose's pick per segment: the label?
		axisSpanPx float64
	}{
		{"labels add up, a label covers its segment's end",
			[]float64{13.2, 20.6, 58.7}, []float64{13.1, 16.2, 63.1}, 92.5, 0.65, 0, []bool{true, true, true}, 300},
		{"a misread digit breaks the sum",
			[]float64{7177, 3374, 19362}, []float64{7200, 5400, 19300}, 31900, 400, 1200, []bool{true, false, true}, 250},
		{"unlabelled segments count with their geometry",
			[]float64{526, nan, 470}, []float64{521, 266, 474}, 1262, 23.7, 0, []bool{true, false, true}, 150},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := stackTolerance(tc.lab, tc.geo, tc.total, tc.px)
			if math.Abs(got-tc.want) > 1e-9 {
				t.Fatalf("stackTolerance = %v, want %v", got, tc.want)
			}
			// An axis of tc.axisSpanPx px at tc.px per px.
			ax := axis{a: -tc.px, b: tc.px * tc.axisSpanPx, ok: true,
				ticks: []*word{{num: 0}, {num: tc.px * tc.axisSpanPx}}}
			for i, v := range tc.lab {
				var w *word
				if !math.IsNaN(v) {
					w = &word{num: v}
				}
				c := choose(w, tc.geo[i], ax, got)
				if win := w != nil && c == v; win != tc.labelsWin[i] {
					t.Errorf("segment %d: choose(%v, %v) = %v", i, v, tc.geo[i], c)
				}
			}
		})
	}
}

// syntheticChart draws bars (and legend keys) and answers OCR with the
// given words: Extract's geometry on a known picture.
type syntheticChart struct {
	m     *image.RGBA
	words []ocr.Word
}

func (s *syntheticChart) word(text string, x0, y0, x1, y1 int) {
	s.words = append(s.words, ocr.Word{Text: text, Box: image.Rect(x0, y0, x1, y1), Conf: 90})
}

func (s *syntheticChart) extract(t *testing.T) *Table {
	t.Helper()
	got, err := ExtractWith(context.Background(), s.m, perfectOCR(s.words), ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestHBarLegendKeysLeft: a stacked horizontal bar chart with its legend
// in a column on the left, keys sharing their left edge like the bars:
// the bars' base is the bars' edge, not the keys' (five keys outnumber
// four bars), and the legend names beside the category labels are not
// read into them.
func TestHBarLegendKeysLeft(t *testing.T) {
	s := &syntheticChart{m: whiteImage(580, 340)}
	cols := []color.RGBA{officeBlue, officeOrange, {0xa5, 0xa5, 0xa5, 255}, officeGold, {0x70, 0xad, 0x47, 255}}
	vals := [][]float64{{54.8, 60.6, 73.8, 60.6, 39.8}, {92.5, 91.9, 65.4, 22.5, 61}, {26.3, 53, 75.7, 70.6, 46.1}, {40.5, 59.6, 44.2, 26.6, 22.3}}
	cats := []string{"4분기", "3분기", "2분기", "1분기"}
	names := []string{"대기업", "중견기업", "중소기업", "소상공인", "공공기관"}
	x0, pxPer := 152.0, 1.1 // 0 at x=152, 1.1 px per unit
	for i, row := range vals {
		y := 90 + 56*i
		x := x0
		for k, v := range row {
			fillRect(s.m, image.Rect(int(math.Round(x)), y, int(math.Round(x+v*pxPer)), y+30), cols[k])
			x += v * pxPer
		}
		s.word(cats[i], 106, y+8, 145, y+22)
	}
	for k, n := range names {
		y := 110 + 26*k
		fillRect(s.m, image.Rect(22, y, 32, y+10), cols[k])
		s.word(n, 36, y-2, 36+13*len([]rune(n)), y+12)
	}
	for v := 0; v <= 350; v += 50 {
		x := int(x0 + float64(v)*pxPer)
		s.word(fmt.Sprintf("%d.0", v), x-15, 310, x+15, 322)
	}
	got := s.extract(t)
	if got.Type != TypeHBar || len(got.Series) != len(names) || len(got.Categories) != len(cats) {
		t.Fatalf("got %+v", got)
	}
	for i, c := range cats {
		if got.Categories[i] != c {
			t.Errorf("category %d = %q, want %q", i, got.Categories[i], c)
		}
	}
	for k, n := range names {
		if got.Series[k].Name != n {
			t.Errorf("series %d named %q, want %q", k, got.Series[k].Name, n)
		}
		for i := range vals {
			if v := got.Series[k].Values[i]; math.Abs(v-vals[i][k]) > 0.05*vals[i][k] {
				t.Errorf("series %d category %d = %v, want %v", k, i, v, vals[i][k])
			}
		}
	}
}

// TestStackedSpeckOnBase: the hole of a digit of a label printed across
// a stacked column's foot (a speck of the bar's colour ringed by ink,
// standing on the base) is no bar of its own.
func TestStackedSpeckOnBase(t *testing.T) {
	cols := []color.RGBA{officeBlue, officeOrange}
	vals := [][]float64{{10, 50}, {40, 30}, {25, 25}}
	s, base, pxPer := stackedColumns(vals, cols)
	// A "0" in ink across the first bar's foot: its hole is a speck of
	// blue on the base.
	ink := color.RGBA{0, 0, 0, 255}
	fillRect(s.m, image.Rect(100, 268, 112, 282), ink)
	fillRect(s.m, image.Rect(103, 271, 109, 280), cols[0])
	for v := 0; v <= 100; v += 20 {
		y := base - int(float64(v)*pxPer)
		s.word(fmt.Sprint(v), 40, y-6, 70, y+6)
	}
	got := s.extract(t)
	if got.Type != TypeStacked || len(got.Categories) != 3 || len(got.Series) != 2 {
		t.Fatalf("got %+v", got)
	}
	for k := range cols {
		for i := range vals {
			if v := got.Series[k].Values[i]; math.Abs(v-vals[i][k]) > 0.05*vals[i][k] {
				t.Errorf("series %d category %d = %v, want %v", k, i, v, vals[i][k])
			}
		}
	}
}

// TestDigitsOnColour: labels printed on a gradient segment are read
// again as dark on white, their anti-aliased rims (blends of ink and the
// segment's colour, of its hue) gray rather than white, the segment
// white across its gradient, a seam to another colour white.
func TestDigitsOnColour(t *testing.T) {
	m := whiteImage(200, 120)
	seg := image.Rect(40, 30, 160, 90)
	gradientRect(m, seg, officeBlue, 1.3, 0.7)
	// A stroke of ink, with a rim half ink, half the colour under it.
	fillRect(m, image.Rect(90, 50, 92, 70), color.RGBA{10, 15, 25, 255})
	for y := 50; y < 70; y++ {
		p := m.RGBAAt(92, y)
		m.SetRGBA(92, y, color.RGBA{p.R / 2, p.G / 2, p.B / 2, 255})
	}
	// A seam: the segment meets a slice of another colour along a
	// column of blended pixels.
	fillRect(m, image.Rect(130, 30, 160, 90), officeLightBlue)
	for y := 30; y < 90; y++ {
		p, q := m.RGBAAt(128, y), m.RGBAAt(130, y)
		m.SetRGBA(129, y, color.RGBA{uint8((int(p.R) + int(q.R)) / 2), uint8((int(p.G) + int(q.G)) / 2), uint8((int(p.B) + int(q.B)) / 2), 255})
	}
	ink, rim, bgL, bgR := m.RGBAAt(90, 60), m.RGBAAt(92, 60), m.RGBAAt(45, 60), m.RGBAAt(125, 60)
	gray := sentGray(t, m, seg, paintInk)
	if g := gray(90, 60); g > 60 {
		t.Errorf("ink %v sent as %d, want dark", ink, g)
	}
	if g := gray(92, 60); g < 60 || g > 200 {
		t.Errorf("rim %v sent as %d, want gray", rim, g)
	}
	if g, h := gray(45, 60), gray(125, 60); g < 230 || h < 230 {
		t.Errorf("segment (%v..%v) sent as %d..%d, want white", bgL, bgR, g, h)
	}
	if g, h := gray(129, 60), gray(150, 60); g < 230 || h < 230 {
		t.Errorf("seam %v and the other colour sent as %d, %d, want white", m.RGBAAt(129, 60), g, h)
	}
}

// TestFitAxisTickSets: tick sets as OCR reads them, each with a class of
// misreading; the fitted axis must give the true value at a pixel.
func TestFitAxisTickSets(t *testing.T) {
	type tick struct {
		text string
		pos  int
	}
	cases := []struct {
		name     string
		ticks    []tick
		vertical bool
		at, want float64
		n        int // ticks on the line
	}{
		{"one misread digit", []tick{{"0", 400}, {"1,000", 350}, {"2,000", 300}, {"3,000", 250}, {"4,000", 200}, {"6,000", 150}}, true, 325, 1500, 5},
		{"decimals every 50", []tick{{"0.0", 152}, {"50.0", 207}, {"100.0", 262}, {"150.0", 317}, {"200.0", 372}}, false, 234.5, 75, 5},
		{"a dropped digit and a stray title number", []tick{{"0", 300}, {"20", 260}, {"4", 220}, {"60", 180}, {"80", 140}, {"2024", 90}}, true, 200, 50, 4},
		{"missing ticks", []tick{{"500", 400}, {"1,500", 200}, {"2,000", 100}}, true, 300, 1000, 3},
		{"axis above zero", []tick{{"60", 300}, {"65", 250}, {"70", 200}, {"75", 150}}, true, 275, 62.5, 4},
		{"comma read as a decimal point", []tick{{"0", 300}, {"2,5", 250}, {"5,0", 200}, {"7,5", 150}}, true, 225, 3.75, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ws []*word
			for _, tk := range tc.ticks {
				v, ok := parseNumber(tk.text)
				b := rect(10, tk.pos-6, 40, tk.pos+6)
				if !tc.vertical {
					b = rect(tk.pos-15, 310, tk.pos+15, 322)
				}
				ws = append(ws, &word{Word: ocr.Word{Text: tk.text, Box: b}, num: v, isNum: ok})
			}
			sign := 1.0
			if tc.vertical {
				sign = -1
			}
			ax := fitAxis(ws, tc.vertical, sign)
			if !ax.ok || len(ax.ticks) != tc.n {
				t.Fatalf("axis %+v, want %d ticks", ax, tc.n)
			}
			if v := ax.value(tc.at); math.Abs(v-tc.want) > 1e-6*math.Max(1, math.Abs(tc.want)) {
				t.Errorf("value(%v) = %v, want %v", tc.at, v, tc.want)
			}
		})
	}
}

// TestLineCategoryPieces: a line chart's category row as OCR reads it
// from office charts: the first label of two words split apart, its
// first word left of where the lines begin (no point under it), and the
// axis's lowest tick misread ("200" as "2", so the fit leaves it out)
// below the lowest line. The piece joins its label, the tick is no
// category, and every value is read at its category.
func TestLineCategoryPieces(t *testing.T) {
	r := newTestRenderer(t)
	spec := Spec{Title: "사업분야별 지원 실적", Type: TypeLine, Legend: true,
		Categories: []string{"친환경 농산물", "가공식품", "스마트팜", "농촌관광", "귀농지원"},
		Series: []Series{{Name: "대기업", Values: []float64{376, 354, 493, 430, 357}},
			{Name: "중견기업", Values: []float64{390, 476, 394, 434, 356}}}}
	img, words, err := r.RenderWords(spec)
	if err != nil {
		t.Fatal(err)
	}
	lowest, first := -1, image.Rectangle{}
	for i, w := range words {
		switch w.Text {
		case "친환경", "농산물":
			first = first.Union(w.Box)
		case "0":
			lowest = i
		}
	}
	for i, w := range words {
		if w.Text == "친환경" {
			words[i].Box = w.Box.Sub(image.Pt(w.Box.Dy(), 0)) // split off its label
		}
	}
	if lowest < 0 || first.Empty() {
		t.Fatalf("no 0 tick or first label in %v", words)
	}
	// The misread tick close left of the first point and as low as the
	// labels, as an office chart's y axis stands.
	cx, _ := center(first)
	b := words[lowest].Box
	words[lowest].Text = "2"
	words[lowest].Box = image.Rect(int(cx)-50, first.Min.Y, int(cx)-50+b.Dx(), first.Min.Y+b.Dy())
	got, err := ExtractWith(context.Background(), img, perfectOCR(words), ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != TypeLine || len(got.Categories) != len(spec.Categories) {
		t.Fatalf("got %s with categories %q, want %q", got.Type, got.Categories, spec.Categories)
	}
	if got.Categories[0] != "친환경 농산물" {
		t.Errorf("first category %q", got.Categories[0])
	}
	if sc := Compare(spec.Truth(), got); sc.Correct != sc.Values {
		t.Errorf("%d of %d values within 5%%: %+v", sc.Correct, sc.Values, got.Series)
	}
}

// TestPieWhiteBorders: a pie whose slices are each drawn with a white
// border (LibreOffice's default), so that a vertical seam through the
// centre parts the left slices' boxes from the right ones': the pieces
// are still one disk, read by angle.
func TestPieWhiteBorders(t *testing.T) {
	s := &syntheticChart{m: whiteImage(500, 360)}
	shares := []float64{29, 21, 25, 25}
	drawPie(s.m, shares, 200, 190, 140)
	s.word("재원별", 160, 10, 220, 34)
	got := s.extract(t)
	if got.Type != TypePie || len(got.Series) != 1 || len(got.Series[0].Values) != len(shares) {
		t.Fatalf("got %+v", got)
	}
	for i, v := range shares {
		if g := got.Series[0].Values[i]; math.Abs(g-v) > 0.05*v {
			t.Errorf("slice %d = %v, want %v", i, g, v)
		}
	}
}

// drawPie draws a pie of the given shares (percent, clockwise from 12
// o'clock) centred at (cx, cy), each slice with a 1.5 px white border.
func drawPie(m *image.RGBA, shares []float64, cx, cy, rad float64) {
	cols := []color.RGBA{{0x00, 0x45, 0x86, 255}, {0xff, 0x42, 0x0e, 255}, {0xff, 0xd3, 0x20, 255}, {0x57, 0x9d, 0x1c, 255}}
	var bounds []float64 // slice ends, radians clockwise from 12 o'clock
	acc := 0.0
	for _, v := range shares {
		acc += v
		bounds = append(bounds, 2*math.Pi*acc/100)
	}
	for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
		for x := m.Rect.Min.X; x < m.Rect.Max.X; x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			if math.Hypot(dx, dy) > rad {
				continue
			}
			ang := math.Atan2(dx, -dy)
			if ang < 0 {
				ang += 2 * math.Pi
			}
			k := 0
			for k < len(bounds)-1 && ang >= bounds[k] {
				k++
			}
			seam := false
			for _, b := range append([]float64{0}, bounds...) {
				ux, uy := math.Sin(b), -math.Cos(b)
				if along := dx*ux + dy*uy; along >= 0 && math.Abs(dx*uy-dy*ux) < 1.5 {
					seam = true
				}
			}
			if !seam {
				m.SetRGBA(x, y, cols[k%len(cols)])
			}
		}
	}
}

// TestPieWideDigitsReading: the numbers-only reading of a pie's region
// takes a legend row for a number ("22)" across 200 px); a reading far
// wider than its characters is no percentage label, and the slice keeps
// its share by angle.
func TestPieWideDigitsReading(t *testing.T) {
	m := whiteImage(500, 400)
	shares := []float64{20, 30, 25, 25}
	drawPie(m, shares, 200, 230, 140)
	fake := &ocr.Fake{Func: func(_ []byte, mode ocr.Mode) (ocr.Result, error) {
		switch mode {
		case ocr.ModeDigits:
			// The region read again starts at the image's corner (the
			// pie's 1.7 radii reach past it); the mosaic pads 10 px.
			return ocr.Result{Words: []ocr.Word{{Text: "22)", Box: image.Rect(110, 50, 310, 62), Conf: 80}}}, nil
		case ocr.ModeChart:
			return ocr.Result{Words: []ocr.Word{{Text: "재원별", Box: image.Rect(160, 10, 220, 34), Conf: 90}}}, nil
		}
		return ocr.Result{}, nil
	}}
	got, err := ExtractWith(context.Background(), m, fake, ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != TypePie || len(got.Series) != 1 || len(got.Series[0].Values) != len(shares) {
		t.Fatalf("got %+v", got)
	}
	for i, v := range shares {
		if g := got.Series[0].Values[i]; math.Abs(g-v) > 0.05*v {
			t.Errorf("slice %d = %v, want %v", i, g, v)
		}
	}
}

// TestStackedThinSegmentCut: a stacked column's thin segment (8 px
// tall) that its label's digits cut into pieces side by side is one
// segment, not three stacks of their own.
func TestStackedThinSegmentCut(t *testing.T) {
	cols := []color.RGBA{officeBlue, officeOrange}
	vals := [][]float64{{4, 50}, {40, 30}, {25, 25}}
	s, base, pxPer := stackedColumns(vals, cols)
	// Strokes of digits across the first bar's thin foot segment.
	ink := color.RGBA{0, 0, 0, 255}
	for _, x := range []int{100, 112} {
		fillRect(s.m, image.Rect(x, 268, x+2, 282), ink)
	}
	for v := 0; v <= 100; v += 20 {
		y := base - int(float64(v)*pxPer)
		s.word(fmt.Sprint(v), 40, y-6, 70, y+6)
	}
	got := s.extract(t)
	if got.Type != TypeStacked || len(got.Categories) != 3 || len(got.Series) != 2 {
		t.Fatalf("got %+v", got)
	}
	for k := range cols {
		for i := range vals {
			if v := got.Series[k].Values[i]; math.Abs(v-vals[i][k]) > 0.05*vals[i][k] {
				t.Errorf("series %d category %d = %v, want %v", k, i, v, vals[i][k])
			}
		}
	}
}

// sentGray runs readDigits on box of m with paint and returns the gray
// level (0-255) at image point (x, y) of the mosaic it sends to OCR (the
// region sits at (pad, pad) = (10, 10) of it); the test fails when
// nothing is sent.
func sentGray(t *testing.T, m *image.RGBA, box image.Rectangle, p paint) func(x, y int) uint32 {
	t.Helper()
	var sent image.Image
	fake := &ocr.Fake{Func: func(img []byte, _ ocr.Mode) (ocr.Result, error) {
		var err error
		sent, err = png.Decode(bytes.NewReader(img))
		return ocr.Result{}, err
	}}
	a := &analysis{ctx: context.Background(), eng: fake, m: m, clean: m, l: findColors(m), t: &Table{}, textH: 20}
	a.readDigits([]image.Rectangle{box}, p)
	if sent == nil {
		t.Fatal("nothing sent to OCR")
	}
	return func(x, y int) uint32 {
		r, _, _, _ := sent.At(x-box.Min.X+10, y-box.Min.Y+10).RGBA()
		return r >> 8
	}
}

// stackedColumns draws three stacked columns of vals (one row a column,
// its segments bottom up in cols) on a 400×320 white chart, 2 px a unit
// from the base at y 280, each with its category letter under it.
func stackedColumns(vals [][]float64, cols []color.RGBA) (s *syntheticChart, base int, pxPer float64) {
	s = &syntheticChart{m: whiteImage(400, 320)}
	base, pxPer = 280, 2.0
	for i, row := range vals {
		x := 80 + 100*i
		y := float64(base)
		for k, v := range row {
			fillRect(s.m, image.Rect(x, int(math.Round(y-v*pxPer)), x+60, int(math.Round(y))), cols[k])
			y -= v * pxPer
		}
		s.word(fmt.Sprintf("%c", 'A'+i), x+25, base+6, x+35, base+18)
	}
	return s, base, pxPer
}
