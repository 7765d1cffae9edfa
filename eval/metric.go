package eval

import (
	"strings"
	"unicode"
)

// removedChars are the characters the official KorQuAD 1.0 script replaces
// with a space before anything else (its remove_ step).
const removedChars = "'\"《》<>〈〉()‘’"

// asciiPunct is Python's string.punctuation, which the script deletes.
const asciiPunct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// isPySpace reports whether Python's str.split() splits on r: Go's
// unicode.IsSpace plus the four ASCII information separators.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// pyLower lowercases like Python's str.lower for the cases that matter
// here: U+0130 becomes "i" + U+0307 as in Python (Go gives plain "i").
// Python's final-sigma rule is not reproduced (Σ always becomes σ).
func pyLower(s string) string {
	if strings.ContainsRune(s, 'İ') {
		s = strings.ReplaceAll(s, "İ", "i\u0307")
	}
	return strings.ToLower(s)
}

// fields splits s on Python whitespace.
func fields(s string) []string { return strings.FieldsFunc(s, isPySpace) }

// NormalizeAnswer applies the official KorQuAD 1.0 normalisation: the
// characters ' " 《 》 < > 〈 〉 ( ) ‘ ’ become spaces, the text is lower-cased,
// ASCII punctuation is deleted and whitespace runs become one space (leading
// and trailing whitespace removed).
func NormalizeAnswer(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if strings.ContainsRune(removedChars, r) {
			b.WriteByte(' ')
		} else {
			b.WriteRune(r)
		}
	}
	low := pyLower(b.String())
	b.Reset()
	for _, r := range low {
		if r < 0x80 && strings.ContainsRune(asciiPunct, r) {
			continue
		}
		b.WriteRune(r)
	}
	return strings.Join(fields(b.String()), " ")
}

// ExactMatch reports whether the normalised prediction equals the
// normalised gold answer.
func ExactMatch(prediction, gold string) bool {
	return NormalizeAnswer(prediction) == NormalizeAnswer(gold)
}

// F1 is the official KorQuAD 1.0 character-level F1 in [0, 1]: both answers
// are normalised and split on whitespace, the characters of all words are
// pooled (spaces left out), and precision and recall count the characters
// the two multisets share. It is 0 when they share none (including when
// either side is empty).
func F1(prediction, gold string) float64 {
	pc := chars(NormalizeAnswer(prediction))
	gc := chars(NormalizeAnswer(gold))
	counts := make(map[rune]int, len(gc))
	for _, r := range gc {
		counts[r]++
	}
	same := 0
	for _, r := range pc {
		if counts[r] > 0 {
			counts[r]--
			same++
		}
	}
	if same == 0 {
		return 0
	}
	p := float64(same) / float64(len(pc))
	r := float64(same) / float64(len(gc))
	return 2 * p * r / (p + r)
}

// chars returns the code points of the words of a normalised answer,
// without the separating spaces.
func chars(norm string) []rune {
	out := make([]rune, 0, len(norm))
	for _, w := range fields(norm) {
		out = append(out, []rune(w)...)
	}
	return out
}

// Score is the best exact match (0 or 1) and the best F1 of prediction over
// the gold answers, as the official script's metric_max_over_ground_truths.
// With no gold answers both are 0.
func Score(prediction string, golds []string) (em, f1 float64) {
	for _, g := range golds {
		if ExactMatch(prediction, g) {
			em = 1
		}
		if v := F1(prediction, g); v > f1 {
			f1 = v
		}
	}
	return em, f1
}
