package reader

import (
	"cmp"
	"math"
	"slices"
)

// logits are one window's start and end logits (at least len(window.ids)
// long; padding positions are ignored).
type logits struct {
	start, end []float32
}

// candidate is a scored span before it becomes a Span.
type candidate struct {
	passage    int
	start, end int // byte offsets
	score      float64
}

// spanKey identifies a span for de-duplication.
type spanKey struct{ passage, start, end int }

// collector keeps the best score of every distinct span and each passage's
// null score.
type collector struct {
	maxAnswer int
	best      map[spanKey]float64
	null      map[int]float64
}

func newCollector(maxAnswerTokens int) *collector {
	return &collector{maxAnswer: maxAnswerTokens, best: map[spanKey]float64{}, null: map[int]float64{}}
}

// add scores every span of at most maxAnswer passage tokens in window w.
// Tokens with empty offsets (none in passage text) cannot start or end a span.
func (c *collector) add(w *window, lg logits) {
	if w.cls >= 0 && w.cls < len(lg.start) {
		ns := float64(lg.start[w.cls]) + float64(lg.end[w.cls])
		if old, ok := c.null[w.passage]; !ok || ns < old {
			c.null[w.passage] = ns
		}
	}
	n := len(w.ctxOffsets)
	for i := range n {
		oi := w.ctxOffsets[i]
		if oi[1] <= oi[0] {
			continue
		}
		s := float64(lg.start[w.ctxStart+i])
		for j := i; j < min(n, i+c.maxAnswer); j++ {
			oj := w.ctxOffsets[j]
			if oj[1] <= oj[0] {
				continue
			}
			k := spanKey{w.passage, oi[0], oj[1]}
			score := s + float64(lg.end[w.ctxStart+j])
			if old, ok := c.best[k]; !ok || score > old {
				c.best[k] = score
			}
		}
	}
}

// top returns the k best spans, ties broken by passage then offsets so the
// order is deterministic.
func (c *collector) top(passages []string, k int) []Span {
	cands := make([]candidate, 0, len(c.best))
	for key, s := range c.best {
		cands = append(cands, candidate{passage: key.passage, start: key.start, end: key.end, score: s})
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		if a.passage != b.passage {
			return cmp.Compare(a.passage, b.passage)
		}
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		return cmp.Compare(a.end, b.end)
	})
	if k < len(cands) {
		cands = cands[:k]
	}
	out := make([]Span, len(cands))
	for i, cd := range cands {
		null, ok := c.null[cd.passage]
		if !ok {
			null = math.Inf(-1)
		}
		out[i] = Span{Text: passages[cd.passage][cd.start:cd.end], Passage: cd.passage,
			Start: cd.start, End: cd.end, Score: cd.score, Null: null}
	}
	return out
}

// sortStableBy sorts s stably by less.
func sortStableBy[T any](s []T, less func(a, b T) bool) {
	slices.SortStableFunc(s, func(a, b T) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
}
