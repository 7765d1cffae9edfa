package scan

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/policyqa/policyqa/document/pdfrender"
	"github.com/policyqa/policyqa/ocr"
)

const tinyPDF = "../../document/pdfrender/testdata/tiny.pdf"

func TestOCRPagesFake(t *testing.T) {
	ctx := context.Background()
	var calls []int
	fake := &ocr.Fake{Func: func(img []byte, mode ocr.Mode) (ocr.Result, error) {
		if mode != ocr.ModePage {
			t.Errorf("mode = %v", mode)
		}
		cfg, _, err := ocr.DecodeImage(img, 0)
		if err != nil {
			return ocr.Result{}, err
		}
		return ocr.Result{Text: fmt.Sprintf("w=%d", cfg.Bounds().Dx())}, nil
	}}
	texts, err := OCRPages(ctx, tinyPDF, nil, fake, 100, func(done, total int) { calls = append(calls, done) })
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{1: "w=850", 2: "w=850"}
	if fmt.Sprint(texts) != fmt.Sprint(want) {
		t.Errorf("texts = %v, want %v", texts, want)
	}
	if len(calls) != 2 || calls[1] != 2 {
		t.Errorf("progress calls = %v", calls)
	}
	if _, err := OCRPages(ctx, tinyPDF, []int{3}, fake, 100, nil); !errors.Is(err, pdfrender.ErrPage) {
		t.Errorf("page 3: err = %v", err)
	}
	boom := errors.New("boom")
	bad := &ocr.Fake{Func: func([]byte, ocr.Mode) (ocr.Result, error) { return ocr.Result{}, boom }}
	if _, err := OCRPages(ctx, tinyPDF, nil, bad, 72, nil); !errors.Is(err, boom) {
		t.Errorf("engine error: err = %v", err)
	}
	// A page the engine fails on (a crashed worker) costs that page only.
	var n atomic.Int32
	once := &ocr.Fake{Func: func([]byte, ocr.Mode) (ocr.Result, error) {
		if n.Add(1) == 1 {
			return ocr.Result{}, fmt.Errorf("page: %w", ocr.ErrWorkerCrashed)
		}
		return ocr.Result{Text: "read"}, nil
	}}
	texts, err = OCRPages(ctx, tinyPDF, nil, once, 72, nil)
	if !errors.Is(err, ocr.ErrWorkerCrashed) || len(texts) != 1 || !strings.Contains(err.Error(), "page ") {
		t.Errorf("one failing page: texts %v, err %v", texts, err)
	}
}

// BenchmarkAgcDevScan OCRs every page of the image-only PDFs of
// ../shared/data/agc-dev-scan with tesseract and prints seconds per page,
// peak RSS, and how well the gold paragraphs of its problems appear in the
// text (character similarity after removing white space). Run with
// go test ./ocr/scan -run X -bench AgcDevScan -benchtime 1x.
func BenchmarkAgcDevScan(b *testing.B) {
	root := "../../../shared/data/agc-dev-scan"
	files, _ := filepath.Glob(filepath.Join(root, "doc/*/*.pdf"))
	if len(files) == 0 {
		b.Skip("agc-dev-scan absent")
	}
	cacheDir := os.Getenv("POLICYQA_OCR_CACHE") // empty: no cache, measure OCR
	tess, err := ocr.NewTesseract(ocr.Options{CacheDir: cacheDir})
	if err != nil {
		b.Skipf("tesseract: %v", err)
	}
	defer tess.Close()
	ctx := context.Background()
	r, err := pdfrender.NewEngine(ctx, pdfrender.Options{Workers: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	for b.Loop() {
		docs := map[string]string{}
		pages := 0
		start := time.Now()
		for _, f := range files {
			texts, err := OCRDocPages(ctx, r, f, nil, tess, 200, nil)
			if err != nil {
				b.Fatal(err)
			}
			keys := make([]int, 0, len(texts))
			for k := range texts {
				keys = append(keys, k)
			}
			sort.Ints(keys)
			var all strings.Builder
			for _, k := range keys {
				all.WriteString(texts[k])
				all.WriteString("\n")
			}
			docs[strings.TrimSuffix(filepath.Base(f), ".pdf")] = all.String()
			pages += len(texts)
		}
		el := time.Since(start)
		b.ReportMetric(el.Seconds()/float64(pages), "s/page")
		fmt.Printf("agc-dev-scan: %d pages in %.1fs wall with %d workers: %.2f s/page wall, %.2f s/page/worker; peak RSS %s\n",
			pages, el.Seconds(), tess.Workers(), el.Seconds()/float64(pages), el.Seconds()*float64(tess.Workers())/float64(pages), peakRSS())

		var gold map[string]struct {
			Para    string `json:"para"`
			DocFile string `json:"doc_file"`
		}
		data, err := os.ReadFile(filepath.Join(root, "gold.json"))
		if err != nil {
			b.Fatal(err)
		}
		if err := json.Unmarshal(data, &gold); err != nil {
			b.Fatal(err)
		}
		var sum float64
		n := 0
		for no, g := range gold {
			text, ok := docs[g.DocFile]
			if !ok || g.Para == "" {
				continue
			}
			s := Similarity(g.Para, text)
			fmt.Printf("  problem %s (%s): gold paragraph similarity %.3f\n", no, g.DocFile, s)
			sum += s
			n++
		}
		if n > 0 {
			fmt.Printf("  mean gold paragraph similarity %.3f over %d problems\n", sum/float64(n), n)
			b.ReportMetric(sum/float64(n), "similarity")
		}
	}
}

func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		needle, hay string
		want        float64
	}{
		{"가나다", "xx가 나다yy", 1},
		{"가나다라", "가나x다라", 0.75},
		{"abcd", "zzzz", 0},
		{"", "abc", 1},
	}
	for _, tt := range tests {
		if got := Similarity(tt.needle, tt.hay); got < tt.want-1e-9 || got > tt.want+1e-9 {
			t.Errorf("Similarity(%q, %q) = %v, want %v", tt.needle, tt.hay, got, tt.want)
		}
	}
}
