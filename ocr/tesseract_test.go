//go:build !notesseract

package ocr

import (
	"context"
	"errors"
	"image"
	"image/draw"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// textImage draws lines of ASCII text in Go Regular at 32 px.
func textImage(t *testing.T, lines ...string) image.Image {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 32, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 600, 50*len(lines)+30))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: img, Src: image.Black, Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(20, 50*(i+1))
		d.DrawString(l)
	}
	return img
}

func newTestTesseract(t *testing.T, cacheDir string) *Tesseract {
	t.Helper()
	tess, err := NewTesseract(Options{Workers: 1, CacheDir: cacheDir})
	if err != nil {
		t.Skipf("tesseract unavailable: %v", err)
	}
	t.Cleanup(func() { tess.Close() })
	return tess
}

func TestTesseract(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := t.TempDir()
	tess := newTestTesseract(t, dir)
	data := encode(t, "png", textImage(t, "POLICY 2022", "budget 45.7"))
	ctx := context.Background()
	for _, mode := range []Mode{ModePage, ModeChart} {
		r, err := tess.Recognize(ctx, data, mode)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%v: %q", mode, r.Text)
		for _, w := range []string{"POLICY", "2022", "45.7"} {
			if !strings.Contains(r.Text, w) {
				t.Errorf("%v: %q missing %q", mode, r.Text, w)
			}
		}
		for _, w := range r.Words {
			if w.Box.Empty() || w.Box.Max.X > 600 {
				t.Errorf("bad box %v for %q", w.Box, w.Text)
			}
		}
	}
	if n := (Cache{Dir: dir}).Len(); n != 2 {
		t.Errorf("cache holds %d entries, want 2", n)
	}
	// A second engine over the same cache answers without tesseract.
	tess2 := &Tesseract{cache: Cache{Dir: dir}, config: tess.config} // no workers: only the cache can answer
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if _, err := tess2.Recognize(short, data, ModeChart); err != nil {
		t.Fatal(err)
	}
	if _, err := tess.Recognize(ctx, pngHeader(100_000, 100_000), ModePage); !errors.Is(err, ErrTooLarge) {
		t.Errorf("bomb: err = %v", err)
	}
}

// TestTesseractDigits checks that ModeDigits reads only numbers, and that
// the whitelist does not stick to the client for the next call.
func TestTesseractDigits(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	tess := newTestTesseract(t, "")
	ctx := context.Background()
	data := encode(t, "png", textImage(t, "budget 1,234", "rate 45.7%"))
	r, err := tess.Recognize(ctx, data, ModeDigits)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Text {
		if !strings.ContainsRune(digitChars+" \n", c) {
			t.Errorf("ModeDigits read %q: %q is no digit", r.Text, c)
		}
	}
	if !strings.Contains(r.Text, "1,234") || !strings.Contains(r.Text, "45.7") {
		t.Errorf("ModeDigits read %q", r.Text)
	}
	r, err = tess.Recognize(ctx, data, ModeChart)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "budget") {
		t.Errorf("ModeChart after ModeDigits read %q", r.Text)
	}
}
