package retrieval

import (
	"context"
	"slices"
	"sort"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval/korean"
)

// Fake is an in-memory Retriever for tests of code that depends on the
// passage store. It scores a passage by the number of distinct query
// bigrams it contains and applies the doc and kind filters like Index.
type Fake struct {
	Passages []document.Passage
}

var _ Retriever = (*Fake)(nil)

// Search implements Retriever.
func (f *Fake) Search(ctx context.Context, q Query) ([]Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tk, err := korean.NewTokenizer(korean.ModeBigram, nil)
	if err != nil {
		return nil, err
	}
	qterms := map[string]bool{}
	for _, t := range tk.Terms(korean.NormalizeQuestion(q.Text)) {
		qterms[t.Term] = true
	}
	var hits []Hit
	for _, p := range f.Passages {
		if len(q.DocIDs) > 0 && !slices.Contains(q.DocIDs, p.DocID) ||
			len(q.Kinds) > 0 && !slices.Contains(q.Kinds, p.Kind) {
			continue
		}
		seen := map[string]bool{}
		for _, t := range tk.Terms(p.Text + " " + p.Section) {
			if qterms[t.Term] {
				seen[t.Term] = true
			}
		}
		if len(seen) > 0 {
			hits = append(hits, Hit{Passage: p, Score: float64(len(seen))})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	k := q.K
	if k <= 0 {
		k = 10
	}
	return hits[:min(k, len(hits))], nil
}
