package retrieval

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// bm25Query is a bleve query scored with textbook Okapi BM25:
//
//	score(d) = Σ_fields boost · Σ_terms qtf · idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·len(d)/avgLen))
//	idf(t)   = ln(1 + (N − df + 0.5)/(df + 0.5))
//
// bleve v2.6's built-in BM25 differs in ways that cost recall here: the
// average length is ceil(distinct terms in the field's dictionary / N)
// (≈1 on KorQuAD where the true mean is ≈ 300 bigrams), tf enters as
// √tf, idf is squared through the query norm, and disjunctions multiply by
// the fraction of terms matched. The query reads postings (frequency and
// norm) straight from bleve, scores term-at-a-time, applies the doc/kind
// filter exactly, and hands bleve's collector only its top limit hits.
type bm25Query struct {
	clauses  []bm25Clause
	k1, b    float64
	idfPower float64
	coord    bool
	limit    int
	filter   []filterClause
}

type bm25Clause struct {
	field  string
	boost  float64
	avgLen float64
	terms  []queryTerm
}

type queryTerm struct {
	term string
	qtf  int
}

// filterClause keeps documents whose keyword field equals one of values.
type filterClause struct {
	field  string
	values []string
}

// queryTerms folds an analysed query into distinct terms with counts, in
// first-seen order.
func queryTerms(ts analysis.TokenStream) []queryTerm {
	idx := map[string]int{}
	var out []queryTerm
	for _, t := range ts {
		s := string(t.Term)
		if i, ok := idx[s]; ok {
			out[i].qtf++
			continue
		}
		idx[s] = len(out)
		out = append(out, queryTerm{term: s, qtf: 1})
	}
	return out
}

// Searcher implements query.Query.
func (q *bm25Query) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, _ search.SearcherOptions) (search.Searcher, error) {
	n, err := r.DocCount()
	if err != nil {
		return nil, fmt.Errorf("bm25: doc count: %w", err)
	}
	var allowed map[string]bool
	for _, f := range q.filter {
		set := map[string]bool{}
		for _, v := range f.values {
			err := eachPosting(ctx, r, f.field, v, false, func(d *index.TermFieldDoc) {
				if allowed == nil || allowed[string(d.ID)] {
					set[string(d.ID)] = true
				}
			})
			if err != nil {
				return nil, err
			}
		}
		allowed = set
	}
	acc := newAccumulator()
	var matched map[uint64]int // distinct query terms per doc, for coord
	nterms := 0
	if q.coord {
		matched = map[uint64]int{}
		if len(q.clauses) > 0 {
			nterms = len(q.clauses[0].terms)
		}
	}
	for ci, c := range q.clauses {
		avg := c.avgLen
		b := q.b
		if avg <= 0 {
			b = 0 // no statistic: no length normalisation
			avg = 1
		}
		for _, t := range c.terms {
			tfr, err := r.TermFieldReader(ctx, []byte(t.term), c.field, true, true, false)
			if err != nil {
				return nil, fmt.Errorf("bm25: postings %s:%q: %w", c.field, t.term, err)
			}
			df := tfr.Count()
			if df == 0 {
				if err := tfr.Close(); err != nil {
					return nil, fmt.Errorf("bm25: %w", err)
				}
				continue
			}
			idf := math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
			if q.idfPower != 1 {
				idf = math.Pow(idf, q.idfPower)
			}
			w := c.boost * float64(t.qtf) * idf
			k1 := q.k1
			var tfd index.TermFieldDoc
			for {
				d, err := tfr.Next(&tfd)
				if err != nil {
					_ = tfr.Close()
					return nil, fmt.Errorf("bm25: postings %s:%q: %w", c.field, t.term, err)
				}
				if d == nil {
					break
				}
				if allowed != nil && !allowed[string(d.ID)] {
					continue
				}
				dl := 1.0
				if d.Norm > 0 {
					dl = 1 / (d.Norm * d.Norm)
				}
				tf := float64(d.Freq)
				acc.add(d.ID, w*tf*(k1+1)/(tf+k1*(1-b+b*dl/avg)))
				if matched != nil && ci == 0 && len(d.ID) == 8 {
					matched[binary.BigEndian.Uint64(d.ID)]++
				}
			}
			if err := tfr.Close(); err != nil {
				return nil, fmt.Errorf("bm25: %w", err)
			}
		}
	}
	if matched != nil && nterms > 0 {
		for id, s := range acc.u64 {
			acc.u64[id] = s * float64(matched[id]) / float64(nterms)
		}
	}
	return newListSearcher(acc.top(q.limit)), nil
}

func eachPosting(ctx context.Context, r index.IndexReader, field, term string, freq bool, fn func(*index.TermFieldDoc)) error {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, freq, freq, false)
	if err != nil {
		return fmt.Errorf("bm25: postings %s:%q: %w", field, term, err)
	}
	var tfd index.TermFieldDoc
	for {
		d, err := tfr.Next(&tfd)
		if err != nil {
			_ = tfr.Close()
			return fmt.Errorf("bm25: postings %s:%q: %w", field, term, err)
		}
		if d == nil {
			break
		}
		fn(d)
	}
	if err := tfr.Close(); err != nil {
		return fmt.Errorf("bm25: %w", err)
	}
	return nil
}

// scored is a document's internal id with its score.
type scored struct {
	id    index.IndexInternalID
	score float64
}

// accumulator sums scores per document. Scorch ids are 8 bytes; others
// fall back to a string map.
type accumulator struct {
	u64 map[uint64]float64
	str map[string]float64
}

func newAccumulator() *accumulator {
	return &accumulator{u64: map[uint64]float64{}, str: map[string]float64{}}
}

func (a *accumulator) add(id index.IndexInternalID, s float64) {
	if len(id) == 8 {
		a.u64[binary.BigEndian.Uint64(id)] += s
		return
	}
	a.str[string(id)] += s
}

// top returns the limit best documents ordered by id (the order bleve's
// collector expects from a searcher). Ties break on lower id.
func (a *accumulator) top(limit int) []scored {
	all := make([]scored, 0, len(a.u64)+len(a.str))
	for k, v := range a.u64 {
		id := make(index.IndexInternalID, 8)
		binary.BigEndian.PutUint64(id, k)
		all = append(all, scored{id, v})
	}
	for k, v := range a.str {
		all = append(all, scored{index.IndexInternalID(k), v})
	}
	if limit > 0 && len(all) > limit {
		sort.Slice(all, func(i, j int) bool {
			if all[i].score != all[j].score {
				return all[i].score > all[j].score
			}
			return bytes.Compare(all[i].id, all[j].id) < 0
		})
		all = all[:limit]
	}
	slices.SortFunc(all, func(x, y scored) int { return bytes.Compare(x.id, y.id) })
	return all
}

// listSearcher replays precomputed matches in id order.
type listSearcher struct {
	ms  []scored
	pos int
}

func newListSearcher(ms []scored) *listSearcher { return &listSearcher{ms: ms} }

func (s *listSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if s.pos >= len(s.ms) {
		return nil, nil
	}
	m := s.ms[s.pos]
	s.pos++
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = append(dm.IndexInternalID[:0], m.id...)
	dm.Score = m.score
	return dm, nil
}

func (s *listSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	s.pos += sort.Search(len(s.ms)-s.pos, func(i int) bool { return bytes.Compare(s.ms[s.pos+i].id, id) >= 0 })
	return s.Next(ctx)
}

func (s *listSearcher) Close() error               { return nil }
func (s *listSearcher) Weight() float64            { return 1 }
func (s *listSearcher) SetQueryNorm(float64)       {}
func (s *listSearcher) Count() uint64              { return uint64(len(s.ms)) }
func (s *listSearcher) Min() int                   { return 0 }
func (s *listSearcher) Size() int                  { return 64 + 32*len(s.ms) }
func (s *listSearcher) DocumentMatchPoolSize() int { return 1 }
