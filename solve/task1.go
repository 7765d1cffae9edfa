package solve

import (
	"context"
	"fmt"
	"strconv"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
)

// paragraphKinds are the passage kinds task 1 may return.
var paragraphKinds = []document.Kind{document.KindParagraph, document.KindListItem, document.KindFootnote}

// paragraphs answers task 1: the three best paragraphs of doc_file. Text
// passages come first; tables and figure text fill in when the document
// has fewer than three matching paragraphs.
func (s *Solver) paragraphs(ctx context.Context, p dataset.Problem) (Answer, error) {
	if _, err := s.Docs.Document(ctx, p.DocFile); err != nil {
		return Empty(p), fmt.Errorf("problem %s: %w", p.ProblemNo, err)
	}
	hits, err := s.Retriever.Search(ctx, retrieval.Query{Text: p.Question, DocIDs: []string{p.DocFile}, Kinds: paragraphKinds, K: 3})
	if err != nil {
		return Empty(p), fmt.Errorf("problem %s: search: %w", p.ProblemNo, err)
	}
	if len(hits) < 3 {
		more, err := s.Retriever.Search(ctx, retrieval.Query{Text: p.Question, DocIDs: []string{p.DocFile}, K: 6})
		if err != nil {
			return Empty(p), fmt.Errorf("problem %s: search: %w", p.ProblemNo, err)
		}
		seen := map[string]bool{}
		for _, h := range hits {
			seen[h.Passage.ID] = true
		}
		for _, h := range more {
			if len(hits) == 3 {
				break
			}
			if !seen[h.Passage.ID] {
				hits = append(hits, h)
			}
		}
	}
	out := make([]RankedParagraph, 0, 3)
	ans := Answer{}
	for i, h := range hits {
		out = append(out, RankedParagraph{Rank: strconv.Itoa(i + 1), Paragraph: h.Passage.Text})
		ans.Evidence = append(ans.Evidence, evidenceOf(h.Passage))
	}
	ans.Value = out
	return ans, nil
}
