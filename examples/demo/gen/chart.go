package main

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// renderChart draws the demo bar chart: title, gridlines, value axis with
// ticks, one bar per category with its data label.
func renderChart(w io.Writer, fontPath string) error {
	data, err := os.ReadFile(fontPath)
	if err != nil {
		return err
	}
	ft, err := opentype.Parse(data)
	if err != nil {
		return err
	}
	face := func(size float64) (font.Face, error) {
		return opentype.NewFace(ft, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	}
	titleFace, err := face(30)
	if err != nil {
		return err
	}
	labelFace, err := face(22)
	if err != nil {
		return err
	}
	const W, H = 900, 600
	img := image.NewRGBA(image.Rect(0, 0, W, H))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	text := func(f font.Face, s string, cx, y int) {
		d := &font.Drawer{Dst: img, Src: image.Black, Face: f}
		wd := d.MeasureString(s).Ceil()
		d.Dot = fixed.P(cx-wd/2, y)
		d.DrawString(s)
	}
	rect := func(x0, y0, x1, y1 int, c color.Color) {
		draw.Draw(img, image.Rect(x0, y0, x1, y1), &image.Uniform{c}, image.Point{}, draw.Src)
	}
	text(titleFace, chart.title, W/2, 50)
	left, right, top, bottom := 110, W-50, 100, H-80
	maxV := 40.0
	grid := color.RGBA{210, 210, 210, 255}
	for v := 0.0; v <= maxV; v += 10 {
		y := bottom - int(v/maxV*float64(bottom-top))
		rect(left, y, right, y+1, grid)
		text(labelFace, fmt.Sprintf("%.0f", v), left-35, y+8)
	}
	rect(left, top, left+2, bottom, color.Black)
	rect(left, bottom, right, bottom+2, color.Black)
	n := len(chart.categories)
	slot := (right - left) / n
	bar := color.RGBA{46, 117, 182, 255}
	for i, c := range chart.categories {
		cx := left + slot*i + slot/2
		h := int(chart.values[i] / maxV * float64(bottom-top))
		rect(cx-slot/5, bottom-h, cx+slot/5, bottom, bar)
		text(labelFace, fmt.Sprintf("%.0f", chart.values[i]), cx, bottom-h-10)
		text(labelFace, c, cx, bottom+35)
	}
	return png.Encode(w, img)
}
