// Package render prints a parsed document.Document for a person to check,
// the way `docling convert` or `marker` show a parse: as JSON (every
// block's kind, page, section path and text; tables with their cells,
// grid positions and spans; figures; per-page text sources), as Markdown
// (headings, lists, tables as HTML with rowspan/colspan, page markers) or
// as plain text (reading order, tables as rows of cells, one marker line
// per page saying where its text came from).
//
// Output is deterministic: the same document always renders to the same
// bytes, so golden files can check it.
package render

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/policyqa/policyqa/document"
)

// Format is an output format.
type Format string

// Output formats.
const (
	JSON     Format = "json"
	Markdown Format = "md"
	Text     Format = "text"
)

// Formats lists the formats in the order help texts show them.
var Formats = []Format{JSON, Markdown, Text}

// ErrFormat is returned (wrapped) for an unknown format name.
var ErrFormat = errors.New("render: unknown format")

// ParseFormat reads a format name ("json", "md" or "markdown", "text" or
// "txt").
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "json":
		return JSON, nil
	case "md", "markdown":
		return Markdown, nil
	case "text", "txt":
		return Text, nil
	}
	return "", fmt.Errorf("%w %q (want json, md or text)", ErrFormat, s)
}

// Writer renders documents one after another to one stream. JSON output
// is one indented object per document, or, when more than one document is
// written, a JSON array of them (Close writes the closing bracket).
// Markdown and text separate documents with a blank line.
type Writer struct {
	w      io.Writer
	format Format
	n      int
	multi  bool
}

// NewWriter renders to w in format f. With multi, JSON output is an array
// even when it holds one document or none.
func NewWriter(w io.Writer, f Format, multi bool) (*Writer, error) {
	switch f {
	case JSON, Markdown, Text:
	default:
		return nil, fmt.Errorf("%w %q", ErrFormat, f)
	}
	return &Writer{w: w, format: f, multi: multi}, nil
}

// Write renders one document.
func (rw *Writer) Write(d *document.Document) error {
	if d == nil {
		return errors.New("render: nil document")
	}
	var err error
	switch rw.format {
	case JSON:
		err = rw.writeJSON(d)
	case Markdown:
		if rw.n > 0 {
			_, err = io.WriteString(rw.w, "\n")
		}
		if err == nil {
			err = writeMarkdown(rw.w, d)
		}
	case Text:
		if rw.n > 0 {
			_, err = io.WriteString(rw.w, "\n")
		}
		if err == nil {
			err = writeText(rw.w, d)
		}
	}
	rw.n++
	if err != nil {
		return fmt.Errorf("render %s: %w", d.ID, err)
	}
	return nil
}

// Close ends the output (the JSON array's bracket); it does not close the
// underlying writer.
func (rw *Writer) Close() error {
	if rw.format != JSON || !rw.multi {
		return nil
	}
	var err error
	if rw.n == 0 {
		_, err = io.WriteString(rw.w, "[]\n")
	} else {
		_, err = io.WriteString(rw.w, "\n]\n")
	}
	return err
}

// Document renders one document to w in format f.
func Document(w io.Writer, d *document.Document, f Format) error {
	rw, err := NewWriter(w, f, false)
	if err != nil {
		return err
	}
	if err := rw.Write(d); err != nil {
		return err
	}
	return rw.Close()
}

// cellPos is a cell's top-left position in the expanded grid.
type cellPos struct{ row, col int }

// layout places each cell of t in the expanded grid, the way
// document.Table.Grid does (a span covers the positions right of and below
// its cell; row spans stop at the last row).
func layout(t *document.Table) [][]cellPos {
	height := len(t.Rows)
	taken := make([][]bool, height)
	out := make([][]cellPos, height)
	for r, row := range t.Rows {
		out[r] = make([]cellPos, len(row))
		c := 0
		for i, cell := range row {
			for c < len(taken[r]) && taken[r][c] {
				c++
			}
			out[r][i] = cellPos{r, c}
			rs := min(max(cell.RowSpan, 1), height-r)
			cs := min(max(cell.ColSpan, 1), 1000)
			for dr := 0; dr < rs; dr++ {
				for len(taken[r+dr]) < c+cs {
					taken[r+dr] = append(taken[r+dr], false)
				}
				for dc := 0; dc < cs; dc++ {
					taken[r+dr][c+dc] = true
				}
			}
			c += cs
		}
	}
	return out
}

// pageLabel is the human words for a page's text source.
func pageLabel(ps document.PageSource) string {
	var s string
	switch ps.Source {
	case document.SourceTextLayer:
		s = "text layer"
	case document.SourceOCR:
		s = "OCR"
	case document.SourceTextLayerOCR:
		s = "text layer + OCR"
	case document.SourceNone:
		s = "no text"
	default:
		s = string(ps.Source)
	}
	if ps.Note != "" {
		s += " (" + ps.Note + ")"
	}
	return s
}

// sourceSummary groups pages by source: "1-3, 5 text layer; 4 OCR".
func sourceSummary(srcs []document.PageSource) string {
	if len(srcs) == 0 {
		return ""
	}
	var order []document.TextSource
	pages := map[document.TextSource][]int{}
	for _, ps := range srcs {
		if _, ok := pages[ps.Source]; !ok {
			order = append(order, ps.Source)
		}
		pages[ps.Source] = append(pages[ps.Source], ps.Page)
	}
	var parts []string
	for _, s := range order {
		parts = append(parts, ranges(pages[s])+" "+pageLabel(document.PageSource{Source: s}))
	}
	return strings.Join(parts, "; ")
}

// ranges writes ascending page numbers as "1-3, 5".
func ranges(ps []int) string {
	var parts []string
	for i := 0; i < len(ps); {
		j := i
		for j+1 < len(ps) && ps[j+1] == ps[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", ps[i], ps[j]))
		} else {
			parts = append(parts, fmt.Sprint(ps[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// pager emits page markers as blocks go by: one per page in order, the
// pages without blocks included where the document lists its pages.
type pager struct {
	srcs   map[int]document.PageSource
	last   int // highest page with a marker so far
	cur    int
	marker func(page int, ps document.PageSource, known bool) error
}

func newPager(d *document.Document, marker func(int, document.PageSource, bool) error) *pager {
	p := &pager{srcs: map[int]document.PageSource{}, marker: marker}
	for _, ps := range d.PageSources {
		p.srcs[ps.Page] = ps
	}
	return p
}

// at is called before a block on page (0: unknown, no marker).
func (p *pager) at(page int) error {
	if page <= 0 || page == p.cur {
		return nil
	}
	if page > p.last {
		for q := p.last + 1; q < page; q++ {
			if ps, ok := p.srcs[q]; ok {
				if err := p.marker(q, ps, true); err != nil {
					return err
				}
			}
		}
		p.last = page
	}
	p.cur = page
	ps, ok := p.srcs[page]
	return p.marker(page, ps, ok)
}

// finish emits the markers of trailing pages without blocks.
func (p *pager) finish(pages int) error {
	for q := p.last + 1; q <= pages; q++ {
		if ps, ok := p.srcs[q]; ok {
			if err := p.marker(q, ps, true); err != nil {
				return err
			}
		}
	}
	return nil
}
