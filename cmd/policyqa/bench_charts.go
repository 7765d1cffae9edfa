package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/policyqa/policyqa/charts"
	"github.com/policyqa/policyqa/ocr"
)

// runBenchCharts draws seeded random charts with known data (every type,
// with and without data labels), reads them back with tesseract and
// charts.Extract, and prints one JSON line: relaxed accuracy (share of
// values within 5%) overall, by type, by labels, and seconds per chart.
func runBenchCharts(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench charts", flag.ContinueOnError)
	fs.SetOutput(stdout)
	n := fs.Int("n", 60, "number of charts")
	seed := fs.Uint64("seed", 1, "random seed")
	plain := fs.Bool("plain", false, "default style only, PNG (no varied fonts, sizes, palettes, JPEG)")
	workers := fs.Int("workers", 0, "tesseract workers (0 = CPUs)")
	cache := fs.String("cache", "", "OCR cache directory (empty: no cache, every chart is OCRed)")
	font := fs.String("font", "", "regular TTF (default "+charts.DefaultFontPath+")")
	bold := fs.String("bold-font", "", "bold TTF (default "+charts.DefaultBoldFontPath+")")
	verbose := fs.Bool("v", false, "print each chart with a wrong value to stderr")
	dir := fs.String("dir", "", "score the chart images of a folder with truth.jsonl (scripts/charts/bench-office.sh) instead of drawing charts; prints a table, then JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var failures func(string)
	if *verbose {
		failures = func(line string) { fmt.Fprintln(os.Stderr, line) }
	}
	// tesseract runs in worker processes (see main).
	worker, err := ocr.SelfWorker()
	if err != nil {
		return err
	}
	if *dir != "" {
		eng, err := ocr.NewTesseract(ocr.Options{Workers: max(*workers, 1), CacheDir: *cache, Logger: log, Worker: worker})
		if err != nil {
			return err
		}
		defer eng.Close()
		rep, err := charts.BenchDir(ctx, eng, *dir, failures)
		if err != nil {
			return err
		}
		if err := rep.WriteTable(stdout); err != nil {
			return err
		}
		return json.NewEncoder(stdout).Encode(rep)
	}
	r, err := charts.NewRenderer(*font, *bold)
	if err != nil {
		return err
	}
	eng, err := ocr.NewTesseract(ocr.Options{Workers: *workers, CacheDir: *cache, Logger: log, Worker: worker})
	if err != nil {
		return err
	}
	defer eng.Close()
	opts := charts.BenchOptions{N: *n, Seed: *seed, Plain: *plain, Renderer: r}
	opts.Failures = failures
	rep, err := charts.Bench(ctx, eng, opts)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(rep)
}
