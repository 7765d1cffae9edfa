package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/policyqa/policyqa/corpus"
	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/reader"
	"github.com/policyqa/policyqa/serve"
)

// runServe is `policyqa serve`: the HTTP API, Swagger UI and web page over
// one dataset. It listens at once (/healthz answers), loads the documents
// and the index, then turns ready; it stops on SIGINT/SIGTERM.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		lo       corpus.Options
		so       serve.Options
		addr     string
		addrFile string
		model    string
		ortLib   string
		useOCR   bool
		verbose  bool
	)
	fs.StringVar(&lo.Dataset, "dataset", envOr("POLICYQA_DATASET", "/home/agc2022/dataset"), "dataset root (problemsheet.json, doc/, ref/)")
	fs.StringVar(&lo.WorkDir, "work", envOr("POLICYQA_WORK", "work"), "work folder for the index and OCR cache (shared with policyqa run)")
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "listen address (loopback by default; on loopback the Host header is checked)")
	fs.StringVar(&addrFile, "addr-file", "", "write the bound address to this file once listening (for --addr 127.0.0.1:0)")
	fs.StringVar(&model, "model", os.Getenv("POLICYQA_MODEL"), "extractive QA model folder (model.onnx + tokenizer.json); empty: the bundled models/ko-reader beside the binary if present; none: no reader")
	fs.StringVar(&ortLib, "ort-lib", os.Getenv("ONNXRUNTIME_LIB"), "path of libonnxruntime.so")
	fs.BoolVar(&useOCR, "ocr", true, "OCR scanned pages and serve the OCR and chart endpoints (needs tesseract)")
	fs.IntVar(&so.MaxConcurrent, "max-concurrent", 0, "API requests run at once (default max(4, CPUs))")
	fs.IntVar(&so.MaxQueue, "max-queue", 0, "API requests waiting for a slot before 429 (default 8 × max-concurrent)")
	fs.DurationVar(&so.RequestTimeout, "request-timeout", serve.DefaultRequestTimeout, "time limit of one API request")
	fs.Int64Var(&so.MaxUploadBytes, "max-upload", serve.DefaultMaxUploadBytes, "largest image upload in bytes")
	fs.DurationVar(&so.BodyTimeout, "body-timeout", serve.DefaultBodyTimeout, "time limit for a client to send one request body (read before a worker slot is taken)")
	fs.Int64Var(&so.MemoryBudget, "memory-budget", serve.DefaultMemoryBudget, "bytes that API requests in flight may reserve together (uploads by their decoded size)")
	var allowHosts string
	fs.StringVar(&allowHosts, "allow-host", "", "comma-separated Host names served besides localhost names when listening on loopback (e.g. a reverse proxy's name); on other addresses the only names served")
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
		lo.OpenSearch = &o
	}
	log := newLogger(stderr, verbose)
	lo.Logger, so.Logger = log, log
	for _, h := range strings.Split(allowHosts, ",") {
		if h = strings.TrimSpace(h); h != "" {
			so.AllowedHosts = append(so.AllowedHosts, h)
		}
	}

	var b serve.Backend
	if model = resolveModel(model, log); model != "" {
		r, err := reader.New(reader.Options{ModelDir: model, LibPath: ortLib, IntraOpThreads: runtime.NumCPU(), Logger: log})
		if err != nil {
			return fmt.Errorf("reader: %w", err)
		}
		defer r.Close()
		b.Reader = r
		log.Info("reader loaded", "model", model)
	}
	if useOCR {
		// One engine for the corpus and the upload endpoints.
		eng, err := newOCR(lo.WorkDir, log)
		if err != nil {
			log.Warn("OCR unavailable; scanned pages will not be read and the OCR and chart endpoints answer 501", "err", err)
		} else {
			defer eng.Close()
			b.OCR, lo.OCR = eng, eng
		}
	}

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if ta, ok := ln.Addr().(*net.TCPAddr); ok && !ta.IP.IsLoopback() {
		log.Warn("listening beyond loopback: anyone who can reach this address can use the API", "addr", ln.Addr().String(), "allowed_hosts", so.AllowedHosts)
	}
	if addrFile != "" {
		if err := os.WriteFile(addrFile, []byte(ln.Addr().String()), 0o644); err != nil {
			ln.Close()
			return fmt.Errorf("serve: %w", err)
		}
	}
	srv := serve.New(so)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	fmt.Fprintf(stdout, "policyqa serve: http://%s/ (API docs at /docs/), loading %s\n", ln.Addr(), lo.Dataset)

	start := time.Now()
	loaded, closeIndex, err := serve.Load(ctx, lo)
	if err != nil {
		srv.SetLoadError(err)
		cancel()
		<-done
		return err
	}
	defer closeIndex()
	loaded.Reader, loaded.OCR = b.Reader, b.OCR
	srv.SetBackend(loaded)
	log.Info("ready", "addr", ln.Addr().String(), "load", time.Since(start).Round(time.Millisecond))
	err = <-done
	log.Info("stopped", "err", err)
	return err
}

// runBenchServe is `policyqa bench serve`: it loads a dataset, serves it
// on a loopback port in this process and sends ask requests (the problem
// sheet's questions, in turn) from several clients, in several rounds,
// printing requests per second, latency percentiles and the heap before
// and after each round.
func runBenchServe(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench serve", flag.ContinueOnError)
	var (
		lo     corpus.Options
		bo     serve.BenchOptions
		perDoc bool
		rounds int
	)
	fs.StringVar(&lo.Dataset, "dataset", "examples/demo/dataset", "dataset root")
	fs.StringVar(&lo.WorkDir, "work", "", "work folder for the index (empty: in memory)")
	fs.IntVar(&bo.Requests, "n", 2000, "ask requests")
	fs.IntVar(&bo.Clients, "c", 8, "concurrent clients")
	fs.BoolVar(&perDoc, "per-doc", false, "restrict each question to its problem's doc_file")
	fs.IntVar(&rounds, "rounds", 2, "load runs in a row (memory should not grow from one to the next)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ds, err := dataset.Open(lo.Dataset)
	if err != nil {
		return err
	}
	for _, e := range ds.Entries {
		if e.Problem.Question != "" {
			bo.Questions = append(bo.Questions, e.Problem.Question)
			if perDoc {
				bo.Docs = append(bo.Docs, e.Problem.DocFile)
			}
		}
	}
	b, closeIndex, err := serve.Load(ctx, lo)
	if err != nil {
		return err
	}
	defer closeIndex()
	srv := serve.New(serve.Options{})
	srv.SetBackend(b)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, ln) }()
	bo.URL = "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "bench serve: %s, %d documents, %d questions, GOMAXPROCS %d\n", lo.Dataset, len(ds.Docs()), len(bo.Questions), runtime.GOMAXPROCS(0))
	failed := 0
	for i := range rounds {
		rep, err := serve.Bench(ctx, bo)
		if err != nil {
			cancel()
			<-done
			return err
		}
		fmt.Fprintf(stdout, "round %d: %s", i+1, rep)
		failed += rep.Errors
	}
	cancel()
	if err := <-done; err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("bench serve: %d requests failed", failed)
	}
	return nil
}
