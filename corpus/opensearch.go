package corpus

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/internal/progress"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/retrieval/opensearch"
)

// openSearchIndex opens the corpus's index in an OpenSearch cluster, named
// after fp, and fills it when it is new (or its last load was cut short).
// The analyzer and scoring come from iopts, so both backends index and
// score the same terms.
func openSearchIndex(ctx context.Context, fp string, c *Corpus, opts opensearch.Options, iopts retrieval.Options, out io.Writer) (*opensearch.Index, error) {
	logger := iopts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	opts.Analyzer, opts.Scoring, opts.Logger = iopts.Analyzer, iopts.Scoring, logger
	ix, fresh, err := opensearch.Open(ctx, fp, opts)
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	if !fresh {
		n, _ := ix.Count(ctx)
		logger.Info("opensearch index is up to date", "index", ix.Name(), "passages", n)
		return ix, nil
	}
	docs := c.Documents()
	prog := progress.New("index", len(docs), out, logger)
	// Passages go in bulk loads of about addBatch, across documents.
	const addBatch = 5000
	var batch []document.Passage
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := ix.Add(ctx, batch)
		batch = batch[:0]
		return err
	}
	total := 0
	for _, d := range docs {
		ps := document.Passages(d)
		batch = append(batch, ps...)
		total += len(ps)
		if len(batch) >= addBatch {
			if err := flush(); err != nil {
				ix.Close()
				return nil, fmt.Errorf("index (at %s): %w", d.ID, err)
			}
		}
		prog.Add(1)
	}
	if err := flush(); err != nil {
		ix.Close()
		return nil, fmt.Errorf("index: %w", err)
	}
	if err := ix.Commit(ctx); err != nil {
		ix.Close()
		return nil, err
	}
	logger.Info("opensearch index built", "index", ix.Name(), "documents", len(docs), "passages", total)
	return ix, nil
}
