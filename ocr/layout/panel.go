package layout

import (
	"image"
	"sort"
)

// Panel is a tall narrow shaded strip (a thumb-index tab at a page edge,
// "2024 달라지는 세금제도" written down it) whose text runs top to bottom.
type Panel struct {
	Box image.Rectangle
	// Text is the strip's text as black on white, whatever the shading
	// (white on dark grey, light grey on lighter grey), in the page's
	// coordinates.
	Text *image.Gray
}

// Panel geometry at 200 dpi.
const (
	tile          = 8   // px per side of the shading grid
	minPanelW     = 30  // narrowest strip
	maxPanelW     = 200 // widest strip
	minPanelH     = 250 // shortest strip
	minPanelRatio = 3   // height at least this many widths
	// textContrast is how far from its strip's background a pixel must
	// be to count as text (grey levels): light grey letters on a lighter
	// strip differ by 15-20.
	textContrast = 10
)

// panels finds shaded vertical strips: 8x8 tiles mostly not white (grey
// background, or text on it) that join into a region at least three times
// as high as wide. Text regions on white paper do not qualify: their tiles
// are mostly white.
func panels(g *image.Gray, s func(int) int) []Panel {
	b := g.Bounds()
	t := s(tile)
	tw, th := b.Dx()/t, b.Dy()/t
	shaded := make([]bool, tw*th)
	for ty := 0; ty < th; ty++ {
		for tx := 0; tx < tw; tx++ {
			n := 0
			for y := ty * t; y < (ty+1)*t; y++ {
				row := g.Pix[y*g.Stride+tx*t : y*g.Stride+(tx+1)*t]
				for _, v := range row {
					if v <= 250 {
						n++
					}
				}
			}
			shaded[ty*tw+tx] = n*10 >= t*t*6
		}
	}
	// Connected regions of shaded tiles.
	seen := make([]bool, len(shaded))
	var out []Panel
	for i, sh := range shaded {
		if !sh || seen[i] {
			continue
		}
		x0, y0, x1, y1 := tw, th, 0, 0
		stack := []int{i}
		seen[i] = true
		for len(stack) > 0 {
			k := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := k%tw, k/tw
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			for _, d := range [][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
				nx, ny := x+d[0], y+d[1]
				if nx < 0 || ny < 0 || nx >= tw || ny >= th {
					continue
				}
				if j := ny*tw + nx; shaded[j] && !seen[j] {
					seen[j] = true
					stack = append(stack, j)
				}
			}
		}
		box := image.Rect(x0*t, y0*t, (x1+1)*t, (y1+1)*t).Add(b.Min)
		w, h := box.Dx(), box.Dy()
		if w < s(minPanelW) || w > s(maxPanelW) || h < s(minPanelH) || h < minPanelRatio*w {
			continue
		}
		if p, ok := panelText(g, box, s(tile)); ok {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Box.Min.X != out[j].Box.Min.X {
			return out[i].Box.Min.X < out[j].Box.Min.X
		}
		return out[i].Box.Min.Y < out[j].Box.Min.Y
	})
	return out
}

// panelText draws the strip's text black on white: pixels that differ
// from the background of their band (the median of the rows around
// them, so that strips of several shades read alike) by more than
// textContrast. ok is false when nothing differs.
func panelText(g *image.Gray, box image.Rectangle, band int) (Panel, bool) {
	w := box.Dx()
	// Median of each band of rows.
	med := map[int]int{}
	bg := func(y int) int {
		k := (y - box.Min.Y) / band
		if v, ok := med[k]; ok {
			return v
		}
		var hist [256]int
		n := 0
		for yy := box.Min.Y + k*band - band; yy < box.Min.Y+(k+1)*band+band; yy++ {
			if yy < box.Min.Y || yy >= box.Max.Y {
				continue
			}
			for _, v := range g.Pix[g.PixOffset(box.Min.X, yy) : g.PixOffset(box.Min.X, yy)+w] {
				hist[v]++
				n++
			}
		}
		c, m := 0, 255
		for v, k := range hist {
			c += k
			if c*2 >= n {
				m = v
				break
			}
		}
		med[k] = m
		return m
	}
	out := image.NewGray(box)
	ink := 0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		b := bg(y)
		src := g.Pix[g.PixOffset(box.Min.X, y) : g.PixOffset(box.Min.X, y)+w]
		dst := out.Pix[out.PixOffset(box.Min.X, y) : out.PixOffset(box.Min.X, y)+w]
		for i, v := range src {
			d := int(v) - b
			if d < 0 {
				d = -d
			}
			if d > textContrast {
				// Stronger contrast, darker ink.
				dst[i] = uint8(max(0, 255-6*(d-textContrast)))
				ink++
			} else {
				dst[i] = 255
			}
		}
	}
	return Panel{Box: box, Text: out}, ink > 0 && stacked(out)
}

// stacked reports text written downwards: the ink (the strip's border
// aside) falls into at least four bands of rows, glyphs (or their upper
// and lower halves) one under the other, the taller of them (the 75th
// percentile) at least 5/8 as tall as the ink is wide; lines of text
// across a box are much lower than wide.
func stacked(m *image.Gray) bool {
	b := m.Bounds()
	// Rows inked across most of the width, and columns over most of the
	// height, are the strip's border.
	borderRow := make([]bool, b.Dy())
	for y := range borderRow {
		n := 0
		for _, v := range m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y) : m.PixOffset(b.Min.X, b.Min.Y+y)+b.Dx()] {
			if v < 250 {
				n++
			}
		}
		borderRow[y] = n*10 > b.Dx()*6
	}
	border := make([]bool, b.Dx())
	x0, x1 := b.Dx(), -1
	for x := range border {
		n := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if !borderRow[y-b.Min.Y] && m.Pix[m.PixOffset(b.Min.X+x, y)] < 250 {
				n++
			}
		}
		border[x] = n*10 > b.Dy()*6
		if n > 0 && !border[x] {
			x0, x1 = min(x0, x), max(x1, x)
		}
	}
	if x1 < x0 {
		return false
	}
	inkW := x1 - x0 + 1
	var bands []int
	h, gap := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		ink := false
		for x := x0; x <= x1 && !borderRow[y-b.Min.Y]; x++ {
			if !border[x] && m.Pix[m.PixOffset(b.Min.X+x, y)] < 250 {
				ink = true
				break
			}
		}
		switch {
		case ink:
			h++
			gap = 0
		case h > 0:
			gap++
			if gap >= 2 {
				bands = append(bands, h)
				h = 0
			}
		}
	}
	if h > 0 {
		bands = append(bands, h)
	}
	if len(bands) < 4 {
		return false
	}
	sort.Ints(bands)
	return bands[len(bands)*3/4]*8 >= inkW*5
}
