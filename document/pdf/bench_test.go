package pdf

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkParseReal parses the real development PDFs (skipped when the
// shared data is absent) and reports pages and blocks per second.
func BenchmarkParseReal(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(realData, "agc-dev-pdf", "doc", "*", "*.pdf"))
	if len(files) == 0 {
		b.Skip("no real PDFs")
	}
	pages, blocks := 0, 0
	for b.Loop() {
		for _, f := range files {
			d, err := ParseFile(context.Background(), f, Options{})
			if err != nil {
				b.Fatal(err)
			}
			pages += d.Pages
			blocks += len(d.Blocks)
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(blocks)/float64(b.N), "blocks/op")
}

// BenchmarkRebuild measures the pure layout step on the fixture's pages.
func BenchmarkRebuild(b *testing.B) {
	d := reportPages()
	var pts []PageText
	for i := range d {
		var runs []Run
		for _, it := range d[i].items {
			runs = append(runs, glyphs(it.text, it.x, it.y, it.size)...)
		}
		pts = append(pts, PageText{Number: i + 1, Box: [4]float64{0, 0, 595, 842}, Runs: runs})
	}
	for b.Loop() {
		Rebuild(pts)
	}
}
