package charts

import (
	"context"
	"image"
	"image/color"
	"log/slog"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"

	"github.com/policyqa/policyqa/ocr"
)

// mark is something drawn on a rendered chart besides its data, for the
// annotation tests.
type mark struct {
	kind     string  // AnnotationLine, AnnotationCallout, AnnotationNote
	value    float64 // a line's value on the value axis
	text     string  // caption, callout or note
	col      color.RGBA
	on, off  int // dash and gap in px
	thick    int
	vertical bool
	// cat places a vertical line in a column or line chart: at the
	// category label of that text.
	cat string
	// at places a callout: fractions of the plot box.
	at [2]float64
}

// annotate draws marks on a chart rendered from spec and returns the
// words the drawing wrote (a perfect OCR's reading). The value axis is
// found from the tick labels the renderer wrote, the plot box from the
// axis lines.
func annotate(t *testing.T, r *Renderer, spec Spec, marks []mark) (*image.RGBA, []ocr.Word) {
	t.Helper()
	img, words, err := r.RenderWords(spec)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(r.regular, &opentype.FaceOptions{Size: 15, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	c := &canvas{img: img, label: face, tick: face, size: 15}
	// Value axis: tick labels are the numbers on one column (bars,
	// lines) or one row (hbar) of the plot's edge.
	type tk struct{ pos, v float64 }
	var ticks []tk
	hbar := spec.Type == TypeHBar
	for _, w := range words {
		v, ok := parseNumber(w.Text)
		if !ok {
			continue
		}
		cx, cy := center(w.Box)
		if hbar && cy > float64(img.Rect.Dy())-70 && cy < float64(img.Rect.Dy())-20 {
			ticks = append(ticks, tk{cx, v})
		}
		if !hbar && w.Box.Max.X < 80 {
			ticks = append(ticks, tk{cy, v})
		}
	}
	if len(ticks) < 2 {
		t.Fatalf("no tick labels among %v", words)
	}
	a := (ticks[len(ticks)-1].pos - ticks[0].pos) / (ticks[len(ticks)-1].v - ticks[0].v)
	posOf := func(v float64) float64 { return ticks[0].pos + a*(v-ticks[0].v) }
	plot := plotOf(img)
	for _, m := range marks {
		switch m.kind {
		case AnnotationLine:
			p := int(math.Round(posOf(m.value)))
			for _, w := range words {
				if m.cat != "" && w.Text == m.cat {
					cx, _ := center(w.Box)
					p = int(cx)
				}
			}
			lo, hi := plot.Min.X, plot.Max.X
			if m.vertical {
				lo, hi = plot.Min.Y, plot.Max.Y
			}
			for s := lo; s < hi; s += m.on + m.off {
				e := min(s+m.on, hi)
				if m.vertical {
					c.fill(image.Rect(p-m.thick/2, s, p-m.thick/2+m.thick, e), m.col)
				} else {
					c.fill(image.Rect(s, p-m.thick/2, e, p-m.thick/2+m.thick), m.col)
				}
			}
			if m.text != "" {
				if m.vertical {
					c.text(face, m.text, p+6, plot.Min.Y+20, -1)
				} else {
					c.text(face, m.text, plot.Max.X-4, p-6, 1)
				}
			}
		case AnnotationCallout:
			x := plot.Min.X + int(m.at[0]*float64(plot.Dx()))
			y := plot.Min.Y + int(m.at[1]*float64(plot.Dy()))
			c.text(face, m.text, x, y, -1)
		case AnnotationNote:
			c.text(face, m.text, 20, img.Rect.Dy()-8, -1)
		}
	}
	return img, append(words, c.words...)
}

// plotOf finds the plot box of a rendered chart by its axis lines (the
// renderer's axis colour): the longest vertical and horizontal runs.
func plotOf(img *image.RGBA) image.Rectangle {
	isAxis := func(x, y int) bool { return img.RGBAAt(x, y) == axisColor }
	w, h := img.Rect.Dx(), img.Rect.Dy()
	bestV, bestH := [3]int{}, [3]int{}
	for x := 0; x < w; x++ {
		for y := 0; y < h; {
			y0 := y
			for y < h && isAxis(x, y) {
				y++
			}
			if y-y0 > bestV[2]-bestV[1] {
				bestV = [3]int{x, y0, y}
			}
			if y == y0 {
				y++
			}
		}
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; {
			x0 := x
			for x < w && isAxis(x, y) {
				x++
			}
			if x-x0 > bestH[2]-bestH[1] {
				bestH = [3]int{y, x0, x}
			}
			if x == x0 {
				x++
			}
		}
	}
	return image.Rect(bestV[0]+1, bestV[1], bestH[2], bestH[0])
}

var (
	red    = color.RGBA{210, 30, 30, 255}
	orange = color.RGBA{230, 120, 20, 255}
	gray   = color.RGBA{90, 90, 90, 255}
)

// TestAnnotations draws reference lines, callouts and notes on rendered
// charts and checks that Extract keeps them, with the lines' values read
// on the value axis, and still reads the series.
func TestAnnotations(t *testing.T) {
	r := newTestRenderer(t)
	years := []string{"2018년", "2019년", "2020년", "2021년", "2022년", "2023년"}
	lineSpec := Spec{Title: "합계출산율 추이", Type: TypeLine, Categories: years, Grid: true,
		Series: []Series{{Name: "출산율", Values: []float64{2.4, 2.1, 1.8, 1.6, 1.5, 1.7}}}}
	barSpec := Spec{Title: "지역별 달성률", Type: TypeBar, Categories: []string{"서울", "부산", "대구", "인천", "광주"}, Grid: true, Labels: true,
		Series: []Series{{Name: "달성률", Values: []float64{55, 62, 71, 90, 68}}}}
	hbarSpec := Spec{Title: "부문별 점수", Type: TypeHBar, Categories: []string{"교육", "복지", "환경", "안전"},
		Series: []Series{{Name: "점수", Values: []float64{42, 65, 58, 71}}}}
	groupSpec := Spec{Title: "연도별 수출입", Type: TypeGrouped, Categories: years[:4], Legend: true, Grid: true,
		Series: []Series{{Name: "수출", Values: []float64{120, 150, 130, 170}}, {Name: "수입", Values: []float64{100, 110, 140, 160}}}}
	type want struct {
		kind, number, unit, dash, color string
		textHas                         string
		value                           float64 // NaN: none
		vertical                        bool
		category                        string
	}
	tests := []struct {
		name  string
		spec  Spec
		marks []mark
		want  []want
	}{
		{"line chart, dotted red line 기준 (2.0명)", lineSpec,
			[]mark{{kind: AnnotationLine, value: 2.0, text: "기준 (2.0명)", col: red, on: 2, off: 3, thick: 2}},
			[]want{{kind: AnnotationLine, number: "2.0", unit: "명", dash: "점선", color: "빨간색", textHas: "기준", value: 2.0}}},
		{"bar chart, dashed orange line 목표 80%", barSpec,
			[]mark{{kind: AnnotationLine, value: 80, text: "목표 80%", col: orange, on: 8, off: 5, thick: 2}},
			[]want{{kind: AnnotationLine, number: "80", unit: "%", dash: "파선", color: "주황색", textHas: "목표", value: 80}}},
		{"bar chart, line without caption", barSpec,
			[]mark{{kind: AnnotationLine, value: 50, col: gray, on: 6, off: 4, thick: 1}},
			[]want{{kind: AnnotationLine, dash: "파선", color: "회색", value: 50}}},
		{"hbar chart, vertical dashed line 평균 50", hbarSpec,
			[]mark{{kind: AnnotationLine, value: 50, text: "평균 50", col: red, on: 6, off: 4, thick: 2, vertical: true}},
			[]want{{kind: AnnotationLine, number: "50", dash: "파선", color: "빨간색", textHas: "평균", value: 50, vertical: true}}},
		{"bar chart, vertical dashed line at a category", barSpec,
			[]mark{{kind: AnnotationLine, cat: "대구", text: "정책 시행", col: gray, on: 6, off: 4, thick: 2, vertical: true}},
			[]want{{kind: AnnotationLine, dash: "파선", color: "회색", textHas: "정책 시행", value: math.NaN(), vertical: true, category: "대구"}}},
		{"line chart, callout and note", lineSpec,
			[]mark{{kind: AnnotationCallout, text: "역대 최저 1.5", at: [2]float64{0.55, 0.2}}, {kind: AnnotationNote, text: "※ 2023년은 잠정치"}},
			[]want{{kind: AnnotationCallout, number: "1.5", textHas: "역대 최저", value: math.NaN()}, {kind: AnnotationNote, textHas: "잠정치", value: math.NaN()}}},
		{"grouped bars, gridlines, legend: nothing", groupSpec, nil, nil},
		{"grouped bars, two lines", groupSpec,
			[]mark{{kind: AnnotationLine, value: 140, text: "OECD 평균 140", col: red, on: 3, off: 3, thick: 2},
				{kind: AnnotationLine, value: 60, text: "하한 60", col: gray, on: 10, off: 6, thick: 2}},
			[]want{{kind: AnnotationLine, number: "140", dash: "점선", color: "빨간색", textHas: "OECD 평균", value: 140},
				{kind: AnnotationLine, number: "60", dash: "파선", color: "회색", textHas: "하한", value: 60}}},
	}
	ctx := context.Background()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img, words := annotate(t, r, tc.spec, tc.marks)
			got, err := ExtractWith(ctx, img, perfectOCR(words), ExtractOptions{Log: testLog(t)})
			if err != nil {
				t.Fatal(err)
			}
			if sc := Compare(tc.spec.Truth(), got); !sc.TypeOK || sc.Correct != sc.Values {
				t.Errorf("series misread: %+v\ngot %+v", sc, got)
			}
			if len(got.Annotations) != len(tc.want) {
				t.Fatalf("got %d annotations, want %d: %+v", len(got.Annotations), len(tc.want), got.Annotations)
			}
			for i, w := range tc.want {
				an := got.Annotations[i]
				if an.Kind != w.kind || an.Number != w.number || an.Unit != w.unit || an.Dash != w.dash || an.Color != w.color || an.Vertical != w.vertical || an.Category != w.category || !strings.Contains(an.Text, w.textHas) {
					t.Errorf("annotation %d = %+v, want %+v", i, an, w)
				}
				if math.IsNaN(w.value) != math.IsNaN(an.AxisValue) || math.Abs(an.AxisValue-w.value) > 0.02*math.Abs(w.value) {
					t.Errorf("annotation %d at %v, want %v", i, an.AxisValue, w.value)
				}
				if line := an.Line(); w.textHas != "" && !strings.Contains(line, w.textHas) {
					t.Errorf("annotation %d line %q lacks %q", i, line, w.textHas)
				}
			}
			// The table's passage and data model carry the annotations.
			text, doc := got.Text(), got.Document()
			for _, an := range got.Annotations {
				if !strings.Contains(text, an.Line()) {
					t.Errorf("Text() lacks %q:\n%s", an.Line(), text)
				}
				found := false
				for _, n := range doc.Notes {
					found = found || n == an.Line()
				}
				if !found {
					t.Errorf("Document().Notes %q lacks %q", doc.Notes, an.Line())
				}
			}
		})
	}
}

// TestNoAnnotationsOnPlainCharts checks that charts with nothing besides
// their data (every type, labels, legends, gridlines, markers) get no
// annotations.
func TestNoAnnotationsOnPlainCharts(t *testing.T) {
	r := newTestRenderer(t)
	rng := rand.New(rand.NewPCG(11, 3))
	for i := 0; i < 3; i++ {
		for _, typ := range Types {
			for _, labels := range []bool{true, false} {
				spec := RandomSpec(rng, typ, labels)
				if i > 0 {
					RandomStyle(rng, &spec)
				}
				img, words, err := r.RenderWords(spec)
				if err != nil {
					t.Fatal(err)
				}
				got, err := ExtractWith(context.Background(), img, perfectOCR(words), ExtractOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if len(got.Annotations) > 0 {
					t.Errorf("%s labels=%v style=%+v: annotations %+v", typ, labels, spec.Style, got.Annotations)
				}
			}
		}
	}
}

// TestAnnotationsTesseract reads an annotated chart with tesseract: the
// caption of a dotted reference line and its number.
func TestAnnotationsTesseract(t *testing.T) {
	eng, err := ocr.NewTesseract(ocr.Options{Workers: 1})
	if err != nil {
		t.Skipf("tesseract unavailable: %v", err)
	}
	defer eng.Close()
	r := newTestRenderer(t)
	spec := Spec{Title: "합계출산율 추이", Type: TypeLine, Categories: []string{"2018년", "2019년", "2020년", "2021년", "2022년", "2023년"},
		Series: []Series{{Name: "출산율", Values: []float64{2.4, 2.1, 1.8, 1.6, 1.5, 1.7}}}}
	img, _ := annotate(t, r, spec, []mark{{kind: AnnotationLine, value: 2.0, text: "기준 (2.0명)", col: red, on: 2, off: 3, thick: 2}})
	got, err := ExtractWith(context.Background(), img, eng, ExtractOptions{Reread: true, Log: testLog(t)})
	if err != nil {
		t.Fatal(err)
	}
	var lines []Annotation
	for _, an := range got.Annotations {
		if an.Kind == AnnotationLine {
			lines = append(lines, an)
		}
	}
	if len(lines) != 1 || lines[0].Number != "2.0" || !strings.Contains(lines[0].Text, "기준") || math.Abs(lines[0].AxisValue-2) > 0.05 {
		t.Errorf("reference lines %+v, want one at 2.0 captioned 기준 (2.0명)", lines)
	}
}

func TestRespace(t *testing.T) {
	for _, tc := range []struct{ first, second, want string }{
		{"초저출산 기준 (1.38)", "초저출산기준(1.3명)", "초저출산 기준 (1.3명)"},
		{"목표 80%", "목표80%", "목표 80%"},
		{"OECD 평균", "OECD평균 1.58", "OECD 평균 1.58"},
		{"", "기준선", "기준선"},
		{"전혀 다른 글", "기준", "기준"},
	} {
		if got := respace(tc.first, tc.second); got != tc.want {
			t.Errorf("respace(%q, %q) = %q, want %q", tc.first, tc.second, got, tc.want)
		}
	}
}

func TestNumberIn(t *testing.T) {
	for _, tc := range []struct{ in, num, unit string }{
		{"초저출산 기준 (1.3명)", "1.3", "명"},
		{"목표치 (80%)", "80", "%"},
		{"OECD 평균 1.58", "1.58", ""},
		{"역대 최저 0.72 (2023년)", "0.72", ""},
		{"※ 2024년은 잠정치", "", ""},
		{"전년 대비 +5.2%", "+5.2", "%"},
		{"목표 1,200억원", "1,200", "억원"},
		{"기준선", "", ""},
	} {
		if n, u := numberIn(tc.in); n != tc.num || u != tc.unit {
			t.Errorf("numberIn(%q) = %q %q, want %q %q", tc.in, n, u, tc.num, tc.unit)
		}
	}
}

// FuzzFindRefLines runs the dashed-line finder on random pixels: it
// must not panic, and every line it finds lies in the image.
func FuzzFindRefLines(f *testing.F) {
	f.Add([]byte{10, 10, 255, 0, 0, 2, 3}, uint8(40), uint8(30))
	f.Fuzz(func(t *testing.T, data []byte, w, h uint8) {
		wi, hi := int(w)%120+1, int(h)%120+1
		m := image.NewRGBA(image.Rect(0, 0, wi, hi))
		for i := range m.Pix {
			m.Pix[i] = 255
			if len(data) > 0 {
				m.Pix[i] = data[i%len(data)]
			}
		}
		log := testDiscard{}
		for _, v := range []bool{false, true} {
			for _, l := range findRefLines(m, v, log) {
				if !l.box().Overlaps(m.Rect) {
					t.Fatalf("line %+v outside %v", l, m.Rect)
				}
			}
		}
	})
}

type testDiscard struct{}

func (testDiscard) Debug(string, ...any) {}

// testLog is a debug logger writing to the test's log.
func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// TestFindRefLines draws rows on a blank image and checks which the
// dashed-line finder takes for a reference line.
func TestFindRefLines(t *testing.T) {
	const w, h = 400, 60
	blue, lightBlue := color.RGBA{60, 110, 180, 255}, color.RGBA{70, 100, 165, 255}
	for _, tc := range []struct {
		name string
		draw func(m *image.RGBA)
		want int
	}{
		{"dotted red", func(m *image.RGBA) {
			for x := 20; x < 380; x += 5 {
				paintRect(m, image.Rect(x, 30, x+2, 32), red)
			}
		}, 1},
		{"dashed gray over bars", func(m *image.RGBA) {
			for x := 40; x < 360; x += 80 {
				paintRect(m, image.Rect(x, 10, x+40, 50), blue)
			}
			for x := 20; x < 380; x += 12 {
				paintRect(m, image.Rect(x, 30, x+7, 31), gray)
			}
		}, 1},
		{"solid gridline seen between bars", func(m *image.RGBA) {
			paintRect(m, image.Rect(10, 30, 390, 31), gray)
			for x := 20; x < 380; x += 30 {
				paintRect(m, image.Rect(x, 20, x+22, 40), blue)
			}
		}, 0},
		{"solid edge in two near shades", func(m *image.RGBA) {
			for x := 10; x < 390; x++ {
				c := blue
				if x%6 < 3 {
					c = lightBlue
				}
				paintRect(m, image.Rect(x, 30, x+1, 32), c)
			}
		}, 0},
		{"row of text strokes", func(m *image.RGBA) {
			for x := 20; x < 380; x += 6 {
				paintRect(m, image.Rect(x, 22, x+2, 38), gray)
			}
		}, 0},
		{"too short", func(m *image.RGBA) {
			for x := 20; x < 100; x += 5 {
				paintRect(m, image.Rect(x, 30, x+2, 32), red)
			}
		}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := image.NewRGBA(image.Rect(0, 0, w, h))
			paintRect(m, m.Rect, color.RGBA{255, 255, 255, 255})
			tc.draw(m)
			got := findRefLines(m, false, testDiscard{})
			if len(got) != tc.want {
				t.Errorf("found %d lines, want %d: %+v", len(got), tc.want, got)
			}
		})
	}
}

func paintRect(m *image.RGBA, r image.Rectangle, c color.RGBA) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			m.SetRGBA(x, y, c)
		}
	}
}

// FuzzRespace checks that respace keeps the second reading's letters and
// only adds spaces.
func FuzzRespace(f *testing.F) {
	f.Add("초저출산 기준 (1.38)", "초저출산기준(1.3명)")
	f.Fuzz(func(t *testing.T, first, second string) {
		if len(first) > 200 || len(second) > 200 {
			return
		}
		got := respace(first, second)
		strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if strip(got) != strip(second) {
			t.Fatalf("respace(%q, %q) = %q: letters changed", first, second, got)
		}
		if n, _ := numberIn(got); n != "" && !strings.Contains(strip(second), n) {
			t.Fatalf("numberIn(%q) = %q, not in the text", got, n)
		}
	})
}

// BenchmarkFindRefLines scans a rendered 800×500 chart with a dotted
// reference line, both ways.
func BenchmarkFindRefLines(b *testing.B) {
	r, err := NewRenderer("", "")
	if err != nil {
		b.Skip(err)
	}
	spec := Spec{Title: "추이", Type: TypeLine, Categories: []string{"2020", "2021", "2022", "2023"}, Grid: true,
		Series: []Series{{Values: []float64{2.4, 2.1, 1.8, 1.6}}}}
	img, err := r.Render(spec)
	if err != nil {
		b.Fatal(err)
	}
	for x := 80; x < 760; x += 5 {
		paintRect(img, image.Rect(x, 200, x+2, 202), red)
	}
	found := 0
	for b.Loop() {
		found = len(findRefLines(img, false, testDiscard{})) + len(findRefLines(img, true, testDiscard{}))
	}
	b.ReportMetric(float64(found), "lines")
}
