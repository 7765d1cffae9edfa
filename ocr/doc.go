// Package ocr reads text out of images.
//
// The boundary is the small Engine interface: Recognize takes an encoded
// image (PNG, JPEG, BMP, GIF) and a Mode and returns the text and its words
// with their boxes. Tesseract implements it with a pool of tesseract
// clients (one per worker, one thread each) and an on-disk cache of
// results keyed by the image's SHA-256, so that a second run over the same
// images does not OCR again. Fake implements it for tests.
//
// DecodeImage is the guard every image passes first: it reads the header
// with image.DecodeConfig and refuses images larger than a pixel budget
// before any pixel is decoded (decompression bombs), and turns corrupt input
// into an error instead of a panic.
//
// The tesseract part uses cgo (github.com/otiai10/gosseract/v2) and needs
// libtesseract and libleptonica with the kor and eng models: run
// scripts/install-ocr.sh. Building with the tag "notesseract" leaves it out:
// NewTesseract then returns ErrUnavailable.
package ocr
