package solve

import (
	"context"
	"fmt"
	"strings"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
)

// form answers task 2: it finds the passage of doc_file that names the most
// form rows, reads each row's value after its label ("출국장면세점 22개"),
// and falls back to the document's tables (row label × blank column).
func (s *Solver) form(ctx context.Context, p dataset.Problem) (Answer, error) {
	ans := Empty(p)
	rows := ans.Value.([]dataset.FormRow)
	doc, err := s.Docs.Document(ctx, p.DocFile)
	if err != nil {
		return ans, fmt.Errorf("problem %s: %w", p.ProblemNo, err)
	}
	labels := make([]string, len(rows))
	var qb strings.Builder
	qb.WriteString(p.Question)
	for i, r := range rows {
		labels[i] = rowLabel(r)
		qb.WriteString(" ")
		qb.WriteString(labels[i])
	}
	hits, err := s.Search.Search(ctx, retrieval.Query{Text: qb.String(), DocIDs: []string{p.DocFile}, K: 20})
	if err != nil {
		return ans, fmt.Errorf("problem %s: search: %w", p.ProblemNo, err)
	}
	// Rank passages by how many labels they contain, then by search rank.
	bestI, bestN := -1, 0
	for i, h := range hits {
		n := 0
		for _, l := range labels {
			if st, _ := findLoose(h.Passage.Text, l); st >= 0 {
				n++
			}
		}
		if n > bestN {
			bestI, bestN = i, n
		}
	}
	filled := 0
	if bestI >= 0 && hits[bestI].Passage.Kind != document.KindTable {
		text := hits[bestI].Passage.Text
		for i := range rows {
			blank := rows[i].Blank()
			if v, ok := valueAfter(text, labels[i], unitOf(blank)); ok {
				rows[i].Values[blank] = v
				filled++
			}
		}
		ans.Evidence = append(ans.Evidence, evidenceOf(hits[bestI].Passage))
	}
	if filled < len(rows) {
		tables := tablesOf(doc.Blocks)
		for i := range rows {
			blank := rows[i].Blank()
			if rows[i].Values[blank] != "" {
				continue
			}
			if m, ok := lookupCell(tables, labels[i], blank+" "+p.Question, true); ok && m.Score > 1.5 {
				rows[i].Values[blank] = normalizeValue(m.Text)
				filled++
			}
		}
	}
	ans.Score = float64(filled) / float64(max(len(rows), 1))
	return ans, nil
}

// rowLabel joins a form row's non-blank values: the phrase naming the row.
func rowLabel(r dataset.FormRow) string {
	blank := r.Blank()
	var parts []string
	for _, k := range r.Keys {
		if k != blank && strings.TrimSpace(r.Values[k]) != "" {
			parts = append(parts, r.Values[k])
		}
	}
	return strings.Join(parts, " ")
}

// normalizeValue reduces a cell to its number when it holds exactly one,
// else returns the cleaned text.
func normalizeValue(s string) string {
	s = cleanCell(s)
	ms := numberRe.FindAllString(s, -1)
	if len(ms) == 1 {
		return strings.ReplaceAll(ms[0], ",", "")
	}
	return s
}
