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

// DecodeImage decodes a PNG, JPEG, BMP or GIF image. It reads the header
// first and refuses images of more than maxPixels pixels (maxPixels <= 0
// means DefaultMaxPixels) with an error wrapping ErrTooLarge before any
// pixel is decoded; input that is not an image, or is corrupt, gives an
// error wrapping ErrBadImage. It never panics.
func DecodeImage(data []byte, maxPixels int) (img image.Image, format string, err error) {
	if maxPixels <= 0 {
		maxPixels = DefaultMaxPixels
	}
	if len(data) == 0 {
		return nil, "", fmt.Errorf("%w: empty input", ErrBadImage)
	}
	dec, cfgDec, format := decoderFor(data)
	if dec == nil {
		return nil, "", fmt.Errorf("%w: unknown format (first bytes %q)", ErrBadImage, head(data))
	}
	cfg, err := cfgDec(bytes.NewReader(data))
	if err != nil {
		return nil, format, fmt.Errorf("%w: %s header: %w", ErrBadImage, format, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, format, fmt.Errorf("%w: %s declares %dx%d pixels", ErrBadImage, format, cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(maxPixels) {
		return nil, format, fmt.Errorf("%w: %s declares %dx%d = %d pixels, over the limit of %d",
			ErrTooLarge, format, cfg.Width, cfg.Height, int64(cfg.Width)*int64(cfg.Height), maxPixels)
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
	return img, format, nil
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

func head(data []byte) []byte {
	return data[:min(len(data), 8)]
}

// Gray converts img to 8-bit gray (returns img itself when it already is
// *image.Gray with origin at 0,0).
func Gray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok && g.Rect.Min == (image.Point{}) {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			g.Pix[y*g.Stride+x] = color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y
		}
	}
	return g
}

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

// prepare turns an encoded image into what tesseract reads: gray, and
// scaled up when small so that text is tall enough. It returns the PGM
// bytes and the scale factor applied.
func prepare(data []byte, mode Mode, maxPixels int) ([]byte, float64, error) {
	img, _, err := DecodeImage(data, maxPixels)
	if err != nil {
		return nil, 0, err
	}
	g := Gray(img)
	f := upscaleFactor(g.Rect.Dx(), g.Rect.Dy(), mode)
	if f > 1 {
		g = scaleGray(g, f)
	}
	return encodePGM(g), f, nil
}

// upscaleFactor: charts and figures come at screen resolution, with text
// 10-14 px high; tesseract reads best at 20-30 px. Pages rendered at
// 200 dpi are already there.
func upscaleFactor(w, h int, mode Mode) float64 {
	if mode == ModePage {
		return 1
	}
	const target = 1800.0 // px on the longer side
	long := float64(max(w, h))
	if long <= 0 || long >= target/1.4 {
		return 1
	}
	return min(target/long, 3)
}
