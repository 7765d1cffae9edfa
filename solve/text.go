package solve

import (
	"regexp"
	"strings"
	"unicode"
)

// squeezed is a string with white space removed plus, for every kept rune,
// its byte offset in the original.
type squeezed struct {
	runes []rune
	pos   []int
}

func squeeze(s string) squeezed {
	var q squeezed
	for i, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		q.runes = append(q.runes, unicode.ToLower(r))
		q.pos = append(q.pos, i)
	}
	return q
}

func (q squeezed) String() string { return string(q.runes) }

// findLoose finds needle in hay ignoring white space and case; it returns
// the byte range in hay, or -1.
func findLoose(hay, needle string) (start, end int) {
	h, n := squeeze(hay), squeeze(needle)
	if len(n.runes) == 0 {
		return -1, -1
	}
	idx := strings.Index(h.String(), n.String())
	if idx < 0 {
		return -1, -1
	}
	ri := len([]rune(h.String()[:idx]))
	last := ri + len(n.runes) - 1
	endByte := h.pos[last] + len(string(h.runes[last]))
	return h.pos[ri], endByte
}

// bigrams returns the character bigrams of s with spaces and punctuation
// removed (single characters for one-rune strings).
func bigrams(s string) map[string]int {
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

// wordBigrams are the bigrams of each word of s (a one-letter word counts
// as itself), none across words.
func wordBigrams(s string) map[string]int {
	out := map[string]int{}
	for _, w := range strings.Fields(s) {
		for g, n := range bigrams(w) {
			out[g] += n
		}
	}
	return out
}

// share is the share of bigram counts a found in b.
func share(a, b map[string]int) float64 {
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

// bullets open list items and table rows ("ㅇ 의무지출", "▣ 재정지출").
const bullets = "ㅇ○●◦▪▫▣□■◆◇◈-–·•※*▶►▷☞>+"

// stripBullets drops leading bullet marks and the spaces after them.
func stripBullets(s string) string {
	return strings.TrimLeft(s, bullets+" \t")
}

// coverage is the share of a's bigrams found in b.
func coverage(a, b string) float64 {
	ab, bb := bigrams(a), bigrams(b)
	total, hit := 0, 0
	for g, n := range ab {
		total += n
		hit += min(n, bb[g])
	}
	if total == 0 {
		return 0
	}
	return float64(hit) / float64(total)
}

// numberRe matches a number with optional thousands separators, decimals,
// and a Korean magnitude.
var numberRe = regexp.MustCompile(`\d[\d,]*(?:\.\d+)?`)

// footnoteRe strips trailing footnote marks like "제안기준1)" or "값*".
var footnoteRe = regexp.MustCompile(`(\d+\)|\*+|주\d+\))$`)

func cleanCell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return s
}

// stripUnitSuffix drops a parenthesised unit: "허용기준(mg/kg)" → "허용기준".
func stripParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[', '<', '（':
			depth++
			continue
		case ')', ']', '>', '）':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}
