package retrieval

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
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
	// maxDF > 0 drops terms in more than this fraction of documents
	// (Scoring.MaxDF).
	maxDF float64
	// docStats takes N and df from the documents the DocIDs filter
	// keeps (Scoring.CollectionStats off).
	docStats bool
	limit    int
	filter   []filterClause
	// pool recycles *scoreBuf between queries; nil allocates each time.
	pool *sync.Pool
	// exhaustive turns MaxScore pruning off (tests compare the two).
	exhaustive bool
	// workers > 0 scores in that many segment groups whatever the index
	// size (tests); 0 means one per core above parallelMinDocs.
	workers int
	// cache holds decoded postings of long lists; nil reads segments.
	cache *postingsCache
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

// segView is one scorch segment of the snapshot being searched.
type segView struct {
	seg     segment.Segment
	deleted *roaring.Bitmap
	// del is deleted as a bitset over local numbers, built on first use
	// by the one goroutine that scores the segment; nil when none.
	del     []uint64
	delDone bool
	base    uint64 // global number of the segment's first document
	n       uint64 // documents in the segment, deleted ones included
	dicts   map[string]segment.TermDictionary
}

// segViews lists snap's segments with their global offsets (scorch numbers
// documents by segment order: a segment's first document follows the last
// of the one before, deleted documents included).
func segViews(snap *scorch.IndexSnapshot) []*segView {
	var out []*segView
	var base uint64
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		out = append(out, &segView{seg: seg, deleted: ss.Deleted(), base: base, n: seg.Count(), dicts: map[string]segment.TermDictionary{}})
		base += seg.Count()
	}
	return out
}

// hasDeleted reports whether the segment has deleted documents.
func (sv *segView) hasDeleted() bool {
	sv.isDeleted(0)
	return sv.del != nil
}

// isDeleted reports whether local document x is deleted.
func (sv *segView) isDeleted(x uint32) bool {
	if !sv.delDone {
		sv.delDone = true
		if sv.deleted != nil && !sv.deleted.IsEmpty() {
			sv.del = make([]uint64, (sv.n+63)/64)
			it := sv.deleted.Iterator()
			for it.HasNext() {
				d := it.Next()
				sv.del[d>>6] |= 1 << (d & 63)
			}
		}
	}
	return sv.del != nil && sv.del[x>>6]&(1<<(x&63)) != 0
}

// postings returns term's postings in field, deleted documents excluded,
// or nil when the segment has none.
func (sv *segView) postings(field, term string) (segment.PostingsList, error) {
	d, ok := sv.dicts[field]
	if !ok {
		var err error
		if d, err = sv.seg.Dictionary(field); err != nil {
			return nil, fmt.Errorf("bm25: dictionary %s: %w", field, err)
		}
		sv.dicts[field] = d
	}
	if d == nil {
		return nil, nil
	}
	pl, err := d.PostingsList([]byte(term), sv.deleted, nil)
	if err != nil {
		return nil, fmt.Errorf("bm25: postings %s:%q: %w", field, term, err)
	}
	if pl == nil || pl.Count() == 0 {
		return nil, nil
	}
	return pl, nil
}

// unit is one (field, term) pair: its weight, the most it can add to any
// document's score, and its postings per segment.
type unit struct {
	field     string
	term      string
	w, b, avg float64
	ub        float64
	coord     bool // counts toward Coord (text-field terms)
	common    bool // above maxDF
	// Per segment: the decoded list (from the cache) or, when the cache
	// is full, the segment's postings; both nil when the segment has no
	// live posting.
	dls []*decodedList
	pls []segment.PostingsList
}

// termScorer is a unit's BM25 summand with its constants folded:
// w·tf·(k1+1) / (tf + k1·(1−b) + k1·b·dl/avg).
type termScorer struct{ wk, c0, c1 float64 }

func (u *unit) scorer(k1 float64) termScorer {
	return termScorer{wk: u.w * (k1 + 1), c0: k1 * (1 - u.b), c1: k1 * u.b / u.avg}
}

func (t termScorer) score(p segment.Posting) float64 {
	tf := float64(p.Frequency())
	dl := 1.0
	if norm := p.Norm(); norm > 0 {
		dl = 1 / (norm * norm)
	}
	return t.wk * tf / (tf + t.c0 + t.c1*dl)
}

// scoreBuf is a dense score accumulator over a snapshot's global document
// numbers, reused across queries through a sync.Pool. Only touched entries
// are non-zero; reset clears them.
type scoreBuf struct {
	scores  []float64
	matched []uint16   // distinct text terms per document, for Coord
	touched [][]uint32 // per segment group
}

func (a *scoreBuf) grow(total uint64, coord bool, groups int) {
	if uint64(len(a.scores)) < total {
		a.scores = make([]float64, total)
		a.matched = nil
	}
	if coord && uint64(len(a.matched)) < total {
		a.matched = make([]uint16, total)
	}
	for len(a.touched) < groups {
		a.touched = append(a.touched, nil)
	}
}

func (a *scoreBuf) reset() {
	for i, t := range a.touched {
		for _, g := range t {
			a.scores[g] = 0
			if a.matched != nil {
				a.matched[g] = 0
			}
		}
		a.touched[i] = t[:0]
	}
}

// Searcher implements query.Query. It scores document-at-a-time within a
// term (term-at-a-time across terms) into a dense array, rarest terms
// first, and prunes with MaxScore: once the summed upper bounds of the
// terms not yet read fall below the k-th best score, no unseen document
// can reach the top k, and the remaining terms are only looked up
// (postings Advance) for the few documents that still can. Results equal
// exhaustive scoring; Coord turns pruning off.
//
// The snapshot's segments are split into groups of about equal document
// count, one per core (GOMAXPROCS), scored concurrently: each group
// writes its own range of the score array, and the groups share the best
// k-th score seen so far as a pruning threshold (any group's k-th best
// partial score is a lower bound on the overall k-th best).
func (q *bm25Query) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, _ search.SearcherOptions) (search.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("bm25: index reader %T is not a scorch snapshot", r)
	}
	n, err := r.DocCount()
	if err != nil {
		return nil, fmt.Errorf("bm25: doc count: %w", err)
	}
	segs := segViews(snap)
	var total uint64
	if len(segs) > 0 {
		total = segs[len(segs)-1].base + segs[len(segs)-1].n
	}
	allowed, err := q.allowed(segs, total)
	if err != nil {
		return nil, err
	}
	var scope []uint64
	if q.docStats {
		if scope, err = q.scope(segs, total); err != nil {
			return nil, err
		}
	}
	units, err := q.units(ctx, segs, n, scope)
	if err != nil {
		return nil, err
	}
	if len(units) == 0 || total == 0 {
		return newListSearcher(nil), nil
	}
	groups := q.partition(segs, total)
	var acc *scoreBuf
	if q.pool != nil {
		acc, _ = q.pool.Get().(*scoreBuf)
	}
	if acc == nil {
		acc = &scoreBuf{}
	}
	acc.grow(total, q.coord, len(groups))
	defer func() {
		acc.reset()
		if q.pool != nil {
			q.pool.Put(acc)
		}
	}()
	limit := q.limit
	if limit <= 0 {
		limit = 10
	}
	// rest[i] is the most units[i:] can add to a document.
	rest := make([]float64, len(units)+1)
	for i := len(units) - 1; i >= 0; i-- {
		rest[i] = rest[i+1] + units[i].ub
	}
	var shared sharedTheta
	cands := make([][]uint32, len(groups))
	errs := make([]error, len(groups))
	if len(groups) == 1 {
		cands[0], errs[0] = q.scoreGroup(ctx, segs, groups[0], units, rest, allowed, acc, &acc.touched[0], limit, &shared)
	} else {
		var wg sync.WaitGroup
		for gi := range groups {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cands[gi], errs[gi] = q.scoreGroup(ctx, segs, groups[gi], units, rest, allowed, acc, &acc.touched[gi], limit, &shared)
			}()
		}
		wg.Wait()
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if q.coord {
		nterms := 0
		for _, u := range units {
			if u.coord {
				nterms++
			}
		}
		if nterms > 0 {
			for _, t := range acc.touched {
				for _, g := range t {
					acc.scores[g] *= float64(acc.matched[g]) / float64(nterms)
				}
			}
		}
	}
	all := cands[0]
	if len(cands) > 1 {
		all = slices.Concat(cands...)
	}
	return newListSearcher(topK(acc.scores, all, limit, externalOrder(snap))), nil
}

// parallelMinDocs is the snapshot size below which a query is scored on
// one goroutine (starting more costs more than it saves).
const parallelMinDocs = 8192

// partition splits segs into groups of about equal document count (the
// largest segments first, each to the lightest group), one per core;
// each group lists segment indices in ascending order.
func (q *bm25Query) partition(segs []*segView, total uint64) [][]int {
	workers := q.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
		if total < parallelMinDocs {
			workers = 1
		}
	}
	workers = max(min(workers, len(segs)), 1)
	if workers == 1 {
		all := make([]int, len(segs))
		for i := range all {
			all[i] = i
		}
		return [][]int{all}
	}
	order := make([]int, len(segs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return segs[order[a]].n > segs[order[b]].n })
	groups := make([][]int, workers)
	load := make([]uint64, workers)
	for _, si := range order {
		w := 0
		for j := range load {
			if load[j] < load[w] {
				w = j
			}
		}
		groups[w] = append(groups[w], si)
		load[w] += segs[si].n
	}
	for _, g := range groups {
		slices.Sort(g)
	}
	return groups
}

// sharedTheta is the best pruning threshold any group has found: a
// k-th best partial score, hence a lower bound on the final k-th best.
// Scores are non-negative, so their float64 bits order like the values.
type sharedTheta struct{ bits atomic.Uint64 }

func (t *sharedTheta) load() float64 { return math.Float64frombits(t.bits.Load()) }

func (t *sharedTheta) raise(v float64) {
	nb := math.Float64bits(v)
	for {
		old := t.bits.Load()
		if nb <= old || t.bits.CompareAndSwap(old, nb) {
			return
		}
	}
}

// scoreGroup runs MaxScore over the segments group (indices into segs,
// ascending) and returns the documents that can still be in the top
// limit, ascending; touched receives every document given a score.
func (q *bm25Query) scoreGroup(ctx context.Context, segs []*segView, group []int, units []*unit, rest []float64, allowed []uint64, acc *scoreBuf, touched *[]uint32, limit int, shared *sharedTheta) ([]uint32, error) {
	prune := !q.coord && !q.exhaustive
	tl := (*touched)[:0]
	defer func() { *touched = tl }()
	best := 0.0
	next := len(units) // first unit scored only for candidates
	var theta float64
	for i, u := range units {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("bm25: %w", err)
		}
		sc := u.scorer(q.k1)
		for _, si := range group {
			sv := segs[si]
			base := sv.base
			d, err := q.decoded(u, sv, si, segs)
			if err != nil {
				return nil, err
			}
			if d != nil {
				for k, local := range d.docs {
					if sv.isDeleted(local) {
						continue
					}
					g := base + uint64(local)
					if allowed != nil && allowed[g>>6]&(1<<(g&63)) == 0 {
						continue
					}
					s := acc.scores[g]
					if s == 0 {
						tl = append(tl, uint32(g))
					}
					s += sc.scoreAt(d, k)
					acc.scores[g] = s
					if s > best {
						best = s
					}
					if q.coord && u.coord {
						acc.matched[g]++
					}
				}
				continue
			}
			pl := u.pls[si]
			if pl == nil {
				continue
			}
			it := pl.Iterator(true, true, false, nil)
			for {
				p, err := it.Next()
				if err != nil {
					return nil, fmt.Errorf("bm25: postings: %w", err)
				}
				if p == nil {
					break
				}
				g := base + p.Number()
				if allowed != nil && allowed[g>>6]&(1<<(g&63)) == 0 {
					continue
				}
				s := acc.scores[g]
				if s == 0 {
					tl = append(tl, uint32(g))
				}
				s += sc.score(p)
				acc.scores[g] = s
				if s > best {
					best = s
				}
				if q.coord && u.coord {
					acc.matched[g]++
				}
			}
		}
		if !prune {
			continue
		}
		if theta = max(theta, shared.load()); rest[i+1] < theta {
			next = i + 1
			break
		}
		if rest[i+1] >= best || len(tl) < limit {
			continue
		}
		theta = max(theta, kthBest(acc.scores, tl, limit))
		shared.raise(theta)
		if rest[i+1] < theta {
			next = i + 1
			break
		}
	}
	if next == len(units) {
		return tl, nil
	}
	return q.refine(ctx, segs, group, units[next:], rest[next:], theta, acc, tl, limit, shared)
}

// refine scores the remaining units only for documents of group that can
// still reach the top limit (score + what the remaining units can add ≥
// θ), dropping the others as the bound shrinks. rest[j] bounds units[j:].
func (q *bm25Query) refine(ctx context.Context, segs []*segView, group []int, units []*unit, rest []float64, theta float64, acc *scoreBuf, touched []uint32, limit int, shared *sharedTheta) ([]uint32, error) {
	cands := candidates(segs, group, acc.scores, touched, rest[0], theta)
	for j, u := range units {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("bm25: %w", err)
		}
		sc := u.scorer(q.k1)
		ci := 0
		for _, si := range group {
			sv := segs[si]
			for ci < len(cands) && uint64(cands[ci]) < sv.base {
				ci++
			}
			lo := ci
			for ci < len(cands) && uint64(cands[ci]) < sv.base+sv.n {
				ci++
			}
			if lo == ci {
				continue
			}
			d, err := q.decoded(u, sv, si, segs)
			if err != nil {
				return nil, err
			}
			if d != nil {
				k := 0
				for _, g := range cands[lo:ci] {
					local := uint32(uint64(g) - sv.base)
					if k = seek(d.docs, k, local); k == len(d.docs) {
						break
					}
					if d.docs[k] == local && !sv.isDeleted(local) {
						acc.scores[g] += sc.scoreAt(d, k)
					}
				}
				continue
			}
			pl := u.pls[si]
			if pl == nil {
				continue
			}
			it := pl.Iterator(true, true, false, nil)
			if uint64(ci-lo)*advanceCost > pl.Count() {
				// Many candidates for this list: a merge with Next is
				// cheaper than one Advance each.
				if err := mergeScan(it, cands[lo:ci], sv.base, func(g uint32, p segment.Posting) {
					acc.scores[g] += sc.score(p)
				}); err != nil {
					return nil, err
				}
				continue
			}
			var p segment.Posting
			for _, g := range cands[lo:ci] {
				local := uint64(g) - sv.base
				if p == nil || p.Number() < local {
					var err error
					if p, err = it.Advance(local); err != nil {
						return nil, fmt.Errorf("bm25: postings: %w", err)
					}
					if p == nil {
						break
					}
				}
				if p.Number() == local {
					acc.scores[g] += sc.score(p)
				}
			}
		}
		theta = max(theta, kthBest(acc.scores, cands, limit), shared.load())
		shared.raise(theta)
		kept := cands[:0]
		for _, g := range cands {
			if acc.scores[g]+rest[j+1] >= theta {
				kept = append(kept, g)
			}
		}
		cands = kept
	}
	return cands, nil
}

// decoded returns u's decoded list for segment si, decoding it into the
// cache on first use (only the group that owns the segment touches
// u.dls[si]); nil means read u.pls[si].
func (q *bm25Query) decoded(u *unit, sv *segView, si int, segs []*segView) (*decodedList, error) {
	if d := u.dls[si]; d != nil || u.pls[si] == nil || q.cache == nil {
		return d, nil
	}
	d, err := q.cache.fill(sv, u.field, u.term, u.pls[si], segs)
	if err != nil {
		return nil, err
	}
	if d != nil {
		u.dls[si], u.pls[si] = d, nil
	}
	return d, nil
}

// candidates returns, ascending, the documents of touched whose score
// plus bound reaches theta: marked in a bitset over the group's ranges
// and read back in order (cheaper than sorting thousands of them).
func candidates(segs []*segView, group []int, scores []float64, touched []uint32, bound, theta float64) []uint32 {
	var n int
	for _, g := range touched {
		if scores[g]+bound >= theta {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]uint32, 0, n)
	if n < 256 {
		for _, g := range touched {
			if scores[g]+bound >= theta {
				out = append(out, g)
			}
		}
		slices.Sort(out)
		return out
	}
	lo, hi := segs[group[0]].base, uint64(0)
	for _, si := range group {
		lo, hi = min(lo, segs[si].base), max(hi, segs[si].base+segs[si].n)
	}
	set := make([]uint64, (hi-lo+63)/64)
	for _, g := range touched {
		if scores[g]+bound >= theta {
			x := uint64(g) - lo
			set[x>>6] |= 1 << (x & 63)
		}
	}
	for w, word := range set {
		for word != 0 {
			out = append(out, uint32(lo+uint64(w)*64+uint64(bits.TrailingZeros64(word))))
			word &= word - 1
		}
	}
	return out
}

// advanceCost is roughly how many postings Next can read in the time of
// one Advance (which seeks the roaring bitmap and the freq/norm chunk).
const advanceCost = 8

// mergeScan walks it with Next and calls fn for each posting whose
// global number (base + local) is in cands (ascending).
func mergeScan(it segment.PostingsIterator, cands []uint32, base uint64, fn func(uint32, segment.Posting)) error {
	i := 0
	for i < len(cands) {
		p, err := it.Next()
		if err != nil {
			return fmt.Errorf("bm25: postings: %w", err)
		}
		if p == nil {
			return nil
		}
		g := base + p.Number()
		for i < len(cands) && uint64(cands[i]) < g {
			i++
		}
		if i < len(cands) && uint64(cands[i]) == g {
			fn(cands[i], p)
			i++
		}
	}
	return nil
}

// units resolves every (clause, term) to postings and weights, sorted by
// upper bound, largest (rarest term) first.
func (q *bm25Query) units(ctx context.Context, segs []*segView, n uint64, scope []uint64) ([]*unit, error) {
	var units []*unit
	if scope != nil {
		n = 0
		for _, w := range scope {
			n += uint64(bits.OnesCount64(w))
		}
	}
	dropped := 0
	for ci, c := range q.clauses {
		avg, b := c.avgLen, q.b
		if avg <= 0 {
			b, avg = 0, 1 // no statistic: no length normalisation
		}
		for _, t := range c.terms {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("bm25: %w", err)
			}
			u := &unit{field: c.field, term: t.term, b: b, avg: avg, coord: ci == 0,
				dls: make([]*decodedList, len(segs)), pls: make([]segment.PostingsList, len(segs))}
			var df uint64
			dls := q.cache.lists(c.field, t.term, segs)
			for si, sv := range segs {
				if d := dls[si]; d != nil {
					if live := d.liveCount(sv); live > 0 {
						u.dls[si] = d
						df += live
					}
					continue
				}
				pl, err := sv.postings(c.field, t.term)
				if err != nil {
					return nil, err
				}
				if pl != nil {
					u.pls[si] = pl
					df += pl.Count()
				} else if q.cache != nil && !sv.hasDeleted() {
					// Remember that the segment lacks the term.
					if _, err := q.cache.fill(sv, c.field, t.term, nil, segs); err != nil {
						return nil, err
					}
				}
			}
			if scope != nil && df > 0 {
				var err error
				if df, err = u.countIn(segs, scope); err != nil {
					return nil, err
				}
			}
			if df == 0 {
				continue
			}
			if q.maxDF > 0 && float64(df) > q.maxDF*float64(n) {
				u.common = true
				dropped++
			}
			idf := math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
			if q.idfPower != 1 {
				idf = math.Pow(idf, q.idfPower)
			}
			u.w = c.boost * float64(t.qtf) * idf
			// tf/(tf + k1·(…)) < 1, so no posting adds more than w·(k1+1).
			u.ub = u.w * (q.k1 + 1)
			units = append(units, u)
		}
	}
	if dropped > 0 && dropped < len(units) {
		kept := units[:0]
		for _, u := range units {
			if !u.common {
				kept = append(kept, u)
			}
		}
		units = kept
	}
	sort.SliceStable(units, func(i, j int) bool { return units[i].ub > units[j].ub })
	return units, nil
}

// allowed is the doc/kind filter as a bitset over global document
// numbers, or nil when the query has no filter.
func (q *bm25Query) allowed(segs []*segView, total uint64) ([]uint64, error) {
	var allowed []uint64
	for _, f := range q.filter {
		set := make([]uint64, (total+63)/64)
		for _, v := range f.values {
			for _, sv := range segs {
				pl, err := sv.postings(f.field, v)
				if err != nil {
					return nil, err
				}
				if pl == nil {
					continue
				}
				it := pl.Iterator(false, false, false, nil)
				for {
					p, err := it.Next()
					if err != nil {
						return nil, fmt.Errorf("bm25: postings %s:%q: %w", f.field, v, err)
					}
					if p == nil {
						break
					}
					g := sv.base + p.Number()
					set[g>>6] |= 1 << (g & 63)
				}
			}
		}
		if allowed != nil {
			for i := range set {
				set[i] &= allowed[i]
			}
		}
		allowed = set
	}
	return allowed, nil
}

// externalOrder orders documents of snap by external ID (then number),
// looking each up once; a failed lookup sorts as "".
func externalOrder(snap *scorch.IndexSnapshot) func(a, b uint32) bool {
	ids := map[uint32]string{}
	id := func(g uint32) string {
		s, ok := ids[g]
		if !ok {
			s, _ = snap.ExternalID(index.NewIndexInternalID(nil, uint64(g)))
			ids[g] = s
		}
		return s
	}
	return func(a, b uint32) bool {
		if x, y := id(a), id(b); x != y {
			return x < y
		}
		return a < b
	}
}

// kthBest returns the limit-th largest score among docs (0 when there
// are fewer), using a min-heap of the best limit.
func kthBest(scores []float64, docs []uint32, limit int) float64 {
	if len(docs) < limit || limit <= 0 {
		return 0
	}
	h := make([]float64, 0, limit)
	for _, g := range docs {
		s := scores[g]
		if len(h) < limit {
			h = append(h, s)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if h[p] <= h[i] {
					break
				}
				h[p], h[i] = h[i], h[p]
				i = p
			}
			continue
		}
		if s <= h[0] {
			continue
		}
		h[0] = s
		for i := 0; ; {
			l, m := 2*i+1, i
			if l < len(h) && h[l] < h[m] {
				m = l
			}
			if l+1 < len(h) && h[l+1] < h[m] {
				m = l + 1
			}
			if m == i {
				break
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	return h[0]
}

// topK returns the limit best of docs ordered by internal id, as bleve's
// collector expects from a searcher. Equal scores go to the document
// less(a, b) puts first, or the lower number when less is nil. Internal
// numbers follow the order in which scorch's analysis finished, not the
// order of Add, so Searcher breaks ties by external ID to keep results
// the same from one build to the next.
func topK(scores []float64, docs []uint32, limit int, less func(a, b uint32) bool) []scored {
	better := func(a, b uint32) bool {
		if scores[a] != scores[b] {
			return scores[a] > scores[b]
		}
		if less != nil {
			return less(a, b)
		}
		return a < b
	}
	var best []uint32
	for _, g := range docs {
		if scores[g] <= 0 {
			continue
		}
		if len(best) == limit && !better(g, best[len(best)-1]) {
			continue
		}
		i := sort.Search(len(best), func(i int) bool { return better(g, best[i]) })
		if len(best) < limit {
			best = append(best, 0)
		}
		copy(best[i+1:], best[i:len(best)-1])
		best[i] = g
	}
	slices.Sort(best)
	out := make([]scored, len(best))
	for i, g := range best {
		out[i] = scored{id: index.NewIndexInternalID(nil, uint64(g)), score: scores[g]}
	}
	return out
}

// scored is a document's internal id with its score.
type scored struct {
	id    index.IndexInternalID
	score float64
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

// scope is the DocIDs filter alone (no kind filter) as a bitset over
// global document numbers, or nil when the query names no documents.
func (q *bm25Query) scope(segs []*segView, total uint64) ([]uint64, error) {
	var docs []filterClause
	for _, f := range q.filter {
		if f.field == FieldDocID {
			docs = append(docs, f)
		}
	}
	if len(docs) == 0 {
		return nil, nil
	}
	return (&bm25Query{filter: docs}).allowed(segs, total)
}

// countIn counts u's live postings whose documents are in scope.
func (u *unit) countIn(segs []*segView, scope []uint64) (uint64, error) {
	var n uint64
	in := func(g uint64) bool { return scope[g>>6]&(1<<(g&63)) != 0 }
	for si, sv := range segs {
		if d := u.dls[si]; d != nil {
			for _, local := range d.docs {
				if !sv.isDeleted(local) && in(sv.base+uint64(local)) {
					n++
				}
			}
			continue
		}
		pl := u.pls[si]
		if pl == nil {
			continue
		}
		it := pl.Iterator(false, false, false, nil)
		for {
			p, err := it.Next()
			if err != nil {
				return 0, fmt.Errorf("bm25: postings: %w", err)
			}
			if p == nil {
				break
			}
			if in(sv.base + p.Number()) {
				n++
			}
		}
	}
	return n, nil
}
