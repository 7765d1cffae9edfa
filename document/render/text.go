package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/policyqa/policyqa/document"
)

// writeText renders d as plain text in reading order: a header line, the
// warnings, then the blocks with a marker line before each page
// ("--- page 3: OCR ---"); a table is a "[table 3×4] caption" line and one
// line per grid row (cells joined by " | "; a merged cell is printed once, at
// its top-left position, and every other position it covers reads
// MarkSpanLeft or MarkSpanUp, see textGrid); a figure is its caption and text.
func writeText(w io.Writer, d *document.Document) error {
	bw := bufio.NewWriter(w)
	head := fmt.Sprintf("=== %s (%s", d.ID, d.Format)
	if d.Pages > 0 {
		head += fmt.Sprintf(", %d pages", d.Pages)
	}
	head += ")"
	if d.Path != "" {
		head += " " + d.Path
	}
	fmt.Fprintf(bw, "%s ===\n", head)
	if s := sourceSummary(d.PageSources); s != "" {
		fmt.Fprintf(bw, "text: %s\n", s)
	}
	for _, warn := range d.Warnings {
		fmt.Fprintf(bw, "warning: %s\n", oneLine(warn))
	}
	pg := newPager(d, func(page int, ps document.PageSource, known bool) error {
		if known {
			fmt.Fprintf(bw, "--- page %d: %s ---\n", page, pageLabel(ps))
		} else {
			fmt.Fprintf(bw, "--- page %d ---\n", page)
		}
		return nil
	})
	for _, b := range d.Blocks {
		if err := pg.at(b.Page); err != nil {
			return err
		}
		switch b.Kind {
		case document.KindTable:
			rows, cols := 0, 0
			if grid := b.Table.Grid(); len(grid) > 0 {
				rows, cols = len(grid), len(grid[0])
			}
			fmt.Fprintln(bw, strings.TrimSpace(fmt.Sprintf("[table %d×%d] %s", rows, cols, oneLine(b.Text))))
			writeTextTable(bw, b.Table, 0)
		case document.KindFigure:
			name := ""
			if b.Image != nil {
				name = b.Image.Name
			}
			fmt.Fprintf(bw, "[figure %s]\n", name)
			if b.Text != "" {
				fmt.Fprintln(bw, b.Text)
			}
			if b.Table != nil && b.Text == "" {
				writeTextTable(bw, b.Table, 0)
			}
		case document.KindListItem:
			fmt.Fprintf(bw, "- %s\n", oneLine(b.Text))
		case document.KindFootnote:
			fmt.Fprintf(bw, "[footnote] %s\n", oneLine(b.Text))
		default:
			fmt.Fprintln(bw, oneLine(b.Text))
		}
	}
	if err := pg.finish(d.Pages); err != nil {
		return err
	}
	return bw.Flush()
}

// writeTextTable writes t's expanded grid, one row per line, then its
// nested tables.
func writeTextTable(bw *bufio.Writer, t *document.Table, depth int) {
	if t == nil {
		return
	}
	for _, row := range textGrid(t) {
		fmt.Fprintln(bw, strings.Join(row, " | "))
	}
	for _, n := range t.Notes {
		fmt.Fprintf(bw, "[note] %s\n", oneLine(n))
	}
	if depth >= maxNest {
		return
	}
	for _, row := range t.Rows {
		for _, c := range row {
			for _, n := range c.Nested {
				fmt.Fprintln(bw, "[nested table]")
				writeTextTable(bw, n, depth+1)
			}
		}
	}
}

// Marks of the grid positions a merged cell covers besides its own, in the
// text format: the table reads as printed, each value once, and the spans
// stay visible (md and json give them as rowspan/colspan and row_span/col_span).
// Retrieval passages (document.LinearizeTable) keep a row-spanning value in
// every row it covers, since each row is read on its own there.
const (
	// MarkSpanLeft: this position belongs to the merged cell on its left
	// (same row).
	MarkSpanLeft = "←"
	// MarkSpanUp: this position belongs to a merged cell that starts in a
	// row above.
	MarkSpanUp = "↑"
)

// textGrid is t's expanded grid (the shape of document.Table.Grid) with
// each cell's text, on one line, at its top-left position only, and
// MarkSpanLeft or MarkSpanUp at the other positions it covers.
func textGrid(t *document.Table) [][]string {
	grid := t.Grid()
	out := make([][]string, len(grid))
	for r := range grid {
		out[r] = make([]string, len(grid[r]))
	}
	pos := layout(t)
	for r, row := range t.Rows {
		for i, cell := range row {
			p := pos[r][i]
			rs := min(max(cell.RowSpan, 1), len(grid)-p.row)
			cs := min(max(cell.ColSpan, 1), 1000)
			for dr := 0; dr < rs; dr++ {
				for dc := 0; dc < cs && p.col+dc < len(out[p.row+dr]); dc++ {
					switch {
					case dr == 0 && dc == 0:
						out[p.row][p.col] = oneLine(cell.Text)
					case dr == 0:
						out[p.row][p.col+dc] = MarkSpanLeft
					default:
						out[p.row+dr][p.col+dc] = MarkSpanUp
					}
				}
			}
		}
	}
	return out
}

func oneLine(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r", " "), "\n", " ")
}
