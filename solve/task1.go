package solve

import (
	"context"
	"fmt"
	"strconv"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/retrieval/korean"
)

// paragraphKinds are the passage kinds task 1 may return. Tables are among
// them: Hangul forms and front pages keep their text in table cells (a
// form's body in a 1×1 box, a patent's bibliographic block), so the
// paragraph asked for can be a cell; a table, being long, wins only when it
// matches clearly better.
var paragraphKinds = []document.Kind{document.KindParagraph, document.KindListItem, document.KindFootnote, document.KindTable}

// paragraphs answers task 1: the three best paragraphs of doc_file. The
// question is searched without a leading phrase that names the document
// itself ("이 지침서의 …", korean.WithoutDocumentReference), with the
// statistics of that document's passages (retrieval.Scoring.CollectionStats
// off). Headings and figure text fill in when the document has fewer than
// three matching paragraphs.
func (s *Solver) paragraphs(ctx context.Context, p dataset.Problem) (Answer, error) {
	if _, err := s.Docs.Document(ctx, p.DocFile); err != nil {
		return Empty(p), fmt.Errorf("problem %s: %w", p.ProblemNo, err)
	}
	q := korean.WithoutDocumentReference(p.Question)
	hits, err := s.search(ctx, retrieval.Query{Text: q, DocIDs: []string{p.DocFile}, Kinds: paragraphKinds, K: rerankK})
	if err != nil {
		return Empty(p), fmt.Errorf("problem %s: search: %w", p.ProblemNo, err)
	}
	hits = rerankParagraphs(hits, p.Question)
	// A name, place or date that the document gives only in a form-like
	// table ("(71) 출원인" over the applicant): that table first, when no
	// paragraph holds an answer.
	if t, ok := s.labelTable(ctx, p, hits); ok {
		hits = append([]retrieval.Hit{t}, hits...)
	}
	hits = hits[:min(3, len(hits))]
	if len(hits) < 3 {
		more, err := s.search(ctx, retrieval.Query{Text: q, DocIDs: []string{p.DocFile}, K: 6})
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

// labelTable finds, for a question asking a name, place or date, a table
// passage of the problem's document where a label the question names has
// a value of that kind beside it. ok is false when the question asks
// another kind or one of the paragraphs already answers.
func (s *Solver) labelTable(ctx context.Context, p dataset.Problem, paragraphs []retrieval.Hit) (retrieval.Hit, bool) {
	in := analyse(p.Question)
	k := in.Expect.Kind
	if k != kindPerson && k != kindPlace && k != kindAddress && k != kindDate {
		return retrieval.Hit{}, false
	}
	for _, h := range paragraphs[:min(3, len(paragraphs))] {
		if sg := signals(h.Passage.Text, in, nil); sg.Label || sg.Answer {
			return retrieval.Hit{}, false
		}
	}
	tables, err := s.search(ctx, retrieval.Query{Text: p.Question, DocIDs: []string{p.DocFile}, Kinds: []document.Kind{document.KindTable}, K: 5})
	if err != nil {
		return retrieval.Hit{}, false
	}
	for _, h := range tables {
		if _, _, score, ok := labelValue(s.tablesFor(ctx, h.Passage), in.Core, k); ok && score >= 0.6 {
			return h, true
		}
	}
	return retrieval.Hit{}, false
}
