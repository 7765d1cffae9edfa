//go:build !notesseract

package ocr

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// testWorker runs this test binary as the OCR worker (see TestMain).
func testWorker(t *testing.T) *WorkerCommand {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return &WorkerCommand{Path: exe, Args: []string{WorkerArg}}
}

func newWorkerTesseract(t *testing.T, workers int) *Tesseract {
	t.Helper()
	tess, err := NewTesseract(Options{Workers: workers, Worker: testWorker(t)})
	if err != nil {
		t.Skipf("tesseract unavailable: %v", err)
	}
	t.Cleanup(func() { tess.Close() })
	return tess
}

// readsText checks that the engine still reads a text image.
func readsText(t *testing.T, tess *Tesseract, data []byte) {
	t.Helper()
	r, err := tess.Recognize(context.Background(), data, ModePage)
	if err != nil {
		t.Fatalf("text image after the failure: %v", err)
	}
	if !strings.Contains(r.Text, "POLICY") {
		t.Fatalf("text image after the failure read %q", r.Text)
	}
}

// A worker process that dies on an image fails that image only, names it,
// and the next image is read by a new worker.
func TestWorkerCrashFailsOneImage(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	tess := newWorkerTesseract(t, 1)
	text := encode(t, "png", textImage(t, "POLICY 2022"))
	readsText(t, tess, text)
	crash := encode(t, "png", blank(13, 7))
	_, err := tess.Recognize(context.Background(), crash, ModePage)
	if !errors.Is(err, ErrWorkerCrashed) {
		t.Fatalf("err = %v, want ErrWorkerCrashed", err)
	}
	if !strings.Contains(err.Error(), "13x7") || !strings.Contains(err.Error(), "sha256:") {
		t.Errorf("error does not name the image: %v", err)
	}
	t.Logf("crash: %v", err)
	readsText(t, tess, encode(t, "png", textImage(t, "POLICY 2023")))
}

// The real thing: tesseract 5 segfaults on an image with a side over
// 32767 px (Recognize refuses those before they reach it; run does not).
func TestWorkerSurvivesTesseractSegfault(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	tess := newWorkerTesseract(t, 1)
	pgm := encodePGM(blank(1, 40000))
	words, err := tess.run(context.Background(), call{pgm: pgm, psm: ModePage.psm(), id: "1x40000"})
	switch {
	case errors.Is(err, ErrWorkerCrashed):
		t.Logf("tesseract crashed, as expected of 5.x: %v", err)
	case err == nil && len(words) == 0:
		t.Logf("this tesseract reads a 1x40000 image without crashing")
	default:
		t.Fatalf("words %v, err %v", words, err)
	}
	readsText(t, tess, encode(t, "png", textImage(t, "POLICY 2022")))
}

// A context that ends while a worker reads kills the worker: the call
// returns at once and the next image gets a new worker.
func TestWorkerCancelKillsWorker(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	tess := newWorkerTesseract(t, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := tess.Recognize(ctx, encode(t, "png", blank(17, 7)), ModePage)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("returned after %v", d)
	}
	readsText(t, tess, encode(t, "png", textImage(t, "POLICY 2022")))
}

// A worker that cannot start (no such program) fails each image with
// the reason, and does not hang.
func TestWorkerStartFailure(t *testing.T) {
	tess, err := NewTesseract(Options{Workers: 1, Worker: &WorkerCommand{Path: "/nonexistent/policyqa"}})
	if err != nil {
		t.Skipf("tesseract unavailable: %v", err)
	}
	defer tess.Close()
	_, err = tess.Recognize(context.Background(), encode(t, "png", blank(40, 20)), ModePage)
	if err == nil || !strings.Contains(err.Error(), "nonexistent") {
		t.Fatalf("err = %v", err)
	}
}

// Hostile sizes never reach tesseract in this process (a crash here would
// end the test binary): each is refused or read as an empty image.
func TestHostileImagesInProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	tess := newTestTesseract(t, "")
	tests := []struct {
		name    string
		data    []byte
		wantErr error
	}{
		{"1x40000", encode(t, "png", blank(1, 40000)), ErrTooLarge},
		{"40000x1", encode(t, "png", blank(40000, 1)), ErrTooLarge},
		{"3x32768", encode(t, "png", blank(3, 32768)), ErrTooLarge},
		{"1x29999", encode(t, "png", blank(1, 29999)), nil},
		{"1x1", encode(t, "png", blank(1, 1)), nil},
		{"header 99999x2", pngHeader(99999, 2), ErrTooLarge},
		{"header 100000^2", pngHeader(100_000, 100_000), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, mode := range []Mode{ModePage, ModeChart, ModeLine} {
				_, err := tess.Recognize(context.Background(), tt.data, mode)
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("%v: err = %v, want %v", mode, err, tt.wantErr)
				}
			}
		})
	}
}
