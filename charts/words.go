package charts

import (
	"image"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/policyqa/policyqa/ocr"
)

// word is an OCR word with its parsed number, if any.
type word struct {
	ocr.Word
	// orig is Box in image coordinates (Box may be in a turned frame).
	orig  image.Rectangle
	num   float64
	isNum bool
	used  bool
}

func center(r image.Rectangle) (float64, float64) {
	return float64(r.Min.X+r.Max.X) / 2, float64(r.Min.Y+r.Max.Y) / 2
}

// parseNumber reads a number as charts print it: "1,234", "12.5", "45%",
// "-3", and what tesseract makes of them: "45,7" (a comma followed by one
// or two digits is taken as a decimal point) and "2.000" (a point followed
// by three digits as a thousands separator).
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, "%)")
	s = strings.TrimLeft(s, "(")
	if s == "" {
		return 0, false
	}
	// "2.000": a point before exactly three digits is a misread
	// thousands separator (charts rarely print three decimals).
	if i := strings.IndexByte(s, '.'); i >= 1 && i <= 3 && len(s)-i-1 == 3 && strings.Count(s, ".") == 1 && !strings.Contains(s, ",") {
		s = s[:i] + s[i+1:]
	}
	if i := strings.LastIndexByte(s, ','); i >= 0 && len(s)-i-1 <= 2 && len(s)-i-1 >= 1 && !strings.Contains(s, ".") {
		s = s[:i] + "." + s[i+1:]
	}
	s = strings.ReplaceAll(s, ",", "")
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-' || r == '+') {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

func toWords(ws []ocr.Word) []*word {
	out := make([]*word, 0, len(ws))
	for _, w := range ws {
		if strings.TrimSpace(w.Text) == "" || w.Box.Empty() {
			continue
		}
		v, ok := parseNumber(w.Text)
		out = append(out, &word{Word: w, orig: w.Box, num: v, isNum: ok})
	}
	return out
}

// phrase is words on one line close enough to read as one label.
type phrase struct {
	text  string
	box   image.Rectangle
	words []*word
}

// phrases joins words into phrases: same line (vertical centres within
// half a height) and a gap under gapFactor times the text height.
func phrases(ws []*word, gapFactor float64) []phrase {
	sorted := append([]*word(nil), ws...)
	sort.Slice(sorted, func(i, j int) bool {
		_, yi := center(sorted[i].Box)
		_, yj := center(sorted[j].Box)
		if math.Abs(yi-yj) > float64(min(sorted[i].Box.Dy(), sorted[j].Box.Dy()))/2 {
			return yi < yj
		}
		return sorted[i].Box.Min.X < sorted[j].Box.Min.X
	})
	var out []phrase
	for _, w := range sorted {
		if n := len(out); n > 0 {
			p := &out[n-1]
			last := p.words[len(p.words)-1]
			_, ly := center(last.Box)
			_, wy := center(w.Box)
			h := float64(max(last.Box.Dy(), w.Box.Dy()))
			if math.Abs(ly-wy) < h/2 && float64(w.Box.Min.X-last.Box.Max.X) < gapFactor*h && w.Box.Min.X >= last.Box.Min.X {
				sep := " "
				if w.Box.Min.X-last.Box.Max.X < int(0.35*h) && tight(last.Text, w.Text) {
					sep = ""
				}
				p.text += sep + w.Text
				p.box = p.box.Union(w.Box)
				p.words = append(p.words, w)
				continue
			}
		}
		out = append(out, phrase{text: w.Text, box: w.Box, words: []*word{w}})
	}
	return out
}

func tight(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	return isHangul(ra[len(ra)-1]) || isHangul(rb[0])
}

func isHangul(r rune) bool {
	return r >= 0xAC00 && r <= 0xD7A3
}

// axis maps a pixel coordinate to a value: v = a*p + b.
type axis struct {
	a, b  float64
	ticks []*word
	ok    bool
}

func (ax axis) value(p float64) float64 { return ax.a*p + ax.b }

// span is the value range the ticks cover.
func (ax axis) span() float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, t := range ax.ticks {
		lo, hi = min(lo, t.num), max(hi, t.num)
	}
	return hi - lo
}

// step is the smallest gap between the values of two ticks, 0 when
// fewer than two ticks were read.
func (ax axis) step() float64 {
	st := 0.0
	for i, t := range ax.ticks {
		for _, u := range ax.ticks[i+1:] {
			if d := math.Abs(t.num - u.num); d > 0 && (st == 0 || d < st) {
				st = d
			}
		}
	}
	return st
}

// fitAxis finds the line value = a*pos + b that the most tick labels
// agree with (pos is each word's centre on the axis: y when vertical).
// It needs two agreeing ticks at least; sign is the expected sign of a
// (-1 for a vertical axis, values grow upwards).
func fitAxis(ws []*word, vertical bool, sign float64) axis {
	pos := func(w *word) float64 {
		x, y := center(w.Box)
		if vertical {
			return y
		}
		return x
	}
	var best axis
	bestN := 1
	for i := 0; i < len(ws); i++ {
		for j := i + 1; j < len(ws); j++ {
			pi, pj := pos(ws[i]), pos(ws[j])
			if math.Abs(pi-pj) < 5 || ws[i].num == ws[j].num {
				continue
			}
			a := (ws[j].num - ws[i].num) / (pj - pi)
			if a*sign <= 0 {
				continue
			}
			b := ws[i].num - a*pi
			var in []*word
			tol := math.Abs(a) * 4 // 4 px
			for _, w := range ws {
				if math.Abs(a*pos(w)+b-w.num) <= tol {
					in = append(in, w)
				}
			}
			if len(in) > bestN {
				bestN = len(in)
				best = axis{a: a, b: b, ticks: in, ok: true}
			}
		}
	}
	if !best.ok {
		return best
	}
	// Least squares over the agreeing ticks.
	var sx, sy, sxx, sxy float64
	n := float64(len(best.ticks))
	for _, w := range best.ticks {
		p := pos(w)
		sx += p
		sy += w.num
		sxx += p * p
		sxy += p * w.num
	}
	if d := n*sxx - sx*sx; d != 0 {
		best.a = (n*sxy - sx*sy) / d
		best.b = (sy - best.a*sx) / n
	}
	return best
}

func rect(x0, y0, x1, y1 int) image.Rectangle { return image.Rect(x0, y0, x1, y1) }
