// Package pdfrender renders PDF pages to images and reads their text
// layer and embedded images, with PDFium compiled to WebAssembly
// (github.com/klippa-app/go-pdfium/webassembly, run by wazero): no cgo and
// no system library.
//
// One Engine holds one PDFium pool; make one per process and Close it at
// the end. Compiling the WebAssembly module takes a few seconds; with
// Options.CacheDir the compiled code is kept on disk and later starts take
// a fraction of that.
//
// Pages are numbered from 1, as document.Block.Page is.
package pdfrender
