package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"sort"
	"strings"
	"unicode"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/ocr/layout"
)

// Reader reads page images layout first: ruled tables are found and each
// cell is read on its own (ocr.ModeBlock), the rules are erased, and the
// rest of the page is read as running text (ocr.ModePage).
type Reader struct {
	Engine ocr.Engine
	// Languages are the models for page text and cells (default
	// DefaultLanguages).
	Languages []string
	// DPI is the resolution of the page images (default DefaultDPI).
	DPI int
	// CellScale enlarges table cells before reading (default 1).
	CellScale float64
	// TextScale enlarges the running text before reading (default 1).
	TextScale float64
}

// DefaultLanguages: the Korean model alone. Measured on field-dev-scan
// (tesseract 5.3, psm 4, 25 pages): character error rate over Hangul and
// digits 15.8% with kor against 16.6% with kor+eng, 0.99% against 3.35% on
// a plain text page: with both models tesseract takes a hard Korean word
// for Latin letters ("세율을" -> "MSS").
var DefaultLanguages = []string{"kor"}

// VerticalLanguages read text written top to bottom (Debian's
// tesseract-ocr-kor-vert); where the model is missing, such text is left
// out. Measured on the margin tabs of field-dev-scan: kor_vert reads
// "2024 달라지는 세금제도" whole, kor in psm 5 reads nothing usable.
var VerticalLanguages = []string{"kor_vert"}

// Page is one page read.
type Page struct {
	Number int
	// Size is the page image's size in pixels, at DPI.
	Size image.Point
	DPI  int
	// Lines are the running text outside tables, in the engine's reading
	// order.
	Lines []Line
	// Margin is text written down shaded strips at the page's edge
	// (thumb-index tabs), a line per strip, top to bottom.
	Margin []Line
	Tables []Table
}

// Line is one line of running text.
type Line struct {
	Box   image.Rectangle
	Text  string
	Words []ocr.Word
}

// Table is a ruled table read cell by cell.
type Table struct {
	Box        image.Rectangle
	Rows, Cols int
	// Cells are in row-major order of their top-left grid position.
	Cells []Cell
}

// Cell is one table cell and its text (lines joined by spaces).
type Cell struct {
	layout.Cell
	Text string
	// Lines are the cell's lines, boxes in page coordinates.
	Lines []Line
}

// ReadPage reads one gray page image.
func (r *Reader) ReadPage(ctx context.Context, g *image.Gray) (*Page, error) {
	dpi := r.DPI
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	langs := r.Languages
	if len(langs) == 0 {
		langs = DefaultLanguages
	}
	params := ocr.Params{Languages: langs}
	lay := layout.Analyze(g, layout.Options{DPI: dpi})
	p := &Page{Size: g.Bounds().Size(), DPI: dpi}

	// Running text: the page without its tables.
	text := image.NewGray(lay.Clean.Rect)
	copy(text.Pix, lay.Clean.Pix)
	for _, t := range lay.Tables {
		fill(text, t.Box.Inset(-2), 255)
	}
	for _, pn := range lay.Panels {
		fill(text, pn.Box, 255)
		res, err := recognizeGray(ctx, r.Engine, pad(pn.Text, 20), ocr.ModeVertical, ocr.Params{Languages: VerticalLanguages})
		if errors.Is(err, ocr.ErrModelMissing) {
			continue // no vertical model: the strip is left out
		}
		if err != nil {
			return nil, fmt.Errorf("margin strip: %w", err)
		}
		if t := strings.Join(strings.Fields(res.Text), " "); t != "" {
			p.Margin = append(p.Margin, Line{Box: pn.Box, Text: t})
		}
	}
	res, err := recognizeScaled(ctx, r.Engine, text, r.TextScale, ocr.ModePage, params)
	if err != nil {
		return nil, err
	}
	p.Lines = withBullets(groupLines(res.Words), lay.Bullets)
	if err := r.rereadLatin(ctx, lay.Clean, p.Lines); err != nil {
		return nil, err
	}

	for _, lt := range lay.Tables {
		prose := proseTable(lay, lt)
		t := Table{Box: lt.Box, Rows: lt.Rows, Cols: lt.Cols}
		for _, lc := range lt.Cells {
			c := Cell{Cell: lc}
			box := lc.Box.Inset(3)
			if box.Empty() || inkCount(lay.Clean, box, lay.Threshold) < 12 {
				t.Cells = append(t.Cells, c)
				continue
			}
			mode := ocr.ModeBlock
			if prose {
				mode = ocr.ModePage
			}
			const margin = 10
			crop := pad(lay.Clean.SubImage(box).(*image.Gray), margin)
			res, err := recognizeScaled(ctx, r.Engine, crop, r.CellScale, mode, params)
			if err != nil {
				return nil, fmt.Errorf("table cell %d,%d: %w", lc.Row, lc.Col, err)
			}
			off := box.Min.Sub(image.Pt(margin, margin))
			for i := range res.Words {
				res.Words[i].Box = res.Words[i].Box.Add(off)
			}
			c.Lines = withBullets(groupLines(res.Words), lay.Bullets)
			if err := r.rereadLatin(ctx, lay.Clean, c.Lines); err != nil {
				return nil, err
			}
			if prose {
				// A form's box of running text: its lines are page text.
				p.Lines = append(p.Lines, c.Lines...)
				continue
			}
			var parts []string
			for _, l := range c.Lines {
				parts = append(parts, l.Text)
			}
			c.Text = strings.Join(parts, " ")
			t.Cells = append(t.Cells, c)
		}
		if !prose {
			p.Tables = append(p.Tables, t)
		}
	}
	return p, nil
}

// proseLines is how many lines of text make a cell a box of running text
// rather than a table value.
const proseLines = 8

// proseTable reports a form laid out with rules rather than a table of
// values: a cell holds proseLines lines of text or more (bands of ink rows
// apart by blank rows). Its cells are read as running text, each on its
// own.
func proseTable(lay *layout.Page, t layout.Table) bool {
	for _, c := range t.Cells {
		if textLines(lay.Clean, c.Box.Inset(3), lay.Threshold) >= proseLines {
			return true
		}
	}
	return false
}

// textLines counts the bands of rows with ink in r, apart by at least
// three blank rows.
func textLines(g *image.Gray, r image.Rectangle, t uint8) int {
	r = r.Intersect(g.Rect)
	n, blank, in := 0, 0, false
	for y := r.Min.Y; y < r.Max.Y; y++ {
		ink := false
		for _, v := range g.Pix[g.PixOffset(r.Min.X, y):g.PixOffset(r.Max.X, y)] {
			if v < t {
				ink = true
				break
			}
		}
		switch {
		case ink && !in:
			n++
			in, blank = true, 0
		case !ink && in:
			if blank++; blank >= 3 {
				in = false
			}
		case ink:
			blank = 0
		}
	}
	return n
}

// recognizeGray encodes g as PNG and reads it.
func recognizeGray(ctx context.Context, eng ocr.Engine, g *image.Gray, mode ocr.Mode, p ocr.Params) (ocr.Result, error) {
	return ocr.RecognizeWith(ctx, eng, encodePNG(g), mode, p)
}

// recognizeScaled reads g enlarged by f (when f > 1), with word boxes
// in g's coordinates.
func recognizeScaled(ctx context.Context, eng ocr.Engine, g *image.Gray, f float64, mode ocr.Mode, p ocr.Params) (ocr.Result, error) {
	if f <= 1 {
		return recognizeGray(ctx, eng, g, mode, p)
	}
	res, err := recognizeGray(ctx, eng, ocr.ScaleGray(g, f), mode, p)
	for i := range res.Words {
		b := &res.Words[i].Box
		*b = image.Rect(int(float64(b.Min.X)/f), int(float64(b.Min.Y)/f), int(float64(b.Max.X)/f+0.5), int(float64(b.Max.Y)/f+0.5))
	}
	return res, err
}

// groupLines collects words into lines by the engine's line numbers.
func groupLines(words []ocr.Word) []Line {
	var out []Line
	for _, w := range words {
		if len(out) == 0 || out[len(out)-1].Words[0].Line != w.Line || w.Line == 0 {
			out = append(out, Line{Box: w.Box})
		}
		l := &out[len(out)-1]
		l.Words = append(l.Words, w)
		l.Box = l.Box.Union(w.Box)
	}
	for i := range out {
		out[i].Text = ocr.LineText(out[i].Words)
	}
	return out
}

// LatinLanguages re-read words without Hangul (see rereadLatin).
var LatinLanguages = []string{"eng"}

// rereadLatin reads again, with LatinLanguages, each printed word (see
// joinSyllables) without Hangul that holds a Latin letter or that the
// Korean model was unsure of (confidence under 80): the Korean model
// alone reads "Boeing" as digits and "B-737" as "8-737". The new reading
// replaces the old when the engine is surer of it.
func (r *Reader) rereadLatin(ctx context.Context, img *image.Gray, lines []Line) error {
	for li := range lines {
		l := &lines[li]
		words := joinSyllables(l.Words)
		changed := false
		var out []ocr.Word
		for _, w := range words {
			if !latinCandidate(w) {
				out = append(out, w)
				continue
			}
			box := w.Box.Inset(-3).Intersect(img.Rect)
			if box.Empty() {
				out = append(out, w)
				continue
			}
			res, err := recognizeGray(ctx, r.Engine, pad(img.SubImage(box).(*image.Gray), 10), ocr.ModeTextLine, ocr.Params{Languages: LatinLanguages})
			if errors.Is(err, ocr.ErrModelMissing) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("re-reading %q: %w", w.Text, err)
			}
			t := strings.Join(strings.Fields(res.Text), " ")
			if t == "" || meanConf(res.Words) <= w.Conf+5 || strings.IndexFunc(t, isHangulRune) >= 0 {
				out = append(out, w)
				continue
			}
			w.Text, w.Conf = t, meanConf(res.Words)
			out = append(out, w)
			changed = true
		}
		if changed {
			l.Words = out
			l.Text = ocr.LineText(out)
		}
	}
	return nil
}

func latinCandidate(w ocr.Word) bool {
	if len([]rune(w.Text)) < 2 || strings.IndexFunc(w.Text, isHangulRune) >= 0 {
		return false
	}
	latin := strings.IndexFunc(w.Text, func(r rune) bool { return r < 128 && unicode.IsLetter(r) }) >= 0
	return latin || w.Conf < 80
}

func isHangulRune(r rune) bool { return unicode.Is(unicode.Hangul, r) }

func meanConf(ws []ocr.Word) float64 {
	if len(ws) == 0 {
		return 0
	}
	var s float64
	for _, w := range ws {
		s += w.Conf
	}
	return s / float64(len(ws))
}

// withBullets puts the bullets layout analysis erased back into the
// lines they open: each into the line its box overlaps most in height
// (at least half of it), before the first word to its right; bullets
// beside no line are dropped.
func withBullets(lines []Line, bs []layout.Bullet) []Line {
	for _, b := range bs {
		best, most := -1, b.Box.Dy()/2
		for i, l := range lines {
			if l.Box.Max.X < b.Box.Min.X-b.Box.Dx() || l.Box.Min.X > b.Box.Max.X+4*b.Box.Dx() {
				continue
			}
			if ov := overlapLen(l.Box.Min.Y, l.Box.Max.Y, b.Box.Min.Y, b.Box.Max.Y); ov >= most {
				best, most = i, ov
			}
		}
		if best < 0 {
			continue
		}
		l := &lines[best]
		k := sort.Search(len(l.Words), func(i int) bool { return l.Words[i].Box.Min.X >= b.Box.Max.X })
		w := ocr.Word{Text: b.Symbol, Box: b.Box, Conf: 100, Line: l.Words[0].Line}
		l.Words = append(l.Words[:k], append([]ocr.Word{w}, l.Words[k:]...)...)
		l.Box = l.Box.Union(b.Box)
		l.Text = ocr.LineText(l.Words)
	}
	return lines
}

func overlapLen(a0, a1, b0, b1 int) int { return max(0, min(a1, b1)-max(a0, b0)) }

// Text is the page's text in reading order: running text and tables by
// their top edge; a table row by row, each cell on a line of its own.
func (p *Page) Text() string {
	type item struct {
		y    int
		text string
	}
	var items []item
	// Margin text first, as pdftotext puts it.
	for _, l := range p.Margin {
		items = append(items, item{-1, l.Text})
	}
	for _, l := range p.Lines {
		items = append(items, item{l.Box.Min.Y, l.Text})
	}
	for _, t := range p.Tables {
		items = append(items, item{t.Box.Min.Y, t.ReadingText()})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].y < items[j].y })
	var parts []string
	for _, it := range items {
		if it.text != "" {
			parts = append(parts, it.text)
		}
	}
	return strings.Join(parts, "\n")
}

// CellText is the table's text cell by cell, row-major, a cell per line.
func (t *Table) CellText() string {
	var parts []string
	for _, c := range t.Cells {
		if c.Text != "" {
			parts = append(parts, c.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// ReadingText is the table's text in reading order: row by row; a row
// whose cells hold one line each is read across as one line; a row with
// cells of several lines is read cell by cell, left to right. A merged
// cell is read with its first row, except that a line of it that sits on
// the baseline of a line of another cell (a label beside one-line rows)
// is read with that row.
func (t *Table) ReadingText() string {
	type piece struct {
		cell int
		line Line
	}
	// A row is read across when each of its own cells (not merged ones)
	// has at most one line.
	across := make([]bool, t.Rows)
	for r := range across {
		across[r] = true
	}
	for _, c := range t.Cells {
		if c.RowSpan == 1 && len(c.Lines) > 1 {
			across[c.Row] = false
		}
	}
	rows := make([][]piece, t.Rows)
	for ci, c := range t.Cells {
		for _, l := range c.Lines {
			r := c.Row
			if c.RowSpan > 1 {
				if ar, ok := t.alignedRow(ci, l); ok && across[ar] {
					r = ar
				}
			}
			rows[r] = append(rows[r], piece{ci, l})
		}
	}
	var out []string
	for _, ps := range rows {
		if len(ps) == 0 {
			continue
		}
		perCell := map[int]int{}
		oneLine := true
		for _, p := range ps {
			perCell[p.cell]++
			if perCell[p.cell] > 1 {
				oneLine = false
			}
		}
		if oneLine {
			sort.SliceStable(ps, func(i, j int) bool { return ps[i].line.Box.Min.X < ps[j].line.Box.Min.X })
			var parts []string
			for _, p := range ps {
				parts = append(parts, p.line.Text)
			}
			out = append(out, strings.Join(parts, " "))
			continue
		}
		sort.SliceStable(ps, func(i, j int) bool {
			a, b := t.Cells[ps[i].cell], t.Cells[ps[j].cell]
			if a.Col != b.Col {
				return a.Col < b.Col
			}
			return ps[i].line.Box.Min.Y < ps[j].line.Box.Min.Y
		})
		for _, p := range ps {
			out = append(out, p.line.Text)
		}
	}
	return strings.Join(out, "\n")
}

// alignedRow finds the grid row of a line of another cell, in one of the
// grid rows merged cell ci spans, whose middle is within half a line
// height of l's.
func (t *Table) alignedRow(ci int, l Line) (int, bool) {
	c := t.Cells[ci]
	for oi, o := range t.Cells {
		if oi == ci || o.RowSpan != 1 || o.Row < c.Row || o.Row >= c.Row+c.RowSpan {
			continue
		}
		for _, ol := range o.Lines {
			d := mid(ol.Box) - mid(l.Box)
			if d < 0 {
				d = -d
			}
			if d <= max(ol.Box.Dy(), l.Box.Dy())/2 {
				return o.Row, true
			}
		}
	}
	return 0, false
}

func mid(r image.Rectangle) int { return (r.Min.Y + r.Max.Y) / 2 }

// Document is the table in the document model (merged cells once, with
// their spans).
func (t *Table) Document() *document.Table {
	dt := &document.Table{}
	for _, c := range t.Cells {
		for len(dt.Rows) <= c.Row {
			dt.Rows = append(dt.Rows, nil)
		}
		dt.Rows[c.Row] = append(dt.Rows[c.Row], document.Cell{Text: c.Text, RowSpan: c.RowSpan, ColSpan: c.ColSpan})
	}
	for len(dt.Rows) < t.Rows {
		dt.Rows = append(dt.Rows, nil)
	}
	return dt
}

func fill(g *image.Gray, r image.Rectangle, v uint8) {
	r = r.Intersect(g.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := g.Pix[g.PixOffset(r.Min.X, y):g.PixOffset(r.Max.X, y)]
		for i := range row {
			row[i] = v
		}
	}
}

func inkCount(g *image.Gray, r image.Rectangle, t uint8) int {
	r = r.Intersect(g.Rect)
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, v := range g.Pix[g.PixOffset(r.Min.X, y):g.PixOffset(r.Max.X, y)] {
			if v < t {
				n++
			}
		}
	}
	return n
}

// pad copies g onto a white image with m pixels of margin (tesseract
// reads text touching the edge badly).
func pad(g *image.Gray, m int) *image.Gray {
	b := g.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx()+2*m, b.Dy()+2*m))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for y := 0; y < b.Dy(); y++ {
		copy(out.Pix[(y+m)*out.Stride+m:], g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):g.PixOffset(b.Max.X, b.Min.Y+y)])
	}
	return out
}

// encodePNG encodes a gray image fast (it is decoded again at once).
func encodePNG(g *image.Gray) []byte {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, g); err != nil {
		// Encoding an in-memory gray image fails only on a bug.
		panic(fmt.Sprintf("scan: encoding PNG: %v", err))
	}
	return buf.Bytes()
}
