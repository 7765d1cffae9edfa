package eval

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"
)

// BaselineMode picks what Baseline answers with.
type BaselineMode int

// Baseline modes.
const (
	// BaselineSentence answers with the whole sentence of the paragraph
	// that shares the most character bigrams with the question.
	BaselineSentence BaselineMode = iota
	// BaselineSpan answers with up to MaxWords words of that sentence that
	// do not occur in the question, next to the words that do (answers
	// tend to sit beside the question's words).
	BaselineSpan
)

// Baseline is a reader-less Predictor: the number a trained reader has to
// beat.
type Baseline struct {
	Mode BaselineMode
	// MaxWords caps BaselineSpan answers; 0 means 2.
	MaxWords int
}

// Predict implements Predictor.
func (b Baseline) Predict(_ context.Context, question, context string) (string, error) {
	sent := bestSentence(question, context)
	if b.Mode == BaselineSentence {
		return sent, nil
	}
	n := b.MaxWords
	if n <= 0 {
		n = 2
	}
	return spanNearQuestion(question, sent, n), nil
}

// Sentences splits text after '.', '?', '!' or '。' that end a word, and at
// line breaks; pieces are trimmed and empty ones dropped.
func Sentences(text string) []string {
	var out []string
	start := 0
	emit := func(end int) {
		if s := strings.TrimSpace(text[start:end]); s != "" {
			out = append(out, s)
		}
		start = end
	}
	for i, r := range text {
		switch {
		case r == '\n':
			emit(i)
		case r == '.' || r == '?' || r == '!' || r == '。':
			next, _ := utf8.DecodeRuneInString(text[i+utf8.RuneLen(r):])
			if i+utf8.RuneLen(r) == len(text) || unicode.IsSpace(next) {
				emit(i + utf8.RuneLen(r))
			}
		}
	}
	emit(len(text))
	return out
}

// bigrams returns the set of adjacent letter/digit pairs of s, spaces and
// punctuation ignored.
func bigrams(s string) map[string]bool {
	var rs []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, unicode.ToLower(r))
		}
	}
	out := make(map[string]bool, len(rs))
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])] = true
	}
	return out
}

func bestSentence(question, context string) string {
	q := bigrams(question)
	best, bestScore := "", -1
	for _, s := range Sentences(context) {
		score := 0
		for g := range bigrams(s) {
			if q[g] {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = s, score
		}
	}
	return best
}

// inQuestion reports whether word's first two letters occur in the
// question (a crude stem match that ignores Korean particles).
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

// spanNearQuestion returns up to n consecutive non-question words of sent
// ending just before the last question word that follows a gap (Korean
// answers usually precede the predicate the question repeats), or the
// first such words when every non-question word comes after.
func spanNearQuestion(question, sent string, n int) string {
	words := strings.Fields(sent)
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

// trimAnswer strips surrounding punctuation.
func trimAnswer(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}
