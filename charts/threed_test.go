package charts

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log/slog"
	"math"
	"testing"

	"github.com/policyqa/policyqa/ocr"
)

func whiteImage(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(m, m.Rect, image.White, image.Point{}, draw.Src)
	return m
}

func fillRect(m *image.RGBA, r image.Rectangle, c color.RGBA) {
	draw.Draw(m, r, &image.Uniform{c}, image.Point{}, draw.Src)
}

// bar3D draws a LibreOffice-style 3-D column: the front face, a top face
// receding up and to the right by depth px, and a shaded side face, in
// shades close enough to be one colour class (findColors) and far enough
// apart to be faces (faceStep).
func bar3D(m *image.RGBA, front image.Rectangle, depth int, fc, tc, sc color.RGBA) {
	fillRect(m, front, fc)
	for i := 1; i <= depth; i++ {
		// Top face row i above the front, shifted right by i.
		fillRect(m, image.Rect(front.Min.X+i, front.Min.Y-i, front.Max.X+i, front.Min.Y-i+1), tc)
		// Side face column i right of the front, raised by i.
		fillRect(m, image.Rect(front.Max.X+i-1, front.Min.Y-i+1, front.Max.X+i, front.Max.Y-i+1), sc)
	}
}

// analysisOf labels an image's colours as Extract does, without OCR.
func analysisOf(m *image.RGBA) (*analysis, []component) {
	l := findColors(m)
	l.dropGrayRules()
	comps := l.splitBlended(m, l.dropGrayNoise(l.components(true, 12)))
	return &analysis{m: m, l: l, t: &Table{}, log: slog.New(slog.DiscardHandler)}, comps
}

func TestFrontFace3D(t *testing.T) {
	orange := color.RGBA{253, 137, 52, 255}
	front := image.Rect(40, 60, 70, 200)
	tests := []struct {
		name string
		draw func(m *image.RGBA)
		want bool
	}{
		{"3-D bar, top and side shaded", func(m *image.RGBA) {
			bar3D(m, front, 8, orange, color.RGBA{240, 128, 45, 255}, color.RGBA{222, 120, 46, 255})
		}, true},
		{"3-D bar, side hidden by the next bar", func(m *image.RGBA) {
			bar3D(m, front, 8, orange, color.RGBA{240, 128, 45, 255}, color.RGBA{222, 120, 46, 255})
			fillRect(m, image.Rect(70, 100, 100, 200), color.RGBA{74, 125, 216, 255})
		}, true},
		{"3-D bar shaded little (faces grown into), side hidden below a shorter next bar", func(m *image.RGBA) {
			bar3D(m, front, 8, orange, color.RGBA{248, 133, 50, 255}, color.RGBA{245, 132, 49, 255})
			fillRect(m, image.Rect(70, 80, 100, 200), color.RGBA{74, 125, 216, 255})
		}, true},
		{"flat bar", func(m *image.RGBA) { fillRect(m, front, orange) }, false},
		{"gradient bar", func(m *image.RGBA) {
			for y := front.Min.Y; y < front.Max.Y; y++ {
				k := uint8((y - front.Min.Y) / 2)
				fillRect(m, image.Rect(front.Min.X, y, front.Max.X, y+1), color.RGBA{253 - k, 137, 52 + k/2, 255})
			}
		}, false},
		{"flat bar under a band one step off (a JPEG block)", func(m *image.RGBA) {
			fillRect(m, front, orange)
			fillRect(m, image.Rect(front.Min.X+3, front.Min.Y-5, front.Max.X+2, front.Min.Y), color.RGBA{236, 140, 60, 255})
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := whiteImage(200, 240)
			tc.draw(m)
			a, comps := analysisOf(m)
			var got image.Rectangle
			ok := false
			for _, c := range comps {
				if c.box.Overlaps(front) && c.n > 1000 {
					if f, _, fok := a.frontFace3D(c); fok {
						got, ok = f, true
					}
				}
			}
			if ok != tc.want {
				t.Fatalf("front face found %v (%v), want %v", ok, got, tc.want)
			}
			if ok && (abs(got.Min.X-front.Min.X) > 1 || abs(got.Max.X-front.Max.X) > 1 || abs(got.Min.Y-front.Min.Y) > 1 || abs(got.Max.Y-front.Max.Y) > 1) {
				t.Errorf("front face %v, want %v", got, front)
			}
		})
	}
}

// TestSolidPartsGrayBar: a gray bar touching a 3-D chart's gray floor
// edge (a diagonal line) and a gridline is still one bar, of its own
// size.
func TestSolidPartsGrayBar(t *testing.T) {
	m := whiteImage(300, 200)
	gray := color.RGBA{181, 181, 181, 255}
	bar := image.Rect(100, 60, 130, 160)
	fillRect(m, bar, gray)
	for i := 0; i < 60; i++ { // diagonal from the bar's top-right corner
		fillRect(m, image.Rect(130+i, 60-i/2, 131+i, 61-i/2), color.RGBA{170, 170, 170, 255})
	}
	fillRect(m, image.Rect(130, 100, 150, 101), color.RGBA{176, 176, 176, 255}) // a short gridline
	_, comps := analysisOf(m)
	var found []image.Rectangle
	for _, c := range comps {
		found = append(found, c.box)
	}
	if len(found) != 1 {
		t.Fatalf("components %v, want the bar alone", found)
	}
	if got := found[0]; abs(got.Min.X-bar.Min.X) > 2 || abs(got.Max.X-bar.Max.X) > 2 || abs(got.Min.Y-bar.Min.Y) > 2 || abs(got.Max.Y-bar.Max.Y) > 2 {
		t.Errorf("bar %v, want %v", got, bar)
	}
}

// TestEllipseTop: the top of a 3-D pie (an ellipse over a wall) is
// fitted from its upper rim.
func TestEllipseTop(t *testing.T) {
	m := whiteImage(400, 220)
	const cx, cy, rx, ry, thick = 200.0, 90.0, 150.0, 40.0, 30
	c := color.RGBA{68, 114, 196, 255}
	for y := 0; y < 220; y++ {
		for x := 0; x < 400; x++ {
			u, v := (float64(x)+0.5-cx)/rx, (float64(y)+0.5-cy)/ry
			wall := math.Abs(u) <= 1 && float64(y)+0.5 >= cy && (float64(y)+0.5-thick-cy)/ry <= math.Sqrt(1-u*u)
			if u*u+v*v <= 1 || wall {
				m.SetRGBA(x, y, c)
			}
		}
	}
	a, _ := analysisOf(m)
	b := image.Rect(int(cx-rx), int(cy-ry), int(cx+rx), int(cy+ry)+thick)
	gy, gry := a.ellipseTop(b, cx, rx)
	if math.Abs(gy-cy) > 1 || math.Abs(gry-ry) > 1 {
		t.Errorf("ellipseTop = cy %.1f ry %.1f, want %.0f %.0f", gy, gry, cy, ry)
	}
}

func TestRunSame(t *testing.T) {
	mk := func(col int, r, g, b int) run {
		var rn run
		rn.col = col
		for range 10 {
			rn.add([3]int{r, g, b})
		}
		return rn
	}
	dark, light := mk(0, 68, 114, 196), mk(0, 91, 155, 213) // Office's two blues
	if dark.same(light) {
		t.Error("two blues of one class are one slice")
	}
	if !dark.same(mk(0, 70, 118, 190)) {
		t.Error("one blue read twice is two slices")
	}
	if dark.same(mk(1, 68, 114, 196)) {
		t.Error("two classes are one slice")
	}
	var unread run
	unread.col = 0
	unread.add([3]int{-1})
	if !dark.same(unread) {
		t.Error("a run without pixels read is not its class's")
	}
}

func TestCleanYearLabel(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"'19", "'19"},
		{"’20\n", "'20"},
		{" `21 ", "'21"},
		{"| 2019년 |", "2019년"},
		{"'가나", "가나"},
		{"'", ""},
		{"- 서울 .", "서울"},
	} {
		if got := cleanYearLabel(tc.in); got != tc.want {
			t.Errorf("cleanYearLabel(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestDigitsMosaic: numbers read in a mosaic of regions go back to their
// region, in image coordinates.
func TestDigitsMosaic(t *testing.T) {
	m := whiteImage(300, 200)
	boxes := []image.Rectangle{image.Rect(20, 30, 80, 50), image.Rect(150, 100, 200, 130)}
	var size image.Point
	fake := &ocr.Fake{Func: func(img []byte, mode ocr.Mode) (ocr.Result, error) {
		if mode != ocr.ModeDigits {
			t.Errorf("mode %v", mode)
		}
		p, err := png.Decode(bytes.NewReader(img))
		if err != nil {
			t.Fatal(err)
		}
		size = p.Bounds().Size()
		// Strips: the first at y 10-30, the second 30 px lower (a gap
		// as tall as it), x from 10.
		return ocr.Result{Words: []ocr.Word{
			{Text: "12", Box: image.Rect(15, 12, 30, 26)},
			{Text: "3,400", Box: image.Rect(12, 62, 40, 78)},
			{Text: "x", Box: image.Rect(12, 62, 20, 78)},
		}}, nil
	}}
	a := &analysis{ctx: context.Background(), eng: fake, m: m, clean: m, t: &Table{}}
	got := a.digitsMosaic(boxes, paintNone)
	if size != (image.Point{80, 100}) {
		t.Errorf("mosaic %v, want 80x100", size)
	}
	if len(got[0]) != 1 || got[0][0].num != 12 || got[0][0].orig != image.Rect(25, 32, 40, 46) {
		t.Errorf("region 0: %+v", got[0])
	}
	if len(got[1]) != 1 || got[1][0].num != 3400 || got[1][0].orig != image.Rect(152, 102, 180, 118) {
		t.Errorf("region 1: %+v", got[1])
	}
	if len(a.ws) != 2 {
		t.Errorf("%d words joined a.ws, want 2", len(a.ws))
	}
}

// FuzzExtractShapes draws flat and 3-D bars and number words from the
// fuzz input on a small image and extracts it: no panic, and every value
// a number or NaN, never infinite.
func FuzzExtractShapes(f *testing.F) {
	f.Add([]byte{20, 40, 24, 70, 253, 137, 60, 40, 25, 50, 74, 125, 10, 100, 1, 3, 5, 0})
	f.Add([]byte{30, 10, 8, 90, 200, 200, 90, 30, 12, 60, 91, 155, 5, 5, 5, 5, 5, 5, 100, 60, 20, 40, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		m := whiteImage(160, 120)
		var words []ocr.Word
		for i := 0; i+6 <= len(data) && i < 6*24; i += 6 {
			d := data[i : i+6]
			x, y := int(d[0])%160, int(d[1])%120
			r := image.Rect(x, y, x+1+int(d[2])%60, y+1+int(d[3])%100)
			c := color.RGBA{d[4], d[5], d[4] ^ d[5], 255}
			dark := func(k uint8) color.RGBA {
				return color.RGBA{c.R - min(c.R, k), c.G - min(c.G, k), c.B - min(c.B, k), 255}
			}
			switch d[2] % 4 {
			case 0:
				bar3D(m, r, 1+int(d[3])%9, c, dark(12), dark(30))
			case 1:
				words = append(words, ocr.Word{Text: FormatValue(float64(d[4]) * 10), Box: image.Rect(x, y, x+14, y+9)})
			default:
				fillRect(m, r, c)
			}
		}
		got, err := ExtractWith(context.Background(), m, perfectOCR(words), ExtractOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range got.Series {
			for _, v := range s.Values {
				if math.IsInf(v, 0) {
					t.Fatalf("infinite value in %+v", got)
				}
			}
		}
	})
}

// TestFrontFace3DSmall: components too small for a face two pixels in
// from the corner (a line of text in a figure) are no 3-D bars, and
// reading them does not step outside their box.
func TestFrontFace3DSmall(t *testing.T) {
	m := whiteImage(120, 80)
	c := color.RGBA{74, 125, 216, 255}
	fillRect(m, image.Rect(60, 20, 100, 70), c) // a bar: the colour is a class
	// A small piece: a left column, a right block, a bottom row.
	fillRect(m, image.Rect(23, 18, 25, 24), c)
	fillRect(m, image.Rect(31, 18, 36, 24), c)
	fillRect(m, image.Rect(23, 23, 36, 24), c)
	// Another piece just above it, touching only at a corner.
	fillRect(m, image.Rect(25, 14, 30, 18), c)
	a, comps := analysisOf(m)
	for _, cp := range comps {
		if f, _, ok := a.frontFace3D(cp); ok {
			t.Errorf("component %v: front face %v", cp.box, f)
		}
	}
}

// TestGrouped3DColumns draws clustered 3-D columns of two series side by
// side, as LibreOffice renders them: a light 1 px edge between a front
// and its side face, the second series' front against that edge, so
// that the first one's side face is seen only above a shorter second bar,
// cut off from its front; and a lighter strip two pixels high on a
// front's top edge. Each cluster is one category of two values (not a
// stacked bar, not a category per bar).
func TestGrouped3DColumns(t *testing.T) {
	// LibreOffice's colours (faces and the blended edge between a front
	// and its side face).
	blue, blueTop, blueSide, blueEdge := rgb(0x014b93), rgb(0x014180), rgb(0x013c75), rgb(0xc0c7cd)
	orange, orangeTop, orangeSide, orangeEdge := rgb(0xfe480e), rgb(0xf43e0c), rgb(0xdf390b), rgb(0xdea798)
	strip := rgb(0x376a9b)
	const base, unit = 300, 4.0 // px a value of 1
	values := [2][]float64{{20, 55, 40}, {50, 10, 45}}
	tests := []struct {
		name  string
		width int
		depth int
		strip bool
		lift  int // px the fronts' feet stand above the 0 tick
	}{
		{"wide", 30, 10, false, 0},
		{"narrow", 14, 6, false, 0},
		{"edge strip on a front", 30, 10, true, 0},
		// Ticks on the wall's front edge, the bars further back: their
		// feet are seen 0.55 of a tick step (80 px) above the 0 tick.
		{"feet half a step above the lowest tick", 30, 10, false, 44},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := whiteImage(420, 340)
			words := []ocr.Word{}
			for v := 0; v <= 60; v += 20 {
				y := base - int(float64(v)*unit)
				words = append(words, ocr.Word{Text: FormatValue(float64(v)), Box: image.Rect(20, y-5, 40, y+5)})
			}
			x := 70
			for ci := range values[0] {
				h0, h1 := int(values[0][ci]*unit), int(values[1][ci]*unit)
				foot := base - tc.lift
				f0 := image.Rect(x, foot-h0, x+tc.width, foot)
				f1 := image.Rect(x+tc.width+1, foot-h1, x+2*tc.width+1, foot)
				bar3D(m, f0, tc.depth, blue, blueTop, blueSide)
				fillRect(m, image.Rect(f0.Max.X, f0.Min.Y, f0.Max.X+1, foot), blueEdge)
				for i := 1; i <= tc.depth; i++ { // the dark edge between top and side face
					fillRect(m, image.Rect(f0.Max.X+i-1, f0.Min.Y-i, f0.Max.X+i, f0.Min.Y-i+2), color.RGBA{A: 255})
				}
				bar3D(m, f1, tc.depth, orange, orangeTop, orangeSide)
				fillRect(m, image.Rect(f1.Max.X, f1.Min.Y, f1.Max.X+1, foot), orangeEdge)
				if tc.strip && ci == 2 {
					fillRect(m, image.Rect(f0.Min.X, f0.Min.Y, f0.Max.X, f0.Min.Y+2), strip)
				}
				words = append(words, ocr.Word{Text: string(rune('가' + ci)), Box: image.Rect(x+tc.width-6, foot+8, x+tc.width+6, foot+20)})
				x += 2*tc.width + 60
			}
			got, err := ExtractWith(context.Background(), m, perfectOCR(words), ExtractOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Type != TypeGrouped || len(got.Categories) != 3 || len(got.Series) != 2 {
				t.Fatalf("got %s, %d categories, %d series; want grouped_bar, 3, 2:\n%s", got.Type, len(got.Categories), len(got.Series), got.Text())
			}
			for si, s := range got.Series {
				for ci, v := range s.Values {
					if want := values[si][ci]; math.Abs(v-want) > 0.05*want {
						t.Errorf("series %d category %d = %.1f, want %.1f", si, ci, v, want)
					}
				}
			}
		})
	}
}

func rgb(v uint32) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}
