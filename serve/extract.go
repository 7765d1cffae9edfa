package serve

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/policyqa/policyqa/retrieval/korean"
)

// Extraction without a reader. ExtractSpan picks, inside one passage, the
// text that answers a question:
//
//  1. The passage is cut into segments: lines, and sentences ending in
//     ".", "?", "!" or "。" followed by a space.
//  2. Each segment is scored by the number of distinct character bigrams
//     of the question (interrogatives and punctuation removed) it holds;
//     the best segment wins, the earliest on ties.
//  3. When the question asks for an amount (몇, 얼마, 비율, 규모, 건수, …)
//     and the segment holds numbers, the answer narrows to the number,
//     with its unit, whose left context (back to the previous number, at
//     most 24 characters) shares the most question bigrams (the earliest
//     on ties). Numbers the question itself contains are not candidates
//     (unless there is no other) but count in the next number's context:
//     "2022년: 27" answers "2022년의 개소 수는?".
//  4. Otherwise the answer is the whole segment.

// quantityCues mark a question that asks for a number.
var quantityCues = []string{"몇", "얼마", "비율", "비중", "규모", "금액", "건수", "개수", "인원", "면적", "증가율", "감소율", "수는", "수가", "%", "퍼센트", "규모는", "액은"}

// magnitudes may follow a number ("5천만 원"), longest first.
var magnitudes = []string{"천만", "백만", "십만", "천억", "백억", "십억", "만", "억", "조", "천", "백"}

// counters are units that may follow a number or its magnitude, longest
// first.
var counters = []string{
	"개소", "개사", "가구", "시간", "퍼센트", "%p", "%",
	"개", "건", "명", "원", "년", "월", "일", "회", "곳", "배", "톤", "세", "점", "종", "대", "㎢", "㎡", "ha", "km", "kg",
}

var numberRe = regexp.MustCompile(`[0-9](?:[0-9]|,[0-9]{3})*(?:\.[0-9]+)?`)

// ExtractSpan returns the byte range [start, end) of the answer to question
// in passage, found as the package comment above describes. For an empty
// passage it returns 0, 0.
func ExtractSpan(question, passage string) (start, end int) {
	if strings.TrimSpace(passage) == "" {
		return 0, 0
	}
	qgrams := bigramSet(korean.NormalizeQuestion(question))
	segs := segments(passage)
	best, bestScore := segs[0], -1
	for _, s := range segs {
		if sc := overlap(qgrams, passage[s[0]:s[1]]); sc > bestScore {
			best, bestScore = s, sc
		}
	}
	if asksQuantity(question) {
		if s, e, ok := bestNumber(question, qgrams, passage, best[0], best[1]); ok {
			return s, e
		}
	}
	return best[0], best[1]
}

// asksQuantity reports whether the question asks for a number.
func asksQuantity(q string) bool {
	for _, c := range quantityCues {
		if strings.Contains(q, c) {
			return true
		}
	}
	return false
}

// segments cuts text into trimmed, non-empty byte ranges.
func segments(text string) [][2]int {
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
			if next == len(text) || next < len(text) && (text[next] == ' ' || text[next] == '\n') {
				// "3.5" is not a sentence end: a digit follows there.
				add(start, next)
				start = next
			}
		}
	}
	add(start, len(text))
	if len(out) == 0 {
		out = append(out, [2]int{0, len(text)})
	}
	return out
}

// bestNumber finds the number (with unit) in text[lo:hi] whose left
// context shares the most question bigrams. A number's left context runs
// back to the previous number's end (or the segment start), at most
// contextRunes, so that in "A 3개, B 5개" the context of 5 is "B".
func bestNumber(question string, qgrams map[string]bool, text string, lo, hi int) (start, end int, ok bool) {
	seg := text[lo:hi]
	bestScore := -1.0
	prevEnd := lo
	for _, loc := range numberRe.FindAllStringIndex(seg, -1) {
		s, e := lo+loc[0], lo+loc[1]
		// A number glued to Latin letters before it ("COVID19") is part of a word.
		if r, _ := utf8.DecodeLastRuneInString(text[:s]); s > lo && r < 0x80 && unicode.IsLetter(r) {
			continue
		}
		if isLabelNumber(text[lo:s], text[e:hi]) {
			continue
		}
		e += unitLen(text[e:hi])
		ctx := text[max(prevEnd, backRunes(text, s, contextRunes)):s]
		// A number the question itself gives ("3년 생존율", "2022년의
		// 개소 수") is not its answer but a label of the next one: the
		// next number's context runs back over it.
		if strings.Contains(question, text[s:e]) {
			if !ok {
				start, end, ok = s, e, true
			}
			continue
		}
		if sc := nearOverlap(qgrams, ctx); sc > bestScore {
			start, end, bestScore, ok = s, e, sc, true
		}
		prevEnd = e
	}
	return start, end, ok
}

// contextRunes bounds a number's left context.
const contextRunes = 24

// isLabelNumber reports whether the number between before and after
// numbers a figure, table or section ("[그림 2-1]", "<표 3>", "제5조")
// rather than stating an amount.
func isLabelNumber(before, after string) bool {
	b := strings.TrimRight(before, " ")
	for _, l := range []string{"그림", "표", "제", "Figure", "Table"} {
		if strings.HasSuffix(b, l) {
			return true
		}
	}
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	// "2-1": both numbers of a dashed label.
	return len(after) > 1 && after[0] == '-' && digit(after[1]) ||
		len(before) > 1 && before[len(before)-1] == '-' && digit(before[len(before)-2])
}

// unitLen returns the byte length of the unit at the start of s: a
// magnitude, then a counter (each after at most one space), or 0.
func unitLen(s string) int {
	n := prefixLen(s, magnitudes, false)
	if c := prefixLen(s[n:], counters, true); c > 0 {
		return n + c
	}
	return n
}

// prefixLen returns the length of the first of words s starts with
// (after one space when space is set), or 0.
func prefixLen(s string, words []string, space bool) int {
	skip := 0
	if space && strings.HasPrefix(s, " ") {
		skip = 1
	}
	for _, w := range words {
		if strings.HasPrefix(s[skip:], w) {
			return skip + len(w)
		}
	}
	return 0
}

// backRunes returns the byte offset n runes before i in s (0 at most).
func backRunes(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i
}

// bigramSet returns the character bigrams of s's letters and digits, per
// word (words of one rune count as themselves).
func bigramSet(s string) map[string]bool {
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

// nearOverlap scores a number's left context: 1 for every distinct
// question bigram in it, plus up to 1 more the nearer its last occurrence
// is to the end (the number), so that proximity breaks ties.
func nearOverlap(qgrams map[string]bool, ctx string) float64 {
	rs := []rune(strings.ToLower(ctx))
	seen := map[string]bool{}
	score := 0.0
	for i := len(rs) - 2; i >= 0; i-- {
		g := string(rs[i : i+2])
		if !qgrams[g] || seen[g] {
			continue
		}
		seen[g] = true
		score += 1 + 1/float64(1+len(rs)-i-2)
	}
	return score
}

// overlap counts the question bigrams found in text.
func overlap(qgrams map[string]bool, text string) int {
	n := 0
	for g := range bigramSet(text) {
		if qgrams[g] {
			n++
		}
	}
	return n
}

// runeOffset converts a byte offset in s to a rune (code point) offset.
func runeOffset(s string, byteOff int) int {
	return utf8.RuneCountInString(s[:byteOff])
}
