package charts

import (
	"math"
	"strconv"
	"strings"

	"github.com/policyqa/policyqa/document"
)

// Chart types (Table.Type, Spec.Type).
const (
	TypeBar     = "bar"         // vertical bars, one series
	TypeHBar    = "hbar"        // horizontal bars
	TypeGrouped = "grouped_bar" // vertical bars, several series side by side
	TypeStacked = "stacked_bar" // vertical bars, series stacked
	TypeLine    = "line"
	TypePie     = "pie"
	TypeOther   = "other"
)

// Types lists the chart types Renderer draws.
var Types = []string{TypeBar, TypeHBar, TypeGrouped, TypeStacked, TypeLine, TypePie}

// Table is the data behind a chart.
type Table struct {
	Title string
	// Type is one of the Type constants.
	Type       string
	Categories []string
	// Series holds one value per category each. For a pie chart there is
	// one series and the values are percentages of the whole.
	Series []Series
	// ValueTitle is the value axis's title ("합계출산율", "(단위: 억원)"),
	// when one was read.
	ValueTitle string
	// OCRText is all the text OCR read in the image (Extract sets it):
	// the content to index for a figure of TypeOther (a diagram).
	OCRText string
	// Annotations are what the chart shows besides its data: reference
	// lines with their captions, callouts in the plot, notes under it
	// (annotations.go), in that order.
	Annotations []Annotation
}

// Series is one named row of values.
type Series struct {
	Name   string
	Values []float64
}

// FormatValue prints a value the short way (no trailing zeros). A value
// that could not be read (NaN, ±Inf) prints as "": an empty cell, never a
// number.
func FormatValue(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Document converts the table to the shared data model the way report
// tables are laid out: a header row (an empty corner, then one column per
// series, named by the legend, or by the value axis's title for a chart
// with one unnamed series) and one row per category. Unreadable values
// (NaN) are empty cells. Annotations are the table's Notes
// (Annotation.Line).
func (t *Table) Document() *document.Table {
	if t == nil {
		return nil
	}
	cell := func(s string) document.Cell { return document.Cell{Text: s, RowSpan: 1, ColSpan: 1} }
	head := []document.Cell{cell("")}
	for _, s := range t.Series {
		name := s.Name
		if name == "" && len(t.Series) == 1 {
			name = t.ValueTitle
		}
		head = append(head, cell(name))
	}
	rows := [][]document.Cell{head}
	for i, c := range t.Categories {
		row := []document.Cell{cell(c)}
		for _, s := range t.Series {
			v := math.NaN()
			if i < len(s.Values) {
				v = s.Values[i]
			}
			row = append(row, cell(FormatValue(round(v, 2))))
		}
		rows = append(rows, row)
	}
	var notes []string
	for _, an := range t.Annotations {
		notes = append(notes, an.Line())
	}
	return &document.Table{Caption: t.Title, Rows: rows, Notes: notes}
}

// Text renders the table as a passage: the title, then one line per
// category with each series' value ("서울: 매출 12.5, 비용 3"), then one
// line per annotation (Annotation.Line). A figure
// with no data (TypeOther: a diagram) gives its OCR text.
func (t *Table) Text() string {
	if t == nil {
		return ""
	}
	if len(t.Series) == 0 {
		return strings.TrimSpace(t.OCRText)
	}
	var b strings.Builder
	if t.Title != "" {
		b.WriteString(t.Title)
		b.WriteByte('\n')
	}
	for i, c := range t.Categories {
		b.WriteString(c)
		b.WriteString(":")
		for j, s := range t.Series {
			if i >= len(s.Values) || math.IsNaN(s.Values[i]) || math.IsInf(s.Values[i], 0) {
				continue
			}
			if j > 0 {
				b.WriteByte(',')
			}
			if s.Name != "" {
				b.WriteByte(' ')
				b.WriteString(s.Name)
			}
			b.WriteByte(' ')
			b.WriteString(FormatValue(round(s.Values[i], 2)))
			if t.Type == TypePie {
				b.WriteByte('%')
			}
		}
		b.WriteByte('\n')
	}
	for _, an := range t.Annotations {
		b.WriteString(an.Line())
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

// round rounds v to digits decimals; NaN and ±Inf stay as they are (an
// integer conversion would turn them into -9223372036854775808).
func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}
