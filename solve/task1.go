package solve

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/retrieval/korean"
	"github.com/policyqa/policyqa/textkit"
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
	doc, err := s.Docs.Document(ctx, p.DocFile)
	if err != nil {
		return Empty(p), fmt.Errorf("problem %s: %w", p.ProblemNo, err)
	}
	q := spanQuery(korean.WithoutDocumentReference(p.Question))
	hits, err := s.search(ctx, retrieval.Query{Text: q, DocIDs: []string{p.DocFile}, Kinds: paragraphKinds, K: rerankK})
	if err != nil {
		return Empty(p), fmt.Errorf("problem %s: search: %w", p.ProblemNo, err)
	}
	// Inside the report, the words of its title say little about which
	// passage answers (the passage inherits them from its context): the
	// question is searched again without them, and both lists re-ranked.
	if rest := withoutWordsOf(q, document.Title(doc)); rest != "" {
		more, err := s.search(ctx, retrieval.Query{Text: rest, DocIDs: []string{p.DocFile}, Kinds: paragraphKinds, K: rerankK})
		if err != nil {
			return Empty(p), fmt.Errorf("problem %s: search: %w", p.ProblemNo, err)
		}
		hits = mergeHits(hits, more, residualWeight)
	}
	if lineAskOf(p.Question) == askAddressee {
		// The addressee line shares no word with "누구에게 제출하는가":
		// retrieval misses it, so the document's addressee lines join the
		// candidates at half the best retrieval score.
		hits = withPassages(hits, addresseeLines(document.Passages(doc)), 0.5)
	}
	hits = rerankParagraphs(hits, p.Question, func(ps document.Passage) string {
		return document.BlockContext(doc, ps.Block).String()
	})
	// Running headers and footers (a title or an identifier printed on
	// every page) go after the body passages.
	cache := map[string][]document.Passage{p.DocFile: document.Passages(doc)}
	var body, boiler []retrieval.Hit
	for _, h := range hits {
		if s.isBoilerplate(ctx, h.Passage, cache) {
			boiler = append(boiler, h)
		} else {
			body = append(body, h)
		}
	}
	hits = append(body, boiler...)
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
// another kind or one of the paragraphs already answers (holds the label
// or a value of the kind, or carries the kind of line asked: a contact
// or an addressee line).
func (s *Solver) labelTable(ctx context.Context, p dataset.Problem, paragraphs []retrieval.Hit) (retrieval.Hit, bool) {
	in := analyse(p.Question)
	k := in.Expect.Kind
	if k != kindPerson && k != kindPlace && k != kindAddress && k != kindDate {
		return retrieval.Hit{}, false
	}
	ask := lineAskOf(p.Question)
	for _, h := range paragraphs[:min(3, len(paragraphs))] {
		if sg := signals(h.Passage.Text, "", in, nil, false); sg.Label || sg.Answer || carriesAsked(h.Passage.Text, ask) {
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

// residualWeight scales the retrieval share of a passage found only by
// the question without its title words: a weaker query than the whole.
const residualWeight = 0.8

// withoutWordsOf returns q without its words (particles stripped, at
// least two letters) that title holds, or "" when it has none of them or
// nothing but them.
func withoutWordsOf(q, title string) string {
	if title == "" {
		return ""
	}
	ft := textkit.Fold(title).String()
	var kept []string
	dropped := false
	for _, w := range strings.Fields(korean.NormalizeQuestion(q)) {
		stem := textkit.Fold(textkit.StripParticle(w)).String()
		if utf8.RuneCountInString(stem) >= 2 && strings.Contains(ft, stem) {
			dropped = true
			continue
		}
		kept = append(kept, w)
	}
	if !dropped || len(kept) == 0 {
		return ""
	}
	return strings.Join(kept, " ")
}

// mergeHits joins two ranked lists of one question into one whose scores
// are retrieval shares (a hit's score over its list's best): a passage in
// both keeps the larger, one only in b has its share times weight. Best
// first; ties in passage order.
func mergeHits(a, b []retrieval.Hit, weight float64) []retrieval.Hit {
	share := map[string]float64{}
	byID := map[string]retrieval.Hit{}
	add := func(hs []retrieval.Hit, w float64) {
		if len(hs) == 0 {
			return
		}
		top := hs[0].Score
		if top <= 0 {
			top = 1
		}
		for _, h := range hs {
			s := w * max(h.Score, 0) / top
			if old, ok := share[h.Passage.ID]; !ok || s > old {
				share[h.Passage.ID] = s
				byID[h.Passage.ID] = h
			}
		}
	}
	add(a, 1)
	add(b, weight)
	out := make([]retrieval.Hit, 0, len(byID))
	for id, h := range byID {
		h.Score = share[id]
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Passage.ID < out[j].Passage.ID
	})
	return out
}
