package main

import (
	"log/slog"
	"path/filepath"

	"github.com/policyqa/policyqa/ocr"
)

// newOCR starts the tesseract engine pool, caching results under workDir.
// The corpus (scanned pages, chart ref files, figures) and serve's upload
// endpoints share it.
func newOCR(workDir string, log *slog.Logger) (*ocr.Tesseract, error) {
	cacheDir := ""
	if workDir != "" {
		cacheDir = filepath.Join(workDir, "ocr-cache")
	}
	return ocr.NewTesseract(ocr.Options{CacheDir: cacheDir, Logger: log})
}
