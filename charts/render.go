package charts

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/policyqa/policyqa/ocr"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// DefaultFontPath and DefaultBoldFontPath are where Debian's fonts-nanum
// puts Nanum Gothic.
const (
	DefaultFontPath     = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
	DefaultBoldFontPath = "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"
)

// Spec describes a chart to draw.
type Spec struct {
	Title      string
	Type       string // a Type constant
	Categories []string
	// Series holds the values, one per category. A pie chart draws the
	// first series.
	Series []Series
	// Labels prints each value on the chart.
	Labels bool
	// Legend draws a legend (series names; categories for a pie) on the
	// right.
	Legend bool
	// Grid draws light horizontal (vertical for hbar) grid lines.
	Grid bool
	// Width and Height in pixels; default 800x500.
	Width, Height int
	// Style varies the look; the zero Style is the default look.
	Style Style
}

// Style is the look of a chart, to vary benchmark charts.
type Style struct {
	// Font is a Nanum family: "gothic" (default), "barun", "myeongjo",
	// "square".
	Font string
	// LabelSize and TitleSize are font sizes in pixels; default 16, 22.
	LabelSize, TitleSize float64
	// LegendTop puts the legend in a row under the title.
	LegendTop bool
	// BarFrac is the share of a category's slot its bars fill; default
	// 0.6.
	BarFrac float64
	// PaletteShift rotates the palette; DarkPalette uses DarkPalette.
	PaletteShift int
	DarkPalette  bool
	// LineWidth of line charts in pixels; default 3. NoMarkers drops the
	// dots on the points.
	LineWidth float64
	NoMarkers bool
	// Thousands prints values with thousands separators (1,234).
	Thousands bool
}

func (st Style) color(i int) color.RGBA {
	p := Palette
	if st.DarkPalette {
		p = DarkPalette
	}
	return p[(i+st.PaletteShift)%len(p)]
}

// fmtValue prints a value as the style says.
func (st Style) fmtValue(v float64) string {
	s := FormatValue(v)
	if !st.Thousands {
		return s
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// Palette is the series colours: flat, saturated, light enough for black
// text on top.
var Palette = []color.RGBA{
	{91, 155, 213, 255},  // blue
	{237, 125, 49, 255},  // orange
	{112, 173, 71, 255},  // green
	{255, 192, 0, 255},   // gold
	{158, 123, 196, 255}, // purple
	{224, 102, 102, 255}, // red
	{77, 190, 190, 255},  // teal
	{214, 140, 190, 255}, // pink
}

// DarkPalette is a second, darker set of series colours.
var DarkPalette = []color.RGBA{
	{31, 119, 180, 255},
	{214, 39, 40, 255},
	{44, 160, 44, 255},
	{148, 103, 189, 255},
	{255, 127, 14, 255},
	{23, 190, 207, 255},
}

var (
	axisColor = color.RGBA{80, 80, 80, 255}
	gridColor = color.RGBA{225, 225, 225, 255}
	textColor = color.RGBA{20, 20, 20, 255}
)

// Renderer draws charts with loaded fonts.
type Renderer struct {
	regular, bold *opentype.Font
	// families holds the other Nanum families found beside the default
	// font (regular, bold), for Style.Font.
	families map[string][2]*opentype.Font
}

// NewRenderer loads the TrueType fonts at the given paths; empty paths use
// the Nanum Gothic defaults.
func NewRenderer(regularPath, boldPath string) (*Renderer, error) {
	if regularPath == "" {
		regularPath = DefaultFontPath
	}
	if boldPath == "" {
		boldPath = DefaultBoldFontPath
	}
	load := func(p string) (*opentype.Font, error) {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("charts: font (install fonts-nanum: scripts/install-ocr.sh): %w", err)
		}
		f, err := opentype.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("charts: font %s: %w", p, err)
		}
		return f, nil
	}
	r, err := load(regularPath)
	if err != nil {
		return nil, err
	}
	b, err := load(boldPath)
	if err != nil {
		return nil, err
	}
	rd := &Renderer{regular: r, bold: b, families: map[string][2]*opentype.Font{}}
	dir := filepath.Dir(regularPath)
	for name, files := range map[string][2]string{
		"barun":    {"NanumBarunGothic.ttf", "NanumBarunGothicBold.ttf"},
		"myeongjo": {"NanumMyeongjo.ttf", "NanumMyeongjoBold.ttf"},
		"square":   {"NanumSquareR.ttf", "NanumSquareB.ttf"},
	} {
		fr, err1 := load(filepath.Join(dir, files[0]))
		fb, err2 := load(filepath.Join(dir, files[1]))
		if err1 == nil && err2 == nil {
			rd.families[name] = [2]*opentype.Font{fr, fb}
		}
	}
	return rd, nil
}

// RenderDemoChart draws spec as a PNG with the default fonts.
func RenderDemoChart(w io.Writer, spec Spec) error {
	r, err := NewRenderer("", "")
	if err != nil {
		return err
	}
	img, err := r.Render(spec)
	if err != nil {
		return err
	}
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	return nil
}

// Validate reports what is wrong with a spec.
func (s Spec) Validate() error {
	var errs []error
	known := false
	for _, t := range Types {
		known = known || t == s.Type
	}
	if !known {
		errs = append(errs, fmt.Errorf("unknown chart type %q", s.Type))
	}
	if len(s.Categories) == 0 {
		errs = append(errs, errors.New("no categories"))
	}
	if len(s.Series) == 0 {
		errs = append(errs, errors.New("no series"))
	}
	for _, se := range s.Series {
		if len(se.Values) != len(s.Categories) {
			errs = append(errs, fmt.Errorf("series %q has %d values for %d categories", se.Name, len(se.Values), len(s.Categories)))
		}
		for _, v := range se.Values {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				errs = append(errs, fmt.Errorf("series %q: value %v (only finite values >= 0 are drawn)", se.Name, v))
				break
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("charts: bad spec: %w", errors.Join(errs...))
	}
	return nil
}

type canvas struct {
	img                *image.RGBA
	title, label, tick font.Face
	st                 Style
	size               float64 // label font size
	words              []ocr.Word
}

// mid is the baseline offset that centres label text on a y.
func (c *canvas) mid() int { return int(c.size * 0.37) }

func (c *canvas) fill(r image.Rectangle, col color.Color) {
	draw.Draw(c.img, r, image.NewUniform(col), image.Point{}, draw.Src)
}

// text draws s with its left edge at x and baseline at y; align -1 left,
// 0 centre, 1 right.
func (c *canvas) text(face font.Face, s string, x, y int, align int) {
	d := &font.Drawer{Dst: c.img, Src: image.NewUniform(textColor), Face: face}
	w := d.MeasureString(s).Round()
	switch align {
	case 0:
		x -= w / 2
	case 1:
		x -= w
	}
	d.Dot = fixed.P(x, y)
	d.DrawString(s)
	// Record each word's box, as OCR would report it.
	m := face.Metrics()
	top, bottom := y-int(float64(m.Ascent.Round())*0.8), y+m.Descent.Round()/2
	off := 0
	for _, f := range strings.SplitAfter(s, " ") {
		word := strings.TrimSpace(f)
		wx := x + d.MeasureString(s[:off]).Round()
		off += len(f)
		if word == "" {
			continue
		}
		ww := d.MeasureString(word).Round()
		c.words = append(c.words, ocr.Word{Text: word, Box: image.Rect(wx, top, wx+ww, bottom), Conf: 100})
	}
}

// line draws a thick segment.
func (c *canvas) line(x0, y0, x1, y1 float64, width float64, col color.RGBA) {
	n := int(math.Hypot(x1-x0, y1-y0)*2) + 1
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		c.disk(x0+(x1-x0)*t, y0+(y1-y0)*t, width/2, col)
	}
}

func (c *canvas) disk(cx, cy, r float64, col color.RGBA) {
	for y := int(cy - r - 1); y <= int(cy+r+1); y++ {
		for x := int(cx - r - 1); x <= int(cx+r+1); x++ {
			if math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy) <= r {
				if image.Pt(x, y).In(c.img.Rect) {
					c.img.SetRGBA(x, y, col)
				}
			}
		}
	}
}

// niceScale picks an axis maximum and step (1, 2, 2.5 or 5 times a power of
// ten) with 4 to 8 steps.
func niceScale(maxVal float64) (top, step float64) {
	if maxVal <= 0 {
		return 1, 0.25
	}
	raw := maxVal / 5
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		step = m * p
		if step >= raw {
			break
		}
	}
	top = math.Ceil(maxVal/step) * step
	if top < maxVal*1.08 { // room for data labels
		top += step
	}
	return top, step
}

// Render draws the chart.
func (r *Renderer) Render(s Spec) (*image.RGBA, error) {
	img, _, err := r.RenderWords(s)
	return img, err
}

// RenderWords draws the chart and also returns every word it wrote with
// its box: what a perfect OCR would read, for tests (see ocr.Fake).
func (r *Renderer) RenderWords(s Spec) (*image.RGBA, []ocr.Word, error) {
	if err := s.Validate(); err != nil {
		return nil, nil, err
	}
	if s.Width <= 0 {
		s.Width = 800
	}
	if s.Height <= 0 {
		s.Height = 500
	}
	face := func(f *opentype.Font, size float64) (font.Face, error) {
		return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	}
	st := s.Style
	if st.LabelSize <= 0 {
		st.LabelSize = 16
	}
	if st.TitleSize <= 0 {
		st.TitleSize = 22
	}
	if st.BarFrac <= 0 || st.BarFrac > 0.95 {
		st.BarFrac = 0.6
	}
	if st.LineWidth <= 0 {
		st.LineWidth = 3
	}
	regular, bold := r.regular, r.bold
	if f, ok := r.families[st.Font]; ok {
		regular, bold = f[0], f[1]
	}
	tf, err := face(bold, st.TitleSize)
	if err != nil {
		return nil, nil, fmt.Errorf("charts: %w", err)
	}
	lf, err := face(regular, st.LabelSize)
	if err != nil {
		return nil, nil, fmt.Errorf("charts: %w", err)
	}
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, s.Width, s.Height)), title: tf, label: lf, tick: lf, st: st, size: st.LabelSize}
	c.fill(c.img.Rect, color.White)
	titleBase := int(st.TitleSize * 1.6)
	if s.Title != "" {
		c.text(c.title, s.Title, s.Width/2, titleBase, 0)
	}
	legendW, legendH := 0, 0
	key := int(st.LabelSize)
	if s.Legend {
		names := make([]string, len(s.Series))
		for i, se := range s.Series {
			names[i] = se.Name
		}
		if s.Type == TypePie {
			names = s.Categories
		}
		d := &font.Drawer{Face: c.label}
		if st.LegendTop {
			legendH = key + 14
			total := 0
			for _, n := range names {
				total += key + 8 + d.MeasureString(n).Round() + 24
			}
			x := (s.Width - total) / 2
			y := titleBase + 14
			for i, n := range names {
				c.fill(image.Rect(x, y, x+key, y+key), st.color(i))
				c.text(c.label, n, x+key+8, y+key-2, -1)
				x += key + 8 + d.MeasureString(n).Round() + 24
			}
		} else {
			legendW = 40 + key
			for _, n := range names {
				legendW = max(legendW, key+40+d.MeasureString(n).Round())
			}
			x0 := s.Width - legendW + 10
			for i, n := range names {
				y := titleBase + 50 + i*(key+12)
				c.fill(image.Rect(x0, y, x0+key, y+key), st.color(i))
				c.text(c.label, n, x0+key+8, y+key-2, -1)
			}
		}
	}
	plot := image.Rect(int(st.LabelSize*4.5), titleBase+30+legendH, s.Width-legendW-30, s.Height-int(st.LabelSize*3.5))
	switch s.Type {
	case TypePie:
		r.pie(c, s, image.Rect(20, titleBase+20+legendH, s.Width-legendW-20, s.Height-20))
	case TypeHBar:
		plot.Min.X = int(st.LabelSize * 7)
		r.hbar(c, s, plot)
	case TypeLine:
		r.vertical(c, s, plot, false)
	default:
		r.vertical(c, s, plot, true)
	}
	return c.img, c.words, nil
}

func maxValue(s Spec) float64 {
	m := 0.0
	for i := range s.Categories {
		sum := 0.0
		for _, se := range s.Series {
			if s.Type == TypeStacked {
				sum += se.Values[i]
			} else {
				sum = max(sum, se.Values[i])
			}
		}
		m = max(m, sum)
	}
	return m
}

// vertical draws bar, grouped and stacked bar charts (bars true) and line
// charts.
func (r *Renderer) vertical(c *canvas, s Spec, plot image.Rectangle, bars bool) {
	top, step := niceScale(maxValue(s))
	yOf := func(v float64) float64 { return float64(plot.Max.Y) - v/top*float64(plot.Dy()) }
	for v := 0.0; v <= top+step/2; v += step {
		y := int(math.Round(yOf(v)))
		if s.Grid && v > 0 {
			c.fill(image.Rect(plot.Min.X, y, plot.Max.X, y+1), gridColor)
		}
		c.fill(image.Rect(plot.Min.X-5, y, plot.Min.X, y+1), axisColor)
		c.text(c.tick, c.st.fmtValue(round(v, 6)), plot.Min.X-9, y+c.mid(), 1)
	}
	n := len(s.Categories)
	slot := float64(plot.Dx()) / float64(n)
	for i, cat := range s.Categories {
		cx := float64(plot.Min.X) + slot*(float64(i)+0.5)
		c.text(c.label, cat, int(cx), plot.Max.Y+int(c.size*1.5), 0)
	}
	if bars {
		groups := len(s.Series)
		if s.Type != TypeGrouped {
			groups = 1
		}
		bw := slot * c.st.BarFrac / float64(groups)
		for i := range s.Categories {
			x0 := float64(plot.Min.X) + slot*float64(i) + slot*(1-c.st.BarFrac)/2
			base := 0.0
			for j, se := range s.Series {
				v := se.Values[i]
				bx := x0
				lo := 0.0
				if s.Type == TypeGrouped {
					bx = x0 + bw*float64(j)
				} else if s.Type == TypeStacked {
					lo = base
					base += v
				}
				rect := image.Rect(int(math.Round(bx)), int(math.Round(yOf(lo+v))), int(math.Round(bx+bw)), int(math.Round(yOf(lo))))
				c.fill(rect, c.st.color(j))
				if s.Labels {
					lbl := c.st.fmtValue(v)
					if s.Type == TypeStacked {
						// Only labels that fit inside the segment.
						lw := (&font.Drawer{Face: c.label}).MeasureString(lbl).Round()
						if rect.Dy() >= int(c.size*1.15) && lw <= rect.Dx()-4 {
							c.text(c.label, lbl, int(bx+bw/2), rect.Min.Y+rect.Dy()/2+c.mid(), 0)
						}
					} else {
						c.text(c.label, lbl, int(bx+bw/2), rect.Min.Y-5, 0)
					}
				}
				if s.Type == TypeBar {
					break
				}
			}
		}
	} else {
		for j, se := range s.Series {
			col := c.st.color(j)
			for i := 1; i < n; i++ {
				x0 := float64(plot.Min.X) + slot*(float64(i-1)+0.5)
				x1 := float64(plot.Min.X) + slot*(float64(i)+0.5)
				c.line(x0, yOf(se.Values[i-1]), x1, yOf(se.Values[i]), c.st.LineWidth, col)
			}
			for i, v := range se.Values {
				x := float64(plot.Min.X) + slot*(float64(i)+0.5)
				if !c.st.NoMarkers {
					c.disk(x, yOf(v), 5, col)
				}
				if s.Labels {
					c.text(c.label, c.st.fmtValue(v), int(x), int(yOf(v))-10, 0)
				}
			}
		}
	}
	c.fill(image.Rect(plot.Min.X, plot.Max.Y, plot.Max.X, plot.Max.Y+1), axisColor)
	c.fill(image.Rect(plot.Min.X, plot.Min.Y, plot.Min.X+1, plot.Max.Y+1), axisColor)
}

func (r *Renderer) hbar(c *canvas, s Spec, plot image.Rectangle) {
	top, step := niceScale(maxValue(s))
	xOf := func(v float64) float64 { return float64(plot.Min.X) + v/top*float64(plot.Dx()) }
	for v := 0.0; v <= top+step/2; v += step {
		x := int(math.Round(xOf(v)))
		if s.Grid && v > 0 {
			c.fill(image.Rect(x, plot.Min.Y, x+1, plot.Max.Y), gridColor)
		}
		c.fill(image.Rect(x, plot.Max.Y, x+1, plot.Max.Y+5), axisColor)
		c.text(c.tick, c.st.fmtValue(round(v, 6)), x, plot.Max.Y+int(c.size*1.5), 0)
	}
	n := len(s.Categories)
	slot := float64(plot.Dy()) / float64(n)
	se := s.Series[0]
	for i, cat := range s.Categories {
		cy := float64(plot.Min.Y) + slot*(float64(i)+0.5)
		c.text(c.label, cat, plot.Min.X-10, int(cy)+c.mid(), 1)
		y0 := float64(plot.Min.Y) + slot*float64(i) + slot*(1-c.st.BarFrac)/2
		rect := image.Rect(plot.Min.X+1, int(math.Round(y0)), int(math.Round(xOf(se.Values[i]))), int(math.Round(y0+slot*c.st.BarFrac)))
		c.fill(rect, c.st.color(0))
		if s.Labels {
			c.text(c.label, c.st.fmtValue(se.Values[i]), rect.Max.X+6, int(cy)+c.mid(), -1)
		}
	}
	c.fill(image.Rect(plot.Min.X, plot.Min.Y, plot.Min.X+1, plot.Max.Y), axisColor)
	c.fill(image.Rect(plot.Min.X, plot.Max.Y, plot.Max.X, plot.Max.Y+1), axisColor)
}

// pie draws slices clockwise from 12 o'clock; labels are percentages.
func (r *Renderer) pie(c *canvas, s Spec, area image.Rectangle) {
	vals := s.Series[0].Values
	sum := 0.0
	for _, v := range vals {
		sum += v
	}
	if sum <= 0 {
		return
	}
	cx, cy := float64(area.Min.X+area.Max.X)/2, float64(area.Min.Y+area.Max.Y)/2
	rad := float64(min(area.Dx(), area.Dy()))/2 - 10
	ends := make([]float64, len(vals))
	acc := 0.0
	for i, v := range vals {
		acc += v / sum
		ends[i] = acc * 2 * math.Pi
	}
	for y := int(cy - rad); y <= int(cy+rad); y++ {
		for x := int(cx - rad); x <= int(cx+rad); x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			if math.Hypot(dx, dy) > rad {
				continue
			}
			a := angleFromTop(dx, dy)
			k := 0
			for k < len(ends)-1 && a > ends[k] {
				k++
			}
			c.img.SetRGBA(x, y, c.st.color(k))
		}
	}
	if s.Labels {
		start := 0.0
		for i, v := range vals {
			share := v / sum
			mid := start + share*math.Pi
			start = ends[i]
			if share < 0.04 {
				continue
			}
			lx := cx + 0.65*rad*math.Sin(mid)
			ly := cy - 0.65*rad*math.Cos(mid)
			c.text(c.label, FormatValue(round(share*100, 1))+"%", int(lx), int(ly)+c.mid(), 0)
		}
	}
}

// angleFromTop is the clockwise angle from 12 o'clock, 0 to 2π, of the
// vector (dx, dy) in image coordinates (y down).
func angleFromTop(dx, dy float64) float64 {
	a := math.Atan2(dx, -dy)
	if a < 0 {
		a += 2 * math.Pi
	}
	return a
}
