package layout

import (
	"image"
	"testing"
)

// page is a white test page.
func page(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	return g
}

func box(g *image.Gray, r image.Rectangle, v uint8) {
	r = r.Intersect(g.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			g.Pix[y*g.Stride+x] = v
		}
	}
}

func hline(g *image.Gray, x0, x1, y, thick int) { box(g, image.Rect(x0, y, x1, y+thick), 0) }
func vline(g *image.Gray, x, y0, y1, thick int) { box(g, image.Rect(x, y0, x+thick, y1), 0) }

// dotted draws a horizontal rule of one-pixel dots every three pixels.
func dotted(g *image.Gray, x0, x1, y int) {
	for x := x0; x < x1; x += 3 {
		g.Pix[y*g.Stride+x] = 40
	}
}

// glyphs draws a row of letter-like blocks (strokes with gaps) at y.
func glyphs(g *image.Gray, x0, y, n int) {
	for i := 0; i < n; i++ {
		x := x0 + i*34
		box(g, image.Rect(x, y, x+26, y+4), 0)     // a bar
		box(g, image.Rect(x+11, y, x+15, y+28), 0) // a stem through it
	}
}

// A ruled table: three columns, a header row, a label merged over two
// rows, a dotted rule between rows, and text inside.
func TestAnalyzeTable(t *testing.T) {
	g := page(900, 600)
	// Outer box and grid: columns at 100, 300, 600, 800; rows at 100,
	// 160, 240, 320.
	for _, y := range []int{100, 320} {
		hline(g, 100, 802, y, 2)
	}
	hline(g, 100, 802, 159, 2) // a double rule under the header
	hline(g, 100, 802, 162, 2)
	hline(g, 300, 802, 240, 2) // the first column's cell spans rows 1-2
	dotted(g, 600, 800, 280)   // a dotted rule splits the last column's row 2
	for _, x := range []int{100, 300, 600, 800} {
		vline(g, x, 100, 322, 2)
	}
	glyphs(g, 320, 190, 6) // text in a cell: strokes are not rules
	p := Analyze(g, Options{})
	if len(p.Tables) != 1 {
		t.Fatalf("tables: %+v (h %v, v %v)", p.Tables, p.HRules, p.VRules)
	}
	tb := p.Tables[0]
	if tb.Rows != 4 || tb.Cols != 3 {
		t.Fatalf("grid %dx%d, want 4x3: %+v", tb.Rows, tb.Cols, tb.Cells)
	}
	want := map[[2]int][2]int{ // row,col -> rowspan,colspan
		{0, 0}: {1, 1}, {0, 1}: {1, 1}, {0, 2}: {1, 1},
		{1, 0}: {3, 1}, {1, 1}: {1, 1}, {1, 2}: {1, 1},
		{2, 1}: {2, 1}, {2, 2}: {1, 1},
		{3, 2}: {1, 1},
	}
	if len(tb.Cells) != len(want) {
		t.Errorf("cells %+v", tb.Cells)
	}
	for _, c := range tb.Cells {
		sp, ok := want[[2]int{c.Row, c.Col}]
		if !ok || sp != [2]int{c.RowSpan, c.ColSpan} {
			t.Errorf("cell %d,%d span %dx%d unexpected", c.Row, c.Col, c.RowSpan, c.ColSpan)
		}
	}
	// Rules are erased from Clean, the text in the cell is not.
	if v := p.Clean.GrayAt(200, 100).Y; v != 255 {
		t.Errorf("rule not erased: %d", v)
	}
	if v := p.Clean.GrayAt(333, 200).Y; v != 0 {
		t.Errorf("text erased: %d", v)
	}
}

// A box around text is a frame, not a table; a page-wide header rule and
// a margin line do not make the page a table.
func TestAnalyzeFrameAndPageRules(t *testing.T) {
	g := page(900, 800)
	hline(g, 100, 800, 100, 2)
	hline(g, 100, 800, 300, 2)
	vline(g, 100, 100, 302, 2)
	vline(g, 798, 100, 302, 2)
	glyphs(g, 150, 180, 8)
	hline(g, 0, 900, 400, 2) // header rule across the page
	vline(g, 850, 400, 800, 2)
	p := Analyze(g, Options{})
	if len(p.Tables) != 0 || len(p.Frames) != 1 {
		t.Fatalf("tables %+v frames %v", p.Tables, p.Frames)
	}
}

// Strokes of letters on one row ("프로그램": bars with a gap per letter,
// stems standing on them) are not rules.
func TestLettersAreNotRules(t *testing.T) {
	g := page(600, 200)
	glyphs(g, 50, 80, 10)
	for x := 50; x < 390; x += 34 { // bars touching: a solid run of 340 px
		box(g, image.Rect(x, 130, x+34, 134), 0)
		box(g, image.Rect(x+10, 120, x+14, 130), 0) // stems on the bar
		box(g, image.Rect(x+20, 134, x+24, 144), 0) // and under it
	}
	p := Analyze(g, Options{})
	if len(p.HRules) != 0 {
		t.Errorf("letters taken for rules: %v", p.HRules)
	}
}

func TestBullets(t *testing.T) {
	g := page(600, 300)
	disc := func(cx, cy, r int) {
		for y := -r; y <= r; y++ {
			for x := -r; x <= r; x++ {
				if x*x+y*y <= r*r {
					g.Pix[(cy+y)*g.Stride+cx+x] = 0
				}
			}
		}
	}
	disc(60, 60, 6)
	glyphs(g, 80, 46, 4)
	box(g, image.Rect(54, 130, 66, 142), 0) // ▪
	glyphs(g, 80, 122, 4)
	for y := 0; y < 20; y++ { // ▲
		box(g, image.Rect(60-y/2, 200+y, 61+y/2, 201+y), 0)
	}
	glyphs(g, 80, 196, 4)
	ring := func(cx, cy int) { // ㅇ: a ring is no bullet
		for y := -8; y <= 8; y++ {
			for x := -8; x <= 8; x++ {
				if d := x*x + y*y; d <= 64 && d >= 25 {
					g.Pix[(cy+y)*g.Stride+cx+x] = 0
				}
			}
		}
	}
	ring(400, 60)
	glyphs(g, 420, 46, 3)
	p := Analyze(g, Options{})
	var got []string
	for _, b := range p.Bullets {
		got = append(got, b.Symbol)
	}
	if len(got) != 3 || got[0] != "●" || got[1] != "▪" || got[2] != "▲" {
		t.Fatalf("bullets %v", p.Bullets)
	}
	if p.Clean.GrayAt(60, 60).Y != 255 {
		t.Error("bullet not erased")
	}
}

// A shaded strip at the page edge with glyphs stacked down it (white on
// dark grey, or light grey on lighter grey) is a panel; a box with lines
// of text across it is not.
func TestPanels(t *testing.T) {
	g := page(800, 1000)
	for _, shade := range []struct {
		y0      int
		bg, ink uint8
	}{{100, 120, 255}, {520, 242, 225}} {
		box(g, image.Rect(700, shade.y0, 772, shade.y0+400), shade.bg)
		for i := 0; i < 8; i++ { // stacked glyphs, 26 px each
			y := shade.y0 + 30 + i*40
			box(g, image.Rect(722, y, 748, y+5), shade.ink)
			box(g, image.Rect(733, y, 737, y+26), shade.ink)
		}
	}
	box(g, image.Rect(100, 100, 200, 500), 220) // a box with text across
	glyphs(g, 105, 280, 3)
	glyphs(g, 105, 320, 3)
	p := Analyze(g, Options{})
	if len(p.Panels) != 2 {
		t.Fatalf("panels %v", p.Panels)
	}
	for _, pn := range p.Panels {
		if pn.Text.GrayAt(735, pn.Box.Min.Y+40).Y >= 250 || pn.Text.GrayAt(710, pn.Box.Min.Y+40).Y != 255 {
			t.Errorf("panel %v: text not drawn black on white", pn.Box)
		}
	}
}

func FuzzAnalyze(f *testing.F) {
	f.Add([]byte{0, 255, 0, 255}, uint16(40), uint16(30))
	f.Add(make([]byte, 64), uint16(8), uint16(8))
	f.Fuzz(func(t *testing.T, pix []byte, w, h uint16) {
		w, h = w%300+1, h%300+1
		g := image.NewGray(image.Rect(0, 0, int(w), int(h)))
		for i := range g.Pix {
			if len(pix) > 0 {
				g.Pix[i] = pix[i%len(pix)]
			}
		}
		p := Analyze(g, Options{})
		for _, tb := range p.Tables {
			for _, c := range tb.Cells {
				if c.Row < 0 || c.Row+c.RowSpan > tb.Rows || c.Col+c.ColSpan > tb.Cols {
					t.Fatalf("cell %+v outside %dx%d", c, tb.Rows, tb.Cols)
				}
			}
		}
	})
}
