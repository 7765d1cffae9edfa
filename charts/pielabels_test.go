package charts

import (
	"context"
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/policyqa/policyqa/ocr"
)

func TestHalfUnit(t *testing.T) {
	for _, tc := range []struct {
		text string
		want float64
	}{
		{"4%", 0.5},
		{"31%", 0.5},
		{"4.3%", 0.05},
		{"12,5", 0.05}, // a decimal comma
		{"0.25", 0.005},
		{"1,234", 0.5}, // a thousands separator
		{"(7%)", 0.5},
	} {
		if got := halfUnit(tc.text); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("halfUnit(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestPieShares: a flat pie's measured shares, clamped into their
// rounded labels' intervals, beat the labels; a label the measurements
// of the others vouch against is a misreading; a drawing that disagrees
// with its labels (a rough perspective) leaves the labels.
func TestPieShares(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name           string
		geo, lab, unit []float64
		want           []float64
	}{
		{"rounded labels, precise drawing",
			[]float64{4.32, 22.96, 23.40, 49.32}, []float64{4, 23, 23, 49}, []float64{0.5, 0.5, 0.5, 0.5},
			[]float64{4.32, 22.96, 23.40, 49.32}},
		{"drawing a little past the rounding: clamped",
			[]float64{4.6, 30.7, 40.1, 24.6}, []float64{4, 31, 40, 25}, []float64{0.5, 0.5, 0.5, 0.5},
			[]float64{4.5, 30.7, 40.1, 24.6}},
		{"one misread label among agreeing ones",
			[]float64{7.03, 26.86, 24.57, 27.63, 13.92}, []float64{7, 27, 23, 28, 14}, []float64{0.5, 0.5, 0.5, 0.5, 0.5},
			[]float64{7.03, 26.86, 24.57, 27.63, 13.92}},
		{"unlabelled slices keep the drawing",
			[]float64{36.65, 12.24, 51.11}, []float64{37, nan, 51}, []float64{0.5, 0, 0.5},
			[]float64{36.65, 12.24, 51.11}},
		{"rough 3-D drawing: labels",
			[]float64{17.2, 23.9, 11.0, 18.1, 25.6, 4.2}, []float64{16, 25, 10, 19, 25, 5}, []float64{0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
			[]float64{16, 25, 10, 19, 25, 5}},
		{"a thin slice off by under a unit keeps its label",
			[]float64{15.96, 25.74, 10.13, 18.99, 24.96, 4.22}, []float64{16, 25, 10, 19, 25, 5}, []float64{0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
			[]float64{15.96, 25.5, 10.13, 18.99, 24.96, 5}},
		{"one label: nothing vouches for the drawing",
			[]float64{44.65, 40.26, 15.09}, []float64{45, nan, nan}, []float64{0.5, 0, 0},
			[]float64{45, 40.26, 15.09}},
		{"labels with a decimal",
			[]float64{12.31, 40.02, 47.67}, []float64{12.3, 40.0, 47.7}, []float64{0.05, 0.05, 0.05},
			[]float64{12.31, 40.02, 47.67}},
	} {
		got := pieShares(tc.geo, tc.lab, tc.unit)
		for j := range tc.want {
			if math.Abs(got[j]-tc.want[j]) > 1e-9 {
				t.Errorf("%s: shares %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}

// drawGlyph draws a blocky character: a ring (like "0") of black
// strokes w px wide with rims blended half with what lies under them,
// as print a few pixels tall comes out anti-aliased.
func drawGlyph(m *image.RGBA, r image.Rectangle, w int) {
	ink := color.RGBA{0, 0, 0, 255}
	under := map[image.Point]color.RGBA{}
	var stroke []image.Point
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if x < r.Min.X+w || x >= r.Max.X-w || y < r.Min.Y+w || y >= r.Max.Y-w {
				stroke = append(stroke, image.Pt(x, y))
			}
		}
	}
	for _, p := range stroke {
		for _, q := range []image.Point{{p.X + 1, p.Y}, {p.X - 1, p.Y}} {
			under[q] = m.RGBAAt(q.X, q.Y)
		}
	}
	for _, p := range stroke {
		delete(under, p)
		m.SetRGBA(p.X, p.Y, ink)
	}
	for q, c := range under {
		m.SetRGBA(q.X, q.Y, color.RGBA{c.R / 2, c.G / 2, c.B / 2, 255})
	}
}

// TestInkBlobs: words of small dark print on white and on saturated
// colours (black blended into red or blue is no colourless ink) are
// found, one box a word; print under a skip box (a legend name) is not.
func TestInkBlobs(t *testing.T) {
	for _, tc := range []struct {
		name string
		bg   color.RGBA
	}{
		{"white", color.RGBA{255, 255, 255, 255}},
		{"red", color.RGBA{0xc0, 0x50, 0x4d, 255}},
		{"blue", color.RGBA{0x44, 0x72, 0xc4, 255}},
		{"yellow", color.RGBA{0xff, 0xc0, 0x00, 255}},
	} {
		m := whiteImage(300, 200)
		fillRect(m, image.Rect(20, 20, 280, 180), tc.bg)
		// Two words of three glyphs 8 px tall, and one word to skip.
		words := []image.Rectangle{image.Rect(60, 60, 86, 68), image.Rect(150, 120, 176, 128), image.Rect(200, 40, 226, 48)}
		for _, wr := range words {
			for k := 0; k < 3; k++ {
				drawGlyph(m, image.Rect(wr.Min.X+9*k, wr.Min.Y, wr.Min.X+9*k+6, wr.Max.Y), 1)
			}
		}
		a, _ := analysisOf(m)
		got := a.inkBlobs(image.Rect(0, 0, 300, 200), []image.Rectangle{image.Rect(195, 35, 240, 52)})
		if len(got) != 2 {
			t.Errorf("%s: %d words %v, want 2", tc.name, len(got), got)
			continue
		}
		for i, g := range got {
			if !words[i].In(g) || g.Dx() > words[i].Dx()+12 {
				t.Errorf("%s: word %d box %v, want round %v", tc.name, i, g, words[i])
			}
		}
	}
}

// TestInkByLightness: small print on a dark or saturated slice goes to
// OCR whole: the ink black, its rims (ink blended with the colour) gray,
// the colour white.
func TestInkByLightness(t *testing.T) {
	for _, bg := range []color.RGBA{{0xc0, 0x50, 0x4d, 255}, {0x44, 0x72, 0xc4, 255}, {0x9b, 0xbb, 0x59, 255}, {0xff, 0xc0, 0x00, 255}} {
		m := whiteImage(120, 80)
		fillRect(m, image.Rect(10, 10, 110, 70), bg)
		drawGlyph(m, image.Rect(50, 30, 56, 38), 1)
		gray := sentGray(t, m, image.Rect(40, 24, 70, 44), paintLum)
		if g := gray(50, 34); g > 40 {
			t.Errorf("%v: ink sent as %d, want black", bg, g)
		}
		if g := gray(49, 34); g < 40 || g > 220 {
			t.Errorf("%v: rim %v sent as %d, want gray", bg, m.RGBAAt(49, 34), g)
		}
		if g := gray(44, 28); g < 240 {
			t.Errorf("%v: colour sent as %d, want white", bg, g)
		}
	}
}

// pieWithLegend draws a flat pie and a legend close right of it (within
// the reach of outside labels): a key and a name a row, the names read
// by fake as given (years read as numbers), and percentage labels (""
// for none) outside the slices' middles.
func pieWithLegend(shares []float64, names []string, labels []string) (*image.RGBA, *ocr.Fake) {
	m := whiteImage(560, 400)
	drawPie(m, shares, 220, 220, 140)
	cols := []color.RGBA{{0x00, 0x45, 0x86, 255}, {0xff, 0x42, 0x0e, 255}, {0xff, 0xd3, 0x20, 255}, {0x57, 0x9d, 0x1c, 255}}
	words := []ocr.Word{{Text: "재원별", Box: image.Rect(180, 10, 260, 34), Conf: 90}}
	for i, n := range names {
		y := 150 + 22*i
		fillRect(m, image.Rect(390, y, 400, y+10), cols[i%len(cols)])
		words = append(words, ocr.Word{Text: n, Box: image.Rect(406, y-1, 430, y+11), Conf: 80})
	}
	acc := 0.0
	for i, lab := range labels {
		mid := 2 * math.Pi * (acc + shares[i]/2) / 100
		acc += shares[i]
		if lab == "" {
			continue
		}
		x, y := 220+1.2*140*math.Sin(mid), 220-1.2*140*math.Cos(mid)
		words = append(words, ocr.Word{Text: lab, Box: image.Rect(int(x)-12, int(y)-6, int(x)+12, int(y)+6), Conf: 80})
	}
	// The numbers-only reading of the pie's region (from the image's
	// corner, the mosaic's padding 10 px) reads the numeric names again.
	var digits []ocr.Word
	for _, w := range words[1:] {
		if _, ok := parseNumber(w.Text); ok {
			w.Box = w.Box.Add(image.Pt(10, 10))
			digits = append(digits, w)
		}
	}
	fake := &ocr.Fake{Func: func(_ []byte, mode ocr.Mode) (ocr.Result, error) {
		switch mode {
		case ocr.ModeChart:
			return ocr.Result{Words: words}, nil
		case ocr.ModeDigits:
			return ocr.Result{Words: digits}, nil
		}
		return ocr.Result{}, nil
	}}
	return m, fake
}

// TestPieLabelsAndLegend: percentage labels rounded to whole percent
// give way to the measured shares within their rounding; a misread
// label is outvoted by the others; legend names that read as numbers
// ('19, '20) are no labels of the slices next to them.
func TestPieLabelsAndLegend(t *testing.T) {
	for _, tc := range []struct {
		name   string
		shares []float64
		names  []string
		labels []string
	}{
		{"rounded small slice", []float64{4.4, 30.6, 40.4, 24.6}, []string{"서울", "부산", "대구", "인천"}, []string{"4%", "31%", "40%", "25%"}},
		{"misread label", []float64{24.5, 27.7, 33.5, 14.3}, []string{"서울", "부산", "대구", "인천"}, []string{"23%", "28%", "34%", "14%"}},
		{"years in the legend", []float64{16.5, 21.5, 25.0, 37.0}, []string{"17", "18", "19", "20"}, []string{"", "", "", ""}},
	} {
		m, fake := pieWithLegend(tc.shares, tc.names, tc.labels)
		got, err := ExtractWith(context.Background(), m, fake, ExtractOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Type != TypePie || len(got.Series) != 1 || len(got.Series[0].Values) != len(tc.shares) {
			t.Fatalf("%s: got %+v", tc.name, got)
		}
		for i, v := range tc.shares {
			g := got.Series[0].Values[i]
			if lab, ok := parseNumber(tc.labels[i]); ok && math.Abs(lab-v) <= 0.5 {
				// A label read right: the share lies in its rounding,
				// nearer the truth than the label (the drawing's seams
				// take a little from each slice).
				if math.Abs(g-lab) > 0.5 || math.Abs(g-v) >= math.Abs(lab-v) {
					t.Errorf("%s: slice %d = %.2f, want %.2f (label %s)", tc.name, i, g, v, tc.labels[i])
				}
				continue
			}
			if math.Abs(g-v) > 0.05*v {
				t.Errorf("%s: slice %d = %.2f, want %.2f", tc.name, i, g, v)
			}
		}
	}
}

// drawPie3D draws a 3-D pie seen from above at a slant without
// perspective: the top an ellipse (half axes rx, ry) split into slices
// clockwise from 12 o'clock, over a wall thick px high in darker shades
// of the front slices.
func drawPie3D(m *image.RGBA, shares []float64, cx, cy, rx, ry float64, thick int) {
	cols := []color.RGBA{{0x00, 0x45, 0x86, 255}, {0xff, 0x42, 0x0e, 255}, {0xff, 0xd3, 0x20, 255}, {0x57, 0x9d, 0x1c, 255}}
	slice := func(ang float64) int {
		if ang < 0 {
			ang += 2 * math.Pi
		}
		acc := 0.0
		for k, v := range shares {
			acc += v
			if ang < 2*math.Pi*acc/100 {
				return k
			}
		}
		return len(shares) - 1
	}
	for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
		for x := m.Rect.Min.X; x < m.Rect.Max.X; x++ {
			u, v := (float64(x)+0.5-cx)/rx, (float64(y)+0.5-cy)/ry
			switch {
			case u*u+v*v <= 1:
				m.SetRGBA(x, y, cols[slice(math.Atan2(u, -v))%len(cols)])
			case math.Abs(u) < 1 && v > 0 && (float64(y)+0.5-float64(thick)-cy)/ry <= math.Sqrt(1-u*u):
				c := cols[slice(math.Atan2(u, math.Sqrt(1-u*u)))%len(cols)]
				m.SetRGBA(x, y, color.RGBA{uint8(int(c.R) * 3 / 4), uint8(int(c.G) * 3 / 4), uint8(int(c.B) * 3 / 4), 255})
			}
		}
	}
}

// TestFlatPie3D: 3-D pies tilted far over (the top's height a sixth of
// its width, as LibreOffice draws some) are pies, read by angle.
func TestFlatPie3D(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ry     float64
		shares []float64
	}{
		{"a third", 80, []float64{41, 10, 49}},
		{"a sixth", 40, []float64{41, 10, 49}},
		{"a sixth, four slices", 40, []float64{37, 16, 15, 32}},
	} {
		m := whiteImage(600, 360)
		drawPie3D(m, tc.shares, 300, 180, 240, tc.ry, 40)
		fake := &ocr.Fake{Func: func(_ []byte, mode ocr.Mode) (ocr.Result, error) {
			if mode == ocr.ModeChart {
				return ocr.Result{Words: []ocr.Word{{Text: "재원별", Box: image.Rect(260, 10, 340, 34), Conf: 90}}}, nil
			}
			return ocr.Result{}, nil
		}}
		got, err := ExtractWith(context.Background(), m, fake, ExtractOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Type != TypePie || len(got.Series) != 1 || len(got.Series[0].Values) != len(tc.shares) {
			t.Errorf("%s: got %+v", tc.name, got)
			continue
		}
		for i, v := range tc.shares {
			if g := got.Series[0].Values[i]; math.Abs(g-v) > 0.05*v {
				t.Errorf("%s: slice %d = %.2f, want %.2f", tc.name, i, g, v)
			}
		}
	}
}
