package retrieval

import (
	"fmt"
	"sort"
	"sync"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// DefaultPostingsCacheBytes bounds the decoded postings kept for queries
// (Options.PostingsCacheBytes).
const DefaultPostingsCacheBytes = 256 << 20

// postingsCache keeps the postings lists that queries read decoded, per
// scorch segment, so that a query reads arrays (and looks candidates up
// by binary search) instead of going through the segment's term
// dictionary and zap's iterator, which decodes freq/norm one posting at
// a time even to skip. Segments are immutable, so an entry stays valid
// as long as its segment exists; deleted documents are kept in the lists
// and excluded at query time against the snapshot's own deletion set.
// Terms a segment lacks are kept as empty lists. Lists are added while
// the total stays under the byte limit; past it, lists of segments no
// longer in the querying snapshot are dropped and, if that is not
// enough, new lists are read from the segment each time.
type postingsCache struct {
	limit int64

	mu    sync.RWMutex
	bytes int64
	terms map[fieldTerm]*termLists
}

type fieldTerm struct{ field, term string }

// termLists are one term's decoded lists, by segment (a handful per
// index: scanned linearly).
type termLists struct {
	segs  []segment.Segment
	lists []*decodedList
}

// decodedList is one segment's postings for a term, deleted documents
// included: local document numbers ascending, with frequency and norm.
type decodedList struct {
	docs  []uint32
	tfs   []uint32
	norms []float32
}

// bytes is the list's memory, with an allowance for the map entry.
func (d *decodedList) bytes() int64 { return int64(len(d.docs))*12 + 96 }

func newPostingsCache(limit int64) *postingsCache {
	if limit == 0 {
		limit = DefaultPostingsCacheBytes
	}
	if limit < 0 {
		return nil
	}
	return &postingsCache{limit: limit, terms: map[fieldTerm]*termLists{}}
}

// lists returns term's cached postings in field for each of segs
// (empty where the segment lacks the term); an entry is nil where the
// list is not cached yet (fill decodes it) or the cache is off.
func (c *postingsCache) lists(field, term string, segs []*segView) []*decodedList {
	out := make([]*decodedList, len(segs))
	if c == nil {
		return out
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if e := c.terms[fieldTerm{field, term}]; e != nil {
		for si, sv := range segs {
			for j, seg := range e.segs {
				if seg == sv.seg {
					out[si] = e.lists[j]
					break
				}
			}
		}
	}
	return out
}

// fill decodes term's list in field of sv's segment, whose postings pl
// (deleted documents excluded; nil when none is live) the query has
// already looked up, and keeps it; nil means the cache is full (or off):
// read pl.
func (c *postingsCache) fill(sv *segView, field, term string, pl segment.PostingsList, live []*segView) (*decodedList, error) {
	if c == nil {
		return nil, nil
	}
	c.mu.RLock()
	full := c.bytes >= c.limit
	c.mu.RUnlock()
	if full && !c.dropDead(live) {
		return nil, nil
	}
	var d *decodedList
	var err error
	switch {
	case sv.hasDeleted():
		// The kept list must hold the deleted documents too.
		d, err = decodeList(sv, field, term)
	case pl == nil:
		d = &decodedList{}
	default:
		d, err = decodePostings(pl, field, term)
	}
	if err != nil {
		return nil, err
	}
	return c.keep(fieldTerm{field, term}, sv.seg, d), nil
}

// keep stores d as key's list in seg if there is room and returns the
// list to use (d, or one stored concurrently).
func (c *postingsCache) keep(key fieldTerm, seg segment.Segment, d *decodedList) *decodedList {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bytes+d.bytes() > c.limit {
		return d // this query only
	}
	e := c.terms[key]
	if e == nil {
		e = &termLists{}
		c.terms[key] = e
	}
	for j, s := range e.segs {
		if s == seg {
			return e.lists[j]
		}
	}
	e.segs = append(e.segs, seg)
	e.lists = append(e.lists, d)
	c.bytes += d.bytes()
	return d
}

// dropDead removes the lists of segments not in live and reports whether
// the cache has room again.
func (c *postingsCache) dropDead(live []*segView) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	isLive := func(seg segment.Segment) bool {
		for _, sv := range live {
			if sv.seg == seg {
				return true
			}
		}
		return false
	}
	for key, e := range c.terms {
		j := 0
		for i, seg := range e.segs {
			if isLive(seg) {
				e.segs[j], e.lists[j] = seg, e.lists[i]
				j++
				continue
			}
			c.bytes -= e.lists[i].bytes()
		}
		clear(e.segs[j:])
		clear(e.lists[j:])
		e.segs, e.lists = e.segs[:j], e.lists[:j]
		if j == 0 {
			delete(c.terms, key)
		}
	}
	return c.bytes < c.limit
}

// liveCount is the number of d's documents not deleted in sv.
func (d *decodedList) liveCount(sv *segView) uint64 {
	if !sv.hasDeleted() {
		return uint64(len(d.docs))
	}
	var n uint64
	for _, x := range d.docs {
		if !sv.isDeleted(x) {
			n++
		}
	}
	return n
}

// decodeList reads term's whole postings list in field of sv's segment,
// deleted documents included.
func decodeList(sv *segView, field, term string) (*decodedList, error) {
	dict, err := sv.seg.Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("bm25: dictionary %s: %w", field, err)
	}
	if dict == nil {
		return &decodedList{}, nil
	}
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("bm25: postings %s:%q: %w", field, term, err)
	}
	if pl == nil {
		return &decodedList{}, nil
	}
	return decodePostings(pl, field, term)
}

// decodePostings reads pl into a decodedList.
func decodePostings(pl segment.PostingsList, field, term string) (*decodedList, error) {
	n := pl.Count()
	d := &decodedList{docs: make([]uint32, 0, n), tfs: make([]uint32, 0, n), norms: make([]float32, 0, n)}
	it := pl.Iterator(true, true, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("bm25: postings %s:%q: %w", field, term, err)
		}
		if p == nil {
			break
		}
		d.docs = append(d.docs, uint32(p.Number()))
		d.tfs = append(d.tfs, uint32(p.Frequency()))
		d.norms = append(d.norms, float32(p.Norm()))
	}
	return d, nil
}

// score is the summand for posting k of d (the same arithmetic as
// termScorer.score over the segment's posting).
func (t termScorer) scoreAt(d *decodedList, k int) float64 {
	tf := float64(d.tfs[k])
	dl := 1.0
	if norm := float64(d.norms[k]); norm > 0 {
		dl = 1 / (norm * norm)
	}
	return t.wk * tf / (tf + t.c0 + t.c1*dl)
}

// seek returns the first index ≥ from whose document is ≥ x (len(docs)
// when none), galloping from from.
func seek(docs []uint32, from int, x uint32) int {
	if from >= len(docs) || docs[from] >= x {
		return from
	}
	lo, step := from, 1 // docs[lo] < x
	hi := lo + 1
	for hi < len(docs) && docs[hi] < x {
		lo = hi
		step *= 2
		hi = lo + step
	}
	hi = min(hi, len(docs))
	return lo + 1 + sort.Search(hi-lo-1, func(i int) bool { return docs[lo+1+i] >= x })
}
