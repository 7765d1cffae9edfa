package pdf

import (
	"strings"
	"unicode"
)

// DupShare is the share of an OCR line's character bigrams that must
// already be in the text layer for DedupeOCR to drop the line.
const DupShare = 0.7

// DedupeOCR returns the lines of ocr (the OCR text of a page's pictures,
// see PageInfo.HasPictures) that the page's text layer does not already
// hold, joined by newlines. A line is dropped when at least DupShare of
// its character bigrams occur in layer, or when it has no bigram at all
// (OCR specks). Bigrams are taken over Hangul, Han, letters and digits,
// whitespace and punctuation ignored (see Bigrams).
func DedupeOCR(layer, ocr string) string {
	have := map[string]bool{}
	for _, b := range Bigrams(layer) {
		have[b] = true
	}
	var keep []string
	for _, l := range strings.Split(ocr, "\n") {
		bs := Bigrams(l)
		if len(bs) == 0 {
			continue
		}
		n := 0
		for _, b := range bs {
			if have[b] {
				n++
			}
		}
		if float64(n) < DupShare*float64(len(bs)) {
			keep = append(keep, strings.TrimSpace(l))
		}
	}
	return strings.Join(keep, "\n")
}

// Bigrams returns the character bigrams of s over letters (Hangul, Han,
// Latin …) and digits, in order, after dropping every other character:
// "국가 재정(2024)" gives 국가 가재 재정 정2 20 02 24. It is the unit of
// DedupeOCR and of the text-layer recall measured against poppler.
func Bigrams(s string) []string {
	var rs []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, r)
		}
	}
	if len(rs) < 2 {
		return nil
	}
	out := make([]string, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}
