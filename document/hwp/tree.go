package hwp

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/policyqa/policyqa/document"
)

// Both readers (HWP 5.0 records, HWPX XML) build the same small tree:
// paragraphs with the objects anchored in them (tables, pictures, notes,
// text boxes, equations are inline text). emit turns it into blocks, so
// the two formats cannot drift apart in how they map to the model.

// para is one paragraph of a section, a cell, a note or a text box.
type para struct {
	text    string // white space normalised
	outline int    // 1-based outline level (개요 styles, outline heads); 0 when none
	list    bool   // numbered or bulleted paragraph
	page    int    // 1-based page estimated from the saved layout; 0 when unknown
	objs    []any  // *table, *picture, *note, *textBox in anchor order
}

// table is a table control with its cells by address.
type table struct {
	rows, cols int // as declared; cells may reach further
	cells      []cell
	caption    []para
}

// cell is one table cell: its top-left address, spans and content.
type cell struct {
	row, col         int
	rowSpan, colSpan int
	paras            []para
}

// picture is an image control linked to an embedded binary item.
type picture struct {
	name    string // package path ("BinData/image1.png", "BinData/BIN0001.jpg")
	data    []byte // loaded bytes when Options.LoadImages
	caption []para
}

// note is a footnote or endnote body.
type note struct {
	paras []para
}

// textBox holds the paragraphs of a drawing object (rectangle, ellipse,
// group) that carries text.
type textBox struct {
	paras []para
}

// Limits that keep malformed or hostile input from exhausting memory.
const (
	maxSpan        = 1024    // row/column span cap
	maxGridArea    = 1 << 16 // one table's expanded grid
	maxDocGridArea = 1 << 22 // all tables' grids in a document
	maxDepth       = 64      // nesting of tables/boxes/notes handled
	maxWarnings    = 100
)

// bodyState is what both readers keep while reading the body: list and
// outline numbering, the section's outline shape, the page count, page
// headers and footers, and the images loaded so far.
type bodyState struct {
	nums      numberer
	outlineID int
	headers   []para
	footers   []para
	images    map[string][]byte // by package path or stream name; nil data when not loadable
	pager
}

// cachedImage returns the image loaded under name, loading it once.
func (s *bodyState) cachedImage(name string, load func() []byte) []byte {
	if b, ok := s.images[name]; ok {
		return b
	}
	if s.images == nil {
		s.images = map[string][]byte{}
	}
	b := load()
	s.images[name] = b
	return b
}

// pager estimates 1-based page numbers from the layout Hangul saves: each
// section starts a page, an explicit page break before a paragraph (other
// than the section's first) starts one, and so does a line whose vertical
// position restarts above the line before it.
type pager struct {
	page     int
	lastVert int // vertical position of the last line; -1 at a page start
	secParas int // top-level paragraphs read in this section
}

// newSection starts a section on a new page.
func (pg *pager) newSection() {
	pg.page++
	pg.lastVert = -1
	pg.secParas = 0
}

// topParagraph counts a paragraph of the section body; pageBreak is its
// page-break-before flag.
func (pg *pager) topParagraph(pageBreak bool) {
	if pageBreak && pg.secParas > 0 {
		pg.page++
		pg.lastVert = -1
	}
	pg.secParas++
}

// line counts one laid-out line at vertical position vert.
func (pg *pager) line(vert int) {
	if pg.lastVert >= 0 && vert < pg.lastVert {
		pg.page++
	}
	pg.lastVert = vert
}

// emitter turns the tree into blocks: outline paragraphs become headings,
// layout tables are unboxed, and a document.Outliner (shared with the ODT
// parser) keeps the section path, makes headings of numbered short
// paragraphs and attaches captions.
type emitter struct {
	document.Outliner
	gridArea int
	warn     func(format string, args ...any)
}

func newEmitter(warn func(string, ...any)) *emitter {
	return &emitter{warn: warn}
}

// body emits a list of paragraphs and everything anchored in them.
func (e *emitter) body(ps []para, depth int) {
	for i := range ps {
		e.para(&ps[i], depth)
	}
}

func (e *emitter) para(p *para, depth int) {
	e.paragraph(p)
	for _, o := range p.objs {
		e.object(o, p.page, depth)
	}
}

func (e *emitter) paragraph(p *para) {
	if p.text == "" {
		return
	}
	if p.outline > 0 {
		e.Heading(p.text, p.outline, p.page)
		return
	}
	e.Paragraph(p.text, p.list, p.page)
}

func (e *emitter) object(o any, page, depth int) {
	if depth > maxDepth {
		e.warn("objects nested deeper than %d skipped", maxDepth)
		return
	}
	switch o := o.(type) {
	case *table:
		e.table(o, page, depth)
	case *picture:
		e.picture(o, page, depth)
	case *note:
		if text := parasText(o.paras); text != "" {
			e.Blocks = append(e.Blocks, document.Block{Kind: document.KindFootnote, Text: text, Section: e.Path(), Page: page})
		}
		for i := range o.paras {
			for _, x := range o.paras[i].objs {
				if _, ok := x.(*table); !ok {
					e.object(x, page, depth+1)
				}
			}
		}
	case *textBox:
		e.body(o.paras, depth+1)
	}
}

func (e *emitter) picture(p *picture, page, depth int) {
	img := &document.Image{Name: p.name, Data: p.data}
	if c := parasText(p.caption); c != "" {
		img.Caption = c
	} else if c, ok := e.CaptionBefore(document.IsFigureCaption); ok {
		img.Caption = c
	}
	e.Blocks = append(e.Blocks, document.Block{Kind: document.KindFigure, Text: img.Caption, Section: e.Path(), Page: page, Image: img})
	for i := range p.caption {
		for _, o := range p.caption[i].objs {
			e.object(o, page, depth+1)
		}
	}
}

// table emits a data table as one block (nested tables inside it, other
// objects in its cells after it), or a layout table's cells as blocks.
func (e *emitter) table(t *table, page, depth int) {
	if t.isLayout() {
		e.body(t.caption, depth+1)
		for i := range t.cells {
			e.body(t.cells[i].paras, depth+1)
		}
		return
	}
	var extras []any
	dt := e.buildTable(t, &extras, depth)
	if c := parasText(t.caption); c != "" {
		dt.Caption = c
	} else if c, ok := e.CaptionBefore(document.IsTableCaption); ok {
		dt.Caption = c
	}
	e.Blocks = append(e.Blocks, document.Block{Kind: document.KindTable, Text: dt.Caption, Section: e.Path(), Page: page, Table: dt})
	for _, o := range extras {
		e.object(o, page, depth+1)
	}
}

// buildTable lays cells out by address: rows in order, cells in column
// order, spans clipped to the table, and positions no cell covers filled
// with empty cells so that Grid puts every cell in its own column. Objects
// in cells other than tables go to extras.
func (e *emitter) buildTable(t *table, extras *[]any, depth int) *document.Table {
	rows, cols := t.rows, t.cols
	for _, c := range t.cells {
		rows = max(rows, c.row+1)
		cols = max(cols, c.col+1)
	}
	rows, cols = min(rows, maxGridArea), min(cols, maxGridArea)
	if rows*cols > maxGridArea || rows*cols > maxDocGridArea-e.gridArea {
		e.warn("table of %d×%d cells too large: cut", rows, cols)
		rows = min(rows, max(0, min(maxGridArea, maxDocGridArea-e.gridArea))/max(cols, 1))
	}
	e.gridArea += rows * cols
	at := make(map[int]*cell, len(t.cells))
	for i := range t.cells {
		c := &t.cells[i]
		if c.row < 0 || c.col < 0 || c.row >= rows || c.col >= cols {
			e.warn("table cell at row %d column %d outside the table: dropped", c.row, c.col)
			continue
		}
		if _, dup := at[c.row*cols+c.col]; dup {
			e.warn("two table cells at row %d column %d: second dropped", c.row, c.col)
			continue
		}
		at[c.row*cols+c.col] = c
	}
	taken := make([]bool, rows*cols)
	out := &document.Table{Rows: make([][]document.Cell, rows)}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			here := at[r*cols+c]
			if taken[r*cols+c] {
				if here != nil {
					e.warn("table cell at row %d column %d lies under another's span: dropped", r, c)
				}
				continue
			}
			dc := document.Cell{RowSpan: 1, ColSpan: 1}
			if here != nil {
				rs := max(1, min(here.rowSpan, maxSpan, rows-r))
				cs := max(1, min(here.colSpan, maxSpan, cols-c))
				// A span stops at a column some earlier span already holds.
				for dr := 0; dr < rs; dr++ {
					for k := 1; k < cs; k++ {
						if taken[(r+dr)*cols+c+k] {
							cs = k
							break
						}
					}
				}
				dc.RowSpan, dc.ColSpan = rs, cs
				dc.Text, dc.Nested = e.cellContent(here.paras, extras, depth)
			}
			for dr := 0; dr < dc.RowSpan; dr++ {
				for k := 0; k < dc.ColSpan; k++ {
					taken[(r+dr)*cols+c+k] = true
				}
			}
			out.Rows[r] = append(out.Rows[r], dc)
		}
	}
	return out
}

// cellContent joins a cell's paragraph text; tables inside it become
// nested tables (their text is not repeated), other objects go to extras.
func (e *emitter) cellContent(ps []para, extras *[]any, depth int) (string, []*document.Table) {
	var parts []string
	var nested []*document.Table
	var walk func(ps []para, d int)
	walk = func(ps []para, d int) {
		for i := range ps {
			if ps[i].text != "" {
				parts = append(parts, ps[i].text)
			}
			for _, o := range ps[i].objs {
				switch o := o.(type) {
				case *table:
					if d > maxDepth {
						continue
					}
					if o.isLayout() {
						walk(o.caption, d+1)
						for j := range o.cells {
							walk(o.cells[j].paras, d+1)
						}
						continue
					}
					nested = append(nested, e.buildTable(o, extras, d+1))
				case *textBox:
					walk(o.paras, d+1)
				default:
					*extras = append(*extras, o)
				}
			}
		}
	}
	walk(ps, depth)
	return document.NormalizeSpace(strings.Join(parts, " ")), nested
}

// isLayout reports whether a table is a text box rather than data: it has
// a single column (a one-column "참고" box), or some cell holds several
// paragraphs of running text (document.IsLayoutCell, the ODT parser's
// rule, so an HWP and its ODT conversion give the same blocks).
func (t *table) isLayout() bool {
	if len(t.cells) == 0 {
		return false
	}
	single := true
	for _, c := range t.cells {
		if c.col > 0 || c.colSpan > 1 {
			single = false
			break
		}
	}
	if single && t.cols <= 1 {
		return true
	}
	for _, c := range t.cells {
		paras, runes := 0, 0
		for _, p := range c.paras {
			if p.text != "" {
				paras++
				runes += utf8.RuneCountInString(p.text)
			}
		}
		if document.IsLayoutCell(paras, runes) {
			return true
		}
	}
	return false
}

// pageBlocks appends header or footer text (tables and text boxes in
// them included), kept apart from the body under their own section name,
// once per distinct text; text without a letter or digit (page-number
// dashes) is dropped.
func (e *emitter) pageBlocks(name string, ps []para, seen map[string]bool) {
	for i := range ps {
		text := parasText(ps[i : i+1])
		if seen[text] || !strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		seen[text] = true
		e.Blocks = append(e.Blocks, document.Block{Kind: document.KindParagraph, Text: text, Section: []string{name}})
	}
}

// parasText joins the text of paragraphs (and of text boxes and cells in
// them) with spaces.
func parasText(ps []para) string {
	var parts []string
	var walk func(ps []para, d int)
	walk = func(ps []para, d int) {
		if d > maxDepth {
			return
		}
		for _, p := range ps {
			if p.text != "" {
				parts = append(parts, p.text)
			}
			for _, o := range p.objs {
				switch o := o.(type) {
				case *textBox:
					walk(o.paras, d+1)
				case *table:
					for _, c := range o.cells {
						walk(c.paras, d+1)
					}
				}
			}
		}
	}
	walk(ps, 0)
	return document.NormalizeSpace(strings.Join(parts, " "))
}
