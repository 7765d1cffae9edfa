package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/policyqa/policyqa/corpus"
	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/internal/progress"
	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/retrieval/opensearch"
	"github.com/policyqa/policyqa/solve"
	"github.com/policyqa/policyqa/submit"
)

// Config is one run of the whole job.
type Config struct {
	Dataset string // dataset root
	WorkDir string // index, journal and caches live here ("" = a temp dir)
	URL     string // $REST_ANSWER_URL; "" writes to OutFile only
	OutFile string // JSON-lines copy of every message ("" = WorkDir/answers.jsonl when URL is empty)
	TeamID  string
	Hash    string
	// ProblemTimeout bounds one problem's solving (default 2 minutes).
	ProblemTimeout time.Duration
	Logger         *slog.Logger
	Progress       io.Writer // terminal for progress bars (nil: log lines)

	// OCR, when set, reads scanned pages, chart images and figures (see
	// corpus.Options.OCR); the caller closes it.
	OCR   ocr.Engine
	Index retrieval.Options
	// OpenSearch, when set, keeps the passages in an OpenSearch cluster
	// (corpus.Options.OpenSearch).
	OpenSearch *opensearch.Options
	// Reader, when set, is the extractive reader the solvers use.
	Reader solve.Reader
	// Sink overrides the primary sink (tests).
	Sink submit.Sink
}

// Summary describes a finished run.
type Summary struct {
	Problems, Answered, Failed int
	Stats                      submit.Stats
	EndSent                    bool
	Elapsed                    time.Duration
}

// Run answers every problem of the dataset and ends the mission. It sends
// end_of_mission even when earlier stages fail; the returned error joins
// what went wrong that kept problems from being answered well.
func Run(ctx context.Context, cfg Config) (sum Summary, err error) {
	start := time.Now()
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.ProblemTimeout <= 0 {
		cfg.ProblemTimeout = 2 * time.Minute
	}
	if cfg.WorkDir == "" {
		dir, err := os.MkdirTemp("", "policyqa-")
		if err != nil {
			return sum, fmt.Errorf("work dir: %w", err)
		}
		cfg.WorkDir = dir
	}
	if err := os.MkdirAll(cfg.WorkDir, 0o755); err != nil {
		return sum, fmt.Errorf("work dir: %w", err)
	}

	sub, closeSub, err := newSubmitter(cfg, log)
	if err != nil {
		return sum, err
	}
	defer closeSub()
	var errs []error
	defer func() {
		// end_of_mission always goes last, even after a failure above.
		endCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
		defer cancel()
		if _, e := sub.Submit(endCtx, submit.NewEnd(cfg.TeamID, cfg.Hash)); e != nil {
			errs = append(errs, fmt.Errorf("end_of_mission: %w", e))
		} else {
			sum.EndSent = true
		}
		sum.Stats = sub.Stats()
		sum.Elapsed = time.Since(start)
		err = errors.Join(errs...)
	}()

	c, err := corpus.Open(ctx, corpus.Options{Dataset: cfg.Dataset, WorkDir: cfg.WorkDir, OCR: cfg.OCR, Index: cfg.Index, OpenSearch: cfg.OpenSearch, Logger: log, Progress: cfg.Progress})
	if c == nil {
		errs = append(errs, err)
		return sum, nil
	}
	defer c.Close()
	if err != nil {
		errs = append(errs, err)
	}
	ds := c.Dataset()
	sum.Problems = len(ds.Entries)
	searcher := c.Retriever()
	solver := &solve.Solver{Retriever: searcher, Docs: c, Refs: c, Reader: cfg.Reader, Logger: log}

	prog := progress.New("solve", len(ds.Entries), cfg.Progress, log)
	for _, e := range ds.Entries {
		p := e.Problem
		ans := solve.Empty(p)
		perr := e.Err
		if perr == nil && searcher == nil {
			perr = fmt.Errorf("problem %s: no index", p.ProblemNo)
		}
		if perr == nil && ctx.Err() == nil {
			pctx, cancel := context.WithTimeout(ctx, cfg.ProblemTimeout)
			t0 := time.Now()
			ans, perr = solver.Solve(pctx, p)
			cancel()
			log.Debug("solved", "problem_no", p.ProblemNo, "task", p.TaskNo, "ms", time.Since(t0).Milliseconds(), "err", perr)
		} else if perr == nil {
			perr = ctx.Err()
		}
		if perr != nil {
			sum.Failed++
			log.Error("problem not solved; sending an empty answer", "problem_no", p.ProblemNo, "err", perr)
		}
		taskNo := p.TaskNo
		var evidence any
		if p.Task() == dataset.TaskCollection {
			evidence = ans.Evidence
			if ans.Evidence == nil {
				evidence = []solve.Evidence{}
			}
		}
		m, merr := submit.NewAnswer(cfg.TeamID, cfg.Hash, p.ProblemNo, taskNo, ans.Value, evidence)
		if merr != nil {
			log.Error("answer not encodable", "problem_no", p.ProblemNo, "err", merr)
			m, _ = submit.NewAnswer(cfg.TeamID, cfg.Hash, p.ProblemNo, taskNo, solve.Empty(p).Value, nil)
		}
		if _, serr := sub.Submit(ctx, m); serr == nil {
			sum.Answered++
		}
		prog.Add(1)
	}
	return sum, nil
}

func newSubmitter(cfg Config, log *slog.Logger) (*submit.Submitter, func(), error) {
	sub := &submit.Submitter{Logger: log}
	var closers []func() error
	out := cfg.OutFile
	if out == "" && cfg.URL == "" && cfg.Sink == nil {
		out = filepath.Join(cfg.WorkDir, "answers.jsonl")
	}
	var fileSink *submit.FileSink
	if out != "" {
		fs, err := submit.NewFileSink(out)
		if err != nil {
			return nil, nil, err
		}
		fileSink = fs
		closers = append(closers, fs.Close)
	}
	switch {
	case cfg.Sink != nil:
		sub.Primary = cfg.Sink
		if fileSink != nil {
			sub.Copies = append(sub.Copies, fileSink)
		}
	case cfg.URL != "":
		sub.Primary = submit.NewHTTPSink(cfg.URL, log)
		if fileSink != nil {
			sub.Copies = append(sub.Copies, fileSink)
		}
		// The journal only matters when answers go to a server.
		if err := sub.OpenJournal(filepath.Join(cfg.WorkDir, "journal.jsonl")); err != nil {
			return nil, nil, err
		}
		closers = append(closers, sub.Close)
	default:
		sub.Primary = fileSink
		log.Info("no answer URL set; writing messages to file", "file", out)
	}
	return sub, func() {
		for _, c := range closers {
			c()
		}
	}, nil
}
