package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/policyqa/policyqa/internal/proc"
	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/ocr/scan"
)

// runBenchOCR is `policyqa bench ocr`: scanned pages read by one OCR
// worker, scored against the dataset's truth pages (CER, word accuracy)
// and gold paragraphs, with CPU seconds per page.
func runBenchOCR(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench ocr", flag.ContinueOnError)
	dataset := fs.String("dataset", "../shared/data/field-dev-scan", "dataset with scanned PDFs (doc/*/*.pdf) and truth/<doc>/page-NN.txt or gold.json")
	variant := fs.String("variant", "layout", "page reader: "+strings.Join(variantNames(), ", "))
	pages := fs.String("pages", "", "only these pages: doc:page,doc:page (doc may be a prefix)")
	cache := fs.String("cache", "", "OCR cache directory (empty: none, every page is read)")
	asJSON := fs.Bool("json", false, "print the report as JSON after the table")
	textDir := fs.String("text-dir", "", "write each page's text to this folder (DOC-pNN.txt)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	mk, ok := scan.Variants[*variant]
	if !ok {
		return fmt.Errorf("%w: unknown variant %q (have %s)", errUsage, *variant, strings.Join(variantNames(), ", "))
	}
	only, err := pageFilter(*pages)
	if err != nil {
		return fmt.Errorf("%w: --pages: %v", errUsage, err)
	}
	w, err := ocr.SelfWorker()
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	eng, err := ocr.NewTesseract(ocr.Options{Workers: 1, CacheDir: *cache, Logger: log, Worker: w})
	if err != nil {
		return err
	}
	defer eng.Close()
	fmt.Fprintf(stdout, "bench ocr: %s, variant %s, one worker, load average %.1f\n", *dataset, *variant, proc.LoadAvg())
	rep, err := scan.Bench(ctx, scan.BenchOptions{
		Dataset:  *dataset,
		Only:     only,
		Read:     mk(eng),
		CPU:      func() time.Duration { return proc.CPU() + eng.WorkerCPU() },
		Progress: stdout,
		TextDir:  *textDir,
	})
	if err != nil {
		return err
	}
	rep.WriteSummary(stdout)
	if *asJSON {
		return json.NewEncoder(stdout).Encode(rep)
	}
	return nil
}

func variantNames() []string {
	var out []string
	for k := range scan.Variants {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// pageFilter parses "doc:page,doc:page" (doc a prefix of the document's
// name; page "*" for all).
func pageFilter(s string) (func(string, int) bool, error) {
	if s == "" {
		return nil, nil
	}
	type sel struct {
		doc  string
		page int
	}
	var sels []sel
	for _, part := range strings.Split(s, ",") {
		doc, pg, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok {
			return nil, fmt.Errorf("%q is not doc:page", part)
		}
		n := 0
		if pg != "*" {
			var err error
			if n, err = strconv.Atoi(pg); err != nil {
				return nil, fmt.Errorf("%q: %v", part, err)
			}
		}
		sels = append(sels, sel{doc, n})
	}
	return func(doc string, page int) bool {
		for _, s := range sels {
			if strings.HasPrefix(doc, s.doc) && (s.page == 0 || s.page == page) {
				return true
			}
		}
		return false
	}, nil
}
