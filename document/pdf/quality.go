package pdf

import (
	"unicode"
)

// PageInfo says whether a page has a usable text layer.
type PageInfo struct {
	// Page is the 1-based page number.
	Page int
	// Chars counts the page's decoded non-space characters.
	Chars int
	// Undecoded counts glyphs whose codes no font mapping turns into text
	// (a CID font without ToUnicode outside the collections we map, codes
	// mapped to U+FFFF).
	Undecoded int
	// GoodShare is the share of letters and digits among the glyphs that
	// are not punctuation or symbols: good / (good + suspect + undecoded),
	// where suspect characters are what mojibake is made of (Latin-1
	// supplement and Latin Extended letters, C1 controls, private-use
	// code points, U+FFFD); 0 when there are none.
	GoodShare float64
	// ImageArea is the share of the page covered by painted images.
	ImageArea float64
	// Blank is true for a page with neither text nor images: nothing to
	// read and nothing to OCR.
	Blank bool
	// Usable is false when the page should be OCRed instead: no text,
	// text that is mostly undecodable or mojibake (GoodShare <
	// MinGoodShare; punctuation such as dotted leaders counts neither
	// way), or a handful of characters (< MinChars) on a page covered by
	// images (a scan with a stray text object such as a stamped page
	// number).
	Usable bool
}

// NeedsOCR reports whether the page should go to OCR: it lacks a usable
// text layer and is not blank.
func (pi PageInfo) NeedsOCR() bool { return !pi.Usable && !pi.Blank }

// HasPictures reports whether a page with a usable text layer also has
// images over at least MinPictureArea of it: pictures that may hold text
// of their own (outlined headings, diagrams, scanned inserts). Their OCR
// text belongs to the page as well, less what the text layer already
// says (see NewOCRLines).
func (pi PageInfo) HasPictures() bool { return pi.Usable && pi.ImageArea >= MinPictureArea }

// Thresholds of PageHasText.
const (
	MinGoodShare   = 0.5
	MinChars       = 20
	MinPictureArea = 0.25
)

// PageHasText classifies a page's text layer. It is a pure function of the
// page's runs, undecoded glyph count and image coverage.
func PageHasText(pt PageText) PageInfo {
	pi := PageInfo{Page: pt.Number, ImageArea: pt.ImageArea, Undecoded: pt.Undecoded}
	good, bad := 0, pt.Undecoded
	for _, r := range pt.Runs {
		for _, c := range r.Text {
			if unicode.IsSpace(c) {
				continue
			}
			pi.Chars++
			switch {
			case isSuspect(c):
				bad++
			case unicode.IsLetter(c) || unicode.IsDigit(c):
				good++
			}
		}
	}
	if good+bad > 0 {
		pi.GoodShare = float64(good) / float64(good+bad)
	}
	pi.Blank = pi.Chars == 0 && pi.Undecoded == 0 && pi.ImageArea < 0.01
	pi.Usable = good > 0 && pi.GoodShare >= MinGoodShare &&
		(pi.Chars >= MinChars || pi.ImageArea < 0.5)
	return pi
}

// isSuspect reports characters that text decoded from a Korean report
// holds only as mojibake: bytes read as Latin-1 or Windows-1252 (Latin-1
// supplement and Latin Extended letters, C1 controls), private-use code
// points and U+FFFD.
func isSuspect(c rune) bool {
	switch {
	case c >= 0x80 && c <= 0x9F, c == 0xFFFD:
		return true
	case c >= 0xC0 && c <= 0x24F:
		return c != 0xD7 && c != 0xF7 // × ÷
	case c >= 0xE000 && c <= 0xF8FF, c >= 0xF0000:
		return true
	}
	return false
}
