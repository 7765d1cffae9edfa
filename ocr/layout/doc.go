// Package layout finds the structure of a page image before OCR: the
// ruling lines (table borders, underlines, frames), the tables they form
// and their cells (merged cells included), and a copy of the page with
// the rules erased, so that an OCR engine reads table cells one at a time
// and never sees a border as a letter.
//
// The input is an 8-bit gray page; lengths are given for 200 dpi and
// scaled by Options.DPI. The method is the classic one of document image
// analysis: long thin runs of dark pixels (gaps of a few pixels allowed,
// for dotted rules) are rules; horizontal and vertical rules that touch
// form a table; the distinct rule positions cut the table into a grid, and
// grid cells not separated by a rule are one merged cell. Pure Go, no cgo.
package layout
