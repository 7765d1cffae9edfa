// Command policyqa answers questions over Korean policy documents in the
// AGC 2022 challenge layout, submits the answers, and grades them offline.
//
//	policyqa run    --dataset DIR        answer every problem and submit
//	policyqa grade  --dataset DIR --gold gold.json [--file answers.jsonl]
//	policyqa serve  --dataset DIR [--addr 127.0.0.1:8080]
//	policyqa parse  FILE|DIR [--format json|md|text]
//	policyqa eval   korquad --file KorQuAD_v1.0_dev.json [--split heldout] [--model DIR]
//	policyqa bench  retrieval|reader|charts|serve|ocr ...
//	policyqa version
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/pipeline"
)

// errUsage marks command-line mistakes (exit code 2).
var errUsage = errors.New("usage")

// Exit codes.
const (
	exitError = 1 // anything else that went wrong
	exitUsage = 2 // command-line mistakes
	// exitIncomplete: the mission was not ended (answers undelivered); a
	// re-run with the same --work resumes it.
	exitIncomplete = 3
	// A run stopped by SIGINT or SIGTERM exits 128 + the signal's number
	// (130, 143), as a shell reports a process killed by it.
)

const usage = `policyqa: question answering over Korean policy documents

Commands:
  run     answer every problem of a dataset and submit the answers
  grade   score answers against a gold file (serves the answer protocol, or reads a file)
  serve   HTTP API, Swagger UI and a question page over a dataset
  parse   print how documents and ref files parse: parse FILE|DIR [--format json|md|text]
  eval    reader evaluation: eval korquad --file KorQuAD_v1.0_dev.json [--split heldout] [--model DIR]
  bench   benchmarks: retrieval, reader, charts, serve, ocr
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
	os.Exit(runMain(os.Args[1:], os.Stdout, os.Stderr))
}

// runMain runs one command with signal handling and returns the exit code.
func runMain(args []string, stdout, stderr io.Writer) int {
	ctx, received := notifyStop(stderr)
	err := run(ctx, args, stdout, stderr)
	var help *helpRequested
	if errors.As(err, &help) {
		fmt.Fprint(stdout, help.usage)
		return 0
	}
	code := exitCode(err, received())
	switch {
	case err == nil:
	case code == exitUsage:
		fmt.Fprintln(stderr, err)
	default:
		fmt.Fprintln(stderr, "policyqa:", err)
	}
	return code
}

// notifyStop returns a context cancelled by the first SIGINT or SIGTERM,
// and a function that returns that signal (nil before one came). After
// the first signal the default action is restored, so a second one ends
// the process at once.
func notifyStop(stderr io.Writer) (context.Context, func() os.Signal) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	var got atomic.Pointer[os.Signal]
	go func() {
		s := <-ch
		got.Store(&s)
		signal.Reset(os.Interrupt, syscall.SIGTERM)
		fmt.Fprintf(stderr, "policyqa: %v: stopping; nothing more is sent (a second signal ends the process at once)\n", s)
		cancel(fmt.Errorf("signal %v", s))
	}()
	return ctx, func() os.Signal {
		if s := got.Load(); s != nil {
			return *s
		}
		return nil
	}
}

// exitCode maps a command's error (and the stop signal, if one came) to
// the process's exit status.
func exitCode(err error, sig os.Signal) int {
	var inc *pipeline.IncompleteError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		return exitUsage
	case sig != nil:
		if s, ok := sig.(syscall.Signal); ok {
			return 128 + int(s)
		}
		return exitError
	case errors.As(err, &inc):
		return exitIncomplete
	default:
		return exitError
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
		return fmt.Errorf("%w: bench retrieval|reader|charts|serve|ocr", errUsage)
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
	case "ocr":
		return runBenchOCR(ctx, args[1:], stdout)
	}
	return fmt.Errorf("%w: unknown benchmark %q", errUsage, args[0])
}

// parseFlags parses a command's flags. A flag mistake, or an argument
// left over (only parse takes positional arguments), is a usage error
// (exit 2): "run DIR" must not run on the default --dataset.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := parseHelp(fs, func() error { return fs.Parse(args) }); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: %s takes no arguments (got %q)", errUsage, fs.Name(), fs.Args())
	}
	return nil
}

// helpRequested is -h/--help: the usage text goes to stdout and the exit
// status is 0 (runMain prints it).
type helpRequested struct{ usage string }

func (h *helpRequested) Error() string { return "help requested" }

// parseHelp runs parse (fs.Parse) with fs's output caught: -h becomes a
// *helpRequested carrying the usage text; any other mistake is a usage
// error, with the flag package's usage text written to fs's own output
// (stderr) as before.
func parseHelp(fs *flag.FlagSet, parse func() error) error {
	out := fs.Output()
	var buf bytes.Buffer
	fs.SetOutput(&buf)
	err := parse()
	fs.SetOutput(out)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return &helpRequested{usage: buf.String()}
	case err != nil:
		out.Write(buf.Bytes())
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
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
