package scan

import (
	"strings"
	"unicode"
)

// CharErrors compares an OCR text with the truth over Hangul syllables
// and ASCII digits only, in reading order (white space, punctuation and
// Latin letters left out): it returns the edit distance between the two
// sequences and the truth's length. Order errors count: a line read in
// the wrong place costs its characters twice.
func CharErrors(truth, ocrText string) (errors, chars int) {
	a, b := hangulDigits(truth), hangulDigits(ocrText)
	return editDistance(a, b), len(a)
}

func hangulDigits(s string) []rune {
	var out []rune
	for _, r := range s {
		if r >= 0xAC00 && r <= 0xD7A3 || r >= '0' && r <= '9' {
			out = append(out, r)
		}
	}
	return out
}

// editDistance is Levenshtein's distance in O(len(b)) memory.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// WordsFound counts the truth's words that the OCR text holds too, each
// OCR word matched once, order ignored; words are white-space separated
// and reduced to their letters and digits (punctuation left out, empty
// ones dropped).
func WordsFound(truth, ocrText string) (found, words int) {
	have := map[string]int{}
	for _, w := range wordsOf(ocrText) {
		have[w]++
	}
	for _, w := range wordsOf(truth) {
		words++
		if have[w] > 0 {
			have[w]--
			found++
		}
	}
	return found, words
}

func wordsOf(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		w := strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, f)
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}
