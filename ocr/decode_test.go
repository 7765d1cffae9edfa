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
	pgm, f, err := prepare(data, ModeChart, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if f != 3 {
		t.Errorf("factor = %v, want 3 (capped)", f)
	}
	if !bytes.HasPrefix(pgm, []byte("P5\n120 90\n255\n")) || len(pgm) != len("P5\n120 90\n255\n")+120*90 {
		t.Errorf("bad PGM header %q len %d", pgm[:14], len(pgm))
	}
	_, f, _ = prepare(data, ModePage, Limits{})
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

// pngHeaderDepth is pngHeader with another bit depth and colour type
// (PNG IHDR: colour type 6 is RGBA).
func pngHeaderDepth(w, h uint32, depth, colorType byte) []byte {
	b := pngHeader(w, h)
	ihdr := b[16 : 16+13]
	ihdr[8], ihdr[9] = depth, colorType
	crc := crc32.ChecksumIEEE(b[12 : 16+13])
	binary.BigEndian.PutUint32(b[16+13:], crc)
	return b
}

func TestDecodeLimits(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		l       Limits
		wantErr error
		wantW   int
		wantH   int
	}{
		{"side over tesseract's", pngHeader(1, 40000), Limits{}, ErrTooLarge, 0, 0},
		{"wide side", pngHeader(40000, 1), Limits{}, ErrTooLarge, 0, 0},
		{"side limit", encode(t, "png", blank(300, 10)), Limits{MaxSide: 200}, ErrTooLarge, 0, 0},
		{"16-bit RGBA over the byte budget", pngHeaderDepth(6000, 6000, 16, 6), Limits{}, ErrTooLarge, 0, 0},
		{"8-bit gray within the byte budget", pngHeaderDepth(6000, 6000, 8, 0), Limits{}, ErrBadImage, 0, 0}, // no pixel data: decoding fails
		{"fit gray", encode(t, "png", blank(400, 100)), Limits{FitPixels: 10_000}, nil, 200, 50},
		{"fit colour", encode(t, "png", testImage()), Limits{FitPixels: 300}, nil, 20, 15},
		{"no fit", encode(t, "png", testImage()), Limits{FitPixels: -1}, nil, 40, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, _, err := DecodeImageLimits(tt.data, tt.l)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				t.Logf("%v", err)
				return
			}
			if b := img.Bounds(); b.Dx() != tt.wantW || b.Dy() != tt.wantH {
				t.Errorf("size %v, want %dx%d", b, tt.wantW, tt.wantH)
			}
		})
	}
}

// A 6000x6000 PNG of a few KB decodes to at most DefaultFitPixels
// pixels.
func TestDecodeFitsLargeImages(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	data := encode(t, "png", blank(6000, 6000))
	t.Logf("6000x6000 PNG: %d bytes", len(data))
	img, _, err := DecodeImage(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if n := b.Dx() * b.Dy(); n > DefaultFitPixels || n < DefaultFitPixels*9/10 {
		t.Errorf("decoded %v = %d pixels, want about %d", b, n, DefaultFitPixels)
	}
}

// Scaling down averages areas and puts transparent pixels over white.
func TestFitPixels(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 4, 2))
	for x := 0; x < 4; x++ {
		src.Set(x, 0, color.NRGBA{0, 0, 0, 255}) // black
		src.Set(x, 1, color.NRGBA{200, 0, 0, 0}) // fully transparent: white
	}
	got := FitPixels(src, 2).(*image.RGBA)
	if got.Bounds() != image.Rect(0, 0, 2, 1) {
		t.Fatalf("bounds %v", got.Bounds())
	}
	if c := got.RGBAAt(0, 0); c != (color.RGBA{128, 128, 128, 255}) {
		t.Errorf("average of black and white = %v", c)
	}
	if g := Gray(src); g.GrayAt(0, 1).Y != 255 || g.GrayAt(0, 0).Y != 0 {
		t.Errorf("gray: transparent %v, black %v", g.GrayAt(0, 1), g.GrayAt(0, 0))
	}
	if FitPixels(src, 100) != image.Image(src) {
		t.Error("a small image was copied")
	}
}

func blank(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	return g
}

// TestUnsupportedFormats: images in formats that are recognised but not
// decoded get one error naming the format (and matching ErrBadImage), not
// a decoder's complaint or a dump of their first bytes; unknown bytes
// still get "unknown format".
func TestUnsupportedFormats(t *testing.T) {
	emf := make([]byte, 88)
	emf[0] = 1
	copy(emf[40:], " EMF")
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"placeable WMF", append([]byte("\xd7\xcd\xc6\x9a"), make([]byte, 40)...), "unsupported image format WMF (a vector drawing"},
		{"WMF without placeable header", []byte{1, 0, 9, 0, 0, 3, 0x20, 0, 0, 0}, "unsupported image format WMF"},
		{"EMF", emf, "unsupported image format EMF"},
		{"TIFF little-endian", []byte("II*\x00\x08\x00\x00\x00"), "unsupported image format TIFF"},
		{"TIFF big-endian", []byte("MM\x00*\x00\x00\x00\x08"), "unsupported image format TIFF"},
		{"WebP", []byte("RIFF\x10\x00\x00\x00WEBPVP8 "), "unsupported image format WebP"},
		{"SVG", []byte("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "unsupported image format SVG"},
		{"junk", []byte("not an image at all"), "unknown format"},
	} {
		_, _, err := DecodeImage(tt.data, 0)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrBadImage) {
			t.Errorf("%s: %v, want %q (and ErrBadImage)", tt.name, err, tt.want)
		}
		if tt.name != "junk" && strings.Contains(err.Error(), "first bytes") {
			t.Errorf("%s: %q dumps bytes", tt.name, err)
		}
	}
}
