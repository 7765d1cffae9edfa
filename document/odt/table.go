package odt

import (
	"encoding/xml"
	"unicode/utf8"

	"github.com/policyqa/policyqa/document"
)

// parsedTable is a table with what its cells held besides text.
type parsedTable struct {
	t *document.Table
	// extras: blocks (figures, footnotes) met in cells, to be emitted
	// after the table.
	extras deferred
	// cells: each cell's content in order, for unboxing a layout table.
	cells []*deferred
}

// table reads a table:table after its start element.
func (p *parser) table() (*parsedTable, error) {
	pt := &parsedTable{t: &document.Table{}}
	if err := p.tableChildren(pt); err != nil {
		return nil, err
	}
	trimEmptyRows(pt.t)
	p.clampSpans(pt.t)
	return pt, nil
}

// trimEmptyRows drops trailing rows without cells that no row span
// reaches (a cut-short fragment leaves one). Rows inside a span stay: a
// converter may write a fully covered row as an empty one.
func trimEmptyRows(t *document.Table) {
	reach := 0
	for r, row := range t.Rows {
		for _, c := range row {
			reach = max(reach, r+c.RowSpan)
		}
	}
	n := len(t.Rows)
	for n > reach && len(t.Rows[n-1]) == 0 {
		n--
	}
	t.Rows = t.Rows[:n]
}

// isLayout reports whether a table is a text box rather than data: it has
// a single column (a one-column "참고" box), or some cell holds several
// paragraphs of running text (document.IsLayoutCell).
func (pt *parsedTable) isLayout() bool {
	if len(pt.t.Rows) == 0 {
		return false
	}
	single := true
	for _, row := range pt.t.Rows {
		if len(row) > 1 {
			single = false
			break
		}
	}
	if single {
		return true
	}
	for _, d := range pt.cells {
		paras, runes := 0, 0
		for _, op := range d.ops {
			if op.para != nil && op.para.text != "" {
				paras++
				runes += utf8.RuneCountInString(op.para.text)
			}
		}
		if document.IsLayoutCell(paras, runes) {
			return true
		}
	}
	return false
}

// tableChildren reads rows until the end of the current element; row
// groups (table:table-header-rows, table:table-rows, table:table-row-group)
// are transparent.
func (p *parser) tableChildren(pt *parsedTable) error {
	return p.children(func(tt xml.StartElement) error { return p.tableChild(tt, pt) })
}

func (p *parser) tableChild(se xml.StartElement, pt *parsedTable) error {
	t := pt.t
	defer p.leave()
	if !p.enter() {
		return p.skip()
	}
	switch qname(se.Name) {
	case "table:table-row":
		row, err := p.row(pt)
		if err != nil {
			return err
		}
		rep := intAttr(se, "table:number-rows-repeated", maxRepeat)
		if rowEmpty(row) {
			rep = 1 // trailing filler rows of a spreadsheet-like table
		}
		for i := 0; i < rep; i++ {
			if len(t.Rows) >= maxRowsPerTable {
				p.warnf("table rows over %d dropped", maxRowsPerTable)
				break
			}
			if i == 0 {
				t.Rows = append(t.Rows, row)
				continue
			}
			if !p.takeCells(len(row)) {
				break
			}
			cp := make([]document.Cell, len(row))
			for j, c := range row {
				c.Nested = nil // never multiply nested content
				cp[j] = c
			}
			t.Rows = append(t.Rows, cp)
		}
		return nil
	case "table:table-header-rows", "table:table-rows", "table:table-row-group":
		return p.tableChildren(pt)
	case "text:soft-page-break":
		p.page++
		return p.skip()
	default:
		return p.skip()
	}
}

// takeCells charges n cell copies to the document's budget.
func (p *parser) takeCells(n int) bool {
	if p.cellCopies+n > maxCellCopies {
		p.warnf("more than %d table cells: repeats dropped", maxCellCopies)
		return false
	}
	p.cellCopies += n
	return true
}

func rowEmpty(row []document.Cell) bool {
	for _, c := range row {
		if c.Text != "" || len(c.Nested) > 0 {
			return false
		}
	}
	return true
}

// row reads a table:table-row's cells; covered cells are skipped since the
// spanning cell's RowSpan/ColSpan covers them.
func (p *parser) row(pt *parsedTable) ([]document.Cell, error) {
	var cells []document.Cell
	for {
		tok, err := p.inner()
		if err != nil {
			return nil, err
		}
		switch tt := tok.(type) {
		case xml.StartElement:
			cells, err = p.rowChild(tt, cells, pt)
			if err != nil {
				return nil, err
			}
		case xml.EndElement:
			return cells, nil
		}
	}
}

func (p *parser) rowChild(se xml.StartElement, cells []document.Cell, pt *parsedTable) ([]document.Cell, error) {
	defer p.leave()
	if !p.enter() {
		return cells, p.skip()
	}
	switch qname(se.Name) {
	case "table:table-cell":
		c, err := p.cell(se, pt)
		if err != nil {
			return cells, err
		}
		rep := intAttr(se, "table:number-columns-repeated", maxRepeat)
		for i := 0; i < rep; i++ {
			if len(cells) >= maxCellsPerRow {
				p.warnf("row cells over %d dropped", maxCellsPerRow)
				break
			}
			if !p.takeCells(1) {
				break
			}
			if i > 0 {
				c.Nested = nil
			}
			cells = append(cells, c)
		}
		return cells, nil
	case "text:soft-page-break":
		p.page++
		return cells, p.skip()
	default: // table:covered-table-cell and anything else
		return cells, p.skip()
	}
}

// cell reads a table:table-cell: its paragraphs joined make Text, tables
// inside it go to Nested (their text is not repeated in Text).
func (p *parser) cell(se xml.StartElement, pt *parsedTable) (document.Cell, error) {
	c := document.Cell{
		RowSpan: intAttr(se, "table:number-rows-spanned", maxSpan),
		ColSpan: intAttr(se, "table:number-columns-spanned", maxSpan),
	}
	ts := textSink{keep: true}
	err := p.flow(&ts)
	var cut bool
	c.Text, cut = ts.text(p.lim.MaxParagraphBytes)
	if cut {
		p.warnf("table cell text over %d bytes cut", p.lim.MaxParagraphBytes)
	}
	c.Nested = ts.nested
	ts.extras.replay(&pt.extras)
	pt.cells = append(pt.cells, &ts.rec)
	return c, err
}

// clampSpans keeps spans inside the table and the expanded grid (what
// Table.Grid and LinearizeTable build downstream) bounded: a row span
// never runs past the last row; a table whose spans would expand past
// maxGridArea, or past what is left of the document's budget, has them
// reset to 1; and a grid still too large (only hostile input gets there)
// loses its last rows.
func (p *parser) clampSpans(t *document.Table) {
	n := len(t.Rows)
	// Grid's width is at most the widest row's own columns plus the
	// columns of every cell spanning down from above.
	area, widest, spanning := 0, 0, 0
	for r, row := range t.Rows {
		rowCols := 0
		for i := range row {
			c := &row[i]
			c.RowSpan = max(1, min(c.RowSpan, n-r))
			c.ColSpan = max(1, c.ColSpan)
			area += c.RowSpan * c.ColSpan
			rowCols += c.ColSpan
			if c.RowSpan > 1 {
				spanning += c.ColSpan
			}
		}
		widest = max(widest, rowCols)
	}
	limit := min(maxGridArea, maxDocGridArea-p.gridArea)
	bound := (widest + spanning) * n
	if area > limit || bound > limit {
		p.warnf("table spans too large: reset")
		widest = 0
		for _, row := range t.Rows {
			for i := range row {
				row[i].RowSpan, row[i].ColSpan = 1, 1
			}
			widest = max(widest, len(row))
		}
		bound = widest * n
		if bound > limit {
			p.warnf("table grid too large: rows truncated")
			keep := 0
			if widest > 0 {
				keep = limit / widest
			}
			t.Rows = t.Rows[:min(keep, n)]
			bound = widest * len(t.Rows)
		}
	}
	p.gridArea += bound
}
