// Package scan reads scanned PDFs: it renders pages with
// document/pdfrender and reads them with an ocr.Engine. It is the one
// package that imports both (ocr and document/pdfrender know nothing of
// each other).
package scan
