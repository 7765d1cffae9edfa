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
	hits, err := s.Retriever.Search(ctx, retrieval.Query{Text: qb.String(), DocIDs: []string{p.DocFile}, K: 20})
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
	var used []document.Passage
	if bestI >= 0 && hits[bestI].Passage.Kind != document.KindTable {
		best := hits[bestI].Passage
		for i := range rows {
			blank := rows[i].Blank()
			if v, ok := valueAfter(best.Text, labels[i], columnUnit(blank)); ok {
				rows[i].Values[blank] = v
				filled++
			}
		}
		if filled > 0 {
			used = append(used, best)
		}
	}
	// Rows the best passage left blank: another passage naming the row.
	for i := range rows {
		blank := rows[i].Blank()
		if rows[i].Values[blank] != "" {
			continue
		}
		for _, h := range hits {
			if h.Passage.Kind == document.KindTable {
				continue
			}
			if v, ok := valueAfter(h.Passage.Text, labels[i], columnUnit(blank)); ok {
				rows[i].Values[blank] = v
				filled++
				used = appendPassage(used, h.Passage)
				break
			}
		}
	}
	for _, u := range used {
		ans.Evidence = append(ans.Evidence, evidenceOf(u))
	}
	if filled < len(rows) {
		tables := tablesOf(doc.ID, doc.Blocks)
		for i := range rows {
			blank := rows[i].Blank()
			if rows[i].Values[blank] != "" {
				continue
			}
			if m, ok := lookupCell(tables, labels[i], blank+" "+p.Question, true); ok && m.Score > 1.5 {
				rows[i].Values[blank] = cellValue(m.Text, m.ColHead, columnUnit(blank))
				filled++
				ans.Evidence = appendEvidence(ans.Evidence, m.Ref.Ev)
			}
		}
	}
	if filled < len(rows) && s.Reader != nil {
		// Values that are phrases, not numbers: ask the reader.
		filled += s.readBlanks(ctx, p, rows, labels, hits)
	}
	ans.Score = float64(filled) / float64(max(len(rows), 1))
	return ans, nil
}

// readBlanks fills the blanks still empty with the reader's best span
// over the search hits, asking about each row's label. It returns how many
// it filled.
func (s *Solver) readBlanks(ctx context.Context, p dataset.Problem, rows []dataset.FormRow, labels []string, hits []retrieval.Hit) int {
	texts := make([]string, 0, min(len(hits), 5))
	for _, h := range hits[:min(len(hits), 5)] {
		texts = append(texts, h.Passage.Text)
	}
	if len(texts) == 0 {
		return 0
	}
	n := 0
	for i := range rows {
		blank := rows[i].Blank()
		if rows[i].Values[blank] != "" {
			continue
		}
		q := strings.TrimSpace(labels[i] + "의 " + stripParens(blank) + "은? " + p.Question)
		spans, err := s.Reader.Answer(ctx, q, texts, 1)
		if err != nil {
			s.logger().Warn("reader failed", "problem_no", p.ProblemNo, "err", err)
			return n
		}
		if len(spans) > 0 && strings.TrimSpace(spans[0].Text) != "" {
			rows[i].Values[blank] = strings.TrimSpace(spans[0].Text)
			n++
		}
	}
	return n
}

// appendPassage appends p unless it is already listed.
func appendPassage(ps []document.Passage, p document.Passage) []document.Passage {
	for _, q := range ps {
		if q.ID == p.ID {
			return ps
		}
	}
	return append(ps, p)
}

// appendEvidence appends e unless the same paragraph is already listed.
func appendEvidence(es []Evidence, e Evidence) []Evidence {
	for _, x := range es {
		if x.DocFile == e.DocFile && x.Paragraph == e.Paragraph {
			return es
		}
	}
	return append(es, e)
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
