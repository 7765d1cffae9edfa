package reader

import (
	"context"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Fake is a Reader for other packages' tests: it needs no model.
//
// With AnswerFunc set it returns what AnswerFunc returns. Otherwise it scores
// each passage by the number of question words (split on spaces and
// punctuation, at least two bytes) it contains and answers with the passage
// word that follows the first question word found in it (or that word
// itself at the end of the passage): crude, deterministic, and enough to
// check wiring.
type Fake struct {
	// AnswerFunc, when set, answers instead of the word-overlap heuristic.
	AnswerFunc func(question string, passages []string, k int) ([]Span, error)

	mu     sync.Mutex
	calls  int
	closed bool
}

var _ Reader = (*Fake)(nil)

// Answer implements Reader.
func (f *Fake) Answer(ctx context.Context, question string, passages []string, k int) ([]Span, error) {
	f.mu.Lock()
	f.calls++
	closed := f.closed
	f.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if f.AnswerFunc != nil {
		return f.AnswerFunc(question, passages, k)
	}
	var terms []string
	for _, w := range strings.FieldsFunc(question, isSep) {
		if len(w) >= 2 {
			terms = append(terms, w)
		}
	}
	var out []Span
	for pi, p := range passages {
		hits, first := 0, -1
		var firstTerm string
		for _, t := range terms {
			if i := strings.Index(p, t); i >= 0 {
				hits++
				if first < 0 || i < first {
					first, firstTerm = i, t
				}
			}
		}
		if hits == 0 {
			continue
		}
		start, end := wordAfter(p, first+len(firstTerm))
		if start == end {
			start, end = first, first+len(firstTerm)
		}
		out = append(out, Span{Text: p[start:end], Passage: pi, Start: start, End: end, Score: float64(hits), Null: 0})
	}
	sortStableBy(out, func(a, b Span) bool { return a.Score > b.Score })
	if k < len(out) {
		out = out[:max(k, 0)]
	}
	return out, nil
}

// Calls reports how many times Answer was called.
func (f *Fake) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// Close implements Reader; Answer fails afterwards.
func (f *Fake) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return nil
}

func isSep(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }

// wordAfter returns the byte range of the word after the one holding i.
func wordAfter(s string, i int) (int, int) {
	if k := strings.IndexFunc(s[i:], isSep); k >= 0 {
		i += k
	} else {
		i = len(s)
	}
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isSep(r) {
			break
		}
		i += size
	}
	j := strings.IndexFunc(s[i:], isSep)
	if j < 0 {
		return i, len(s)
	}
	return i, i + j
}
