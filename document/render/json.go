package render

import (
	"encoding/json"
	"io"

	"github.com/policyqa/policyqa/document"
)

// JSON shapes. Field names are snake_case; empty fields are left out
// except a cell's text, spans and position, which are always there.

type jsonDoc struct {
	ID          string       `json:"id"`
	Path        string       `json:"path,omitempty"`
	Format      string       `json:"format"`
	Pages       int          `json:"pages,omitempty"`
	PageSources []jsonSource `json:"page_sources,omitempty"`
	Warnings    []string     `json:"warnings,omitempty"`
	Blocks      []jsonBlock  `json:"blocks"`
}

type jsonSource struct {
	Page   int    `json:"page"`
	Source string `json:"source"`
	Note   string `json:"note,omitempty"`
}

type jsonBlock struct {
	Kind    string     `json:"kind"`
	Page    int        `json:"page,omitempty"`
	Section []string   `json:"section,omitempty"`
	Level   int        `json:"level,omitempty"`
	Text    string     `json:"text,omitempty"`
	Table   *jsonTable `json:"table,omitempty"`
	Image   *jsonImage `json:"image,omitempty"`
}

type jsonTable struct {
	Caption string `json:"caption,omitempty"`
	// Rows and Cols are the expanded grid's size.
	Rows  int          `json:"rows"`
	Cols  int          `json:"cols"`
	Cells [][]jsonCell `json:"cells"`
	// Notes are lines printed outside the grid (a chart's reference
	// lines, callouts and notes).
	Notes []string `json:"notes,omitempty"`
}

type jsonCell struct {
	// Row and Col are the cell's top-left position in the grid (0-based).
	Row     int          `json:"row"`
	Col     int          `json:"col"`
	RowSpan int          `json:"row_span"`
	ColSpan int          `json:"col_span"`
	Text    string       `json:"text"`
	Nested  []*jsonTable `json:"nested,omitempty"`
}

type jsonImage struct {
	Name    string `json:"name"`
	Caption string `json:"caption,omitempty"`
	// Bytes is the size of the encoded image when it was loaded.
	Bytes int `json:"bytes,omitempty"`
}

func (rw *Writer) writeJSON(d *document.Document) error {
	b, err := json.MarshalIndent(toJSON(d), indentFor(rw.multi), "  ")
	if err != nil {
		return err
	}
	var prefix string
	switch {
	case !rw.multi:
	case rw.n == 0:
		prefix = "[\n  "
	default:
		prefix = ",\n  "
	}
	if _, err := io.WriteString(rw.w, prefix); err != nil {
		return err
	}
	if _, err := rw.w.Write(b); err != nil {
		return err
	}
	if !rw.multi {
		_, err = io.WriteString(rw.w, "\n")
	}
	return err
}

func indentFor(multi bool) string {
	if multi {
		return "  "
	}
	return ""
}

func toJSON(d *document.Document) jsonDoc {
	out := jsonDoc{
		ID:       d.ID,
		Path:     d.Path,
		Format:   string(d.Format),
		Pages:    d.Pages,
		Warnings: d.Warnings,
		Blocks:   make([]jsonBlock, 0, len(d.Blocks)),
	}
	for _, ps := range d.PageSources {
		out.PageSources = append(out.PageSources, jsonSource{Page: ps.Page, Source: string(ps.Source), Note: ps.Note})
	}
	for _, b := range d.Blocks {
		jb := jsonBlock{Kind: string(b.Kind), Page: b.Page, Section: b.Section, Level: b.Level, Text: b.Text}
		if b.Table != nil {
			jb.Table = tableJSON(b.Table, 0)
		}
		if b.Image != nil {
			jb.Image = &jsonImage{Name: b.Image.Name, Caption: b.Image.Caption, Bytes: len(b.Image.Data)}
		}
		out.Blocks = append(out.Blocks, jb)
	}
	return out
}

// maxNest bounds nested tables rendered (parsers bound it already).
const maxNest = 32

func tableJSON(t *document.Table, depth int) *jsonTable {
	grid := t.Grid()
	jt := &jsonTable{Caption: t.Caption, Rows: len(grid), Cells: make([][]jsonCell, len(t.Rows)), Notes: t.Notes}
	if len(grid) > 0 {
		jt.Cols = len(grid[0])
	}
	pos := layout(t)
	for r, row := range t.Rows {
		jt.Cells[r] = make([]jsonCell, len(row))
		for i, c := range row {
			jc := jsonCell{Row: pos[r][i].row, Col: pos[r][i].col,
				RowSpan: max(c.RowSpan, 1), ColSpan: max(c.ColSpan, 1), Text: c.Text}
			if depth < maxNest {
				for _, n := range c.Nested {
					jc.Nested = append(jc.Nested, tableJSON(n, depth+1))
				}
			}
			jt.Cells[r][i] = jc
		}
	}
	return jt
}
