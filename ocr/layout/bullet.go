package layout

import (
	"image"
	"sort"
)

// Bullet is a solid mark that opens a list item or a clause (●, ▪, ▲):
// OCR engines read it as a letter or digit (tesseract's Korean model
// reads ● as "6", ▪ as "『", ▲ as "소"), so Analyze erases it from Clean
// and reports it here, to be put back into the text as Symbol.
type Bullet struct {
	Box    image.Rectangle
	Symbol string
}

// Bullet geometry at 200 dpi.
const (
	minBullet = 7  // px; a full stop or a middle dot is smaller
	maxBullet = 40 // px
)

// bullets finds solid marks: components without a hole (ㅇ and ㅁ have
// one), about as high as wide, between minBullet and maxBullet high, filled
// as a square (▪: 85% of the box and more), a disc (●: 65-85%) or a
// triangle standing on its base (▲: 40-65%, rows widening downwards),
// with taller ink (the text they open) within three of their widths to
// the right.
func bullets(comps []component, s func(int) int) []Bullet {
	byX := make([]int, len(comps))
	for i := range byX {
		byX[i] = i
	}
	sort.Slice(byX, func(i, j int) bool { return comps[byX[i]].box.Min.X < comps[byX[j]].box.Min.X })
	var out []Bullet
	for _, i := range byX {
		c := comps[i]
		w, h := c.box.Dx(), c.box.Dy()
		if h < s(minBullet) || h > s(maxBullet) || w*4 < h*3 || w*2 > h*3 {
			continue
		}
		fill := float64(c.area) / float64(w*h)
		sym := ""
		switch {
		case fill >= 0.85 && w*4 <= h*5 && h*4 <= w*5:
			sym = "▪"
		case fill >= 0.65 && fill < 0.85 && w*4 <= h*5 && h*4 <= w*5 && round(c):
			sym = "●"
		case fill >= 0.4 && fill < 0.65 && triangle(c):
			sym = "▲"
		}
		if sym == "" || !convex(c) || c.holes() > 0 || !textAfter(comps, c) {
			continue
		}
		out = append(out, Bullet{Box: c.box, Symbol: sym})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Box.Min.Y != out[j].Box.Min.Y {
			return out[i].Box.Min.Y < out[j].Box.Min.Y
		}
		return out[i].Box.Min.X < out[j].Box.Min.X
	})
	return out
}

// convex: every row of c is one run of ink, as in a disc, a square or a
// triangle (an asterisk's legs or a letter's strokes are not).
func convex(c component) bool {
	per := make([]int, c.box.Dy())
	for _, r := range c.runs {
		per[r[0]-c.box.Min.Y]++
	}
	for _, n := range per {
		if n != 1 {
			return false
		}
	}
	return true
}

// rowWidths is the ink width of each row of c, top to bottom.
func rowWidths(c component) []int {
	ws := make([]int, c.box.Dy())
	for _, r := range c.runs {
		ws[r[0]-c.box.Min.Y] += r[2] - r[1]
	}
	return ws
}

// round: the top and bottom rows are narrower than the middle row (a
// disc, not a square with cut corners).
func round(c component) bool {
	ws := rowWidths(c)
	n := len(ws)
	return ws[0]*10 <= ws[n/2]*8 && ws[n-1]*10 <= ws[n/2]*8
}

// triangle: the rows widen from a narrow top to the widest bottom.
func triangle(c component) bool {
	ws := rowWidths(c)
	n := len(ws)
	if n < 4 || ws[0]*3 > ws[n-1] || ws[n-1]*10 < c.box.Dx()*8 {
		return false
	}
	drops := 0
	for i := 1; i < n; i++ {
		if ws[i]+1 < ws[i-1] {
			drops++
		}
	}
	return drops <= n/6
}

// textAfter reports taller ink starting within three widths to the right
// of c, overlapping its rows: the text a bullet opens.
func textAfter(comps []component, c component) bool {
	reach := c.box.Max.X + 3*c.box.Dx()
	for _, o := range comps {
		b := o.box
		if b.Min.X < c.box.Max.X || b.Min.X > reach || b.Max.Y <= c.box.Min.Y || b.Min.Y >= c.box.Max.Y {
			continue
		}
		if b.Dy()*5 >= c.box.Dy()*6 {
			return true
		}
	}
	return false
}
