package retrieval

import (
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval/korean"
)

// Query is a passage search.
type Query struct {
	// Text is the question or keywords.
	Text string
	// DocIDs restricts hits to these documents; empty means all.
	DocIDs []string
	// Kinds restricts hits to these passage kinds; empty means all.
	Kinds []document.Kind
	// K is the number of hits wanted; 0 means 10.
	K int
}

// Hit is one ranked passage.
type Hit struct {
	Passage document.Passage
	Score   float64
}

// Retriever is the boundary the solvers depend on: it returns the passages
// that best match a query, best first (a retriever in IR terms; bleve's own
// search.Searcher is a different, lower-level thing).
type Retriever interface {
	Search(ctx context.Context, q Query) ([]Hit, error)
}

var _ Retriever = (*Index)(nil)

// Search returns the K best passages for q, best first.
func (ix *Index) Search(ctx context.Context, q Query) ([]Hit, error) {
	return ix.search(ctx, q, ix.scoring)
}

// SearchWith is Search with other scoring options (zero fields take the
// defaults, not the index's options); benchmarks use it to compare
// scorers over one index.
func (ix *Index) SearchWith(ctx context.Context, q Query, s Scoring) ([]Hit, error) {
	return ix.search(ctx, q, s.withDefaults())
}

func (ix *Index) search(ctx context.Context, q Query, sc Scoring) ([]Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("retrieval: search: %w", err)
	}
	k := q.K
	if k <= 0 {
		k = 10
	}
	text := q.Text
	if !sc.KeepInterrogatives {
		text = korean.NormalizeQuestion(text)
	}
	an := ix.idx.Mapping().AnalyzerNamed(analyzerID(ix.analyzer))
	if an == nil {
		return nil, fmt.Errorf("retrieval: analyzer %q not available", ix.analyzer)
	}
	terms := queryTerms(an.Analyze([]byte(text)))
	if len(terms) == 0 {
		return nil, nil
	}
	ix.lensMu.Lock()
	lenText, lenSection := ix.lens[FieldText], ix.lens[FieldSection]
	ix.lensMu.Unlock()
	n, err := ix.idx.DocCount()
	if err != nil {
		return nil, fmt.Errorf("retrieval: search: %w", err)
	}
	if n == 0 {
		return nil, nil
	}

	var req *bleve.SearchRequest
	switch sc.Model {
	case ModelBM25:
		bq := &bm25Query{
			k1:       sc.K1,
			b:        sc.B,
			idfPower: sc.IDFPower,
			coord:    sc.Coord,
			maxDF:    sc.MaxDF,
			docStats: !sc.CollectionStats,
			limit:    k,
			clauses: []bm25Clause{
				{field: FieldText, boost: 1, avgLen: float64(lenText) / float64(n), terms: terms},
			},
			filter: filterOf(q),
			pool:   &ix.scores,

			exhaustive: sc.exhaustive,
			workers:    sc.workers,
		}
		if !sc.uncached {
			bq.cache = ix.postings
		}
		if sc.SectionBoost > 0 {
			bq.clauses = append(bq.clauses, bm25Clause{
				field: FieldSection, boost: sc.SectionBoost,
				avgLen: float64(lenSection) / float64(n), terms: terms,
			})
		}
		req = bleve.NewSearchRequestOptions(bq, k, 0, false)
	case ModelBleve, ModelBleveFixedAvg:
		req = bleve.NewSearchRequestOptions(ix.bleveQuery(text, q, sc), k, 0, false)
		if sc.Model == ModelBleveFixedAvg {
			req.PreSearchData = map[string]interface{}{
				search.BM25PreSearchDataKey: &search.BM25Stats{
					DocCount: float64(n),
					FieldCardinality: map[string]int{
						FieldText:    int(lenText),
						FieldSection: int(lenSection),
						// keyword fields: one token per document
						FieldDocID: int(n),
						FieldKind:  int(n),
					},
				},
			}
		}
	default:
		return nil, fmt.Errorf("retrieval: unknown scoring model %q", sc.Model)
	}
	req.Fields = []string{"*"}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("retrieval: search: %w", err)
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		hits = append(hits, Hit{Passage: passageOf(h), Score: h.Score})
	}
	// bleve orders equal scores by internal number, which depends on
	// the order scorch analysed a batch in; order them by passage ID.
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Passage.ID < hits[j].Passage.ID
	})
	return hits, nil
}

// bleveQuery is the comparison path: bleve's match query (OR of analysed
// terms) scored by bleve's own BM25.
func (ix *Index) bleveQuery(text string, q Query, sc Scoring) query.Query {
	var should []query.Query
	for _, f := range []string{FieldText, FieldSection} {
		if f == FieldSection && sc.SectionBoost <= 0 {
			continue
		}
		mq := bleve.NewMatchQuery(text)
		mq.SetField(f)
		mq.Analyzer = analyzerID(ix.analyzer)
		mq.SetOperator(query.MatchQueryOperatorOr)
		if f == FieldSection {
			mq.SetBoost(sc.SectionBoost)
		}
		should = append(should, mq)
	}
	var main query.Query = bleve.NewDisjunctionQuery(should...)
	var filters []query.Query
	if len(q.DocIDs) > 0 {
		filters = append(filters, termsQuery(FieldDocID, q.DocIDs))
	}
	if len(q.Kinds) > 0 {
		ks := make([]string, len(q.Kinds))
		for i, k := range q.Kinds {
			ks[i] = string(k)
		}
		filters = append(filters, termsQuery(FieldKind, ks))
	}
	if len(filters) == 0 {
		return main
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(main)
	for _, f := range filters {
		bq.AddMust(f)
	}
	return bq
}

func termsQuery(field string, vals []string) query.Query {
	qs := make([]query.Query, len(vals))
	for i, v := range vals {
		tq := bleve.NewTermQuery(v)
		tq.SetField(field)
		tq.SetBoost(0) // filter only
		qs[i] = tq
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func filterOf(q Query) []filterClause {
	var fs []filterClause
	if len(q.DocIDs) > 0 {
		fs = append(fs, filterClause{field: FieldDocID, values: q.DocIDs})
	}
	if len(q.Kinds) > 0 {
		ks := make([]string, len(q.Kinds))
		for i, k := range q.Kinds {
			ks[i] = string(k)
		}
		fs = append(fs, filterClause{field: FieldKind, values: ks})
	}
	return fs
}

func passageOf(h *search.DocumentMatch) document.Passage {
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	num := func(f string) int { v, _ := h.Fields[f].(float64); return int(v) }
	return document.Passage{
		ID:      h.ID,
		DocID:   str(FieldDocID),
		Ordinal: num(FieldOrdinal),
		Block:   num(FieldBlock),
		Kind:    document.Kind(str(FieldKind)),
		Section: str(FieldSection),
		Page:    num(FieldPage),
		Text:    str(FieldText),
	}
}
