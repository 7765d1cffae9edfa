// Package hwptest writes small HWP 5.0 and HWPX documents for tests and
// the demo dataset: paragraphs (outline headings, numbered and bulleted
// ones), tables with cell addresses and spans (nested tables in cells),
// pictures linked to embedded images, footnotes, headers and footers,
// equations and page breaks. HWP output is a compound file written here
// (header, FAT, mini stream, directory) with DocInfo and BodyText record
// streams, raw-deflate compressed on request; HWPX output is an OWPML zip
// package. The writers cover what policyqa's reader reads, not all of the
// formats.
package hwptest

// Doc is a document to write.
type Doc struct {
	Paras  []Para
	Header []Para // page header paragraphs
	Footer []Para // page footer paragraphs
	// Images holds the embedded images by name ("chart.png"); Para.Image
	// refers to them.
	Images map[string][]byte
	// Compressed deflates the HWP streams (FileHeader flag bit 0).
	Compressed bool
	// HWPFlags are extra FileHeader property bits (password = 1<<1,
	// distribution = 1<<2, DRM = 1<<4).
	HWPFlags uint32
	// Encrypted writes HWPX manifest encryption data, as a
	// password-protected package has.
	Encrypted bool
}

// Para is one paragraph and what is anchored in it.
type Para struct {
	Text string
	// Outline makes an outline heading of level 1..7 (개요 N).
	Outline int
	// Number numbers the paragraph at level 1..7 of the document's
	// numbering ("^1." digits, "^2." 가나다, "^3)" digits).
	Number int
	// Bullet marks a bulleted paragraph (bullet "-").
	Bullet bool
	// PageBreak starts a new page before the paragraph.
	PageBreak bool
	Table     *Table
	// Image names an entry of Doc.Images shown as a picture.
	Image    string
	Footnote string
	Equation string
}

// Table is a table control: its cells by address.
type Table struct {
	Rows, Cols int
	Caption    string
	Cells      []Cell
}

// Cell is one cell: its top-left address, spans and paragraphs.
type Cell struct {
	Row, Col         int
	RowSpan, ColSpan int // 0 means 1
	Paras            []Para
}

// T is a one-paragraph cell with the text.
func T(row, col int, text string) Cell {
	return Cell{Row: row, Col: col, Paras: []Para{{Text: text}}}
}

// Span is a one-paragraph cell with spans.
func Span(row, col, rowSpan, colSpan int, text string) Cell {
	return Cell{Row: row, Col: col, RowSpan: rowSpan, ColSpan: colSpan, Paras: []Para{{Text: text}}}
}

func (c Cell) spans() (int, int) { return max(c.RowSpan, 1), max(c.ColSpan, 1) }
