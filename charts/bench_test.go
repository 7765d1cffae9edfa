package charts

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"testing"

	"github.com/policyqa/policyqa/ocr"
)

// BenchmarkCharts runs Bench with tesseract and prints the report
// (CHARTS_N sets the number of charts, default 24).
func BenchmarkCharts(b *testing.B) {
	r := newTestRenderer(b)
	tess, err := ocr.NewTesseract(ocr.Options{CacheDir: os.Getenv("POLICYQA_OCR_CACHE")})
	if err != nil {
		b.Skipf("tesseract: %v", err)
	}
	defer tess.Close()
	n, _ := strconv.Atoi(os.Getenv("CHARTS_N"))
	if n == 0 {
		n = 24
	}
	for b.Loop() {
		rep, err := Bench(context.Background(), tess, BenchOptions{N: n, Renderer: r, Plain: os.Getenv("CHARTS_PLAIN") != "", Failures: func(s string) { b.Log(s) }})
		if err != nil {
			b.Fatal(err)
		}
		js, _ := json.Marshal(rep)
		b.Logf("%s", js)
		b.ReportMetric(rep.Accuracy, "accuracy")
	}
}
