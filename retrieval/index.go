package retrieval

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval/korean"
)

// Field names in the index.
const (
	FieldText    = "text"
	FieldDocID   = "doc_id"
	FieldSection = "section"
	FieldPage    = "page"
	FieldKind    = "kind"
	FieldOrdinal = "ordinal"
	FieldBlock   = "block"
)

// Internal (non-document) keys.
var (
	keyFingerprint = []byte("policyqa:fingerprint")
	keyAnalyzer    = []byte("policyqa:analyzer")
	keyLenPrefix   = "policyqa:len:" // + field: total analysed tokens
)

// DefaultBatchSize is the default number of passages per bleve batch:
// large enough that per-batch costs (a segment, a persist and fsync,
// merges) are amortised, small enough to keep memory modest.
const DefaultBatchSize = 2000

// Options configure an Index. The zero value is usable.
type Options struct {
	// Analyzer is one of Analyzers(); "" means DefaultAnalyzer. Opening an
	// existing index with a different analyzer is an error.
	Analyzer string
	// Logger receives progress; nil discards.
	Logger *slog.Logger
	// BatchSize is the number of passages per bleve batch; 0 means
	// DefaultBatchSize.
	BatchSize int

	// Scoring tunes ranking; the zero value gives the defaults.
	Scoring Scoring

	// PostingsCacheBytes bounds the memory kept for decoded postings of
	// long lists, which queries read instead of the segments: 0 means
	// DefaultPostingsCacheBytes, negative turns the cache off.
	PostingsCacheBytes int64
}

// Scoring tunes ranking. Zero fields take the defaults.
type Scoring struct {
	// K1 and B are the BM25 parameters (defaults DefaultK1, DefaultB).
	K1, B float64
	// SectionBoost weights matches in the section (heading path) field
	// relative to the text; 0 means DefaultSectionBoost, negative turns
	// the section field off.
	SectionBoost float64
	// KeepInterrogatives leaves 무엇/몇/언제… in the query.
	KeepInterrogatives bool
	// IDFPower raises BM25's idf to this power (0 means 1). Values above
	// 1 favour rare terms, as bleve's scorer does (it squares idf).
	IDFPower float64
	// Coord multiplies a document's score by the fraction of distinct
	// query terms it contains (as bleve's disjunction does).
	Coord bool
	// MaxDF, when positive, leaves out query terms found in more than
	// this fraction of passages (in the text field; section terms by
	// their own document frequency), unless every term is that common.
	// Such terms add little to a score (idf ≤ ln(1/MaxDF)) but their
	// postings are most of a query's work. It is an approximation: hits
	// can differ from full BM25. Only the bm25 model uses it.
	MaxDF float64
	// CollectionStats takes BM25's N and document frequencies from the
	// whole index even when a query names documents (Query.DocIDs). By
	// default such a query is scored with the statistics of those
	// documents' passages (N and df; the average length stays the
	// collection's): a term on every page of one report (its subject, its
	// running title) says little about which of its passages answers,
	// however rare it is in the collection. Only the bm25 model has
	// document statistics.
	CollectionStats bool
	// Model picks the scorer: "" or ModelBM25 (this package's BM25),
	// ModelBleve (bleve's built-in BM25 through a match query) or
	// ModelBleveFixedAvg (bleve's BM25 given the true average length).
	Model string

	// exhaustive turns MaxScore pruning off (tests compare the two).
	exhaustive bool
	// workers > 0 scores a query in that many segment groups whatever
	// the index size (tests); 0 means one group per core.
	workers int
	// uncached reads every list from the segments (tests).
	uncached bool
}

// Scoring models.
const (
	ModelBM25          = "bm25"
	ModelBleve         = "bleve"
	ModelBleveFixedAvg = "bleve-fixed-avg"
)

// Scoring defaults, tuned on KorQuAD 1.0 dev (README.md).
const (
	DefaultK1           = 0.9
	DefaultB            = 0.75
	DefaultSectionBoost = 1.0
)

func (s Scoring) withDefaults() Scoring {
	if s.K1 == 0 {
		s.K1 = DefaultK1
	}
	if s.B == 0 {
		s.B = DefaultB
	}
	if s.B < 0 {
		s.B = 0
	}
	if s.SectionBoost == 0 {
		s.SectionBoost = DefaultSectionBoost
	}
	if s.Model == "" {
		s.Model = ModelBM25
	}
	if s.IDFPower == 0 {
		s.IDFPower = 1
	}
	return s
}

// Scoring returns the index's effective scoring options.
func (ix *Index) Scoring() Scoring { return ix.scoring }

// Index is a passage index over bleve. It is safe for concurrent use.
type Index struct {
	idx      bleve.Index
	analyzer string
	log      *slog.Logger
	batch    int
	scoring  Scoring

	mu     sync.Mutex // serialises Add and Close
	closed bool

	lensMu sync.Mutex        // guards lens
	lens   map[string]uint64 // analysed tokens per field, all passages

	scores sync.Pool // *scoreBuf, reused by bm25Query
	// postings keeps long postings lists decoded; nil when off.
	postings *postingsCache
}

// NewMemory returns an in-memory index.
func NewMemory(opts Options) (*Index, error) {
	name, m, err := newMapping(opts.Analyzer)
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("retrieval: new memory index: %w", err)
	}
	return newIndex(idx, name, opts, true)
}

// ErrInUse is returned (wrapped) by Open when another process has the
// index open: bleve's store takes an exclusive file lock, and Open waits
// at most OpenLockTimeout for it instead of blocking for ever.
var ErrInUse = errors.New("index is in use by another process")

// OpenLockTimeout is how long Open waits for another process's lock on
// the index to go away.
const OpenLockTimeout = 2 * time.Second

// Open opens the index in dir, creating it when dir holds none. An index
// another process holds open fails within OpenLockTimeout with ErrInUse.
func Open(dir string, opts Options) (*Index, error) {
	registerAnalysis()
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err == nil {
		idx, err := bleve.OpenUsing(dir, map[string]any{"bolt_timeout": OpenLockTimeout.String()})
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("retrieval: open %s: %w (waited %s for its lock)", dir, ErrInUse, OpenLockTimeout)
		}
		if err != nil {
			return nil, fmt.Errorf("retrieval: open %s: %w", dir, err)
		}
		stored, err := idx.GetInternal(keyAnalyzer)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("retrieval: read analyzer: %w", err), idx.Close())
		}
		if opts.Analyzer != "" && opts.Analyzer != string(stored) {
			return nil, errors.Join(fmt.Errorf("retrieval: %s was built with analyzer %q, not %q", dir, stored, opts.Analyzer), idx.Close())
		}
		if err := validAnalyzer(string(stored)); err != nil {
			return nil, errors.Join(fmt.Errorf("retrieval: %s: %w", dir, err), idx.Close())
		}
		return newIndex(idx, string(stored), opts, false)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("retrieval: %w", err)
	}
	name, m, err := newMapping(opts.Analyzer)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(filepath.Clean(dir)), 0o755); err != nil {
		return nil, fmt.Errorf("retrieval: %w", err)
	}
	idx, err := bleve.New(dir, m)
	if err != nil {
		return nil, fmt.Errorf("retrieval: create %s: %w", dir, err)
	}
	return newIndex(idx, name, opts, true)
}

func analyzerName(s string) (string, error) {
	if s == "" {
		s = DefaultAnalyzer
	}
	if err := validAnalyzer(s); err != nil {
		return "", fmt.Errorf("retrieval: %w", err)
	}
	return s, nil
}

func newIndex(idx bleve.Index, analyzer string, opts Options, fresh bool) (*Index, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ix := &Index{
		idx:      idx,
		analyzer: analyzer,
		log:      log,
		batch:    opts.BatchSize,
		scoring:  opts.Scoring.withDefaults(),
		lens:     map[string]uint64{},
		postings: newPostingsCache(opts.PostingsCacheBytes),
	}
	if ix.batch <= 0 {
		ix.batch = DefaultBatchSize
	}
	if fresh {
		if err := idx.SetInternal(keyAnalyzer, []byte(analyzer)); err != nil {
			return nil, errors.Join(fmt.Errorf("retrieval: %w", err), idx.Close())
		}
	}
	for _, f := range []string{FieldText, FieldSection} {
		v, err := idx.GetInternal([]byte(keyLenPrefix + f))
		if err != nil {
			return nil, errors.Join(fmt.Errorf("retrieval: %w", err), idx.Close())
		}
		if len(v) == 8 {
			ix.lens[f] = binary.BigEndian.Uint64(v)
		}
	}
	return ix, nil
}

// newMapping declares one document type whose text and section use the
// analyzer named by opt ("" for the default; the resolved name is
// returned); doc_id and kind are keywords; page and ordinal numbers. All
// fields are stored so hits carry the whole passage.
func newMapping(opt string) (string, *mapping.IndexMappingImpl, error) {
	analyzer, err := analyzerName(opt)
	if err != nil {
		return "", nil, err
	}
	im := bleve.NewIndexMapping()
	if err := addAnalyzer(im, analyzer); err != nil {
		return "", nil, err
	}
	im.ScoringModel = index.BM25Scoring
	im.DefaultAnalyzer = analyzerID(analyzer)
	im.StoreDynamic = false
	im.IndexDynamic = false

	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzerID(analyzer)
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		return f
	}
	num := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.IncludeInAll = false
		f.Index = false
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(FieldText, text())
	dm.AddFieldMappingsAt(FieldSection, text())
	dm.AddFieldMappingsAt(FieldDocID, kw())
	dm.AddFieldMappingsAt(FieldKind, kw())
	dm.AddFieldMappingsAt(FieldPage, num())
	dm.AddFieldMappingsAt(FieldOrdinal, num())
	dm.AddFieldMappingsAt(FieldBlock, num())
	im.DefaultMapping = dm
	return analyzer, im, nil
}

// Add indexes passages in batches. A passage whose ID is already present
// replaces it, and the replaced passage's token counts leave the
// average-length statistic; when ps holds one ID more than once, the last
// wins. Batches are analysed on all cores and written by concurrent
// writers (scorch builds each batch's segment in the calling goroutine);
// the length statistic is stored once the batches are in.
func (ix *Index) Add(ctx context.Context, ps []document.Passage) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return errClosed
	}
	an := ix.idx.Mapping().AnalyzerNamed(analyzerID(ix.analyzer))
	kw := ix.idx.Mapping().AnalyzerNamed(keyword.Name)
	if an == nil || kw == nil {
		return fmt.Errorf("retrieval: analyzer %q not available", ix.analyzer)
	}
	ps, err := lastByID(ps)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return nil
	}
	prior, err := ix.idx.DocCount()
	if err != nil {
		return fmt.Errorf("retrieval: add: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := max(runtime.GOMAXPROCS(0), 1)
	chunks := make(chan analysedChunk, 1)
	errs := make(chan error, workers)
	var delta [2]atomic.Int64 // token count change per field
	var written atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range chunks {
				if ctx.Err() != nil {
					continue // drain
				}
				if err := ix.writeChunk(a); err != nil {
					errs <- err
					cancel()
					continue
				}
				delta[0].Add(a.delta[0])
				delta[1].Add(a.delta[1])
				ix.log.Debug("indexed passages", "done", written.Add(int64(len(a.docs))), "total", len(ps))
			}
		}()
	}
	var aerr error
	for start := 0; start < len(ps); start += ix.batch {
		if aerr = ctx.Err(); aerr != nil {
			break
		}
		a, err := ix.analyse(ps[start:min(start+ix.batch, len(ps))], an, kw, prior > 0, workers)
		if err != nil {
			aerr = err
			cancel()
			break
		}
		select {
		case chunks <- a:
		case <-ctx.Done():
		}
	}
	close(chunks)
	wg.Wait()
	close(errs)
	var werr error
	for err := range errs {
		werr = errors.Join(werr, err)
	}
	// Store the statistic for what was written, even after a failure.
	if serr := ix.addLens(delta[0].Load(), delta[1].Load()); serr != nil {
		werr = errors.Join(werr, serr)
	}
	if werr != nil {
		return werr
	}
	if aerr != nil {
		return fmt.Errorf("retrieval: add: %w", aerr)
	}
	return nil
}

// lastByID checks IDs and drops all but the last passage of each ID.
func lastByID(ps []document.Passage) ([]document.Passage, error) {
	last := make(map[string]int, len(ps))
	for i, p := range ps {
		if p.ID == "" {
			return nil, fmt.Errorf("retrieval: add: passage without ID (doc %q ordinal %d)", p.DocID, p.Ordinal)
		}
		last[p.ID] = i
	}
	if len(last) == len(ps) {
		return ps, nil
	}
	out := make([]document.Passage, 0, len(last))
	for i, p := range ps {
		if last[p.ID] == i {
			out = append(out, p)
		}
	}
	return out, nil
}

// analysedChunk is one batch of passages as bleve documents, with the
// change in analysed tokens (text, section) it makes to the index.
type analysedChunk struct {
	ids   []string
	docs  []*bdoc.Document
	delta [2]int64
}

// analyse builds chunk's documents on workers goroutines. With replace
// set it looks up each ID's previous version to subtract its counts.
func (ix *Index) analyse(chunk []document.Passage, an, kw analysis.Analyzer, replace bool, workers int) (analysedChunk, error) {
	a := analysedChunk{ids: make([]string, len(chunk)), docs: make([]*bdoc.Document, len(chunk))}
	lens := make([][2]int64, len(chunk))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(chunk); i += workers {
				p := chunk[i]
				text := analysedField(FieldText, p.Text, an)
				section := analysedField(FieldSection, p.Section, an)
				lens[i] = [2]int64{int64(text.length), int64(section.length)}
				if replace {
					old, ok, err := ix.storedLens(p.ID, an)
					if err != nil {
						errs[w] = err
						return
					}
					if ok {
						lens[i][0] -= int64(old[0])
						lens[i][1] -= int64(old[1])
					}
				}
				a.ids[i] = p.ID
				a.docs[i] = passageDoc(p, text, section, kw)
			}
		}(w)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return a, err
	}
	for _, l := range lens {
		a.delta[0] += l[0]
		a.delta[1] += l[1]
	}
	return a, nil
}

// writeChunk indexes one analysed chunk as a bleve batch.
func (ix *Index) writeChunk(a analysedChunk) error {
	b := ix.idx.NewBatch()
	for i, d := range a.docs {
		if err := b.IndexAdvanced(d); err != nil {
			return fmt.Errorf("retrieval: add %s: %w", a.ids[i], err)
		}
	}
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("retrieval: add batch: %w", err)
	}
	return nil
}

// addLens adds to the per-field token totals and stores them.
func (ix *Index) addLens(text, section int64) error {
	if text == 0 && section == 0 {
		return nil
	}
	ix.lensMu.Lock()
	defer ix.lensMu.Unlock()
	b := ix.idx.NewBatch()
	next := map[string]uint64{
		FieldText:    uint64(int64(ix.lens[FieldText]) + text),
		FieldSection: uint64(int64(ix.lens[FieldSection]) + section),
	}
	for f, n := range next {
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], n)
		b.SetInternal([]byte(keyLenPrefix+f), v[:])
	}
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("retrieval: store length statistic: %w", err)
	}
	for f, n := range next {
		ix.lens[f] = n
	}
	return nil
}

// storedLens re-analyses the stored text and section of passage id, if
// the index holds it, to find the token counts it added.
func (ix *Index) storedLens(id string, an analysis.Analyzer) ([2]uint64, bool, error) {
	d, err := ix.idx.Document(id)
	if err != nil {
		return [2]uint64{}, false, fmt.Errorf("retrieval: add: look up %s: %w", id, err)
	}
	if d == nil {
		return [2]uint64{}, false, nil
	}
	var lens [2]uint64
	d.VisitFields(func(f index.Field) {
		switch f.Name() {
		case FieldText:
			lens[0] = uint64(len(an.Analyze(f.Value())))
		case FieldSection:
			lens[1] = uint64(len(an.Analyze(f.Value())))
		}
	})
	return lens, true, nil
}

// preField is an indexed, stored text field whose terms were counted in
// Add's analysis workers: scorch's Analyze is then a no-op (bleve's
// TextField would rebuild the term map from a token stream), and Size,
// which scorch calls per field for its statistics, is an estimate that
// does not walk the terms.
type preField struct {
	name   string
	value  []byte
	length int
	freqs  index.TokenFrequencies
}

// analysedField analyses value with an into a preField, counting terms
// straight from the Korean tokenizer when an is just that tokenizer.
func analysedField(name, value string, an analysis.Analyzer) *preField {
	f := &preField{name: name, value: []byte(value)}
	if da, ok := an.(*analysis.DefaultAnalyzer); ok && len(da.CharFilters) == 0 && len(da.TokenFilters) == 0 {
		if kt, ok := da.Tokenizer.(*korean.Tokenizer); ok {
			f.length, f.freqs = kt.Frequencies(value)
			return f
		}
	}
	ts := an.Analyze(f.value)
	f.length = len(ts)
	f.freqs = analysis.TokenFrequency(ts, nil, preFieldOptions)
	return f
}

const preFieldOptions = index.IndexField | index.StoreField

func (f *preField) Name() string                                     { return f.name }
func (f *preField) ArrayPositions() []uint64                         { return nil }
func (f *preField) Options() index.FieldIndexingOptions              { return preFieldOptions }
func (f *preField) Analyze()                                         {}
func (f *preField) Value() []byte                                    { return f.value }
func (f *preField) Text() string                                     { return string(f.value) }
func (f *preField) NumPlainTextBytes() uint64                        { return uint64(len(f.value)) }
func (f *preField) EncodedFieldType() byte                           { return 't' }
func (f *preField) AnalyzedLength() int                              { return f.length }
func (f *preField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }
func (f *preField) Size() int                                        { return 64 + len(f.name) + 2*len(f.value) + 96*len(f.freqs) }

// passageDoc builds the bleve document for p from its analysed text and
// section (the same fields newMapping declares).
func passageDoc(p document.Passage, text, section *preField, kw analysis.Analyzer) *bdoc.Document {
	const indexed = index.IndexField | index.StoreField
	d := bdoc.NewDocument(p.ID)
	d.AddField(text)
	d.AddField(section)
	d.AddField(bdoc.NewTextFieldCustom(FieldDocID, nil, []byte(p.DocID), indexed, kw))
	d.AddField(bdoc.NewTextFieldCustom(FieldKind, nil, []byte(p.Kind), indexed, kw))
	d.AddField(bdoc.NewNumericFieldWithIndexingOptions(FieldPage, nil, float64(p.Page), index.StoreField))
	d.AddField(bdoc.NewNumericFieldWithIndexingOptions(FieldOrdinal, nil, float64(p.Ordinal), index.StoreField))
	d.AddField(bdoc.NewNumericFieldWithIndexingOptions(FieldBlock, nil, float64(p.Block), index.StoreField))
	return d
}

var errClosed = errors.New("retrieval: index closed")

// Count returns the number of indexed passages.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("retrieval: count: %w", err)
	}
	return n, nil
}

// Fingerprint returns the value last stored by SetFingerprint ("" if
// none). Callers store a digest of the inputs and rebuild on mismatch.
func (ix *Index) Fingerprint() (string, error) {
	v, err := ix.idx.GetInternal(keyFingerprint)
	if err != nil {
		return "", fmt.Errorf("retrieval: fingerprint: %w", err)
	}
	return string(v), nil
}

// SetFingerprint stores fp in the index.
func (ix *Index) SetFingerprint(fp string) error {
	if err := ix.idx.SetInternal(keyFingerprint, []byte(fp)); err != nil {
		return fmt.Errorf("retrieval: set fingerprint: %w", err)
	}
	return nil
}

// Analyzer returns the index's analyzer name.
func (ix *Index) Analyzer() string { return ix.analyzer }

// Close releases the index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("retrieval: close: %w", err)
	}
	return nil
}
