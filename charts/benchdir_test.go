package charts

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"os"
	"path/filepath"
	"testing"

	"github.com/policyqa/policyqa/ocr"
)

// TestOfficeSample reads a few charts LibreOffice drew from seeded
// openpyxl workbooks (scripts/charts/bench-office.sh, seed 2: stacked
// columns with labels, 3-D columns with labels, horizontal bars, a line
// with markers, a doughnut and a pie with percentages; seed 12 of the
// 3-D kinds alone: 3-D columns without labels, 3-D columns with labels
// over the next bar, a 3-D pie without labels) with tesseract and
// requires their values within 5%, as the benchmark scores them, and
// every 3-D chart read whole.
func TestOfficeSample(t *testing.T) {
	if testing.Short() {
		t.Skip("short: tesseract on nine charts")
	}
	eng, err := ocr.NewTesseract(ocr.Options{Workers: 1})
	if err != nil {
		t.Skipf("tesseract: %v", err)
	}
	defer eng.Close()
	dir := filepath.Join("testdata", "office")
	var failures []string
	rep, err := BenchDir(context.Background(), eng, dir, func(s string) { failures = append(failures, s) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("relaxed accuracy %.3f by kind %v, %.2f s per chart", rep.Accuracy, rep.ByKind, rep.SecondsPerChart)
	if rep.N != 9 || rep.Accuracy < 0.9 || rep.ByKind["col3d"] < 1 || rep.ByKind["pie3d"] < 1 {
		t.Errorf("relaxed accuracy %.3f on %d charts (3-D columns %.3f, 3-D pies %.3f), want >= 0.9 on 9 and 1 on the 3-D ones",
			rep.Accuracy, rep.N, rep.ByKind["col3d"], rep.ByKind["pie3d"])
		for _, f := range failures {
			t.Log(f)
		}
	}
}

// TestReadTruth checks the truth format and the reversal of horizontal
// bars' categories (drawn first at the bottom, read top down).
func TestReadTruth(t *testing.T) {
	dir := t.TempDir()
	line := `{"id": "1", "kind": "bar", "labels": true, "format": "png", "title": "t", "categories": ["a", "b"], "series": [{"name": "s", "values": [1, 2]}]}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "truth.jsonl"), []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, err := ReadTruth(dir)
	if err != nil || len(recs) != 1 {
		t.Fatalf("ReadTruth: %v %v", recs, err)
	}
	tb := recs[0].Table()
	if tb.Type != TypeHBar || tb.Categories[0] != "b" || tb.Series[0].Values[0] != 2 || tb.Series[0].Name != "s" {
		t.Errorf("Table() = %+v", tb)
	}
	if _, err := ReadTruth(t.TempDir()); err == nil {
		t.Error("no truth.jsonl: no error")
	}
}

// TestVariedColourBars: one series whose bars are coloured by value
// (a colour scale, as Plotly and "vary colours by point" draw them) is one
// series with a value per bar, not clusters of several series.
func TestVariedColourBars(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	// Bars 40 px wide, 20 px apart, on a base at y=250; 10 px a unit.
	blues := []color.RGBA{{8, 48, 107, 255}, {66, 146, 198, 255}, {158, 202, 225, 255}, {198, 219, 239, 255}}
	vals := []float64{18, 11, 7, 4}
	var words []ocr.Word
	for i, v := range vals {
		x0 := 80 + i*60
		draw.Draw(img, image.Rect(x0, 250-int(v*10), x0+40, 250), &image.Uniform{blues[i]}, image.Point{}, draw.Src)
		words = append(words, ocr.Word{Text: []string{"가", "나", "다", "라"}[i], Box: image.Rect(x0+14, 256, x0+26, 270)})
	}
	for _, tk := range []int{0, 5, 10, 15, 20} {
		y := 250 - tk*10
		words = append(words, ocr.Word{Text: FormatValue(float64(tk)), Box: image.Rect(50, y-6, 70, y+6)})
	}
	got, err := ExtractWith(context.Background(), img, perfectOCR(words), ExtractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != TypeBar || len(got.Series) != 1 || len(got.Series[0].Values) != 4 {
		t.Fatalf("got %+v", got)
	}
	for i, v := range vals {
		if !within(got.Series[0].Values[i], v, 0.05) {
			t.Errorf("bar %d: %v, want %v", i, got.Series[0].Values[i], v)
		}
	}
}
