package ocr

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/bmp"
)

func testImage() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for y := 0; y < 30; y++ {
		for x := 0; x < 40; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 100, 255})
		}
	}
	return img
}

func encode(t testing.TB, format string, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&b, img)
	case "jpeg":
		err = jpeg.Encode(&b, img, nil)
	case "bmp":
		err = bmp.Encode(&b, img)
	case "gif":
		err = gif.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngHeader builds a PNG that declares w x h pixels and holds no pixel
// data: what a decompression bomb looks like to DecodeConfig.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0 // 8-bit gray
	chunk := append([]byte("IHDR"), ihdr...)
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestDecodeImage(t *testing.T) {
	img := testImage()
	tests := []struct {
		name    string
		data    []byte
		format  string
		wantErr error
	}{
		{"png", encode(t, "png", img), "png", nil},
		{"jpeg", encode(t, "jpeg", img), "jpeg", nil},
		{"bmp", encode(t, "bmp", img), "bmp", nil},
		{"gif", encode(t, "gif", img), "gif", nil},
		{"empty", nil, "", ErrBadImage},
		{"text", []byte("hello, world"), "", ErrBadImage},
		{"truncated png", encode(t, "png", img)[:60], "png", ErrBadImage},
		{"truncated jpeg", encode(t, "jpeg", img)[:100], "jpeg", ErrBadImage},
		{"bomb", pngHeader(100_000, 100_000), "png", ErrTooLarge},
		{"zero size", pngHeader(0, 10), "png", ErrBadImage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, format, err := DecodeImage(tt.data, 1_000_000)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if format != tt.format {
				t.Errorf("format = %q, want %q", format, tt.format)
			}
			if tt.wantErr == nil && got.Bounds().Dx() != 40 {
				t.Errorf("width = %d", got.Bounds().Dx())
			}
		})
	}
}

func TestDecodeBombFailsFast(t *testing.T) {
	start := time.Now()
	_, _, err := DecodeImage(pngHeader(100_000, 100_000), 0)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if !strings.Contains(err.Error(), "100000x100000") {
		t.Errorf("message does not give the size: %v", err)
	}
	t.Logf("refused in %v: %v", time.Since(start), err)
}

func TestPrepareUpscales(t *testing.T) {
	data := encode(t, "png", testImage())
	pgm, f, err := prepare(data, ModeChart, 0)
	if err != nil {
		t.Fatal(err)
	}
	if f != 3 {
		t.Errorf("factor = %v, want 3 (capped)", f)
	}
	if !bytes.HasPrefix(pgm, []byte("P5\n120 90\n255\n")) || len(pgm) != len("P5\n120 90\n255\n")+120*90 {
		t.Errorf("bad PGM header %q len %d", pgm[:14], len(pgm))
	}
	_, f, _ = prepare(data, ModePage, 0)
	if f != 1 {
		t.Errorf("page factor = %v, want 1", f)
	}
}

func FuzzDecode(f *testing.F) {
	img := testImage()
	for _, format := range []string{"png", "jpeg", "bmp", "gif"} {
		f.Add(encode(f, format, img))
	}
	f.Add(pngHeader(100_000, 100_000))
	f.Add([]byte("BM"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const budget = 1 << 20
		img, _, err := DecodeImage(data, budget)
		if err != nil {
			if !errors.Is(err, ErrBadImage) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("unclassified error: %v", err)
			}
			return
		}
		b := img.Bounds()
		if b.Dx()*b.Dy() > budget {
			t.Fatalf("decoded %v over budget", b)
		}
	})
}
