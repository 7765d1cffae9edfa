package scan

import (
	"context"
	"errors"
	"fmt"
	"image"
	"runtime"
	"sort"
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

// OCRDocPages is OCRPages with a caller's PDFium engine: each page read
// whole in one call (ocr.ModePage). Pages are rendered one after the
// other and read concurrently, as many at once as the engine has workers
// (Workers() int), else the number of CPUs; at most that many rendered
// pages are held in memory. A page the engine fails on is left out of the
// map and its error joined into the returned one; the other pages are
// still read.
func OCRDocPages(ctx context.Context, r *pdfrender.Engine, path string, pages []int, eng ocr.Engine, dpi int, progress func(done, total int)) (map[int]string, error) {
	var mu sync.Mutex
	texts := map[int]string{}
	err := eachPage(ctx, r, path, pages, workers(eng), dpi, progress, func(ctx context.Context, page int, img *image.Gray) error {
		res, err := eng.Recognize(ctx, encodePNG(img), ocr.ModePage)
		if err != nil {
			return err
		}
		mu.Lock()
		texts[page] = res.Text
		mu.Unlock()
		return nil
	})
	return texts, err
}

// ReadDocPages renders pages as OCRDocPages does and reads them with rd,
// layout first (Reader.ReadPage), returning the pages read in page order
// (Blocks makes document blocks of them). A page that fails is left out,
// its error joined into the returned one.
func ReadDocPages(ctx context.Context, r *pdfrender.Engine, path string, pages []int, rd *Reader, progress func(done, total int)) ([]*Page, error) {
	var mu sync.Mutex
	var out []*Page
	err := eachPage(ctx, r, path, pages, workers(rd.Engine), rd.DPI, progress, func(ctx context.Context, page int, img *image.Gray) error {
		p, err := rd.ReadPage(ctx, img)
		if err != nil {
			return err
		}
		p.Number = page
		mu.Lock()
		out = append(out, p)
		mu.Unlock()
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out, err
}

func workers(eng ocr.Engine) int {
	if w, ok := eng.(workerer); ok && w.Workers() > 0 {
		return w.Workers()
	}
	return runtime.NumCPU()
}

// eachPage renders pages (nil: all) one after the other at dpi and hands
// them to read, n at a time. A page that fails costs that page only: its
// error, naming the file and page, is joined into the result.
func eachPage(ctx context.Context, r *pdfrender.Engine, path string, pages []int, n, dpi int, progress func(done, total int), read func(ctx context.Context, page int, img *image.Gray) error) error {
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	d, err := r.Open(ctx, path)
	if err != nil {
		return err
	}
	defer d.Close()
	if pages == nil {
		for p := 1; p <= d.PageCount(); p++ {
			pages = append(pages, p)
		}
	}
	for _, p := range pages {
		if p < 1 || p > d.PageCount() {
			return fmt.Errorf("scan: %s: %w: page %d of %d", path, pdfrender.ErrPage, p, d.PageCount())
		}
	}
	type job struct {
		page int
		img  *image.Gray
	}
	jobs := make(chan job)
	var (
		mu      sync.Mutex
		pageErr []error
		done    int
		wg      sync.WaitGroup
	)
	fail := func(page int, err error) {
		mu.Lock()
		pageErr = append(pageErr, fmt.Errorf("scan: %s page %d: %w", path, page, err))
		mu.Unlock()
	}
	for range min(n, len(pages)) {
		wg.Go(func() {
			for j := range jobs {
				// One page that cannot be read (a crash in the engine)
				// costs that page only.
				err := read(ctx, j.page, j.img)
				if err != nil {
					fail(j.page, err)
				}
				mu.Lock()
				done++
				if progress != nil {
					progress(done, len(pages))
				}
				mu.Unlock()
			}
		})
	}
render:
	for _, p := range pages {
		img, err := d.RenderPageGray(ctx, p, dpi)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			fail(p, err)
			continue
		}
		select {
		case jobs <- job{p, img}:
		case <-ctx.Done():
			break render
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return errors.Join(append(pageErr, err)...)
	}
	return errors.Join(pageErr...)
}
