// Command policyqa answers questions over Korean policy documents in the
// AGC 2022 challenge layout, submits the answers, and grades them offline.
//
//	policyqa run    --dataset DIR        answer every problem and submit
//	policyqa grade  --dataset DIR --gold gold.json [--file answers.jsonl]
//	policyqa serve  --dataset DIR [--addr 127.0.0.1:8080]
//	policyqa parse  FILE|DIR [--format json|md|text]
//	policyqa eval   korquad --file KorQuAD_v1.0_dev.json [--split heldout] [--model DIR]
//	policyqa bench  retrieval|reader|charts|serve ...
//	policyqa version
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/policyqa/policyqa/ocr"
)

// errUsage marks command-line mistakes (exit code 2).
var errUsage = errors.New("usage")

const usage = `policyqa: question answering over Korean policy documents

Commands:
  run     answer every problem of a dataset and submit the answers
  grade   score answers against a gold file (serves the answer protocol, or reads a file)
  serve   HTTP API, Swagger UI and a question page over a dataset
  parse   print how documents and ref files parse: parse FILE|DIR [--format json|md|text]
  eval    reader evaluation: eval korquad --file KorQuAD_v1.0_dev.json [--split heldout] [--model DIR]
  bench   benchmarks: retrieval, reader, charts, serve
  version print the version

Run 'policyqa COMMAND -h' for a command's flags.
`

var version = "dev"

func main() {
	// The OCR pool runs tesseract in worker processes, this binary
	// started again with ocr.WorkerArg (newOCR, ocr.SelfWorker): a crash
	// in native code then costs one image, not the run.
	if ocr.IsWorkerCall(os.Args) {
		os.Exit(ocr.WorkerMain())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "policyqa:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no command", errUsage)
	}
	switch args[0] {
	case "run":
		return runRun(ctx, args[1:], stdout, stderr)
	case "grade":
		return runGrade(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "parse":
		return runParse(ctx, args[1:], stdout, stderr)
	case "eval":
		return runEval(ctx, args[1:], stdout, stderr)
	case "bench":
		return runBench(ctx, args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "policyqa", version)
		return nil
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
}

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: bench retrieval|reader|charts|serve", errUsage)
	}
	switch args[0] {
	case "retrieval":
		return runBenchRetrieval(ctx, args[1:], stdout)
	case "reader":
		return runBenchReader(ctx, args[1:], stdout)
	case "charts":
		return runBenchCharts(ctx, args[1:], stdout)
	case "serve":
		return runBenchServe(ctx, args[1:], stdout)
	}
	return fmt.Errorf("%w: unknown benchmark %q", errUsage, args[0])
}

// newLogger logs text records to w at info level, debug when verbose.
func newLogger(w io.Writer, verbose bool) *slog.Logger {
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// envOr returns the environment variable's value, or def.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}
