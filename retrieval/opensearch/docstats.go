package opensearch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/opensearch-project/opensearch-go/v4/opensearchapi"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
)

// pageSize is the number of passages fetched per request when a query
// reads whole documents.
const pageSize = 2000

// searchDocs answers a query that names documents with those documents'
// BM25 statistics, as retrieval.Index does when Scoring.CollectionStats is
// off: N is the number of their passages and a term's df the number of
// them holding it, while the average field lengths stay the collection's.
// OpenSearch cannot score with statistics of a filtered subset, so the
// documents' passages (their analysed terms are stored) are fetched and
// scored here, with the same formula and field lengths as bleve's scorer:
// a per-document query touches one report's few hundred passages.
func (ix *Index) searchDocs(ctx context.Context, terms []retrieval.QueryTerm, q retrieval.Query, k int) ([]retrieval.Hit, error) {
	avg, err := ix.averageLengths(ctx)
	if err != nil {
		return nil, err
	}
	ps, err := ix.fetchDocs(ctx, q.DocIDs)
	if err != nil {
		return nil, err
	}
	return scoreDocs(ps, terms, q.Kinds, k, ix.opts.Scoring, avg), nil
}

// docPassage is a fetched passage with its term counts per field.
type docPassage struct {
	src     source
	text    map[string]int
	section map[string]int
}

// scoreDocs is BM25 over ps with ps as the collection for N and df, the
// given average lengths (text, section), kinds filtering the hits only.
// Hits are passages with a positive score, best first, ties by ID.
func scoreDocs(ps []docPassage, terms []retrieval.QueryTerm, kinds []document.Kind, k int, sc retrieval.Scoring, avg [2]float64) []retrieval.Hit {
	n := float64(len(ps))
	type clause struct {
		boost float64
		avg   float64
		tf    func(*docPassage) map[string]int
		len   func(*docPassage) int
	}
	clauses := []clause{{1, avg[0], func(p *docPassage) map[string]int { return p.text }, func(p *docPassage) int { return p.src.LenText }}}
	if sc.SectionBoost > 0 {
		clauses = append(clauses, clause{sc.SectionBoost, avg[1], func(p *docPassage) map[string]int { return p.section }, func(p *docPassage) int { return p.src.LenSection }})
	}
	scores := make([]float64, len(ps))
	for _, c := range clauses {
		for _, t := range terms {
			df := 0
			for i := range ps {
				if c.tf(&ps[i])[t.Term] > 0 {
					df++
				}
			}
			if df == 0 {
				continue
			}
			idf := math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
			w := c.boost * float64(t.QTF) * idf
			for i := range ps {
				tf := float64(c.tf(&ps[i])[t.Term])
				if tf == 0 {
					continue
				}
				norm := 1 - sc.B
				if c.avg > 0 {
					norm += sc.B * float64(c.len(&ps[i])) / c.avg
				}
				scores[i] += w * tf * (sc.K1 + 1) / (tf + sc.K1*norm)
			}
		}
	}
	var hits []retrieval.Hit
	for i, p := range ps {
		if scores[i] <= 0 || (len(kinds) > 0 && !slices.Contains(kinds, p.src.Kind)) {
			continue
		}
		hits = append(hits, retrieval.Hit{Score: scores[i], Passage: p.src.passage()})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Passage.ID < hits[j].Passage.ID
	})
	return hits[:min(k, len(hits))]
}

func (s source) passage() document.Passage {
	return document.Passage{ID: s.ID, DocID: s.DocID, Ordinal: s.Ordinal, Block: s.Block, Kind: s.Kind,
		Section: s.Section, Page: s.Page, Text: s.Text}
}

func countTerms(joined string) map[string]int {
	m := map[string]int{}
	for _, t := range strings.Fields(joined) {
		m[t]++
	}
	return m
}

// fetchDocs reads every passage of the documents, in pages ordered by
// passage ID (search_after).
func (ix *Index) fetchDocs(ctx context.Context, docIDs []string) ([]docPassage, error) {
	var out []docPassage
	var after []any
	for {
		body := map[string]any{
			"query": map[string]any{"bool": map[string]any{"filter": []any{
				map[string]any{"terms": map[string]any{fieldDocID: docIDs}},
			}}},
			"sort": []any{map[string]any{fieldID: "asc"}},
			"size": pageSize,
		}
		if after != nil {
			body["search_after"] = after
		}
		b, _ := json.Marshal(body)
		resp, err := ix.client.Search(ctx, &opensearchapi.SearchReq{Indices: []string{ix.name}, Body: bytes.NewReader(b)})
		if err != nil {
			return nil, fmt.Errorf("opensearch: passages of %v: %w", docIDs, err)
		}
		if resp.Shards.Failed > 0 {
			return nil, fmt.Errorf("opensearch: passages of %v: %d of %d shards failed", docIDs, resp.Shards.Failed, resp.Shards.Total)
		}
		for _, h := range resp.Hits.Hits {
			var s source
			if err := json.Unmarshal(h.Source, &s); err != nil {
				return nil, fmt.Errorf("opensearch: hit %s: %w", h.ID, err)
			}
			out = append(out, docPassage{src: s, text: countTerms(s.TermsText), section: countTerms(s.TermsSection)})
		}
		if len(resp.Hits.Hits) < pageSize {
			return out, nil
		}
		after = []any{out[len(out)-1].src.ID}
	}
}

// averageLengths is the collection's mean text and section length in
// terms over all passages (empty sections count, as in bleve's scorer),
// read once from a sum aggregation: the index does not change after
// Commit.
func (ix *Index) averageLengths(ctx context.Context) ([2]float64, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.avgLens != nil {
		return *ix.avgLens, nil
	}
	body := map[string]any{
		"size":             0,
		"track_total_hits": true,
		"aggs": map[string]any{
			"text":    map[string]any{"sum": map[string]any{"field": fieldLenText}},
			"section": map[string]any{"sum": map[string]any{"field": fieldLenSection}},
		},
	}
	b, _ := json.Marshal(body)
	resp, err := ix.client.Search(ctx, &opensearchapi.SearchReq{Indices: []string{ix.name}, Body: bytes.NewReader(b)})
	if err != nil {
		return [2]float64{}, fmt.Errorf("opensearch: field lengths of %s: %w", ix.name, err)
	}
	var aggs struct {
		Text    struct{ Value float64 } `json:"text"`
		Section struct{ Value float64 } `json:"section"`
	}
	if err := json.Unmarshal(resp.Aggregations, &aggs); err != nil {
		return [2]float64{}, fmt.Errorf("opensearch: field lengths of %s: %w", ix.name, err)
	}
	n := float64(resp.Hits.Total.Value)
	var avg [2]float64
	if n > 0 {
		avg = [2]float64{aggs.Text.Value / n, aggs.Section.Value / n}
	}
	if !ix.loading {
		ix.avgLens = &avg
	}
	return avg, nil
}
