package opensearch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/opensearch-project/opensearch-go/v4"
	"github.com/opensearch-project/opensearch-go/v4/opensearchapi"
	"github.com/opensearch-project/opensearch-go/v4/opensearchutil"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
)

// Field names in the OpenSearch index. TermsText and TermsSection hold the
// product's own analysis (retrieval.TermAnalyzer) joined by spaces and are
// indexed with OpenSearch's whitespace analyzer; the rest are stored.
const (
	fieldTermsText    = "text_terms"
	fieldTermsSection = "section_terms"
	fieldID           = "pid"
	fieldDocID        = "doc_id"
	fieldKind         = "kind"
	fieldText         = "text"
	fieldSection      = "section"
	fieldPage         = "page"
	fieldOrdinal      = "ordinal"
	fieldBlock        = "block"
	fieldLenText      = "text_len"
	fieldLenSection   = "section_len"
)

// schemaVersion is part of every index name: an index written with other
// fields is never reused.
const schemaVersion = "v2"

// Defaults for Options.
const (
	DefaultIndexPrefix    = "policyqa"
	DefaultShards         = 2
	DefaultReplicas       = 1
	DefaultRefresh        = "1s"
	DefaultBulkWorkers    = 2
	DefaultBulkFlushBytes = 4 << 20
	DefaultRetries        = 5
	DefaultRequestTimeout = 60 * time.Second
)

// Options configure an OpenSearch backend. The zero value of every field
// but URLs takes its default.
type Options struct {
	// URLs are the cluster's HTTP addresses ("http://127.0.0.1:9200");
	// the client spreads requests over them and skips dead ones, so give
	// more than one node for failover.
	URLs []string
	// IndexPrefix starts the index name; the rest is the analyzer and the
	// corpus fingerprint, so a changed corpus gets a new index.
	IndexPrefix string
	// Shards and Replicas set the new index's number_of_shards and
	// number_of_replicas (defaults 2 and 1). Replicas -1 means 0.
	Shards, Replicas int
	// Refresh is the index's refresh_interval once loaded ("1s"); during
	// a load it is "-1" and the load ends with an explicit refresh.
	Refresh string
	// Analyzer is one of retrieval.Analyzers() ("" for the default).
	Analyzer string
	// Scoring: K1, B (set in the index's BM25 similarity when it is
	// created), SectionBoost and KeepInterrogatives as in package
	// retrieval. Other fields are ignored.
	Scoring retrieval.Scoring
	// BulkWorkers and BulkFlushBytes shape bulk indexing: that many bulk
	// requests in flight, each up to that many bytes; Add blocks while
	// they are busy (back-pressure).
	BulkWorkers, BulkFlushBytes int
	// Retries is how often a request, or a bulk item the cluster rejected
	// as overloaded (429), is retried with exponential backoff.
	Retries int
	// RequestTimeout bounds each HTTP request.
	RequestTimeout time.Duration
	// Logger receives progress; nil discards.
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.IndexPrefix == "" {
		o.IndexPrefix = DefaultIndexPrefix
	}
	if o.Shards <= 0 {
		o.Shards = DefaultShards
	}
	switch {
	case o.Replicas == 0:
		o.Replicas = DefaultReplicas
	case o.Replicas < 0:
		o.Replicas = 0
	}
	if o.Refresh == "" {
		o.Refresh = DefaultRefresh
	}
	if o.BulkWorkers <= 0 {
		o.BulkWorkers = DefaultBulkWorkers
	}
	if o.BulkFlushBytes <= 0 {
		o.BulkFlushBytes = DefaultBulkFlushBytes
	}
	if o.Retries <= 0 {
		o.Retries = DefaultRetries
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Scoring.K1 == 0 {
		o.Scoring.K1 = retrieval.DefaultK1
	}
	if o.Scoring.B == 0 {
		o.Scoring.B = retrieval.DefaultB
	}
	if o.Scoring.B < 0 {
		o.Scoring.B = 0
	}
	if o.Scoring.SectionBoost == 0 {
		o.Scoring.SectionBoost = retrieval.DefaultSectionBoost
	}
	return o
}

// ErrUnavailable is wrapped by Open's error when no node answers or the
// cluster is red.
var ErrUnavailable = errors.New("opensearch: cluster unavailable")

// Index is one corpus's passages in an OpenSearch index, searched with the
// same terms and BM25 as retrieval.Index. It implements
// retrieval.Retriever and is safe for concurrent use.
type Index struct {
	client *opensearchapi.Client
	an     *retrieval.TermAnalyzer
	opts   Options
	name   string
	log    *slog.Logger

	// loading is true between the index's creation and Commit.
	mu      sync.Mutex
	loading bool
	// avgLens caches averageLengths once the index is committed.
	avgLens *[2]float64
}

var _ retrieval.Retriever = (*Index)(nil)

// Open connects to the cluster, checks that it is reachable and not red,
// and opens the index for the corpus with the given fingerprint (any
// string; it is hashed into the name). Fresh reports that the index was
// created empty and must be filled with Add and then Commit; an existing
// index that was never committed (a load cut short) is deleted and
// created again. Errors wrap ErrUnavailable when the cluster cannot be
// used.
func Open(ctx context.Context, fingerprint string, opts Options) (ix *Index, fresh bool, err error) {
	opts = opts.withDefaults()
	if len(opts.URLs) == 0 {
		return nil, false, errors.New("opensearch: no cluster URL")
	}
	an, err := retrieval.NewTermAnalyzer(opts.Analyzer)
	if err != nil {
		return nil, false, err
	}
	disc := false
	client, err := opensearchapi.NewClient(opensearchapi.Config{Client: opensearch.Config{
		Addresses:            opts.URLs,
		RetryOnStatus:        []int{429, 502, 503, 504},
		EnableRetryOnTimeout: true,
		MaxRetries:           opts.Retries,
		RetryBackoff:         backoff,
		RequestTimeout:       opts.RequestTimeout,
		DiscoverNodesOnStart: &disc,
	}})
	if err != nil {
		return nil, false, fmt.Errorf("opensearch: client: %w", err)
	}
	ix = &Index{client: client, an: an, opts: opts, log: opts.Logger,
		name: IndexName(opts.IndexPrefix, an.Name(), fingerprint)}
	if err := ix.checkHealth(ctx); err != nil {
		client.Close()
		return nil, false, err
	}
	fresh, err = ix.ensure(ctx)
	if err != nil {
		client.Close()
		return nil, false, err
	}
	return ix, fresh, nil
}

// backoff waits 100 ms · 2^(attempt−1), at most 10 s.
func backoff(attempt int) time.Duration {
	d := 100 * time.Millisecond << min(attempt-1, 7)
	return min(d, 10*time.Second)
}

var nameUnsafe = regexp.MustCompile(`[^a-z0-9_-]+`)

// IndexName is the index for a corpus: prefix, analyzer and the first 16
// hex digits of sha256(fingerprint), lower case as OpenSearch requires.
func IndexName(prefix, analyzer, fingerprint string) string {
	h := sha256.Sum256([]byte(schemaVersion + "\n" + fingerprint))
	an := nameUnsafe.ReplaceAllString(strings.ToLower(analyzer), "_")
	return strings.ToLower(prefix) + "-" + an + "-" + hex.EncodeToString(h[:8])
}

// Name is the index's name in the cluster.
func (ix *Index) Name() string { return ix.name }

func (ix *Index) checkHealth(ctx context.Context) error {
	hctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	resp, err := ix.client.Cluster.Health(hctx, nil)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrUnavailable, strings.Join(ix.opts.URLs, ","), err)
	}
	if resp.Status == "red" {
		return fmt.Errorf("%w: %s: cluster %q is red (%d unassigned shards)", ErrUnavailable,
			strings.Join(ix.opts.URLs, ","), resp.ClusterName, resp.UnassignedShards)
	}
	ix.log.Info("opensearch cluster", "name", resp.ClusterName, "status", resp.Status, "nodes", resp.NumberOfNodes)
	return nil
}

// meta is kept in the index mapping's _meta.
type meta struct {
	Complete bool   `json:"complete"`
	Analyzer string `json:"analyzer"`
}

// ensure opens or creates the index; true when created.
func (ix *Index) ensure(ctx context.Context) (bool, error) {
	m, found, err := ix.readMeta(ctx)
	if err != nil {
		return false, err
	}
	if found && m.Complete {
		ix.log.Info("opensearch index reused", "index", ix.name)
		return false, nil
	}
	if found {
		ix.log.Warn("opensearch index was not completed; rebuilding", "index", ix.name)
		if _, err := ix.client.Indices.Delete(ctx, opensearchapi.IndicesDeleteReq{Indices: []string{ix.name}}); err != nil {
			return false, fmt.Errorf("opensearch: delete %s: %w", ix.name, err)
		}
	}
	body := map[string]any{
		"settings": map[string]any{
			"number_of_shards":   ix.opts.Shards,
			"number_of_replicas": ix.opts.Replicas,
			"refresh_interval":   "-1",
			"similarity": map[string]any{
				"default": map[string]any{"type": "BM25", "k1": ix.opts.Scoring.K1, "b": ix.opts.Scoring.B},
			},
		},
		"mappings": map[string]any{
			"dynamic": "strict",
			"_meta":   meta{Complete: false, Analyzer: ix.an.Name()},
			"properties": map[string]any{
				fieldTermsText:    map[string]any{"type": "text", "analyzer": "whitespace", "similarity": "default"},
				fieldTermsSection: map[string]any{"type": "text", "analyzer": "whitespace", "similarity": "default"},
				fieldID:           map[string]any{"type": "keyword"},
				fieldDocID:        map[string]any{"type": "keyword"},
				fieldKind:         map[string]any{"type": "keyword"},
				fieldText:         map[string]any{"type": "text", "index": false},
				fieldSection:      map[string]any{"type": "text", "index": false},
				fieldPage:         map[string]any{"type": "integer", "index": false},
				fieldOrdinal:      map[string]any{"type": "integer", "index": false},
				fieldBlock:        map[string]any{"type": "integer", "index": false},
				fieldLenText:      map[string]any{"type": "integer"},
				fieldLenSection:   map[string]any{"type": "integer"},
			},
		},
	}
	b, _ := json.Marshal(body)
	if _, err := ix.client.Indices.Create(ctx, opensearchapi.IndicesCreateReq{Index: ix.name, Body: bytes.NewReader(b)}); err != nil {
		return false, fmt.Errorf("opensearch: create %s: %w", ix.name, err)
	}
	ix.mu.Lock()
	ix.loading = true
	ix.mu.Unlock()
	ix.log.Info("opensearch index created", "index", ix.name, "shards", ix.opts.Shards, "replicas", ix.opts.Replicas)
	return true, nil
}

func (ix *Index) readMeta(ctx context.Context) (meta, bool, error) {
	var m meta
	resp, err := ix.client.Indices.Exists(ctx, opensearchapi.IndicesExistsReq{Indices: []string{ix.name}})
	if resp != nil && resp.StatusCode == http.StatusNotFound {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("opensearch: index %s: %w", ix.name, err)
	}
	got, err := ix.client.Indices.Mapping.Get(ctx, &opensearchapi.MappingGetReq{Indices: []string{ix.name}})
	if err != nil {
		return m, false, fmt.Errorf("opensearch: mapping of %s: %w", ix.name, err)
	}
	e, ok := got.GetIndices()[ix.name]
	if !ok {
		return m, false, fmt.Errorf("opensearch: mapping of %s: index missing from the reply", ix.name)
	}
	var mp struct {
		Meta meta `json:"_meta"`
	}
	if err := json.Unmarshal(e.Mappings, &mp); err != nil {
		return m, false, fmt.Errorf("opensearch: mapping of %s: %w", ix.name, err)
	}
	return mp.Meta, true, nil
}

// source is one passage as stored.
type source struct {
	TermsText    string        `json:"text_terms"`
	TermsSection string        `json:"section_terms"`
	ID           string        `json:"pid"`
	DocID        string        `json:"doc_id"`
	Kind         document.Kind `json:"kind"`
	Text         string        `json:"text"`
	Section      string        `json:"section"`
	Page         int           `json:"page"`
	Ordinal      int           `json:"ordinal"`
	Block        int           `json:"block"`
	LenText      int           `json:"text_len"`
	LenSection   int           `json:"section_len"`
}

// Add indexes passages through the bulk API: the text and section are
// analysed here, BulkWorkers requests of up to BulkFlushBytes each are in
// flight, and Add blocks while they are busy. Items the cluster rejects as
// overloaded (429) are sent again with backoff, up to Retries rounds; any
// other item failure fails Add. A passage whose ID is present replaces it.
func (ix *Index) Add(ctx context.Context, ps []document.Passage) error {
	pending := ps
	for round := 0; len(pending) > 0; round++ {
		if round > 0 {
			if round > ix.opts.Retries {
				return fmt.Errorf("opensearch: bulk: %d passages still rejected after %d rounds", len(pending), ix.opts.Retries)
			}
			ix.log.Warn("opensearch bulk: retrying rejected passages", "passages", len(pending), "round", round)
			select {
			case <-ctx.Done():
				return fmt.Errorf("opensearch: bulk: %w", ctx.Err())
			case <-time.After(backoff(round)):
			}
		}
		retry, err := ix.bulk(ctx, pending)
		if err != nil {
			return err
		}
		pending = retry
	}
	return nil
}

// bulk sends ps once; it returns the passages rejected with 429.
func (ix *Index) bulk(ctx context.Context, ps []document.Passage) ([]document.Passage, error) {
	var (
		mu      sync.Mutex
		retry   []document.Passage
		failed  int
		firstEr error
	)
	bi, err := opensearchutil.NewBulkIndexer(opensearchutil.BulkIndexerConfig{
		Client:     ix.client,
		Index:      ix.name,
		NumWorkers: ix.opts.BulkWorkers,
		FlushBytes: ix.opts.BulkFlushBytes,
		Context:    ctx,
		OnError: func(_ context.Context, err error) {
			mu.Lock()
			defer mu.Unlock()
			failed++
			if firstEr == nil {
				firstEr = err
			}
		},
	})
	if err != nil {
		return nil, fmt.Errorf("opensearch: bulk indexer: %w", err)
	}
	for _, p := range ps {
		tt, st := ix.an.Terms(p.Text), ix.an.Terms(p.Section)
		src := source{
			TermsText:    strings.Join(tt, " "),
			TermsSection: strings.Join(st, " "),
			LenText:      len(tt), LenSection: len(st),
			ID: p.ID, DocID: p.DocID, Kind: p.Kind, Text: p.Text,
			Section: p.Section, Page: p.Page, Ordinal: p.Ordinal, Block: p.Block,
		}
		b, err := json.Marshal(src)
		if err != nil {
			return nil, fmt.Errorf("opensearch: passage %s: %w", p.ID, err)
		}
		p := p
		err = bi.Add(ctx, opensearchutil.BulkIndexerItem{
			Action:     "index",
			DocumentID: p.ID,
			Body:       bytes.NewReader(b),
			OnFailure: func(_ context.Context, _ opensearchutil.BulkIndexerItem, res opensearchapi.BulkRespItem, err error) {
				mu.Lock()
				defer mu.Unlock()
				if res.Status == http.StatusTooManyRequests {
					retry = append(retry, p)
					return
				}
				failed++
				if firstEr == nil {
					if err == nil && res.Error != nil {
						err = fmt.Errorf("%s: %s", res.Error.Type, res.Error.Reason)
					}
					firstEr = fmt.Errorf("passage %s: status %d: %w", p.ID, res.Status, err)
				}
			},
		})
		if err != nil {
			_ = bi.Close(context.WithoutCancel(ctx))
			return nil, fmt.Errorf("opensearch: bulk add: %w", err)
		}
	}
	if err := bi.Close(ctx); err != nil {
		return nil, fmt.Errorf("opensearch: bulk close: %w", err)
	}
	if failed > 0 {
		return nil, fmt.Errorf("opensearch: bulk: %d items failed: %w", failed, firstEr)
	}
	return retry, nil
}

// Commit ends a load: it refreshes the index, sets its refresh interval to
// Options.Refresh and marks it complete, so a later Open reuses it.
func (ix *Index) Commit(ctx context.Context) error {
	if _, err := ix.client.Indices.Refresh(ctx, &opensearchapi.IndicesRefreshReq{Index: []string{ix.name}}); err != nil {
		return fmt.Errorf("opensearch: refresh %s: %w", ix.name, err)
	}
	settings := fmt.Sprintf(`{"index":{"refresh_interval":%q}}`, ix.opts.Refresh)
	if _, err := ix.client.Indices.Settings.Put(ctx, opensearchapi.SettingsPutReq{Indices: []string{ix.name}, Body: strings.NewReader(settings)}); err != nil {
		return fmt.Errorf("opensearch: settings of %s: %w", ix.name, err)
	}
	b, _ := json.Marshal(map[string]any{"_meta": meta{Complete: true, Analyzer: ix.an.Name()}})
	if _, err := ix.client.Indices.Mapping.Put(ctx, opensearchapi.MappingPutReq{Indices: []string{ix.name}, Body: bytes.NewReader(b)}); err != nil {
		return fmt.Errorf("opensearch: mark %s complete: %w", ix.name, err)
	}
	ix.mu.Lock()
	ix.loading = false
	ix.mu.Unlock()
	return nil
}

// Count is the number of passages in the index.
func (ix *Index) Count(ctx context.Context) (uint64, error) {
	resp, err := ix.client.Indices.Count(ctx, &opensearchapi.IndicesCountReq{Indices: []string{ix.name}})
	if err != nil {
		return 0, fmt.Errorf("opensearch: count %s: %w", ix.name, err)
	}
	return uint64(resp.Count), nil
}

// Search returns the K best passages for q, best first, equal scores
// ordered by passage ID, as retrieval.Index does. It sends the analysed
// query terms as term queries (boosted by their query frequency) on the
// text terms and, weighted by SectionBoost, the section terms, with the
// DocIDs and Kinds filters as non-scoring filters; the search type is
// dfs_query_then_fetch, so BM25's document frequencies and average lengths
// are the whole index's, not one shard's.
func (ix *Index) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("opensearch: search: %w", err)
	}
	k := q.K
	if k <= 0 {
		k = 10
	}
	terms := ix.an.QueryTerms(q.Text, ix.opts.Scoring.KeepInterrogatives)
	if len(terms) == 0 {
		return nil, nil
	}
	if len(q.DocIDs) > 0 && !ix.opts.Scoring.CollectionStats {
		return ix.searchDocs(ctx, terms, q, k)
	}
	b, err := json.Marshal(ix.queryBody(terms, q, k))
	if err != nil {
		return nil, fmt.Errorf("opensearch: search: %w", err)
	}
	size := k
	resp, err := ix.client.Search(ctx, &opensearchapi.SearchReq{
		Indices: []string{ix.name},
		Body:    bytes.NewReader(b),
		Params:  opensearchapi.SearchParams{SearchType: "dfs_query_then_fetch", Size: &size},
	})
	if err != nil {
		return nil, fmt.Errorf("opensearch: search %s: %w", ix.name, err)
	}
	if resp.Shards.Failed > 0 {
		return nil, fmt.Errorf("opensearch: search %s: %d of %d shards failed", ix.name, resp.Shards.Failed, resp.Shards.Total)
	}
	hits := make([]retrieval.Hit, 0, len(resp.Hits.Hits))
	for _, h := range resp.Hits.Hits {
		var s source
		if err := json.Unmarshal(h.Source, &s); err != nil {
			return nil, fmt.Errorf("opensearch: hit %s: %w", h.ID, err)
		}
		hits = append(hits, retrieval.Hit{Score: float64(h.Score), Passage: document.Passage{
			ID: s.ID, DocID: s.DocID, Ordinal: s.Ordinal, Block: s.Block, Kind: s.Kind,
			Section: s.Section, Page: s.Page, Text: s.Text,
		}})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Passage.ID < hits[j].Passage.ID
	})
	return hits, nil
}

// queryBody is the search request: a bool query of boosted term queries,
// sorted by score then passage ID.
func (ix *Index) queryBody(terms []retrieval.QueryTerm, q retrieval.Query, k int) map[string]any {
	should := make([]any, 0, 2*len(terms))
	for _, t := range terms {
		should = append(should, map[string]any{"term": map[string]any{
			fieldTermsText: map[string]any{"value": t.Term, "boost": float64(t.QTF)}}})
	}
	if ix.opts.Scoring.SectionBoost > 0 {
		for _, t := range terms {
			should = append(should, map[string]any{"term": map[string]any{
				fieldTermsSection: map[string]any{"value": t.Term, "boost": float64(t.QTF) * ix.opts.Scoring.SectionBoost}}})
		}
	}
	boolQ := map[string]any{"should": should, "minimum_should_match": 1}
	var filter []any
	if len(q.DocIDs) > 0 {
		filter = append(filter, map[string]any{"terms": map[string]any{fieldDocID: q.DocIDs}})
	}
	if len(q.Kinds) > 0 {
		filter = append(filter, map[string]any{"terms": map[string]any{fieldKind: q.Kinds}})
	}
	if len(filter) > 0 {
		boolQ["filter"] = filter
	}
	return map[string]any{
		"query":        map[string]any{"bool": boolQ},
		"sort":         []any{map[string]any{"_score": "desc"}, map[string]any{fieldID: "asc"}},
		"track_scores": true,
		"size":         k,
		"_source":      []string{fieldID, fieldDocID, fieldKind, fieldText, fieldSection, fieldPage, fieldOrdinal, fieldBlock},
	}
}

// StoreBytes is the size of the index's primary shards on disk.
func (ix *Index) StoreBytes(ctx context.Context) (int64, error) {
	resp, err := ix.client.Indices.Stats(ctx, &opensearchapi.IndicesStatsReq{Indices: []string{ix.name}, Metrics: []string{"store"}})
	if err != nil {
		return 0, fmt.Errorf("opensearch: stats of %s: %w", ix.name, err)
	}
	return int64(resp.All.Primaries.Store.SizeInBytes), nil
}

// Delete removes the index from the cluster.
func (ix *Index) Delete(ctx context.Context) error {
	if _, err := ix.client.Indices.Delete(ctx, opensearchapi.IndicesDeleteReq{Indices: []string{ix.name}}); err != nil {
		return fmt.Errorf("opensearch: delete %s: %w", ix.name, err)
	}
	return nil
}

// Close releases the client's connections; the index stays in the cluster.
func (ix *Index) Close() error {
	return ix.client.Close()
}
