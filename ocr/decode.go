package ocr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // GIF decoder for image.Decode
	"image/jpeg"
	"image/png"
	"strconv"

	"golang.org/x/image/bmp"
)

// DecodeImage decodes a PNG, JPEG, BMP or GIF image within the default
// Limits, except that maxPixels (when > 0) replaces Limits.MaxPixels. See
// DecodeImageLimits.
func DecodeImage(data []byte, maxPixels int) (img image.Image, format string, err error) {
	return DecodeImageLimits(data, Limits{MaxPixels: maxPixels})
}

// DecodeImageLimits decodes a PNG, JPEG, BMP or GIF image. It reads the
// header first and refuses, before any pixel is decoded, an image that
// declares more than l.MaxPixels pixels, a side longer than l.MaxSide, or a
// decoded size over l.MaxBytes (all with an error wrapping ErrTooLarge):
// a 100-byte PNG can declare 40000x1 or 100000x100000 pixels. An image
// with more than l.FitPixels pixels is then scaled down (area average) to
// about that many, so that what comes back costs at most FitPixels x 4
// bytes whatever the upload. Input that is not an image, or is corrupt,
// gives an error wrapping ErrBadImage. It never panics.
func DecodeImageLimits(data []byte, l Limits) (img image.Image, format string, err error) {
	l = l.withDefaults()
	if len(data) == 0 {
		return nil, "", fmt.Errorf("%w: empty input", ErrBadImage)
	}
	dec, cfgDec, format := decoderFor(data)
	if dec == nil {
		if name, kind := knownFormat(data); name != "" {
			return nil, "", &UnsupportedFormatError{Format: name, Kind: kind}
		}
		return nil, "", fmt.Errorf("%w: unknown format (first bytes %q)", ErrBadImage, head(data))
	}
	cfg, err := cfgDec(bytes.NewReader(data))
	if err != nil {
		return nil, format, fmt.Errorf("%w: %s header: %w", ErrBadImage, format, err)
	}
	if err := l.check(format, cfg); err != nil {
		return nil, format, err
	}
	defer func() {
		// The standard decoders do not panic on bad input as far as we
		// know; this keeps a decoder bug from taking the process down.
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("%w: %s decoder panicked: %v", ErrBadImage, format, r)
		}
	}()
	img, err = dec(bytes.NewReader(data))
	if err != nil {
		return nil, format, fmt.Errorf("%w: %s: %w", ErrBadImage, format, err)
	}
	if l.FitPixels > 0 {
		img = FitPixels(img, l.FitPixels)
	}
	return img, format, nil
}

// Image bounds. Sources: tesseract refuses a side over 32767 px ("Image
// too large", its coordinates are 16-bit) and gosseract then crashes
// reading the empty result (measured with tesseract 5.3 on a 1x40000 PNG);
// an A4 page at 600 dpi is 4961x7016 px, 35 megapixels.
const (
	// TesseractMaxSide is the longest side tesseract accepts.
	TesseractMaxSide = 32767
	// DefaultMaxSide refuses longer sides at decoding.
	DefaultMaxSide = 30000
	// DefaultMaxDecodedBytes refuses images whose decoded pixels would
	// take more memory (256 MiB: 60 megapixels of 8-bit RGBA, or 32 of
	// 16-bit RGBA).
	DefaultMaxDecodedBytes = 256 << 20
	// DefaultFitPixels is the size decoded images are scaled down to:
	// 12 megapixels, an A4 page at 350 dpi.
	DefaultFitPixels = 12_000_000
)

// Limits bound the images DecodeImageLimits accepts and returns. Zero
// fields take the defaults.
type Limits struct {
	// MaxPixels refuses an image that declares more pixels (default
	// DefaultMaxPixels).
	MaxPixels int
	// MaxSide refuses an image with a longer side in pixels (default
	// DefaultMaxSide).
	MaxSide int
	// MaxBytes refuses an image whose decoded pixels would take more
	// bytes, estimated from the header's colour model (default
	// DefaultMaxDecodedBytes).
	MaxBytes int64
	// FitPixels scales a decoded image with more pixels down to about
	// this many (default DefaultFitPixels; negative: never).
	FitPixels int
}

func (l Limits) withDefaults() Limits {
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	if l.MaxSide <= 0 {
		l.MaxSide = DefaultMaxSide
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxDecodedBytes
	}
	if l.FitPixels == 0 {
		l.FitPixels = DefaultFitPixels
	}
	return l
}

// check applies the limits to a decoded header.
func (l Limits) check(format string, cfg image.Config) error {
	w, h := int64(cfg.Width), int64(cfg.Height)
	if w <= 0 || h <= 0 {
		return fmt.Errorf("%w: %s declares %dx%d pixels", ErrBadImage, format, w, h)
	}
	if w*h > int64(l.MaxPixels) {
		return fmt.Errorf("%w: %s declares %dx%d = %d pixels, over the limit of %d", ErrTooLarge, format, w, h, w*h, l.MaxPixels)
	}
	if max(w, h) > int64(l.MaxSide) {
		return fmt.Errorf("%w: %s declares %dx%d pixels, a side over the limit of %d", ErrTooLarge, format, w, h, l.MaxSide)
	}
	if b := w * h * int64(bytesPerPixel(cfg.ColorModel)); b > l.MaxBytes {
		return fmt.Errorf("%w: %s declares %dx%d pixels, %d MiB decoded, over the limit of %d MiB", ErrTooLarge, format, w, h, b>>20, l.MaxBytes>>20)
	}
	return nil
}

// bytesPerPixel is what the standard decoders allocate per pixel for a
// colour model (a JPEG's YCbCr is counted as 4:4:4).
func bytesPerPixel(m color.Model) int {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}

type (
	decodeFunc func(r *bytes.Reader) (image.Image, error)
	configFunc func(r *bytes.Reader) (image.Config, error)
)

// decoderFor picks a decoder by magic bytes. GIF goes through the image
// registry (image/gif registers itself).
func decoderFor(data []byte) (decodeFunc, configFunc, string) {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return func(r *bytes.Reader) (image.Image, error) { return png.Decode(r) },
			func(r *bytes.Reader) (image.Config, error) { return png.DecodeConfig(r) }, "png"
	case bytes.HasPrefix(data, []byte("\xff\xd8")):
		return func(r *bytes.Reader) (image.Image, error) { return jpeg.Decode(r) },
			func(r *bytes.Reader) (image.Config, error) { return jpeg.DecodeConfig(r) }, "jpeg"
	case bytes.HasPrefix(data, []byte("BM")):
		return func(r *bytes.Reader) (image.Image, error) { return bmp.Decode(r) },
			func(r *bytes.Reader) (image.Config, error) { return bmp.DecodeConfig(r) }, "bmp"
	case bytes.HasPrefix(data, []byte("GIF8")):
		return func(r *bytes.Reader) (image.Image, error) { img, _, err := image.Decode(r); return img, err },
			func(r *bytes.Reader) (image.Config, error) { c, _, err := image.DecodeConfig(r); return c, err }, "gif"
	}
	return nil, nil, ""
}

// UnsupportedFormatError is an image in a format that is recognised but
// not decoded here (WMF, EMF, TIFF, ...); it matches ErrBadImage.
type UnsupportedFormatError struct {
	Format string // "WMF", "EMF", ...
	Kind   string // "vector drawing", "raster image", ...
}

func (e *UnsupportedFormatError) Error() string {
	return fmt.Sprintf("unsupported image format %s (a %s; PNG, JPEG, BMP and GIF are read)", e.Format, e.Kind)
}

// Is makes errors.Is(err, ErrBadImage) true.
func (e *UnsupportedFormatError) Is(target error) bool { return target == ErrBadImage }

// knownFormat names an image format decoderFor does not decode, by its
// magic bytes (sources: MS-WMF 2.3.2.3 META_PLACEABLE key 0x9AC6CDD7 and
// 2.3.2.2 META_HEADER; MS-EMF 2.3.4.2 EMR_HEADER signature " EMF" at
// offset 40; TIFF 6.0 header; RIFF WEBP; ISO BMFF ftyp brands; JPEG 2000
// signature box), or "".
func knownFormat(data []byte) (name, kind string) {
	const vector, raster = "vector drawing", "raster image"
	switch {
	case bytes.HasPrefix(data, []byte("\xd7\xcd\xc6\x9a")),
		len(data) >= 6 && (data[0] == 1 || data[0] == 2) && data[1] == 0 && data[2] == 9 && data[3] == 0 && data[4] == 0 && (data[5] == 1 || data[5] == 3):
		return "WMF", vector
	case len(data) >= 44 && bytes.HasPrefix(data, []byte{1, 0, 0, 0}) && string(data[40:44]) == " EMF":
		return "EMF", vector
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "TIFF", raster
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "WebP", raster
	case len(data) >= 12 && string(data[4:8]) == "ftyp" && (string(data[8:12]) == "avif" || string(data[8:12]) == "avis"):
		return "AVIF", raster
	case len(data) >= 12 && string(data[4:8]) == "ftyp" && string(data[8:11]) == "hei":
		return "HEIF", raster
	case bytes.HasPrefix(data, []byte("\x00\x00\x00\x0cjP  ")), bytes.HasPrefix(data, []byte("\xff\x4f\xff\x51")):
		return "JPEG 2000", raster
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "PDF", "document"
	case bytes.HasPrefix(data, []byte("%!PS")):
		return "PostScript/EPS", vector
	}
	if t := bytes.TrimLeft(data[:min(len(data), 512)], "\xef\xbb\xbf \t\r\n"); bytes.HasPrefix(t, []byte("<svg")) ||
		(bytes.HasPrefix(t, []byte("<?xml")) && bytes.Contains(data[:min(len(data), 2048)], []byte("<svg"))) {
		return "SVG", vector
	}
	return "", ""
}

func head(data []byte) []byte {
	return data[:min(len(data), 8)]
}

// ScaleGray resizes g by factor f with bilinear interpolation (best for
// enlarging; FitPixels for shrinking).
func ScaleGray(g *image.Gray, f float64) *image.Gray { return scaleGray(g, f) }

// scaleGray resizes g by factor f with bilinear interpolation.
func scaleGray(g *image.Gray, f float64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	nw, nh := int(float64(w)*f+0.5), int(float64(h)*f+0.5)
	out := image.NewGray(image.Rect(0, 0, nw, nh))
	for y := 0; y < nh; y++ {
		sy := (float64(y)+0.5)/f - 0.5
		y0 := max(int(sy), 0)
		y1 := min(y0+1, h-1)
		fy := max(sy-float64(y0), 0)
		for x := 0; x < nw; x++ {
			sx := (float64(x)+0.5)/f - 0.5
			x0 := max(int(sx), 0)
			x1 := min(x0+1, w-1)
			fx := max(sx-float64(x0), 0)
			p00 := float64(g.Pix[y0*g.Stride+x0])
			p01 := float64(g.Pix[y0*g.Stride+x1])
			p10 := float64(g.Pix[y1*g.Stride+x0])
			p11 := float64(g.Pix[y1*g.Stride+x1])
			v := p00*(1-fx)*(1-fy) + p01*fx*(1-fy) + p10*(1-fx)*fy + p11*fx*fy
			out.Pix[y*out.Stride+x] = uint8(v + 0.5)
		}
	}
	return out
}

// encodePGM writes g as a binary PGM (P5), which leptonica reads without
// decompression.
func encodePGM(g *image.Gray) []byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	hdr := "P5\n" + strconv.Itoa(w) + " " + strconv.Itoa(h) + "\n255\n"
	out := make([]byte, 0, len(hdr)+w*h)
	out = append(out, hdr...)
	for y := 0; y < h; y++ {
		out = append(out, g.Pix[y*g.Stride:y*g.Stride+w]...)
	}
	return out
}

// prepare turns an encoded image into what tesseract reads: gray, scaled
// up when small so that text is tall enough, and within tesseract's
// bounds (l.FitPixels pixels, sides of at most TesseractMaxSide). It
// returns the PGM bytes and the scale factor applied.
func prepare(data []byte, mode Mode, l Limits) ([]byte, float64, error) {
	l = l.withDefaults()
	img, _, err := DecodeImageLimits(data, Limits{MaxPixels: l.MaxPixels, MaxSide: l.MaxSide, MaxBytes: l.MaxBytes, FitPixels: -1})
	if err != nil {
		return nil, 0, err
	}
	w0 := img.Bounds().Dx()
	g := Gray(img)
	img = nil
	f := upscaleFactor(g.Rect.Dx(), g.Rect.Dy(), mode)
	if f > 1 {
		g = scaleGray(g, f)
	}
	if l.FitPixels > 0 {
		g = FitPixels(g, l.FitPixels).(*image.Gray)
	}
	g = FitSide(g, TesseractMaxSide).(*image.Gray)
	return encodePGM(g), float64(g.Rect.Dx()) / float64(w0), nil
}

// upscaleFactor: charts and figures come at screen resolution, with text
// 10-14 px high; tesseract reads best at 20-30 px. Pages rendered at
// 200 dpi are already there.
func upscaleFactor(w, h int, mode Mode) float64 {
	switch mode {
	case ModePage, ModeBlock, ModeTextLine, ModeVertical:
		return 1
	}
	const target = 1800.0 // px on the longer side
	long := float64(max(w, h))
	if long <= 0 || long >= target/1.4 {
		return 1
	}
	return min(target/long, 3)
}

// pgmSize reads the width and height of a PGM made by encodePGM.
func pgmSize(pgm []byte) (w, h int) {
	fmt.Sscanf(string(pgm[:min(len(pgm), 32)]), "P5\n%d %d", &w, &h)
	return w, h
}
