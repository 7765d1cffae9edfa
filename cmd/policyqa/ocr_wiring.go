package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/policyqa/policyqa/charts"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/ocr/scan"
	"github.com/policyqa/policyqa/pipeline"
)

// configureOCR wires the tesseract engine into the corpus: scanned PDF
// pages are OCRed, and image ref files go through chart extraction. The
// returned function releases the engine.
func configureOCR(cfg *pipeline.Config, log *slog.Logger) (func(), error) {
	eng, err := ocr.NewTesseract(ocr.Options{CacheDir: filepath.Join(cfg.WorkDir, "ocr-cache"), Logger: log})
	if err != nil {
		return func() {}, err
	}
	cfg.Corpus.OCR = func(ctx context.Context, path string, pages []int) (map[int]string, error) {
		start := time.Now()
		texts, err := scan.OCRPages(ctx, path, pages, eng, 0, func(done, total int) {
			log.Info("OCR", "file", filepath.Base(path), "pages done", done, "of", total, "elapsed", time.Since(start).Round(time.Second))
		})
		if err != nil {
			return texts, fmt.Errorf("OCR %s: %w", path, err)
		}
		return texts, nil
	}
	cfg.Corpus.Charts = func(ctx context.Context, id string, data []byte) ([]document.Block, error) {
		img, _, err := ocr.DecodeImage(data, 0)
		if err != nil {
			return nil, err
		}
		t, err := charts.Extract(ctx, img, eng)
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", id, err)
		}
		return []document.Block{{Kind: document.KindTable, Text: t.Title, Table: t.Document()}}, nil
	}
	return func() { eng.Close() }, nil
}
