package ocr

import (
	"image"
	"image/color"
	"math"
)

// Gray converts img to 8-bit gray, transparent parts over white (returns
// img itself when it already is *image.Gray with origin at 0,0).
func Gray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok && g.Rect.Min == (image.Point{}) {
		return g
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	g := image.NewGray(image.Rect(0, 0, w, h))
	row := make([]uint8, 4*w)
	rr := newRowReader(img)
	for y := 0; y < h; y++ {
		rr.read(y, row)
		dst := g.Pix[y*g.Stride : y*g.Stride+w]
		for x := range dst {
			r, gg, bb := uint32(row[4*x]), uint32(row[4*x+1]), uint32(row[4*x+2])
			// The weights of color.GrayModel (ITU-R BT.601).
			dst[x] = uint8((19595*r + 38470*gg + 7471*bb + 1<<15) >> 16)
		}
	}
	return g
}

// FitPixels returns img scaled down by an area average to at most about
// maxPixels pixels (each side at least 1), or img itself when it is not
// larger. Gray images stay *image.Gray; others become *image.RGBA with
// transparent parts over white.
func FitPixels(img image.Image, maxPixels int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if maxPixels <= 0 || w*h <= maxPixels {
		return img
	}
	f := math.Sqrt(float64(maxPixels) / float64(w*h))
	nw, nh := max(int(float64(w)*f), 1), max(int(float64(h)*f), 1)
	return shrink(img, nw, nh)
}

// FitSide returns img scaled down so that neither side exceeds maxSide,
// or img itself.
func FitSide(img image.Image, maxSide int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if maxSide <= 0 || max(w, h) <= maxSide {
		return img
	}
	f := float64(maxSide) / float64(max(w, h))
	return shrink(img, min(max(int(float64(w)*f), 1), maxSide), min(max(int(float64(h)*f), 1), maxSide))
}

// shrink scales img down to nw x nh (each no larger than img's) by
// averaging the source pixels that fall into each target pixel.
func shrink(img image.Image, nw, nh int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	_, gray := img.(*image.Gray)
	ch := 4
	if gray {
		ch = 1
	}
	sum := make([]uint32, nw*ch)
	cnt := make([]uint32, nw)
	// xs[x] is the target column of source column x.
	xs := make([]int, w)
	for x := range xs {
		xs[x] = x * nw / w
	}
	var (
		gOut *image.Gray
		cOut *image.RGBA
		pix  []uint8
		str  int
	)
	if gray {
		gOut = image.NewGray(image.Rect(0, 0, nw, nh))
		pix, str = gOut.Pix, gOut.Stride
	} else {
		cOut = image.NewRGBA(image.Rect(0, 0, nw, nh))
		pix, str = cOut.Pix, cOut.Stride
	}
	row := make([]uint8, 4*w)
	rr := newRowReader(img)
	ty := 0
	flush := func() {
		out := pix[ty*str:]
		for x := 0; x < nw; x++ {
			n := max(cnt[x], 1)
			if gray {
				out[x] = uint8((sum[x] + n/2) / n)
				continue
			}
			for c := 0; c < 3; c++ {
				out[4*x+c] = uint8((sum[4*x+c] + n/2) / n)
			}
			out[4*x+3] = 255
		}
		clear(sum)
		clear(cnt)
	}
	for y := 0; y < h; y++ {
		if t := y * nh / h; t != ty {
			flush()
			ty = t
		}
		if gray {
			g := img.(*image.Gray)
			src := g.Pix[(y+b.Min.Y-g.Rect.Min.Y)*g.Stride+(b.Min.X-g.Rect.Min.X):]
			for x := 0; x < w; x++ {
				sum[xs[x]] += uint32(src[x])
				cnt[xs[x]]++
			}
			continue
		}
		rr.read(y, row)
		for x := 0; x < w; x++ {
			t := xs[x]
			sum[4*t] += uint32(row[4*x])
			sum[4*t+1] += uint32(row[4*x+1])
			sum[4*t+2] += uint32(row[4*x+2])
			cnt[t]++
		}
	}
	flush()
	if gray {
		return gOut
	}
	return cOut
}

// rowReader reads rows of an image as opaque 8-bit RGBA, transparent parts
// over white, with fast paths for the types the standard decoders return.
type rowReader struct {
	img image.Image
	b   image.Rectangle
	pal [][4]uint8 // for *image.Paletted
}

func newRowReader(img image.Image) *rowReader {
	r := &rowReader{img: img, b: img.Bounds()}
	if p, ok := img.(*image.Paletted); ok {
		r.pal = make([][4]uint8, 256)
		for i := range r.pal {
			c := color.Color(color.Black)
			if i < len(p.Palette) {
				c = p.Palette[i]
			}
			r.pal[i] = overWhite(c.RGBA())
		}
	}
	return r
}

// overWhite composes a premultiplied 16-bit colour over white.
func overWhite(r, g, b, a uint32) [4]uint8 {
	bg := 0xffff - a
	return [4]uint8{uint8((r + bg) >> 8), uint8((g + bg) >> 8), uint8((b + bg) >> 8), 255}
}

// read fills dst (4 x width bytes) with row y (0-based from the top).
func (r *rowReader) read(y int, dst []uint8) {
	w := r.b.Dx()
	sy := r.b.Min.Y + y
	switch m := r.img.(type) {
	case *image.Gray:
		src := m.Pix[m.PixOffset(r.b.Min.X, sy):]
		for x := 0; x < w; x++ {
			v := src[x]
			dst[4*x], dst[4*x+1], dst[4*x+2], dst[4*x+3] = v, v, v, 255
		}
		return
	case *image.RGBA:
		src := m.Pix[m.PixOffset(r.b.Min.X, sy):]
		for x := 0; x < w; x++ {
			a := uint32(src[4*x+3])
			bg := 255 - a
			dst[4*x] = uint8(uint32(src[4*x]) + bg)
			dst[4*x+1] = uint8(uint32(src[4*x+1]) + bg)
			dst[4*x+2] = uint8(uint32(src[4*x+2]) + bg)
			dst[4*x+3] = 255
		}
		return
	case *image.NRGBA:
		src := m.Pix[m.PixOffset(r.b.Min.X, sy):]
		for x := 0; x < w; x++ {
			a := uint32(src[4*x+3])
			bg := 255 * (255 - a)
			dst[4*x] = uint8((uint32(src[4*x])*a + bg + 127) / 255)
			dst[4*x+1] = uint8((uint32(src[4*x+1])*a + bg + 127) / 255)
			dst[4*x+2] = uint8((uint32(src[4*x+2])*a + bg + 127) / 255)
			dst[4*x+3] = 255
		}
		return
	case *image.Paletted:
		src := m.Pix[m.PixOffset(r.b.Min.X, sy):]
		for x := 0; x < w; x++ {
			c := r.pal[src[x]]
			copy(dst[4*x:4*x+4], c[:])
		}
		return
	case *image.YCbCr:
		for x := 0; x < w; x++ {
			c := m.YCbCrAt(r.b.Min.X+x, sy)
			rr, gg, bb := color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
			dst[4*x], dst[4*x+1], dst[4*x+2], dst[4*x+3] = rr, gg, bb, 255
		}
		return
	}
	for x := 0; x < w; x++ {
		c := overWhite(r.img.At(r.b.Min.X+x, sy).RGBA())
		copy(dst[4*x:4*x+4], c[:])
	}
}
