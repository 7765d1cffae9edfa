// Package textkit holds the plain-text tools the solvers, the reader-less
// extractor and the evaluation share: sentence splitting, Korean particle
// stripping, white-space and case folding, and character-bigram overlap.
// Numbers are read by package numbers.
//
// Bigrams are pairs of adjacent letters or digits (unicode.IsLetter,
// unicode.IsDigit) of lower-cased text; spaces and punctuation between
// them are skipped, so "도시 숲" holds "도시" and "시숲". Word bigrams
// stop at spaces. Korean is written without a space inside a word, so
// character bigrams match word stems with their particles and endings
// attached (the same reason package retrieval indexes Hangul bigrams).
package textkit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SentenceSpans cuts text into sentences, as trimmed, non-empty byte
// ranges [start, end): a line break ends a sentence, and so does ".",
// "?", "!" or "。" followed by ASCII white space or the end of the text
// ("3.5" is not a sentence end). The punctuation stays with its sentence.
func SentenceSpans(text string) [][2]int {
	var out [][2]int
	add := func(s, e int) {
		for s < e {
			r, n := utf8.DecodeRuneInString(text[s:])
			if !unicode.IsSpace(r) {
				break
			}
			s += n
		}
		for e > s {
			r, n := utf8.DecodeLastRuneInString(text[:e])
			if !unicode.IsSpace(r) {
				break
			}
			e -= n
		}
		if s < e {
			out = append(out, [2]int{s, e})
		}
	}
	start := 0
	for i, r := range text {
		switch {
		case r == '\n':
			add(start, i)
			start = i + 1
		case r == '.' || r == '?' || r == '!' || r == '。':
			next := i + utf8.RuneLen(r)
			if next == len(text) || asciiSpace(text[next]) {
				add(start, next)
				start = next
			}
		}
	}
	add(start, len(text))
	return out
}

// asciiSpace reports the white space that ends a sentence after its
// punctuation: space, tab, line feed, form feed, carriage return.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// Sentences is SentenceSpans as strings.
func Sentences(text string) []string {
	spans := SentenceSpans(text)
	if len(spans) == 0 {
		return nil
	}
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s[0]:s[1]]
	}
	return out
}

// particles are endings StripParticle removes from a word, longest first.
var particles = []string{"에서는", "으로는", "에서", "으로", "에는", "까지", "부터", "보다", "이며", "이고", "와의", "과의", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만"}

// StripParticle drops one particle (a case or topic marker, "까지",
// "부터", ...) from the end of a Korean word, keeping at least two runes
// of stem: "도시숲은" → "도시숲", "숲은" stays.
func StripParticle(w string) string {
	for _, p := range particles {
		if strings.HasSuffix(w, p) && utf8.RuneCountInString(strings.TrimSuffix(w, p)) >= 2 {
			return strings.TrimSuffix(w, p)
		}
	}
	return w
}

// Folded is a string with white space removed and letters lower-cased,
// with the byte offset in the original of every rune kept.
type Folded struct {
	Runes []rune
	Pos   []int // Pos[i] is the byte offset of Runes[i] in the original
}

// Fold folds s: white space dropped, letters lower-cased.
func Fold(s string) Folded {
	var f Folded
	for i, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		f.Runes = append(f.Runes, unicode.ToLower(r))
		f.Pos = append(f.Pos, i)
	}
	return f
}

// String returns the folded text.
func (f Folded) String() string { return string(f.Runes) }

// FindFolded finds needle in hay ignoring white space and case, and
// returns the byte range [start, end) in hay of the first match, or
// -1, -1.
func FindFolded(hay, needle string) (start, end int) {
	h, n := Fold(hay), Fold(needle)
	if len(n.Runes) == 0 {
		return -1, -1
	}
	hs := h.String()
	idx := strings.Index(hs, n.String())
	if idx < 0 {
		return -1, -1
	}
	ri := utf8.RuneCountInString(hs[:idx])
	last := h.Pos[ri+len(n.Runes)-1]
	_, size := utf8.DecodeRuneInString(hay[last:]) // as written (an invalid byte is 1)
	return h.Pos[ri], last + size
}

// Bigrams counts the character bigrams of s, across words (a text of one
// letter or digit counts as itself).
func Bigrams(s string) map[string]int {
	var rs []rune
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, r)
		}
	}
	out := map[string]int{}
	if len(rs) == 1 {
		out[string(rs)]++
	}
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])]++
	}
	return out
}

// WordBigrams counts the bigrams of each space-separated word of s (a
// word of one letter or digit counts as itself), none across words.
func WordBigrams(s string) map[string]int {
	out := map[string]int{}
	for _, w := range strings.Fields(s) {
		for g, n := range Bigrams(w) {
			out[g] += n
		}
	}
	return out
}

// Share is the share (0-1) of the bigram counts a that b holds, each
// bigram counted at most as often as b has it; 0 when a is empty.
func Share(a, b map[string]int) float64 {
	total, hit := 0, 0
	for g, n := range a {
		total += n
		hit += min(n, b[g])
	}
	if total == 0 {
		return 0
	}
	return float64(hit) / float64(total)
}

// Coverage is the share of a's bigrams found in b: Share(Bigrams(a),
// Bigrams(b)).
func Coverage(a, b string) float64 { return Share(Bigrams(a), Bigrams(b)) }

// TermSet is the set of bigrams of the words of s, split at anything that
// is not a letter or digit (a word of one rune counts as itself): the
// terms the reader-less extractor matches a question by.
func TermSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		rs := []rune(w)
		if len(rs) == 1 {
			out[w] = true
		}
		for i := 0; i+1 < len(rs); i++ {
			out[string(rs[i:i+2])] = true
		}
	}
	return out
}

// Overlap counts the distinct members of terms that TermSet(text) holds.
func Overlap(terms map[string]bool, text string) int {
	n := 0
	for g := range TermSet(text) {
		if terms[g] {
			n++
		}
	}
	return n
}
