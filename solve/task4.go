package solve

import (
	"context"
	"fmt"
	"strings"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/retrieval"
)

// collection answers task 4: retrieval over every document, then the
// answer is read from the best passage: the reader's span when a reader is
// configured, else the "label value" pairs the passage lists for the unit
// the question asks about. Evidence lists the top passages, best first.
func (s *Solver) collection(ctx context.Context, p dataset.Problem) (Answer, error) {
	ans := Empty(p)
	hits, err := s.Search.Search(ctx, retrieval.Query{Text: p.Question, K: 5})
	if err != nil {
		return ans, fmt.Errorf("problem %s: search: %w", p.ProblemNo, err)
	}
	if len(hits) == 0 {
		return ans, nil
	}
	for _, h := range hits[:min(3, len(hits))] {
		ans.Evidence = append(ans.Evidence, evidenceOf(h.Passage))
	}
	top := hits[0].Passage.Text
	if s.Reader != nil {
		texts := make([]string, 0, len(hits))
		for _, h := range hits {
			texts = append(texts, h.Passage.Text)
		}
		spans, err := s.Reader.Answer(ctx, p.Question, texts, 1)
		if err != nil {
			s.logger().Warn("reader failed; using extraction", "problem_no", p.ProblemNo, "err", err)
		} else if len(spans) > 0 && spans[0].Text != "" {
			ans.Value, ans.Score = spans[0].Text, spans[0].Score
			if sp := spans[0].Passage; sp > 0 && sp < len(hits) {
				ans.Evidence = append([]Evidence{evidenceOf(hits[sp].Passage)}, ans.Evidence...)
			}
			return ans, nil
		}
	}
	ans.Value = listValues(top, questionUnit(p.Question))
	return ans, nil
}

// questionUnit picks the counter a question asks for ("몇 개" → "개").
func questionUnit(q string) string {
	for _, u := range []string{"개", "명", "일", "원", "%", "건", "회", "곳", "년"} {
		if strings.Contains(q, "몇 "+u) || strings.Contains(q, "몇"+u) || strings.Contains(q, "("+u+")") {
			return u
		}
	}
	return ""
}

// listValues returns the numbers of a passage with their units, joined
// with ", ": "22개, 24개, 4개". With a unit, only numbers carrying it.
func listValues(text, unit string) string {
	var vals []string
	for _, loc := range numberRe.FindAllStringIndex(text, -1) {
		rest := strings.TrimSpace(text[loc[1]:])
		if unit != "" && !strings.HasPrefix(rest, unit) {
			continue
		}
		vals = append(vals, strings.ReplaceAll(text[loc[0]:loc[1]], ",", ""))
	}
	return strings.Join(vals, ", ")
}
