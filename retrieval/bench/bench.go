package bench

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/internal/proc"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/retrieval/opensearch"
)

// Config is one retrieval configuration to measure.
type Config struct {
	// Backend is "" or "bleve" (the embedded index) or "opensearch"
	// (then OpenSearch configures the cluster; Scoring's K1, B,
	// SectionBoost and KeepInterrogatives apply, other fields not).
	Backend    string
	OpenSearch opensearch.Options
	Analyzer   string
	// BatchSize is passed to retrieval.Options (0: the default).
	BatchSize int
	Scoring   retrieval.Scoring
	// WithinDoc asks each question inside its gold passage's document
	// (Query.DocIDs), the way task 1 searches one report: it measures
	// ranking among one document's passages, with that document's
	// statistics unless Scoring.CollectionStats.
	WithinDoc bool
}

// Name is a short label for c.
func (c Config) Name() string {
	s := c.Scoring
	name := c.Analyzer
	if name == "" {
		name = retrieval.DefaultAnalyzer
	}
	if c.Backend == BackendOpenSearch {
		name = BackendOpenSearch + "/" + name
	}
	if s.Model != "" && s.Model != retrieval.ModelBM25 {
		name += "/" + s.Model
	}
	if s.KeepInterrogatives {
		name += "/keep-wh"
	}
	if s.SectionBoost < 0 {
		name += "/no-section"
	} else if s.SectionBoost > 0 {
		name += fmt.Sprintf("/section=%g", s.SectionBoost)
	}
	if s.K1 != 0 || s.B != 0 {
		name += fmt.Sprintf("/k1=%g,b=%g", s.K1, s.B)
	}
	if s.IDFPower != 0 && s.IDFPower != 1 {
		name += fmt.Sprintf("/idf^%g", s.IDFPower)
	}
	if s.Coord {
		name += "/coord"
	}
	if s.MaxDF > 0 {
		name += fmt.Sprintf("/maxdf=%g", s.MaxDF)
	}
	if c.WithinDoc {
		name += "/within-doc"
		if s.CollectionStats {
			name += "/collection-stats"
		}
	}
	return name
}

// Result holds one configuration's figures. Quality fields are zero in
// scale runs.
type Result struct {
	Config       string  `json:"config"`
	Analyzer     string  `json:"analyzer"`
	Model        string  `json:"model"`
	K1           float64 `json:"k1"`
	B            float64 `json:"b"`
	SectionBoost float64 `json:"section_boost"`
	Passages     int     `json:"passages"`
	Questions    int     `json:"questions"`
	Recall1      float64 `json:"recall@1,omitempty"`
	Recall5      float64 `json:"recall@5,omitempty"`
	MRR10        float64 `json:"mrr@10,omitempty"`
	IndexPerSec  float64 `json:"index_passages_per_s"`
	QueryP50Ms   float64 `json:"query_p50_ms"`
	QueryP99Ms   float64 `json:"query_p99_ms"`
	IndexBytes   int64   `json:"index_bytes"`
	// IndexCPUSeconds is the process's user+system CPU time while
	// indexing (background merging after Add returns not included);
	// with wall time on a shared machine it shows the cost per passage.
	IndexCPUSeconds float64 `json:"index_cpu_s"`
	// QueryCPUMs is the mean user+system CPU time per question.
	QueryCPUMs float64 `json:"query_cpu_ms"`
	// LoadAvg is the one-minute load average when the run ended.
	LoadAvg float64 `json:"load_avg"`
}

// Run indexes c's passages on disk under dir (which must not exist yet),
// asks every question, and reports quality and speed.
func Run(ctx context.Context, c *TestCollection, cfg Config, dir string, log *slog.Logger) (Result, error) {
	return run(ctx, c.Passages, c.Questions, cfg, dir, log, true)
}

// RunScale indexes passages (e.g. from Synthetic) and times the questions
// against them; quality is not measured.
func RunScale(ctx context.Context, passages []document.Passage, qs []Question, cfg Config, dir string, log *slog.Logger) (Result, error) {
	return run(ctx, passages, qs, cfg, dir, log, false)
}

// Backends.
const (
	BackendBleve      = "bleve"
	BackendOpenSearch = "opensearch"
)

func run(ctx context.Context, ps []document.Passage, qs []Question, cfg Config, dir string, log *slog.Logger, quality bool) (Result, error) {
	switch cfg.Backend {
	case "", BackendBleve:
	case BackendOpenSearch:
		return runOpenSearch(ctx, ps, qs, cfg, log, quality)
	default:
		return Result{}, fmt.Errorf("bench: unknown backend %q", cfg.Backend)
	}
	ix, err := retrieval.Open(dir, retrieval.Options{Analyzer: cfg.Analyzer, Logger: log, BatchSize: cfg.BatchSize, Scoring: cfg.Scoring})
	if err != nil {
		return Result{}, err
	}
	defer ix.Close()
	start, cpu0 := time.Now(), proc.CPU()
	if err := ix.Add(ctx, ps); err != nil {
		return Result{}, err
	}
	perSec := float64(len(ps)) / time.Since(start).Seconds()
	indexCPU := (proc.CPU() - cpu0).Seconds()
	log.Info("indexed", "config", cfg.Name(), "passages", len(ps), "seconds", time.Since(start).Seconds())
	res, err := evaluate(ctx, searchWith(ix, cfg.Scoring), ix.Analyzer(), qs, cfg, quality)
	if err != nil {
		return res, err
	}
	res.Passages, res.IndexPerSec, res.IndexCPUSeconds = len(ps), perSec, round4(indexCPU)
	res.LoadAvg = proc.LoadAvg()
	if err := ix.Close(); err != nil {
		return res, err
	}
	res.IndexBytes, err = dirSize(dir)
	return res, err
}

// Sweep indexes c once in memory with base's analyzer and evaluates every
// scoring over it (no speed or size figures for indexing); base's
// WithinDoc applies to all.
func Sweep(ctx context.Context, c *TestCollection, base Config, scorings []retrieval.Scoring, log *slog.Logger) ([]Result, error) {
	analyzer := base.Analyzer
	ix, err := retrieval.NewMemory(retrieval.Options{Analyzer: analyzer, Logger: log})
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	if err := ix.Add(ctx, c.Passages); err != nil {
		return nil, err
	}
	var out []Result
	for _, s := range scorings {
		res, err := evaluate(ctx, searchWith(ix, s), ix.Analyzer(), c.Questions, Config{Analyzer: analyzer, Scoring: s, WithinDoc: base.WithinDoc}, true)
		if err != nil {
			return out, err
		}
		res.Passages = len(c.Passages)
		out = append(out, res)
		log.Info("swept", "config", res.Config, "r1", res.Recall1, "r5", res.Recall5)
	}
	return out, nil
}

// searchFunc is one backend's search under one scoring.
type searchFunc func(context.Context, retrieval.Query) ([]retrieval.Hit, error)

func searchWith(ix *retrieval.Index, s retrieval.Scoring) searchFunc {
	return func(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) { return ix.SearchWith(ctx, q, s) }
}

// evaluate asks every question through search and fills quality (if
// asked) and latency figures.
func evaluate(ctx context.Context, search searchFunc, analyzer string, qs []Question, cfg Config, quality bool) (Result, error) {
	eff := effective(cfg.Scoring)
	res := Result{
		Config: cfg.Name(), Analyzer: analyzer, Model: eff.Model,
		K1: eff.K1, B: eff.B, SectionBoost: eff.SectionBoost,
		Questions: len(qs),
	}
	lat := make([]time.Duration, 0, len(qs))
	var r1, r5, mrr float64
	cpu0 := proc.CPU()
	for _, q := range qs {
		t0 := time.Now()
		rq := retrieval.Query{Text: q.Text, K: 10}
		if cfg.WithinDoc {
			rq.DocIDs = []string{q.Doc}
		}
		hits, err := search(ctx, rq)
		lat = append(lat, time.Since(t0))
		if err != nil {
			return res, fmt.Errorf("bench: question %s: %w", q.ID, err)
		}
		if !quality {
			continue
		}
		for rank, h := range hits {
			if h.Passage.ID != q.Gold {
				continue
			}
			if rank == 0 {
				r1++
			}
			if rank < 5 {
				r5++
			}
			mrr += 1 / float64(rank+1)
			break
		}
	}
	if quality && len(qs) > 0 {
		n := float64(len(qs))
		res.Recall1, res.Recall5, res.MRR10 = round4(r1/n), round4(r5/n), round4(mrr/n)
	}
	res.QueryP50Ms, res.QueryP99Ms = percentileMs(lat, 0.50), percentileMs(lat, 0.99)
	if len(qs) > 0 {
		res.QueryCPUMs = round4(float64((proc.CPU() - cpu0).Microseconds()) / 1000 / float64(len(qs)))
	}
	return res, nil
}

// effective mirrors the index's defaults so results show real values.
func effective(s retrieval.Scoring) retrieval.Scoring {
	if s.K1 == 0 {
		s.K1 = retrieval.DefaultK1
	}
	if s.B == 0 {
		s.B = retrieval.DefaultB
	}
	if s.SectionBoost == 0 {
		s.SectionBoost = retrieval.DefaultSectionBoost
	}
	if s.SectionBoost < 0 {
		s.SectionBoost = 0
	}
	if s.Model == "" {
		s.Model = retrieval.ModelBM25
	}
	return s
}

func round4(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }

func percentileMs(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := min(int(p*float64(len(s))), len(s)-1)
	return float64(s[i].Microseconds()) / 1000
}

func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("bench: index size: %w", err)
	}
	return n, nil
}

// Synthetic builds n passages from c's vocabulary: each passage takes the
// word count of a random corpus paragraph and draws its words from the
// corpus word stream (so word frequencies follow the corpus). Passages
// are grouped 50 to a document. The same seed gives the same passages.
func Synthetic(c *TestCollection, n int, seed uint64) []document.Passage {
	var words []string
	var lens []int
	var titles []string
	for _, p := range c.Passages {
		ws := strings.Fields(p.Text)
		words = append(words, ws...)
		lens = append(lens, len(ws))
		titles = append(titles, p.Section)
	}
	if len(words) == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]document.Passage, n)
	var sb strings.Builder
	for i := range out {
		sb.Reset()
		l := lens[rng.IntN(len(lens))]
		for w := 0; w < l; w++ {
			if w > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(words[rng.IntN(len(words))])
		}
		docID := fmt.Sprintf("syn%05d", i/50)
		out[i] = document.Passage{
			ID:      document.PassageID(docID, i%50),
			DocID:   docID,
			Ordinal: i % 50,
			Kind:    document.KindParagraph,
			Section: titles[rng.IntN(len(titles))],
			Text:    sb.String(),
		}
	}
	return out
}

// TempDir returns a fresh path under parent (or the system temp dir) for
// an index; the caller removes it.
func TempDir(parent string) (string, error) {
	d, err := os.MkdirTemp(parent, "policyqa-bench-")
	if err != nil {
		return "", fmt.Errorf("bench: %w", err)
	}
	return filepath.Join(d, "index"), nil
}

// runOpenSearch is run on an OpenSearch cluster: a fresh index (named
// after the run, deleted afterwards), bulk indexing timed to the final
// refresh, then the questions. IndexBytes is the primaries' store size.
func runOpenSearch(ctx context.Context, ps []document.Passage, qs []Question, cfg Config, log *slog.Logger, quality bool) (Result, error) {
	opts := cfg.OpenSearch
	opts.Analyzer, opts.Logger = cfg.Analyzer, log
	opts.Scoring = retrieval.Scoring{K1: cfg.Scoring.K1, B: cfg.Scoring.B, SectionBoost: cfg.Scoring.SectionBoost, KeepInterrogatives: cfg.Scoring.KeepInterrogatives}
	fp := fmt.Sprintf("bench %s %d passages %d", cfg.Name(), len(ps), time.Now().UnixNano())
	ix, fresh, err := opensearch.Open(ctx, fp, opts)
	if err != nil {
		return Result{}, err
	}
	defer ix.Close()
	defer func() {
		if err := ix.Delete(context.WithoutCancel(ctx)); err != nil {
			log.Warn("bench: opensearch index not deleted", "index", ix.Name(), "err", err)
		}
	}()
	if !fresh {
		return Result{}, fmt.Errorf("bench: opensearch index %s already exists", ix.Name())
	}
	start, cpu0 := time.Now(), proc.CPU()
	if err := ix.Add(ctx, ps); err != nil {
		return Result{}, err
	}
	if err := ix.Commit(ctx); err != nil {
		return Result{}, err
	}
	perSec := float64(len(ps)) / time.Since(start).Seconds()
	indexCPU := (proc.CPU() - cpu0).Seconds()
	log.Info("indexed", "config", cfg.Name(), "passages", len(ps), "seconds", time.Since(start).Seconds())
	an := cfg.Analyzer
	if an == "" {
		an = retrieval.DefaultAnalyzer
	}
	res, err := evaluate(ctx, ix.Search, an, qs, cfg, quality)
	if err != nil {
		return res, err
	}
	res.Passages, res.IndexPerSec, res.IndexCPUSeconds = len(ps), perSec, round4(indexCPU)
	res.LoadAvg = proc.LoadAvg()
	res.IndexBytes, err = ix.StoreBytes(ctx)
	return res, err
}
