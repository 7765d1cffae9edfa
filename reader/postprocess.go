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

// spanKey identifies a span for de-duplication.
type spanKey struct{ passage, start, end int }

// candidate is a scored span before it becomes a Span.
type candidate struct {
	key   spanKey
	score float64
}

// collector keeps the k best distinct spans over all windows, and each
// passage's null score.
//
// Every (start, end) pair of a window is scored, but only pairs scoring at
// least thr are kept. thr is the k-th best distinct score seen at the last
// compaction: final scores can only be higher, so the pruning is exact.
type collector struct {
	k, maxAnswer int
	compactAt    int // compact when this many candidates are held
	cands        []candidate
	thr          float64
	null         map[int]float64
}

func newCollector(k, maxAnswerTokens int) *collector {
	return &collector{k: k, maxAnswer: maxAnswerTokens, compactAt: 8*k + 1024, thr: math.Inf(-1), null: map[int]float64{}}
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
	starts := lg.start[w.ctxStart : w.ctxStart+n]
	ends := lg.end[w.ctxStart : w.ctxStart+n]
	for i := range n {
		oi := w.ctxOffsets[i]
		if oi[1] <= oi[0] {
			continue
		}
		s := float64(starts[i])
		for j := i; j < min(n, i+c.maxAnswer); j++ {
			score := s + float64(ends[j])
			if score < c.thr {
				continue
			}
			oj := w.ctxOffsets[j]
			if oj[1] <= oj[0] {
				continue
			}
			c.cands = append(c.cands, candidate{spanKey{w.passage, oi[0], oj[1]}, score})
		}
		if len(c.cands) > c.compactAt {
			c.compact()
		}
	}
}

// byScore orders candidates best first, ties by passage, start and end,
// so the order never depends on map iteration.
func byScore(a, b candidate) int {
	if a.score != b.score {
		return cmp.Compare(b.score, a.score)
	}
	if a.key.passage != b.key.passage {
		return cmp.Compare(a.key.passage, b.key.passage)
	}
	if a.key.start != b.key.start {
		return cmp.Compare(a.key.start, b.key.start)
	}
	return cmp.Compare(a.key.end, b.key.end)
}

// compact sorts the candidates best first (ties by passage, then offsets, so
// the order is deterministic), keeps the best score of each distinct span,
// cuts to k, and raises thr to the k-th score.
func (c *collector) compact() {
	slices.SortFunc(c.cands, byScore)
	seen := make(map[spanKey]bool, len(c.cands))
	out := c.cands[:0]
	for _, cd := range c.cands {
		if seen[cd.key] {
			continue
		}
		seen[cd.key] = true
		out = append(out, cd)
		if len(out) == c.k {
			break
		}
	}
	c.cands = out
	if len(out) == c.k {
		c.thr = out[len(out)-1].score
	}
}

// top returns the k best distinct spans.
func (c *collector) top(passages []string) []Span {
	c.compact()
	out := make([]Span, len(c.cands))
	for i, cd := range c.cands {
		null, ok := c.null[cd.key.passage]
		if !ok {
			null = math.Inf(-1)
		}
		out[i] = Span{Text: passages[cd.key.passage][cd.key.start:cd.key.end], Passage: cd.key.passage,
			Start: cd.key.start, End: cd.key.end, Score: cd.score, Null: null}
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
