package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/internal/progress"
	"github.com/policyqa/policyqa/retrieval"
)

// indexVersion changes whenever parsing or passage cutting changes in a way
// that must invalidate indexes on disk.
const indexVersion = "policyqa-index-v6" // v2: passages store their block; v3: note lines join their item; v4: table rows as their cells; v5: letter-spaced words joined; v6: bigrams across spaces

// fingerprint identifies what an index holds: the index version, the
// analyzer and every passage the corpus's documents cut into (id, kind,
// block, page, section, text). Whatever shaped the passages (a parser
// version, OCR available or not, figures read or not, the documents
// themselves) changes it, so an index is reused only when it would be
// built the same. Documents are parsed on every run anyway; cutting and
// hashing their passages costs little next to indexing them.
func fingerprint(c *Corpus, analyzer string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", indexVersion, analyzer)
	for _, d := range c.Documents() {
		fmt.Fprintf(h, "doc\t%s\n", d.ID)
		for _, p := range document.Passages(d) {
			fmt.Fprintf(h, "%s\t%s\t%d\t%d\t%q\t%q\n", p.ID, p.Kind, p.Block, p.Page, p.Section, p.Text)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// openIndex opens the index in dir, rebuilding it from the corpus when its
// fingerprint differs from fp (or dir is empty); dir "" builds in memory.
// An index on disk that cannot be opened (corrupt, made by something
// else, another analyzer) is removed and rebuilt; when none can be
// created or filled on disk (an unwritable or full disk), the index is
// built in memory for this run, with a warning.
func openIndex(ctx context.Context, dir, fp string, c *Corpus, opts retrieval.Options, out io.Writer) (*retrieval.Index, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if dir == "" {
		return buildIndex(ctx, "", fp, c, opts, out, logger)
	}
	ix, err := retrieval.Open(dir, opts)
	switch {
	case errors.Is(err, retrieval.ErrInUse):
		// Another process (a serve or run without the work folder's
		// lock) uses it: leave it alone.
		logger.Warn("index is in use by another process; building this run's index in memory", "dir", dir, "err", err)
		return buildIndex(ctx, "", fp, c, opts, out, logger)
	case err != nil:
		logger.Warn("index cannot be opened; rebuilding it", "dir", dir, "err", err)
	default:
		old, ferr := ix.Fingerprint()
		if ferr == nil && old == fp {
			n, _ := ix.Count()
			logger.Info("index is up to date", "dir", dir, "passages", n)
			return ix, nil
		}
		logger.Info("index inputs changed; rebuilding", "dir", dir)
		ix.Close()
	}
	ix, err = buildIndex(ctx, dir, fp, c, opts, out, logger)
	if err == nil || ctx.Err() != nil {
		return ix, err
	}
	logger.Warn("index cannot be built on disk; building it in memory for this run", "dir", dir, "err", err)
	if rerr := os.RemoveAll(dir); rerr != nil {
		logger.Warn("half-built index not removed", "dir", dir, "err", rerr)
	}
	return buildIndex(ctx, "", fp, c, opts, out, logger)
}

// buildIndex builds a fresh index of the corpus's passages in dir (its
// old content removed first), or in memory when dir is "", and stamps
// it with fp.
func buildIndex(ctx context.Context, dir, fp string, c *Corpus, opts retrieval.Options, out io.Writer, logger *slog.Logger) (*retrieval.Index, error) {
	var ix *retrieval.Index
	var err error
	if dir == "" {
		ix, err = retrieval.NewMemory(opts)
	} else if err = os.RemoveAll(dir); err == nil {
		ix, err = retrieval.Open(dir, opts)
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
		// The index is whole; unstamped, the next run rebuilds it.
		logger.Warn("index fingerprint not stored; the next run rebuilds the index", "dir", dir, "err", err)
	}
	logger.Info("index built", "documents", len(docs), "passages", total, "in_memory", dir == "")
	return ix, nil
}
