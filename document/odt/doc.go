// Package odt parses OpenDocument Text (ODT) reports into a
// *document.Document: headings, paragraphs, list items, footnotes, tables
// and figures in reading order, each with its section path and a
// best-effort page number.
//
// The reports this project reads were converted from HWP, so the parser is
// lenient about the package (the mimetype entry may be missing or not
// first; an unpacked directory works too) and about the content: it
// streams content.xml with encoding/xml token by token, glues text spans
// without inventing breaks, drops pretty-printing white space, detects
// section headings from numbering patterns ("제1장", "Ⅰ.", "1.", "가.")
// when the document has no text:h, attaches "[표 …]" and "<그림 …>"
// captions to the tables and figures beside them, and expands nothing it
// cannot bound: repeats, spans and nesting depth are capped so malformed
// input cannot exhaust memory, and Limits bound every package entry read
// (mimetype, content.xml, images), each paragraph, the document's text
// and its images in total. Package.ReadImage reads figures one at a time
// for callers that should not hold them all.
//
// Tables used as layout rather than data (a one-column "참고" box, a form
// whose cells hold whole sections, as in some reports) are unboxed: their
// cells' content is emitted as ordinary blocks, so a paragraph inside a
// box is still one retrievable paragraph. Other tables become
// document.Table values with spans, nested tables in Cell.Nested, and the
// caption of the paragraph just above them.
//
// ParseFile reads a package, Parse reads a content.xml stream, and
// ParseFragment (ParseTableXML) reads the challenge's reference table
// fragments: ODF markup cut out of a document, without a root element or
// namespace declarations and often not well formed (the cut starts inside
// a paragraph or cell and ends inside a tag, captions hold unescaped "<").
// A recovering tokenizer (lenient.go) rebuilds well-formed XML from them
// first, listing its repairs as warnings.
package odt
