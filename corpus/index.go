package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/internal/progress"
	"github.com/policyqa/policyqa/retrieval"
)

// indexVersion changes whenever parsing or passage cutting changes in a way
// that must invalidate indexes on disk.
const indexVersion = "policyqa-index-v4" // v2: passages store their block; v3: note lines join their item; v4: table rows as their cells

// fingerprint identifies the inputs of an index: every document's id,
// size and modification time, and the index version.
func fingerprint(ds *dataset.Dataset, analyzer string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", indexVersion, analyzer)
	for _, f := range ds.Docs() {
		fi, err := os.Stat(f.Path)
		if err != nil {
			fmt.Fprintf(h, "%s\t%s\tmissing\n", f.ID, f.Path)
			continue
		}
		fmt.Fprintf(h, "%s\t%s\t%d\t%d\n", f.ID, f.Ext, fi.Size(), fi.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil))
}

// openIndex opens the index in dir, rebuilding it from the corpus when its
// fingerprint differs from fp (or dir is empty). dir "" builds in memory.
func openIndex(ctx context.Context, dir, fp string, c *Corpus, opts retrieval.Options, out io.Writer) (*retrieval.Index, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var ix *retrieval.Index
	var err error
	if dir == "" {
		ix, err = retrieval.NewMemory(opts)
	} else {
		ix, err = retrieval.Open(dir, opts)
		if err == nil {
			if old, ferr := ix.Fingerprint(); ferr == nil && old == fp {
				n, _ := ix.Count()
				logger.Info("index is up to date", "dir", dir, "passages", n)
				return ix, nil
			}
			logger.Info("index inputs changed; rebuilding", "dir", dir)
			ix.Close()
		}
		if err == nil {
			if err = os.RemoveAll(dir); err == nil {
				ix, err = retrieval.Open(dir, opts)
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	docs := c.Documents()
	prog := progress.New("index", len(docs), out, logger)
	total := 0
	for _, d := range docs {
		ps := document.Passages(d)
		if err := ix.Add(ctx, ps); err != nil {
			ix.Close()
			return nil, fmt.Errorf("index %s: %w", d.ID, err)
		}
		total += len(ps)
		prog.Add(1)
	}
	if err := ix.SetFingerprint(fp); err != nil {
		ix.Close()
		return nil, fmt.Errorf("index fingerprint: %w", err)
	}
	logger.Info("index built", "documents", len(docs), "passages", total)
	return ix, nil
}
