package pdf

import (
	"unicode"
)

// PageInfo says whether a page has a usable text layer.
type PageInfo struct {
	// Page is the 1-based page number.
	Page int
	// Chars counts the page's non-space characters.
	Chars int
	// GoodShare is the share of those characters that are Hangul, Han,
	// Latin letters or digits (0 when Chars is 0).
	GoodShare float64
	// ImageArea is the share of the page covered by painted images.
	ImageArea float64
	// Undecoded counts glyphs whose codes no font mapping turns into text.
	Undecoded int
	// Blank is true for a page with neither text nor images: nothing to
	// read and nothing to OCR.
	Blank bool
	// Usable is false when the page should be OCRed instead: no text, text
	// that is mostly garbage (GoodShare < MinGoodShare), or a handful of
	// characters (< MinChars) on a page covered by images (a scan with a
	// stray text object such as a stamped page number).
	Usable bool
}

// NeedsOCR reports whether the page should go to OCR: it lacks a usable
// text layer and is not blank.
func (pi PageInfo) NeedsOCR() bool { return !pi.Usable && !pi.Blank }

// Thresholds of PageHasText.
const (
	MinGoodShare = 0.5
	MinChars     = 20
)

// PageHasText classifies a page's text layer. It is a pure function of the
// page's runs and image coverage.
func PageHasText(pt PageText) PageInfo {
	pi := PageInfo{Page: pt.Number, ImageArea: pt.ImageArea, Undecoded: pt.Undecoded}
	good := 0
	for _, r := range pt.Runs {
		for _, c := range r.Text {
			if unicode.IsSpace(c) {
				continue
			}
			pi.Chars++
			if isGood(c) {
				good++
			}
		}
	}
	if pi.Chars > 0 {
		pi.GoodShare = float64(good) / float64(pi.Chars)
	}
	pi.Blank = pi.Chars == 0 && pi.ImageArea < 0.01
	pi.Usable = pi.Chars > 0 && pi.GoodShare >= MinGoodShare &&
		(pi.Chars >= MinChars || pi.ImageArea < 0.5)
	return pi
}

func isGood(c rune) bool {
	switch {
	case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return true
	case unicode.Is(unicode.Hangul, c), unicode.Is(unicode.Han, c):
		return true
	case unicode.Is(unicode.Latin, c):
		return true
	}
	return false
}
