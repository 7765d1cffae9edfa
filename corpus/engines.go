package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"log/slog"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/policyqa/policyqa/charts"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/pdfrender"
	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/ocr/scan"
)

// pdfEngine starts one PDFium pool on first use and shares it among the
// corpus's loaders (pdfrender: one engine per process).
type pdfEngine struct {
	workers int
	log     *slog.Logger

	mu  sync.Mutex
	eng *pdfrender.Engine
}

// get returns the engine, starting it the first time. A failed start is
// retried by the next caller.
func (p *pdfEngine) get(ctx context.Context) (*pdfrender.Engine, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.eng != nil {
		return p.eng, nil
	}
	eng, err := pdfrender.NewEngine(ctx, pdfrender.Options{Workers: p.workers, Logger: p.log})
	if err != nil {
		return nil, err
	}
	p.eng = eng
	return eng, nil
}

// Close stops the engine if it was started.
func (p *pdfEngine) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.eng == nil {
		return nil
	}
	err := p.eng.Close()
	p.eng = nil
	return err
}

// Engines are the loader hooks made from one OCR engine, sharing one
// PDFium engine (started on first use) for scanned pages and PDF figures.
type Engines struct {
	// OCR reads scanned PDF pages.
	OCR PageOCR
	// Charts turns an image (ref file or figure) into a chart table, or
	// the OCR text of a figure that is not a chart.
	Charts ImageTables
	// PDFImages lists the figures of PDF pages.
	PDFImages PDFImages

	pdfs *pdfEngine
}

// NewEngines builds the hooks over eng. workers bounds the PDFs open at
// once (default: number of CPUs). Close stops PDFium; eng stays the
// caller's.
func NewEngines(eng ocr.Engine, workers int, log *slog.Logger) *Engines {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	pdfs := &pdfEngine{workers: workers, log: log}
	e := &Engines{pdfs: pdfs, PDFImages: pdfFigures(pdfs)}
	e.OCR, e.Charts = ocrHooks(eng, pdfs, log)
	return e
}

// Close stops the PDFium engine if it was started.
func (e *Engines) Close() error { return e.pdfs.Close() }

// ocrHooks returns the loader hooks that read scanned PDF pages and turn
// image ref files into chart tables (or, for figures that are not charts,
// their OCR text).
func ocrHooks(eng ocr.Engine, pdfs *pdfEngine, log *slog.Logger) (PageOCR, ImageTables) {
	pages := func(ctx context.Context, path string, pages []int) (map[int][]document.Block, error) {
		r, err := pdfs.get(ctx)
		if err != nil {
			return nil, fmt.Errorf("OCR %s: %w", path, err)
		}
		start := time.Now()
		read, err := scan.ReadDocPages(ctx, r, path, pages, &scan.Reader{Engine: eng}, func(done, total int) {
			log.Info("OCR", "file", filepath.Base(path), "pages done", done, "of", total, "elapsed", time.Since(start).Round(time.Second))
		})
		out := map[int][]document.Block{}
		for _, b := range scan.Blocks(read) {
			out[b.Page] = append(out[b.Page], b)
		}
		if err != nil {
			return out, fmt.Errorf("OCR %s: %w", path, err)
		}
		return out, nil
	}
	images := func(ctx context.Context, id string, data []byte) ([]document.Block, error) {
		img, _, err := ocr.DecodeImage(data, 0)
		if err != nil {
			return nil, err
		}
		t, err := charts.ExtractWith(ctx, img, eng, charts.ExtractOptions{Reread: true, Log: log.With("chart", id)})
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", id, err)
		}
		if t.Type == charts.TypeOther {
			return []document.Block{{Kind: document.KindFigure, Text: t.Text()}}, nil
		}
		return []document.Block{{Kind: document.KindTable, Text: t.Title, Table: t.Document()}}, nil
	}
	return pages, images
}

// minFigure is the smallest embedded image read as a figure: smaller ones
// are logos, bullets and rules.
const minFigureW, minFigureH = 200, 120

// pdfFigures lists the images of a PDF's pages through PDFium.
func pdfFigures(pdfs *pdfEngine) PDFImages {
	return func(ctx context.Context, path string) ([]PageImage, error) {
		eng, err := pdfs.get(ctx)
		if err != nil {
			return nil, err
		}
		doc, err := eng.Open(ctx, path)
		if err != nil {
			return nil, err
		}
		defer doc.Close()
		var out []PageImage
		var errs []error
		for n := 1; n <= doc.PageCount(); n++ {
			imgs, err := doc.PageImages(ctx, n)
			if err != nil {
				errs = append(errs, fmt.Errorf("page %d: %w", n, err))
			}
			for _, im := range imgs {
				b := im.Image.Bounds()
				if b.Dx() < minFigureW || b.Dy() < minFigureH {
					continue
				}
				var buf bytes.Buffer
				if err := png.Encode(&buf, im.Image); err != nil {
					errs = append(errs, fmt.Errorf("page %d image %d: %w", n, im.Index, err))
					continue
				}
				out = append(out, PageImage{Page: n, Name: fmt.Sprintf("page%d-img%d", n, im.Index), Data: buf.Bytes()})
			}
			if ctx.Err() != nil {
				return out, ctx.Err()
			}
		}
		return out, errors.Join(errs...)
	}
}
