package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"github.com/policyqa/policyqa/paraphrase"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/retrieval/bench"
)

// runBenchRetrieval measures retrieval on KorQuAD 1.0 dev (quality and
// speed) or on --scale N synthetic passages (speed), printing one JSON
// line per configuration.
func runBenchRetrieval(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench retrieval", flag.ContinueOnError)
	fs.SetOutput(stdout)
	korquad := fs.String("korquad", "../shared/data/korquad/KorQuAD_v1.0_dev.json", "KorQuAD 1.0 dev JSON")
	analyzer := fs.String("analyzer", "", `analyzer: `+strings.Join(retrieval.Analyzers(), ", ")+`, or "all" (default `+retrieval.DefaultAnalyzer+`)`)
	model := fs.String("model", "", `scorer: bm25, bleve, bleve-fixed-avg, or "all" (default bm25)`)
	k1 := fs.Float64("k1", 0, "BM25 k1 (0 = default)")
	b := fs.Float64("b", 0, "BM25 b (0 = default, negative = 0)")
	section := fs.Float64("section-boost", 0, "section field weight (0 = default, negative = off)")
	maxDF := fs.Float64("max-df", 0, "leave out query terms in more than this fraction of passages (0 = off; approximate, see retrieval.Scoring.MaxDF)")
	keepWh := fs.Bool("keep-wh", false, "keep interrogatives in queries")
	scale := fs.Int("scale", 0, "index this many synthetic passages instead of KorQuAD and time queries")
	queries := fs.Int("queries", 1000, "questions to time in --scale mode")
	tmp := fs.String("tmp", "", "parent directory for temporary indexes (default system temp)")
	sweep := fs.String("sweep", "", `evaluate a scoring grid over one in-memory index per analyzer, e.g. "k1=0.9,1.2;b=0.5,0.75;idf=1,2;coord=0,1;section=-1,0.5;wh=0,1;stats=doc,collection;model=bm25,bleve"`)
	verbose := fs.Bool("v", false, "log progress to stderr")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	batch := fs.Int("batch", 0, "passages per bleve batch (0 = retrieval.DefaultBatchSize)")
	gogc := fs.Int("gogc", batchGCPercent, "GC target percentage for this run (0 = leave GOGC as the environment sets it)")
	backend := fs.String("retrieval", bench.BackendBleve, "backend: bleve (embedded) or opensearch")
	withinDoc := fs.Bool("within-doc", false, "ask each question inside its own article (Query.DocIDs), as task 1 searches one report")
	collectionStats := fs.Bool("collection-stats", false, "with --within-doc, score with the whole index's statistics (retrieval.Scoring.CollectionStats)")
	expand := fs.Bool("expand", false, "expand each question with package paraphrase (everyday wordings → administrative terms) before searching")
	var osFlags openSearchFlags
	osFlags.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return fmt.Errorf("bench retrieval: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("bench retrieval: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	if *gogc != 0 {
		// Bench only: the process builds one large index and exits, so
		// trading memory for fewer GC cycles is safe here.
		defer debug.SetGCPercent(debug.SetGCPercent(*gogc))
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if *verbose {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	corpus, err := bench.LoadKorQuAD(*korquad)
	if err != nil {
		return err
	}
	if *expand {
		n := 0
		for i, q := range corpus.Questions {
			if e := paraphrase.Expand(q.Text); e != q.Text {
				corpus.Questions[i].Text = e
				n++
			}
		}
		fmt.Fprintf(os.Stderr, "bench retrieval: %d of %d questions expanded\n", n, len(corpus.Questions))
	}
	analyzers := []string{*analyzer}
	if *analyzer == "all" {
		analyzers = retrieval.Analyzers()
	}
	models := []string{*model}
	if *model == "all" {
		models = []string{retrieval.ModelBM25, retrieval.ModelBleve, retrieval.ModelBleveFixedAvg}
	}
	enc := json.NewEncoder(stdout)
	if *sweep != "" {
		grid, err := bench.ParseGrid(*sweep)
		if err != nil {
			return err
		}
		for _, a := range analyzers {
			rs, err := bench.Sweep(ctx, corpus, bench.Config{Analyzer: a, WithinDoc: *withinDoc}, grid, log)
			if err != nil {
				return fmt.Errorf("bench retrieval sweep %s: %w", a, err)
			}
			for _, r := range rs {
				if err := enc.Encode(r); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, a := range analyzers {
		for _, m := range models {
			osOpts, err := osFlags.options(*backend)
			if err != nil {
				return err
			}
			cfg := bench.Config{Backend: *backend, OpenSearch: osOpts, Analyzer: a, BatchSize: *batch, WithinDoc: *withinDoc, Scoring: retrieval.Scoring{
				K1: *k1, B: *b, SectionBoost: *section, KeepInterrogatives: *keepWh, MaxDF: *maxDF, Model: m, CollectionStats: *collectionStats,
			}}
			dir, err := bench.TempDir(*tmp)
			if err != nil {
				return err
			}
			var res bench.Result
			if *scale > 0 {
				qs := corpus.Questions[:min(*queries, len(corpus.Questions))]
				res, err = bench.RunScale(ctx, bench.Synthetic(corpus, *scale, 1), qs, cfg, dir, log)
			} else {
				res, err = bench.Run(ctx, corpus, cfg, dir, log)
			}
			err = errors.Join(err, os.RemoveAll(filepath.Dir(dir)))
			if err != nil {
				return fmt.Errorf("bench retrieval %s: %w", cfg.Name(), err)
			}
			if err := enc.Encode(res); err != nil {
				return err
			}
		}
	}
	return nil
}
