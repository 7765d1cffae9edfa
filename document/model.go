package document

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind says what a block or passage is.
type Kind string

// Block and passage kinds.
const (
	KindHeading   Kind = "heading"
	KindParagraph Kind = "paragraph"
	KindListItem  Kind = "list_item"
	KindFootnote  Kind = "footnote"
	KindTable     Kind = "table"
	KindFigure    Kind = "figure"
)

// Format is the source format of a document.
type Format string

// Source formats.
const (
	FormatODT Format = "odt"
	FormatPDF Format = "pdf"
	// FormatHWP is an HWP 5.0 compound file.
	FormatHWP Format = "hwp"
	// FormatHWPX is an OWPML (KS X 6101) zip package.
	FormatHWPX Format = "hwpx"
	// FormatODFFragment is a reference table file: ODF markup cut out of
	// a document, without a package around it.
	FormatODFFragment Format = "odf-fragment"
	// FormatImage is a reference image (a chart) read by OCR.
	FormatImage Format = "image"
)

// TextSource says where a page's text came from.
type TextSource string

// Page text sources.
const (
	// SourceTextLayer: the text was decoded from the file's own text (a
	// PDF text layer).
	SourceTextLayer TextSource = "text-layer"
	// SourceOCR: the page was rendered and read by OCR.
	SourceOCR TextSource = "ocr"
	// SourceTextLayerOCR: the text layer was read, and so was a picture of
	// text on the same page.
	SourceTextLayerOCR TextSource = "text-layer+ocr"
	// SourceNone: no text was obtained (a blank page, or a page without a
	// text layer that OCR did not read; PageSource.Note says which).
	SourceNone TextSource = "none"
)

// PageSource records how the text of one page was obtained.
type PageSource struct {
	// Page is the 1-based page number.
	Page   int
	Source TextSource
	// Note says why, when the source is not the obvious one
	// ("no text layer; OCR not configured").
	Note string
}

// Document is one parsed report.
type Document struct {
	// ID is the challenge doc_file id: the file name without extension.
	ID     string
	Path   string
	Format Format
	// Pages is the page count where the format knows it (PDF), else 0.
	Pages int
	// PageSources says, per page, whether its text came from the text
	// layer or OCR, in page order. It is set for formats with pages that
	// may need OCR (PDF); nil for markup formats (ODT), whose text is the
	// document's own.
	PageSources []PageSource
	Blocks      []Block
	// Warnings collects recoverable problems met while parsing.
	Warnings []string
}

// PageCount is the document's page count as far as its format tells:
// Pages where set (PDF), else the last page number its blocks carry (ODT
// and HWP record where their pages break: soft page breaks as the
// authoring program laid them out, page break controls), else 0.
func (d *Document) PageCount() int {
	if d.Pages > 0 {
		return d.Pages
	}
	n := 0
	for _, b := range d.Blocks {
		n = max(n, b.Page)
	}
	return n
}

// Block is one unit of content in reading order.
type Block struct {
	Kind Kind
	// Text is the block's plain text. For a table it is the caption (if
	// any); use Table for the cells. For a figure it is the caption or
	// text found in the image.
	Text string
	// Section is the heading path above the block, outermost first.
	Section []string
	// Level is the outline level of a heading (1 = top), 0 otherwise.
	Level int
	// Page is the 1-based page number, 0 when unknown.
	Page  int
	Table *Table
	Image *Image
}

// Table is a grid of cells. Merged cells are represented once, at their
// top-left position, with RowSpan/ColSpan; Grid expands them.
type Table struct {
	Caption string
	Rows    [][]Cell
	// Notes are lines printed with the table outside its grid, one a
	// line: for a chart, its reference lines with their captions,
	// callouts and notes under the plot ("빨간색 점선(가로) 기준선:
	// 초저출산 기준 (1.3명)", charts.Annotation.Line).
	Notes []string
}

// Cell is one table cell.
type Cell struct {
	Text    string
	RowSpan int // >= 1
	ColSpan int // >= 1
	// Nested holds tables found inside the cell.
	Nested []*Table
}

// Image is a figure embedded in a document.
type Image struct {
	// Name is the image's path inside the document package
	// (e.g. "bindata/BIN0003.png", "Pictures/x.jpg") or a synthetic name
	// for PDF images ("page3-img1").
	Name string
	// Caption is nearby caption text ("[그림 2-1] ...") if found.
	Caption string
	// Data holds the encoded image when the parser loaded it.
	Data []byte
}

// Grid expands merged cells: every position a span covers carries the
// spanning cell's text. Rows are padded to the widest row. Spans are
// clipped to the table: a row span never adds rows, and column spans are
// capped at 1000.
func (t *Table) Grid() [][]string {
	if t == nil {
		return nil
	}
	height := len(t.Rows)
	grid := make([][]string, height)
	taken := make([][]bool, height)
	width := 0
	// occupy grows row r to at least n columns.
	occupy := func(r, n int) {
		for len(taken[r]) < n {
			taken[r] = append(taken[r], false)
			grid[r] = append(grid[r], "")
		}
	}
	for r, row := range t.Rows {
		c := 0
		for _, cell := range row {
			for c < len(taken[r]) && taken[r][c] {
				c++
			}
			rs := min(max(cell.RowSpan, 1), height-r)
			cs := min(max(cell.ColSpan, 1), 1000)
			for dr := 0; dr < rs; dr++ {
				occupy(r+dr, c+cs)
				for dc := 0; dc < cs; dc++ {
					taken[r+dr][c+dc] = true
					grid[r+dr][c+dc] = cell.Text
				}
			}
			c += cs
			width = max(width, c)
		}
	}
	for r := range grid {
		width = max(width, len(grid[r]))
	}
	for r := range grid {
		occupy(r, width)
	}
	return grid
}

// Passage is the unit of retrieval: a paragraph, a table, or figure text.
type Passage struct {
	// ID is unique within a collection: "<DocID>#<Ordinal>".
	ID      string
	DocID   string
	Ordinal int
	// Block is the index in Document.Blocks of the block the passage was
	// cut from, so that a hit leads back to its table or figure without
	// cutting the document again.
	Block int
	Kind  Kind
	// Section is the heading path joined with " > ".
	Section string
	Page    int
	Text    string
}

// PassageID builds a passage id.
func PassageID(docID string, ordinal int) string {
	return fmt.Sprintf("%s#%d", docID, ordinal)
}

// NormalizeSpace collapses runs of white space (unicode.IsSpace) to one
// space and trims: strings.Join(strings.Fields(s), " "), in one pass that
// allocates at most len(s) bytes (none when s is already normal).
func NormalizeSpace(s string) string {
	if isNormalSpace(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			i += size
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(s[i : i+size]) // invalid bytes kept as they are
		i += size
	}
	return b.String()
}

// isNormalSpace reports whether s has no leading, trailing or repeated
// white space and no white space other than ' '.
func isNormalSpace(s string) bool {
	prevSpace := true // at the start, a space would be leading
	for _, r := range s {
		if unicode.IsSpace(r) {
			if r != ' ' || prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}
