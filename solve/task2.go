package solve

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/textkit"
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
	if enumerationForm(rows) {
		// A form of blank rows asks for a list: its items, one per row.
		if err := s.fillEnumeration(ctx, p, doc, rows, &ans); err != nil {
			return ans, err
		}
		return ans, nil
	}
	labels := make([]string, len(rows))
	var qb strings.Builder
	qb.WriteString(p.Question)
	for i, r := range rows {
		labels[i] = rowLabel(r)
		qb.WriteString(" ")
		qb.WriteString(labels[i])
	}
	hits, err := s.search(ctx, retrieval.Query{Text: qb.String(), DocIDs: []string{p.DocFile}, K: 20})
	if err != nil {
		return ans, fmt.Errorf("problem %s: search: %w", p.ProblemNo, err)
	}
	// Rank passages by how many labels they contain, then by search rank.
	bestI, bestN := -1, 0
	for i, h := range hits {
		n := 0
		for _, l := range labels {
			if st, _ := textkit.FindFolded(h.Passage.Text, l); st >= 0 {
				n++
			}
		}
		if n > bestN {
			bestI, bestN = i, n
		}
	}
	filled := 0
	var used []document.Passage
	// Rows whose column or question names a date ("2024년(조원)"): the
	// value of that date, from a table column, a table laid out as text
	// or a dated series.
	for i := range rows {
		blank := rows[i].Blank()
		want := questionPeriods(blank)
		if len(want) == 0 {
			want = questionPeriods(p.Question)
		}
		if len(want) == 0 {
			continue
		}
		if v, ev, ok := datedValue(doc, labels[i], blank, p.Question, want, columnUnit(blank)); ok {
			rows[i].Values[blank] = v
			filled++
			ans.Evidence = appendEvidence(ans.Evidence, ev)
		}
	}
	if bestI >= 0 && hits[bestI].Passage.Kind != document.KindTable {
		best := hits[bestI].Passage
		for i := range rows {
			blank := rows[i].Blank()
			if rows[i].Values[blank] != "" {
				continue
			}
			if v, ok := valueAfterColumn(best.Text, labels[i], columnOf(blank, p.Question)); ok {
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
			if v, ok := valueAfterColumn(h.Passage.Text, labels[i], columnOf(blank, p.Question)); ok {
				rows[i].Values[blank] = v
				filled++
				used = appendPassage(used, h.Passage)
				break
			}
		}
	}
	// A table row broken into paragraphs: the label ends one passage and
	// its value opens the next ("▪ 가계 지원" / "5,025억원").
	for i := range rows {
		blank := rows[i].Blank()
		if rows[i].Values[blank] != "" {
			continue
		}
		if v, p, ok := valueAcrossBreak(document.Passages(doc), labels[i], columnUnit(blank)); ok {
			rows[i].Values[blank] = v
			filled++
			used = appendPassage(used, p)
		}
	}
	for _, u := range used {
		ans.Evidence = appendEvidence(ans.Evidence, evidenceOf(u))
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
	// Rows whose label the text paraphrases ("납입한도" for "납입금액
	// 한도"): the clause that holds most of the label's bigrams.
	for i := range rows {
		blank := rows[i].Blank()
		if rows[i].Values[blank] != "" {
			continue
		}
		if v, src, ok := paraphrasedValue(hits, labels[i], columnOf(blank, p.Question)); ok {
			rows[i].Values[blank] = v
			filled++
			ans.Evidence = appendEvidence(ans.Evidence, evidenceOf(src))
		}
	}
	if filled < len(rows) && s.Reader != nil {
		// Values that are phrases, not numbers: ask the reader.
		filled += s.readBlanks(ctx, p, rows, labels, hits)
	}
	ans.Score = float64(filled) / float64(max(len(rows), 1))
	return ans, nil
}

// datedValue reads the value of a form row for the periods want: the
// table cell whose row the label names and whose column header is that
// date, else the number under that date in a table laid out as text, else
// the point of a dated series after the label. It is converted into unit.
func datedValue(doc *document.Document, label, blank, question string, want []numbers.Period, unit numbers.Unit) (string, Evidence, bool) {
	tables := tablesOf(doc.ID, doc.Blocks)
	// The cell at the row label and the column the key names (every level
	// of a two-level header), or the other way round in a transposed
	// table.
	if m, ok := formCell(tables, label, blank, question, want); ok {
		return cellValue(m.Text, m.ColHead, unit), m.Ref.Ev, true
	}
	if m, ok := lookupCell(tables, label, blank+" "+question, true); ok && m.RowScore >= 0.6 &&
		(periodFit(want, m.ColHead) == 1 || periodFit(want, m.RowHead) == 1) {
		if q, ok := numbers.Parse(m.Text); ok && !numbers.Overlaps(q, numbers.FindPeriods(m.Text)) {
			return cellValue(m.Text, m.ColHead, unit), m.Ref.Ev, true
		}
	}
	ps := document.Passages(doc)
	e := expectation{Kind: kindQuantity, Unit: unit.Base, Periods: want}
	for i, p := range ps {
		if p.Kind == document.KindTable {
			continue
		}
		st, end := textkit.FindFolded(p.Text, label)
		if st < 0 {
			continue
		}
		rest := p.Text[end:]
		var pts []valuePoint
		if header := textTableHeader(ps, i); header != nil {
			pts = alignRow(rest, header)
		} else {
			pts = readPoints(rest)
		}
		for _, pt := range pts {
			if pt.When.IsZero() || utf8.RuneCountInString(rest[:pt.Q.Start]) > 4*labelWindow {
				continue
			}
			ok := false
			for _, w := range want {
				ok = ok || w.Agree(pt.When) == numbers.Agrees
			}
			if fits, _ := e.accepts(pt.Q); !ok || !fits {
				continue
			}
			if v, ok := pt.Q.In(unit); ok {
				return numbers.Format(v), evidenceOf(p), true
			}
		}
	}
	return "", Evidence{}, false
}

// valueAcrossBreak finds a passage that ends with label and reads the
// quantity that opens the passage after it (same page), in unit; a value
// must come first there and fit the unit. It returns the value and the
// passage that holds it.
func valueAcrossBreak(ps []document.Passage, label string, unit numbers.Unit) (string, document.Passage, bool) {
	for i := 0; i+1 < len(ps); i++ {
		p, next := ps[i], ps[i+1]
		if p.Kind == document.KindTable || next.Page != p.Page {
			continue
		}
		_, end := textkit.FindFolded(p.Text, label)
		if end < 0 || utf8.RuneCountInString(strings.TrimSpace(p.Text[end:])) > 3 {
			continue
		}
		qs := numbers.Find(next.Text)
		if len(qs) == 0 || utf8.RuneCountInString(strings.TrimSpace(next.Text[:qs[0].Start])) > 2 {
			continue
		}
		q := qs[0]
		if unit.Base != "" && q.Unit == "" || numbers.Overlaps(q, numbers.FindPeriods(next.Text)) {
			continue
		}
		if v, ok := q.In(unit); ok {
			return numbers.Format(v), next, true
		}
	}
	return "", document.Passage{}, false
}

// enumerationForm reports whether a form is a list to fill: two or more
// rows, none of which names itself (every value blank).
func enumerationForm(rows []dataset.FormRow) bool {
	if len(rows) < 2 {
		return false
	}
	for _, r := range rows {
		if rowLabel(r) != "" {
			return false
		}
	}
	return true
}

// fillEnumeration fills a list form with the items of the passage of
// doc_file that lists as many as the form has rows: a sentence ("…로 A, B,
// C를 들었다") or the bulleted lines after a passage the question names.
func (s *Solver) fillEnumeration(ctx context.Context, p dataset.Problem, doc *document.Document, rows []dataset.FormRow, ans *Answer) error {
	hits, err := s.Retriever.Search(ctx, retrieval.Query{Text: p.Question, DocIDs: []string{p.DocFile}, K: 20})
	if err != nil {
		return fmt.Errorf("problem %s: search: %w", p.ProblemNo, err)
	}
	ps := document.Passages(doc)
	fill := func(items []string, ev document.Passage) {
		for i := range rows {
			rows[i].Values[rows[i].Blank()] = items[i]
		}
		ans.Evidence = appendEvidence(ans.Evidence, evidenceOf(ev))
		ans.Score = 1
	}
	for _, h := range hits {
		for _, sent := range textkit.Sentences(h.Passage.Text) {
			if items := pickItems(sent, len(rows)); items != nil {
				fill(items, h.Passage)
				return nil
			}
		}
		if i := h.Passage.Ordinal; i >= 0 && i+1 < len(ps) && ps[i].ID == h.Passage.ID {
			if items := lineItems(ps, i+1, len(rows)); len(items) == len(rows) {
				fill(items, h.Passage)
				return nil
			}
		}
	}
	return nil
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
			span := strings.TrimSpace(spans[0].Text)
			// A column with a unit wants a quantity in it, like any
			// other candidate: "(억원)" is not filled with a phrase.
			if u := columnUnit(blank); u.Base != "" || u.Scale != 1 {
				q, ok := numbers.Parse(span)
				if !ok {
					continue
				}
				v, ok := q.In(u)
				if !ok || q.Unit == "" && !q.Scaled && u.Base != "" {
					continue
				}
				span = numbers.Format(v)
			}
			rows[i].Values[blank] = span
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
	if ns := numbers.Numerals(s); len(ns) == 1 {
		return strings.ReplaceAll(s[ns[0].Start:ns[0].End], ",", "")
	}
	return s
}

// minLabelShare is the least share of a form label's bigrams a clause must
// hold to stand for the label when the label is not written as such.
const minLabelShare = 0.75

// clauseSplit separates the clauses of a passage for paraphrase matching:
// bullets, commas, semicolons and sentence ends.
var clauseSplit = strings.NewReplacer("▲", "\n", "▪", "\n", "◦", "\n", "○", "\n", "□", "\n", ";", "\n", ". ", "\n", "。", "\n")

// paraphrasedValue finds, among the hits' text passages, the clause that
// names a form label in other words (the label's bigrams, word order and
// particles aside: "납입한도" in "납입금액 한도를 …") and reads its value
// for the column. The best-matching clause with a value wins; ok is false
// when no clause holds minLabelShare of the label.
func paraphrasedValue(hits []retrieval.Hit, label string, col formColumn) (string, document.Passage, bool) {
	lb := textkit.WordBigrams(label)
	if len(lb) < 3 {
		return "", document.Passage{}, false
	}
	best, bestShare := "", 0.0
	var bestP document.Passage
	for _, h := range hits {
		if h.Passage.Kind == document.KindTable {
			continue
		}
		for _, clause := range strings.Split(clauseSplit.Replace(h.Passage.Text), "\n") {
			share := textkit.Share(lb, textkit.WordBigrams(clause))
			if share < minLabelShare || share <= bestShare {
				continue
			}
			// The value after the last word of the clause that shares a
			// bigram with the label.
			at := 0
			for _, w := range strings.Fields(clause) {
				if at > 0 && numbers.HasNumeral(w) {
					break // the value: label words after it name something else
				}
				if textkit.Share(textkit.WordBigrams(w), lb) > 0 {
					if i := strings.Index(clause[at:], w); i >= 0 {
						at += i + len(w)
					}
				}
			}
			q, ok := quantityFrom(clause[at:], col)
			if !ok || isTotal(clause[at:], q) {
				continue // "… 등을 통해 총 N": the sum of several labels
			}
			if v, ok := q.In(col.Unit); ok {
				best, bestShare, bestP = numbers.Format(v), share, h.Passage
			}
		}
	}
	return best, bestP, best != ""
}
