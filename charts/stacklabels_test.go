package charts

import (
	"context"
	"image"
	"testing"

	"github.com/policyqa/policyqa/ocr"
)

// TestStackedSecondReading: the print on a stacked segment read a second
// time by its darkness replaces the first reading where the two differ
// by more than 2 px' worth and the second is nearer the segment's
// height; readings closer than that keep the first; an unlabelled
// segment takes the second.
func TestStackedSecondReading(t *testing.T) {
	for _, tc := range []struct {
		name          string
		h             int     // segment height, px
		perPx         float64 // value per px
		first, second string  // "" for none
		want          float64 // the label's value; 0 for none
	}{
		{"misread first, right second", 100, 2.62, "203", "269", 269},
		{"misread second, right first", 100, 2.62, "269", "209", 269},
		{"readings within 2 px' worth", 35, 10, "356", "336", 356},
		{"no first reading", 60, 2.5, "", "150", 150},
		{"no second reading", 60, 2.5, "150", "", 150},
	} {
		m := whiteImage(200, 300)
		seg := image.Rect(50, 250-tc.h, 110, 250)
		fillRect(m, seg, officeBlue)
		l := findColors(m)
		comps := l.components(true, 12)
		if len(comps) != 1 {
			t.Fatalf("%s: %d components", tc.name, len(comps))
		}
		// The mosaic holds the one region at (10, 10); a reading
		// centred on the segment.
		region := image.Rect(seg.Min.X+1, seg.Min.Y, seg.Max.X-1, seg.Max.Y)
		var digits []ocr.Word
		if tc.second != "" {
			cy := 10 + region.Dy()/2
			digits = []ocr.Word{{Text: tc.second, Box: image.Rect(10+19, cy-6, 10+39, cy+6), Conf: 80}}
		}
		fake := &ocr.Fake{Func: func(_ []byte, mode ocr.Mode) (ocr.Result, error) {
			if mode == ocr.ModeDigits {
				return ocr.Result{Words: digits}, nil
			}
			return ocr.Result{}, nil
		}}
		a := &analysis{ctx: context.Background(), eng: fake, m: m, clean: m, l: l, t: &Table{}, textH: 20}
		k := [2]int{0, comps[0].col}
		labels := map[[2]int]*word{}
		if tc.first != "" {
			w := toWords([]ocr.Word{{Text: tc.first, Box: image.Rect(70, 244-tc.h/2, 90, 256-tc.h/2)}})[0]
			w.used = true
			a.ws = append(a.ws, w)
			labels[k] = w
		}
		ax := axis{a: -tc.perPx, b: 250 * tc.perPx, ok: true}
		a.stackedSecondReading([][]component{comps}, labels, ax, 12)
		switch w := labels[k]; {
		case tc.want == 0 && w != nil:
			t.Errorf("%s: label %q, want none", tc.name, w.Text)
		case tc.want != 0 && (w == nil || w.num != tc.want):
			t.Errorf("%s: label %v, want %v", tc.name, w, tc.want)
		}
	}
}

// TestAlignedBorders: the segments of a stacked horizontal bar, parted
// by white borders up to 3 px wide (LibreOffice draws 1-2 px at some
// resolutions), are one bar on their shared bottom edge, so the bars'
// shared left edge outvotes it and the chart is read as horizontal.
func TestAlignedBorders(t *testing.T) {
	for _, gap := range []int{0, 1, 2, 3} {
		var rs []component
		for b := 0; b < 3; b++ {
			y := 40 + 60*b
			x := 100
			for s := 0; s < 5; s++ {
				w := 40 + 10*s
				r := image.Rect(x, y, x+w, y+40)
				rs = append(rs, component{col: s, box: r, n: r.Dx() * r.Dy()})
				x += w + gap
			}
		}
		_, vn, _ := aligned(rs, func(b image.Rectangle) (int, int, int) { return b.Max.Y, b.Min.X, b.Max.X })
		_, hn, _ := aligned(rs, func(b image.Rectangle) (int, int, int) { return b.Min.X, b.Min.Y, b.Max.Y })
		if vn != 1 || hn != 3 {
			t.Errorf("borders %d px: bars on the bottom edge %d (want 1), on the left edge %d (want 3)", gap, vn, hn)
		}
	}
}

// TestAlignedClustersClose: grouped horizontal bars whose clusters stand
// 2-3 px apart (small charts) still count cluster by cluster on their
// shared left edge: bars of different lengths a border apart are no
// segments of one bar.
func TestAlignedClustersClose(t *testing.T) {
	lengths := [][]int{{300, 180}, {290, 60}, {390, 420}, {180, 350}}
	for _, gap := range []int{2, 3} {
		var rs []component
		y := 40
		for _, cl := range lengths {
			for k, l := range cl {
				r := image.Rect(40, y, 40+l, y+9)
				rs = append(rs, component{col: k, box: r, n: r.Dx() * r.Dy()})
				y += 9
			}
			y += gap
		}
		_, vn, _ := aligned(rs, func(b image.Rectangle) (int, int, int) { return b.Max.Y, b.Min.X, b.Max.X })
		_, hn, _ := aligned(rs, func(b image.Rectangle) (int, int, int) { return b.Min.X, b.Min.Y, b.Max.Y })
		if hn != len(lengths) || hn <= vn {
			t.Errorf("clusters %d px apart: on the left edge %d (want %d), on a bottom edge %d", gap, hn, len(lengths), vn)
		}
	}
}
