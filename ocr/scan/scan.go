package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"runtime"
	"sync"

	"github.com/policyqa/policyqa/document/pdfrender"
	"github.com/policyqa/policyqa/ocr"
)

// DefaultDPI is the render resolution used when dpi is 0: tesseract reads
// 10-12 pt text well at 200 dpi, and the cost grows with the pixels.
const DefaultDPI = 200

// OCRPages renders the given pages (1-based; nil means all) of the PDF at
// path and reads them with eng, returning each page's text. It starts its
// own PDFium engine (with the default compilation cache); a caller that
// already has one should use OCRDocPages. progress, when not nil, is
// called after each page (from one goroutine at a time).
func OCRPages(ctx context.Context, path string, pages []int, eng ocr.Engine, dpi int, progress func(done, total int)) (map[int]string, error) {
	r, err := pdfrender.NewEngine(ctx, pdfrender.Options{Workers: 1})
	if err != nil {
		return nil, err
	}
	texts, err := OCRDocPages(ctx, r, path, pages, eng, dpi, progress)
	return texts, errors.Join(err, r.Close())
}

// workerer is implemented by engines that read several images at once
// (ocr.Tesseract).
type workerer interface{ Workers() int }

// OCRDocPages is OCRPages with a caller's PDFium engine. Pages are
// rendered one after the other and read concurrently, as many at once as
// the engine has workers (Workers() int), else the number of CPUs; at
// most that many rendered pages are held in memory. A page the engine
// fails on is left out of the map and its error joined into the returned
// one; the other pages are still read.
func OCRDocPages(ctx context.Context, r *pdfrender.Engine, path string, pages []int, eng ocr.Engine, dpi int, progress func(done, total int)) (map[int]string, error) {
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	d, err := r.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	if pages == nil {
		for p := 1; p <= d.PageCount(); p++ {
			pages = append(pages, p)
		}
	}
	for _, p := range pages {
		if p < 1 || p > d.PageCount() {
			return nil, fmt.Errorf("scan: %s: %w: page %d of %d", path, pdfrender.ErrPage, p, d.PageCount())
		}
	}
	workers := runtime.NumCPU()
	if w, ok := eng.(workerer); ok && w.Workers() > 0 {
		workers = w.Workers()
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	type job struct {
		page int
		png  []byte
	}
	jobs := make(chan job)
	var (
		mu      sync.Mutex
		texts   = make(map[int]string, len(pages))
		pageErr []error
		done    int
		wg      sync.WaitGroup
	)
	for range min(workers, len(pages)) {
		wg.Go(func() {
			for j := range jobs {
				res, err := eng.Recognize(ctx, j.png, ocr.ModePage)
				mu.Lock()
				if err != nil {
					// One page that cannot be read (a crash in the
					// engine) costs that page only.
					pageErr = append(pageErr, fmt.Errorf("scan: %s page %d: %w", path, j.page, err))
				} else {
					texts[j.page] = res.Text
				}
				done++
				if progress != nil {
					progress(done, len(pages))
				}
				mu.Unlock()
			}
		})
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
render:
	for _, p := range pages {
		img, err := d.RenderPageGray(ctx, p, dpi)
		if err == nil {
			var buf bytes.Buffer
			if err = enc.Encode(&buf, img); err == nil {
				select {
				case jobs <- job{p, buf.Bytes()}:
				case <-ctx.Done():
					break render
				}
				continue
			}
		}
		if ctx.Err() != nil {
			break
		}
		mu.Lock()
		pageErr = append(pageErr, fmt.Errorf("scan: %s page %d: %w", path, p, err))
		mu.Unlock()
	}
	close(jobs)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return texts, errors.Join(append(pageErr, err)...)
	}
	return texts, errors.Join(pageErr...)
}
