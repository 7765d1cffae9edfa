package pdf

import (
	"context"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/policyqa/policyqa/internal/proc"
)

// benchFiles parses files with GOMAXPROCS workers (one document each at a
// time, as the corpus loader does) and reports text-layer pages per
// second (pages with a usable text layer; parse only, no OCR).
func benchFiles(b *testing.B, files []string) {
	if len(files) == 0 {
		b.Skip("no real PDFs")
	}
	var pages, textPages, blocks atomic.Int64
	cpu0 := proc.CPU()
	for b.Loop() {
		jobs := make(chan string)
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for f := range jobs {
					d, info, err := ParseFileInfo(context.Background(), f, Options{})
					if err != nil {
						b.Error(err)
						continue
					}
					pages.Add(int64(d.Pages))
					blocks.Add(int64(len(d.Blocks)))
					for _, pi := range info {
						if pi.Usable {
							textPages.Add(1)
						}
					}
				}
			}()
		}
		for _, f := range files {
			jobs <- f
		}
		close(jobs)
		wg.Wait()
	}
	// On a shared machine wall time says more about the neighbours than
	// about the parser: CPU time per page and the load average go beside
	// it. text-pages/cpu-s is what one core does when it is not shared.
	if cpu := (proc.CPU() - cpu0).Seconds(); cpu > 0 {
		b.ReportMetric(float64(textPages.Load())/cpu, "text-pages/cpu-s")
	}
	b.ReportMetric(proc.LoadAvg(), "load")
	b.ReportMetric(float64(textPages.Load())/b.Elapsed().Seconds(), "text-pages/s")
	b.ReportMetric(float64(pages.Load())/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(blocks.Load())/float64(b.N), "blocks/op")
}

// BenchmarkParseFieldDev is the ingest benchmark of issue 15: text-layer
// pages per second on the field-dev PDFs (real Hancom, Distiller and
// ezPDF files), parse only. Run it on 2 cores:
//
//	go test ./document/pdf -run X -bench ParseFieldDev -benchtime 5x -cpu 2
func BenchmarkParseFieldDev(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(realData, "field-dev", "doc", "*", "*.pdf"))
	benchFiles(b, files)
}

// BenchmarkParseReal parses the agc-dev-pdf reports (LibreOffice PDFs).
func BenchmarkParseReal(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(realData, "agc-dev-pdf", "doc", "*", "*.pdf"))
	benchFiles(b, files)
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
