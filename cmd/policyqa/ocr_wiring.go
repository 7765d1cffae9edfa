package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/policyqa/policyqa/charts"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/pdfrender"
	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/ocr/scan"
	"github.com/policyqa/policyqa/pipeline"
)

// newOCR starts the tesseract engine pool, caching results under workDir.
func newOCR(workDir string, log *slog.Logger) (*ocr.Tesseract, error) {
	cacheDir := ""
	if workDir != "" {
		cacheDir = filepath.Join(workDir, "ocr-cache")
	}
	return ocr.NewTesseract(ocr.Options{CacheDir: cacheDir, Logger: log})
}

// corpusOCR returns the corpus hooks that read scanned PDF pages and turn
// image ref files into chart tables (or, for figures that are not charts,
// their OCR text).
func corpusOCR(eng ocr.Engine, log *slog.Logger) (pipeline.PageOCR, pipeline.ImageTables) {
	pages := func(ctx context.Context, path string, pages []int) (map[int]string, error) {
		start := time.Now()
		texts, err := scan.OCRPages(ctx, path, pages, eng, 0, func(done, total int) {
			log.Info("OCR", "file", filepath.Base(path), "pages done", done, "of", total, "elapsed", time.Since(start).Round(time.Second))
		})
		if err != nil {
			return texts, fmt.Errorf("OCR %s: %w", path, err)
		}
		return texts, nil
	}
	images := func(ctx context.Context, id string, data []byte) ([]document.Block, error) {
		img, _, err := ocr.DecodeImage(data, 0)
		if err != nil {
			return nil, err
		}
		t, err := charts.Extract(ctx, img, eng)
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
func pdfFigures(log *slog.Logger) pipeline.PDFImages {
	return func(ctx context.Context, path string) ([]pipeline.PageImage, error) {
		eng, err := pdfrender.NewEngine(ctx, pdfrender.Options{Workers: 1, Logger: log})
		if err != nil {
			return nil, err
		}
		defer eng.Close()
		doc, err := eng.Open(ctx, path)
		if err != nil {
			return nil, err
		}
		defer doc.Close()
		var out []pipeline.PageImage
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
				out = append(out, pipeline.PageImage{Page: n, Name: fmt.Sprintf("page%d-img%d", n, im.Index), Data: buf.Bytes()})
			}
			if ctx.Err() != nil {
				return out, ctx.Err()
			}
		}
		return out, errors.Join(errs...)
	}
}

// configureOCR wires OCR and chart extraction into a run's corpus. The
// returned function releases the engine.
func configureOCR(cfg *pipeline.Config, log *slog.Logger) (func(), error) {
	eng, err := newOCR(cfg.WorkDir, log)
	if err != nil {
		return func() {}, err
	}
	cfg.Corpus.OCR, cfg.Corpus.Charts = corpusOCR(eng, log)
	cfg.Corpus.PDFImages = pdfFigures(log)
	return func() { eng.Close() }, nil
}
