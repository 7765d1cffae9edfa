// Package pdf extracts text from PDF reports into a document.Document,
// page by page, using github.com/ledongthuc/pdf for the file structure and
// its own content-stream interpreter for positioned glyphs.
//
// Glyph codes become text through package cmap (ToUnicode CMaps read as
// poppler and pdf.js read them, the predefined Korean CMaps, and the
// Adobe-Korea1 CID → Unicode map for CID fonts without ToUnicode), then
// from the embedded font program (package fontprog: its own cmap inverted
// or its glyph names, for Identity CID TrueType fonts and symbolic TrueType
// fonts without ToUnicode); the pdf library's tables serve simple fonts'
// WinAnsi, MacRoman and /Differences encodings and the Adobe Glyph List
// (see fontInfo).
//
// The pdf library reports one text piece per show operator and breaks
// lines at every font change ("2024\n년"), so this package rebuilds the
// layout itself: glyphs on one baseline form a line, word spaces come from
// horizontal gaps, lines join into paragraphs (also across page breaks),
// running headers, footers and page numbers are dropped, numbered short
// lines become headings, small print at the page bottom becomes footnotes,
// tables drawn as grids of ruling lines are read cell by cell (spans from
// borders not drawn), pages set in columns of running text are read column
// by column, other text in aligned columns becomes a table (best effort),
// and vertical text (margin tabs) is read on its own. Rebuild is
// the pure function behind this, reachable without a PDF.
//
// Pages without a usable text layer (scans, glyphs no mapping decodes,
// mojibake) are reported through ParseInfo's []PageInfo (PageInfo.NeedsOCR)
// and a Document.Warnings entry; a page with a text layer and large
// pictures says so (PageInfo.HasPictures), and DedupeOCR keeps the lines of
// a picture's OCR text that the text layer lacks. OCR is another package's
// job.
//
// The pdf library panics on malformed input. Parse recovers: a failure
// while opening the file is an error wrapping ErrMalformed, a failure on
// one page becomes a warning and the other pages are kept. Work per page is
// bounded (Options.MaxOpsPerPage, MaxGlyphsPerPage) and the context is
// checked between pages and during long pages.
package pdf
