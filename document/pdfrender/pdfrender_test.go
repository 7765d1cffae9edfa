package pdfrender

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klippa-app/go-pdfium/enums"
	"github.com/policyqa/policyqa/internal/pdftest"
)

var update = flag.Bool("update", false, "rewrite testdata/tiny.pdf")

// tinyPDF builds a two-page PDF: page 1 holds a line of Helvetica text and
// an 8x4 RGB image (left half red, right half blue) drawn at 160x80 pt;
// page 2 is empty.
func tinyPDF() []byte {
	var pix bytes.Buffer
	for y := 0; y < 4; y++ {
		for x := 0; x < 8; x++ {
			if x < 4 {
				pix.Write([]byte{255, 0, 0})
			} else {
				pix.Write([]byte{0, 0, 255})
			}
		}
	}
	content := "BT /F1 24 Tf 72 700 Td (Hello PDF 2022) Tj ET\nq 160 0 0 80 72 500 cm /Im1 Do Q\n"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 7 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width 8 /Height 4 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream", pix.Len(), pix.String()),
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
	}
	return pdftest.Assemble(objs, 1)
}

func TestFixtureUpToDate(t *testing.T) {
	p := filepath.Join("testdata", "tiny.pdf")
	if *update {
		if err := os.WriteFile(p, tinyPDF(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, tinyPDF()) {
		t.Fatal("testdata/tiny.pdf is stale: go test -run TestFixtureUpToDate -update")
	}
}

func newEngine(t testing.TB) *Engine {
	t.Helper()
	start := time.Now()
	e, err := NewEngine(context.Background(), Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("engine started in %v", time.Since(start))
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Error(err)
		}
	})
	return e
}

func TestTinyPDF(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t)
	d, err := e.Open(ctx, filepath.Join("testdata", "tiny.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.PageCount() != 2 {
		t.Fatalf("PageCount = %d", d.PageCount())
	}
	text, err := d.PageText(ctx, 1)
	if err != nil || !strings.Contains(text, "Hello PDF 2022") {
		t.Errorf("PageText(1) = %q, %v", text, err)
	}
	if text, _ := d.PageText(ctx, 2); strings.TrimSpace(text) != "" {
		t.Errorf("PageText(2) = %q, want empty", text)
	}
	img, err := d.RenderPage(ctx, 1, 72)
	if err != nil {
		t.Fatal(err)
	}
	if img.Rect.Dx() != 612 || img.Rect.Dy() != 792 {
		t.Errorf("render size %v", img.Rect)
	}
	// The image is drawn at x 72..232, y (from top) 212..292.
	if r, g, b, _ := img.At(100, 250).RGBA(); r>>8 < 200 || g>>8 > 60 || b>>8 > 60 {
		t.Errorf("pixel in red half = %d,%d,%d", r>>8, g>>8, b>>8)
	}
	if r, _, b, _ := img.At(200, 250).RGBA(); r>>8 > 60 || b>>8 < 200 {
		t.Errorf("pixel in blue half = %d,_,%d", r>>8, b>>8)
	}
	// 101 dpi gives an odd width (858 px): rows are padded in PDFium's
	// bitmap and must not shear.
	gray, err := d.RenderPageGray(ctx, 1, 101)
	if err != nil || gray.Rect.Dx() != 859 {
		t.Fatalf("gray render: %v %v", gray.Rect, err)
	}
	// Left and right edges of the image (x 72..232 pt) stay vertical.
	for _, y := range []int{215 * 101 / 72, 288 * 101 / 72} {
		if v := gray.GrayAt(75*101/72, y).Y; v > 200 {
			t.Errorf("gray (left edge, y %d) = %d: sheared?", y, v)
		}
		if v := gray.GrayAt(70*101/72, y).Y; v < 250 {
			t.Errorf("gray (outside left edge, y %d) = %d: sheared?", y, v)
		}
	}
	imgs, err := d.PageImages(ctx, 1)
	if err != nil || len(imgs) != 1 {
		t.Fatalf("PageImages = %d, %v", len(imgs), err)
	}
	if b := imgs[0].Image.Bounds(); b.Dx() != 8 || b.Dy() != 4 {
		t.Errorf("image bounds %v", b)
	}
	if r, _, b, _ := imgs[0].Image.At(6, 1).RGBA(); r>>8 != 0 || b>>8 != 255 {
		t.Errorf("image pixel (6,1) = %d,_,%d", r>>8, b>>8)
	}
	if _, err := d.RenderPage(ctx, 3, 72); !errors.Is(err, ErrPage) {
		t.Errorf("page 3: err = %v", err)
	}
	if _, err := d.RenderPage(ctx, 1, 1200); !errors.Is(err, ErrTooLarge) {
		t.Errorf("1200 dpi: err = %v", err)
	}
	if _, err := e.Open(ctx, filepath.Join("testdata", "missing.pdf")); err == nil {
		t.Error("opened a missing file")
	}
}

func TestConvertBitmapRejectsShortBuffer(t *testing.T) {
	if _, err := convertBitmap(make([]byte, 10), 4, 4, 12, 2); err == nil {
		t.Fatal("no error")
	}
}

// TestScanPDF renders page 1 of each image-only PDF of agc-dev-scan at
// 200 dpi.
func TestScanPDF(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/data/agc-dev-scan/doc/*/*.pdf")
	if len(files) == 0 {
		t.Skip("../shared/data/agc-dev-scan absent")
	}
	ctx := context.Background()
	e := newEngine(t)
	for _, f := range files {
		d, err := e.Open(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		img, err := d.RenderPageGray(ctx, 1, 200)
		if err != nil {
			t.Fatal(err)
		}
		text, _ := d.PageText(ctx, 1)
		imgs, _ := d.PageImages(ctx, 1)
		t.Logf("%s: %d pages, page 1 %v rendered in %v, %d text chars, %d images", filepath.Base(f), d.PageCount(), img.Rect.Size(), time.Since(start), len(strings.TrimSpace(text)), len(imgs))
		if img.Rect.Dx() < 1500 {
			t.Errorf("%s: width %d at 200 dpi", f, img.Rect.Dx())
		}
		var _ image.Image = img
		d.Close()
	}
}

// FuzzConvertBitmap: whatever PDFium reports about a bitmap, the copy
// never reads outside the buffer.
func FuzzConvertBitmap(f *testing.F) {
	f.Add(make([]byte, 48), 4, 4, 12, 2)
	f.Add(make([]byte, 16), 4, 4, 4, 1)
	f.Add(make([]byte, 64), 4, 4, 16, 4)
	f.Add(make([]byte, 64), 1, 3, math.MaxInt/2+1, 1) // stride*(h-1) overflows
	f.Fuzz(func(t *testing.T, buf []byte, w, h, stride, format int) {
		if w > 1<<12 || h > 1<<12 {
			return // the caller checks the pixel budget first
		}
		img, err := convertBitmap(buf, w, h, stride, enums.FPDF_BITMAP_FORMAT(format))
		if err == nil && (img.Bounds().Dx() != w || img.Bounds().Dy() != h) {
			t.Fatalf("bounds %v for %dx%d", img.Bounds(), w, h)
		}
	})
}
