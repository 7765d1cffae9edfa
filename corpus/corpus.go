package corpus

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/odt"
	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/retrieval/opensearch"
)

// index is a retriever the corpus owns: the embedded bleve index or an
// OpenSearch index.
type index interface {
	retrieval.Retriever
	Close() error
}

// Corpus is an opened dataset: its problems, parsed documents, ref files
// and (after Open) the retriever over the documents' passages. It
// implements solve.Docs and solve.Refs and is safe for concurrent use.
type Corpus struct {
	ds        *dataset.Dataset
	logger    *slog.Logger
	ocr       PageOCR
	charts    ImageTables
	pdfImages PDFImages
	figures   bool // read figures inside documents
	odtLimits odt.Limits

	// Set by Open; closed by Close.
	index index

	mu   sync.Mutex
	docs map[string]*document.Document
	errs map[string]error
	refs map[string][]document.Block
}

// Options configure Open.
type Options struct {
	// Dataset is the dataset root (problemsheet.json, doc/, ref/).
	Dataset string
	// Opened, when set, is the dataset already opened from Dataset (it is
	// not read again).
	Opened *dataset.Dataset
	// WorkDir holds the persistent index (WorkDir/index, shared by
	// `policyqa run` and `policyqa serve`); "" builds the index in memory.
	WorkDir string
	// OCR, when set, reads scanned PDF pages, image ref files (charts) and
	// figures inside documents. The caller owns it (Close does not close
	// it). Nil: scanned pages are skipped with a warning and image ref
	// files fail.
	OCR   ocr.Engine
	Index retrieval.Options
	// OpenSearch, when set, keeps the passages in an OpenSearch cluster
	// (package retrieval/opensearch) instead of the embedded index under
	// WorkDir; Index.Analyzer and Index.Scoring apply to it too.
	OpenSearch *opensearch.Options
	// Workers parse documents in parallel (default: number of CPUs).
	Workers int
	Logger  *slog.Logger
	// Progress is a terminal for progress bars (nil: log lines).
	Progress io.Writer
}

// Open opens the dataset at opts.Dataset, parses its documents (with one
// PDFium engine for the whole load, started when a PDF needs it and
// stopped when the documents are parsed) and
// opens the index under opts.WorkDir, rebuilding it when the documents
// changed. A nil Corpus comes back only when the dataset itself cannot be
// read; when documents fail to load (ctx cancelled) or the index cannot be
// opened, the Corpus comes back with the error joined, and Retriever is
// nil if there is no index. Close releases it.
func Open(ctx context.Context, opts Options) (*Corpus, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ds := opts.Opened
	if ds == nil {
		var err error
		if ds, err = dataset.Open(opts.Dataset); err != nil {
			return nil, err
		}
		for _, w := range ds.Warnings {
			log.Warn("dataset", "warning", w)
		}
	}
	log.Info("dataset opened", "root", opts.Dataset, "problems", len(ds.Entries), "documents", len(ds.Docs()))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	lo := LoadOptions{Logger: log, Workers: workers, Progress: opts.Progress}
	var engines *Engines
	if opts.OCR != nil {
		engines = NewEngines(opts.OCR, workers, log)
		lo.OCR, lo.Charts, lo.PDFImages = engines.OCR, engines.Charts, engines.PDFImages
	}
	c, err := Load(ctx, ds, lo)
	if engines != nil {
		// Ref images need only the OCR engine; PDFium is done.
		if cerr := engines.Close(); cerr != nil {
			log.Warn("PDFium engine not closed cleanly", "err", cerr)
		}
	}
	if err != nil || ctx.Err() != nil {
		return c, err
	}
	iopts := opts.Index
	if iopts.Logger == nil {
		iopts.Logger = log
	}
	dir := ""
	if opts.WorkDir != "" {
		dir = filepath.Join(opts.WorkDir, "index")
	}
	var ix index
	if opts.OpenSearch != nil {
		ix, err = openSearchIndex(ctx, fingerprint(c, iopts.Analyzer), c, *opts.OpenSearch, iopts, opts.Progress)
	} else {
		ix, err = openIndex(ctx, dir, fingerprint(c, iopts.Analyzer), c, iopts, opts.Progress)
	}
	if err != nil {
		return c, err
	}
	c.index = ix
	return c, nil
}

// Dataset is the opened dataset (problems, document and ref locations).
func (c *Corpus) Dataset() *dataset.Dataset { return c.ds }

// Retriever is the passage retriever over every document, nil when the
// corpus has no index (Load, or Open failed to open one).
func (c *Corpus) Retriever() retrieval.Retriever {
	if c.index == nil {
		return nil
	}
	return c.index
}

// Close closes the index.
func (c *Corpus) Close() error {
	if c.index == nil {
		return nil
	}
	err := c.index.Close()
	c.index = nil
	if err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	return nil
}
