// Package extract finds answers in a passage without a reader model:
// `policyqa serve` answers with Span when no reader is loaded, and `policyqa
// eval korquad` scores it as the reader-less baseline.
//
// Span picks, inside one passage, the text that answers a question:
//
//  1. The passage is cut into sentences (textkit.SentenceSpans: lines,
//     and sentences ending in ".", "?", "!" or "。" before a space).
//  2. Each sentence is scored by the number of distinct character bigrams
//     of the question (interrogatives dropped by korean.NormalizeQuestion,
//     textkit.TermSet) it holds; the best sentence wins, the earliest on
//     ties (Sentence).
//  3. When the question asks for an amount (몇, 얼마, 비율, 규모, 건수, …)
//     and the segment holds numbers, the answer narrows to the number,
//     with its unit, whose left context (back to the previous number, at
//     most 24 characters) shares the most question bigrams (the earliest
//     on ties). Numbers the question itself contains are not candidates
//     (unless there is no other) but count in the next number's context:
//     "2022년: 27" answers "2022년의 개소 수는?".
//  4. Otherwise the answer is the whole sentence.
//
// NearQuestion is a cruder span: the words of the best sentence next to
// the question's own words.
package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/retrieval/korean"
	"github.com/policyqa/policyqa/textkit"
)

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

// Span returns the byte range [start, end) of the answer to question in
// passage, found as the package comment describes. For an empty passage
// it returns 0, 0.
func Span(question, passage string) (start, end int) {
	qgrams := textkit.TermSet(korean.NormalizeQuestion(question))
	s, e := sentence(qgrams, passage)
	if s == e {
		return 0, 0
	}
	if asksQuantity(question) {
		if ns, ne, ok := bestNumber(question, qgrams, passage, s, e); ok {
			return ns, ne
		}
	}
	return s, e
}

// Sentence returns the byte range [start, end) of the sentence of passage
// that holds the most distinct question bigrams (the earliest on ties);
// 0, 0 for an empty passage.
func Sentence(question, passage string) (start, end int) {
	return sentence(textkit.TermSet(korean.NormalizeQuestion(question)), passage)
}

func sentence(qgrams map[string]bool, passage string) (start, end int) {
	segs := textkit.SentenceSpans(passage)
	if len(segs) == 0 {
		return 0, 0
	}
	best, bestScore := segs[0], -1
	for _, s := range segs {
		if sc := textkit.Overlap(qgrams, passage[s[0]:s[1]]); sc > bestScore {
			best, bestScore = s, sc
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

// bestNumber finds the number (with unit) in text[lo:hi] whose left
// context shares the most question bigrams. A number's left context runs
// back to the previous number's end (or the segment start), at most
// contextRunes, so that in "A 3개, B 5개" the context of 5 is "B".
func bestNumber(question string, qgrams map[string]bool, text string, lo, hi int) (start, end int, ok bool) {
	seg := text[lo:hi]
	bestScore := -1.0
	prevEnd := lo
	for _, n := range numbers.Numerals(seg) {
		s, e := lo+n.Start, lo+n.End
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

// NearQuestion returns up to n (0: 2) consecutive words of the sentence
// Sentence picks that are not the question's own words, ending just before
// the last question word that follows them (Korean answers usually
// precede the predicate the question repeats), or else the first such
// words; punctuation around them is trimmed. A word is the question's when
// its first two letters or digits occur in the question (a crude stem
// match that ignores particles).
func NearQuestion(question, passage string, n int) string {
	if n <= 0 {
		n = 2
	}
	s, e := Sentence(question, passage)
	words := strings.Fields(passage[s:e])
	if len(words) == 0 {
		return ""
	}
	match := make([]bool, len(words))
	for i, w := range words {
		match[i] = inQuestion(w, question)
	}
	// Prefer a run of non-question words that ends right before a
	// question word, scanning from the end of the sentence.
	for end := len(words) - 1; end > 0; end-- {
		if match[end] && !match[end-1] {
			lo := end - 1
			for lo > 0 && !match[lo-1] && end-lo < n {
				lo--
			}
			return trimAnswer(strings.Join(words[lo:end], " "))
		}
	}
	for i, m := range match {
		if !m {
			hi := i
			for hi < len(words) && !match[hi] && hi-i < n {
				hi++
			}
			return trimAnswer(strings.Join(words[i:hi], " "))
		}
	}
	return trimAnswer(words[len(words)-1])
}

// inQuestion reports whether word's first two letters or digits occur in
// the question.
func inQuestion(word, question string) bool {
	var rs []rune
	for _, r := range word {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, r)
		}
		if len(rs) == 2 {
			break
		}
	}
	if len(rs) == 0 {
		return true // punctuation only: never an answer
	}
	return strings.Contains(question, string(rs))
}

// trimAnswer strips surrounding punctuation and spaces.
func trimAnswer(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}
