package main

import (
	"log/slog"
	"path/filepath"

	"github.com/policyqa/policyqa/ocr"
)

// newOCR starts the tesseract engine pool, caching results under workDir.
// The corpus (scanned pages, chart ref files, figures) and serve's upload
// endpoints share it. Each client runs in a worker process (this binary
// again, see main), so that a crash in tesseract fails one image.
func newOCR(workDir string, log *slog.Logger) (*ocr.Tesseract, error) {
	cacheDir := ""
	if workDir != "" {
		cacheDir = filepath.Join(workDir, "ocr-cache")
	}
	w, err := ocr.SelfWorker()
	if err != nil {
		return nil, err
	}
	return ocr.NewTesseract(ocr.Options{CacheDir: cacheDir, Logger: log, Worker: w})
}
