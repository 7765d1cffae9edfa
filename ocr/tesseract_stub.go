//go:build notesseract

package ocr

import (
	"context"
	"fmt"
	"os"
	"time"
)

// Tesseract is unavailable in this build (tag notesseract).
type Tesseract struct{}

// NewTesseract returns ErrUnavailable in builds without tesseract.
func NewTesseract(opts Options) (*Tesseract, error) { return nil, ErrUnavailable }

// Workers reports 0.
func (t *Tesseract) Workers() int { return 0 }

// Recognize returns ErrUnavailable.
func (t *Tesseract) Recognize(ctx context.Context, img []byte, mode Mode) (Result, error) {
	return Result{}, ErrUnavailable
}

// RecognizeParams returns ErrUnavailable.
func (t *Tesseract) RecognizeParams(ctx context.Context, img []byte, mode Mode, p Params) (Result, error) {
	return Result{}, ErrUnavailable
}

// WorkerCPU returns 0.
func (t *Tesseract) WorkerCPU() time.Duration { return 0 }

// Close does nothing.
func (t *Tesseract) Close() error { return nil }

// WorkerMain reports that this build has no tesseract and returns 1.
func WorkerMain() int { return workerMain(workerHooks{}) }

func workerMain(workerHooks) int {
	fmt.Fprintln(os.Stderr, ErrUnavailable)
	return 1
}
