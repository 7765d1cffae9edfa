package charts

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/ocr"
)

// perfectOCR answers with the words the renderer wrote.
func perfectOCR(words []ocr.Word) *ocr.Fake {
	return &ocr.Fake{Func: func(_ []byte, mode ocr.Mode) (ocr.Result, error) {
		if mode == ocr.ModeDigits {
			return ocr.Result{}, nil // regions read again: nothing more
		}
		return ocr.Result{Words: words}, nil
	}}
}

// TestExtractPerfectOCR runs Extract on rendered charts of every type,
// plain and styled, with an OCR fake that reads exactly what was drawn:
// the chart logic alone, without tesseract.
func TestExtractPerfectOCR(t *testing.T) {
	r := newTestRenderer(t)
	rng := rand.New(rand.NewPCG(7, 7))
	ctx := context.Background()
	for _, styled := range []bool{false, true} {
		for _, typ := range Types {
			for _, labels := range []bool{true, false} {
				spec := RandomSpec(rng, typ, labels)
				if styled {
					RandomStyle(rng, &spec)
				}
				name := typ
				if labels {
					name += "/labels"
				}
				if styled {
					name += "/styled"
				}
				t.Run(name, func(t *testing.T) {
					img, words, err := r.RenderWords(spec)
					if err != nil {
						t.Fatal(err)
					}
					got, err := ExtractWith(ctx, img, perfectOCR(words), ExtractOptions{})
					if err != nil {
						t.Fatal(err)
					}
					want := spec.Truth()
					sc := Compare(want, got)
					if !sc.TypeOK || !sc.TitleOK || !sc.CategoriesOK || sc.Correct != sc.Values {
						t.Errorf("score %+v\nwant %+v\ngot  %+v", sc, want, got)
					}
				})
			}
		}
	}
}

// TestExtractReread checks that the second reading of labels, one line
// at a time, replaces the first.
func TestExtractReread(t *testing.T) {
	r := newTestRenderer(t)
	spec := Spec{Title: "제목", Type: TypeGrouped, Categories: []string{"가", "나"}, Legend: true,
		Series: []Series{{Name: "갑", Values: []float64{10, 20}}, {Name: "을", Values: []float64{30, 5}}}}
	img, words, err := r.RenderWords(spec)
	if err != nil {
		t.Fatal(err)
	}
	fake := &ocr.Fake{Func: func(_ []byte, mode ocr.Mode) (ocr.Result, error) {
		if mode == ocr.ModeLine {
			return ocr.Result{Text: "| 다시 |"}, nil
		}
		return ocr.Result{Words: words, Text: "all"}, nil
	}}
	got, err := Extract(context.Background(), img, fake)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "다시" || got.Categories[0] != "다시" || got.Categories[1] != "다시" || got.Series[0].Name != "다시" || got.Series[1].Name != "다시" {
		t.Errorf("got %+v", got)
	}
	if got.OCRText != "all" || math.Abs(got.Series[1].Values[0]-30) > 1 {
		t.Errorf("got %+v", got)
	}
	// 1 chart reading + title + 2 categories + 2 legend names.
	if fake.Calls() != 6 {
		t.Errorf("%d OCR calls, want 6", fake.Calls())
	}
}

func TestExtractNotAChart(t *testing.T) {
	r := newTestRenderer(t)
	img, _, err := r.RenderWords(Spec{Type: TypeBar, Categories: []string{"a"}, Series: []Series{{Values: []float64{0}}}})
	if err != nil {
		t.Fatal(err)
	}
	words := []ocr.Word{{Text: "그림", Box: img.Rect.Inset(300)}}
	got, err := Extract(context.Background(), img, perfectOCR(words))
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != TypeOther || len(got.Series) != 0 {
		t.Errorf("got %+v", got)
	}
	got.OCRText = "그림 설명"
	if got.Text() != "그림 설명" {
		t.Errorf("Text() = %q, want the OCR text", got.Text())
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"12", 12, true},
		{"12.5", 12.5, true},
		{"1,234", 1234, true},
		{"1,234,567", 1234567, true},
		{"45,7", 45.7, true},
		{"2.000", 2000, true},
		{"45%", 45, true},
		{"(3.5)", 3.5, true},
		{"-3", -3, true},
		{"2018년", 0, false},
		{"abc", 0, false},
		{"", 0, false},
		{"%", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseNumber(tt.in)
		if ok != tt.ok || (ok && math.Abs(got-tt.want) > 1e-9) {
			t.Errorf("parseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"12", "1,234", "45,7", "2.000", "-3%", "(1)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := parseNumber(s)
		if ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("parseNumber(%q) = %v", s, v)
		}
	})
}

func TestFitAxis(t *testing.T) {
	mk := func(text string, y int) *word {
		v, ok := parseNumber(text)
		return &word{Word: ocr.Word{Text: text, Box: rect(10, y-6, 40, y+6)}, num: v, isNum: ok}
	}
	// Ticks every 50 px from 0 at y=400 up; one misread ("7" for 150)
	// and one stray number must not bend the line.
	ws := []*word{mk("0", 400), mk("50", 350), mk("100", 300), mk("7", 250), mk("200", 200), mk("999", 120)}
	ax := fitAxis(ws, true, -1)
	if !ax.ok || len(ax.ticks) != 4 {
		t.Fatalf("axis %+v", ax)
	}
	if v := ax.value(275); math.Abs(v-125) > 1e-6 {
		t.Errorf("value(275) = %v, want 125", v)
	}
}

func TestTableTextAndDocument(t *testing.T) {
	tb := &Table{Title: "지역별 예산", Type: TypeGrouped, Categories: []string{"서울", "부산"},
		Series: []Series{{Name: "예산", Values: []float64{12.5, 3}}, {Name: "집행액", Values: []float64{10, 2.25}}}}
	want := "지역별 예산\n서울: 예산 12.5, 집행액 10\n부산: 예산 3, 집행액 2.25"
	if got := tb.Text(); got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
	d := tb.Document()
	grid := d.Grid()
	if d.Caption != "지역별 예산" || len(grid) != 3 || strings.Join(grid[0], "|") != "|예산|집행액" || strings.Join(grid[2], "|") != "부산|3|2.25" {
		t.Errorf("Document() = %+v", grid)
	}
	pie := &Table{Type: TypePie, Categories: []string{"가"}, Series: []Series{{Values: []float64{40}}}}
	if got := pie.Text(); got != "가: 40%" {
		t.Errorf("pie Text() = %q", got)
	}
}

// TestUnreadableValues checks that a value Extract could not read (NaN)
// gives an empty cell and no text, never a number such as
// -92233720368547760 (an integer conversion of NaN).
func TestUnreadableValues(t *testing.T) {
	tb := &Table{Type: TypeBar, Categories: []string{"가", "나"}, Series: []Series{{Name: "s", Values: []float64{math.NaN(), 12.345}}}}
	d := tb.Document()
	if got := d.Rows[1][1].Text; got != "" {
		t.Errorf("NaN cell %q, want empty", got)
	}
	if got := d.Rows[2][1].Text; got != "12.35" && got != "12.34" {
		t.Errorf("cell %q, want 12.35", got)
	}
	if txt := tb.Text(); strings.Contains(txt, "922") || strings.Contains(txt, "NaN") {
		t.Errorf("text %q", txt)
	}
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if s := FormatValue(round(v, 2)); s != "" {
			t.Errorf("FormatValue(%v) = %q", v, s)
		}
	}
}
