package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/policyqa/policyqa/pipeline"
	"github.com/policyqa/policyqa/reader"
	"github.com/policyqa/policyqa/submit"
)

func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		cfg     pipeline.Config
		model   string
		ortLib  string
		verbose bool
	)
	fs.StringVar(&cfg.Dataset, "dataset", envOr("POLICYQA_DATASET", "/home/agc2022/dataset"), "dataset root (problemsheet.json, doc/, ref/)")
	fs.StringVar(&cfg.WorkDir, "work", envOr("POLICYQA_WORK", "work"), "work folder for the index, journal and caches")
	fs.StringVar(&cfg.URL, "url", os.Getenv("REST_ANSWER_URL"), "answer URL (default $REST_ANSWER_URL; empty writes to --out)")
	fs.StringVar(&cfg.OutFile, "out", "", "also write every message as JSON lines to this file (default WORK/answers.jsonl when no URL)")
	fs.StringVar(&cfg.TeamID, "team", envOr("AGC_TEAM_ID", "team"), "team_id (default $AGC_TEAM_ID)")
	fs.StringVar(&cfg.Hash, "hash", envOr("AGC_HASH", "hash"), "hash (default $AGC_HASH)")
	fs.StringVar(&model, "model", os.Getenv("POLICYQA_MODEL"), "extractive QA model folder (model.onnx + tokenizer.json); empty: the bundled models/ko-reader beside the binary if present; none: no reader")
	fs.StringVar(&ortLib, "ort-lib", os.Getenv("ONNXRUNTIME_LIB"), "path of libonnxruntime.so")
	fs.DurationVar(&cfg.ProblemTimeout, "problem-timeout", 2*time.Minute, "time limit per problem (past it: an empty answer and the reason in the log)")
	fs.DurationVar(&cfg.DeliveryBudget, "delivery-budget", submit.DefaultBudget, "once every problem is answered, how long to keep retrying while the answer server takes nothing")
	fs.DurationVar(&cfg.RequestTimeout, "request-timeout", submit.DefaultRequestTimeout, "time limit of one POST to the answer server")
	fs.BoolVar(&verbose, "v", false, "debug logging")
	backend := fs.String("retrieval", "bleve", "passage index: bleve (embedded, under --work) or opensearch (--opensearch-url)")
	var osFlags openSearchFlags
	osFlags.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if o, err := osFlags.options(*backend); err != nil {
		return err
	} else if *backend == "opensearch" {
		cfg.OpenSearch = &o
	}
	log := newLogger(stderr, verbose)
	defer raiseGC(batchGCPercent)()
	cfg.Logger = log
	cfg.Progress = stderr
	if model = resolveModel(model, log); model != "" {
		r, err := reader.New(reader.Options{ModelDir: model, LibPath: ortLib, IntraOpThreads: runtime.NumCPU(), Logger: log})
		if err != nil {
			return fmt.Errorf("reader: %w", err)
		}
		defer r.Close()
		cfg.Reader = r
		log.Info("reader loaded", "model", model)
	}
	if eng, err := newOCR(cfg.WorkDir, log); err != nil {
		log.Warn("OCR unavailable; scanned pages and chart images will not be read", "err", err)
	} else {
		defer eng.Close()
		cfg.OCR = eng
	}
	sum, err := pipeline.Run(ctx, cfg)
	if !sum.Started && !sum.AlreadyEnded {
		return err // nothing was solved or sent: the error says it all
	}
	fmt.Fprintln(stdout, sum)
	return err
}
