package solve

import (
	"strings"
	"unicode/utf8"
)

// Forms and tables write names and labels with letter spacing ("김 영 옥",
// "확 인(부서장)", "구 분") and PDF text layers break cells across lines.
// joinSpaced reads such a cell as the words it spells.

// joinSpaced joins runs of letter-spaced Hangul syllables in a short text
// (a table cell, a label, an answer): "김 영 옥 (서 명)" → "김영옥 (서명)",
// "확 인(부서장)" → "확인(부서장)". A run is at least two one-syllable words,
// the last of which may carry a bracket or punctuation ("인(부서장)").
// Text of more than maxSpacedRunes runes is returned as it is: in running
// prose one-syllable words ("그 외", "수 있다") are ordinary words.
func joinSpaced(s string) string {
	if utf8.RuneCountInString(s) > maxSpacedRunes {
		return s
	}
	words := strings.Fields(s)
	var out []string
	for i := 0; i < len(words); {
		j := i
		for j < len(words) && oneSyllable(words[j]) && (j == i || !opensBracket(words[j])) {
			j++
		}
		// A last word that opens with one syllable and then leaves Hangul:
		// "인(부서장)", "명)".
		if j > i && j < len(words) && syllableThenMark(words[j]) && !opensBracket(words[j]) {
			j++
		}
		if j-i >= 2 {
			out = append(out, strings.Join(words[i:j], ""))
			i = j
			continue
		}
		out = append(out, words[i])
		i++
	}
	return strings.Join(out, " ")
}

// maxSpacedRunes bounds the texts joinSpaced reads as cells.
const maxSpacedRunes = 40

// oneSyllable reports whether w is a single Hangul syllable, possibly
// after an opening bracket ("(서").
func oneSyllable(w string) bool {
	w = strings.TrimLeft(w, "(（[")
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && isSyllable(r)
}

// syllableThenMark reports whether w is one Hangul syllable followed by
// something that is not Hangul: "인(부서장)", "명)", "옥,".
func syllableThenMark(w string) bool {
	w = strings.TrimLeft(w, "(（[")
	r, n := utf8.DecodeRuneInString(w)
	if !isSyllable(r) || n == len(w) {
		return false
	}
	next, _ := utf8.DecodeRuneInString(w[n:])
	return !isSyllable(next)
}

func opensBracket(w string) bool {
	return strings.HasPrefix(w, "(") || strings.HasPrefix(w, "（") || strings.HasPrefix(w, "[")
}

func isSyllable(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }
