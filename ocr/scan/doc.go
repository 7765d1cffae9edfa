// Package scan reads scanned PDFs: it renders pages with
// document/pdfrender and reads them with an ocr.Engine. It is the one
// package that imports both (ocr and document/pdfrender know nothing of
// each other).
//
// Reader reads a page image layout first (ocr/layout: ruled tables cell
// by cell, rules and bullets erased, margin tabs with the vertical Korean
// model, Latin words read again in English); Blocks turns read pages into
// document blocks through pdf.Rebuild, so that scanned pages get the
// paragraphs, headings and footnotes of text pages, with the tables in
// place; ReadDocPages and OCRDocPages render and read a document's pages
// concurrently; Bench scores a reader against truth pages (character
// error rate over Hangul and digits, word accuracy, CPU per page). See
// ocr/README.md for the method and the measurements.
package scan
