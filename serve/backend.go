package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/policyqa/policyqa/corpus"
	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/internal/worklock"
	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/solve"
)

// Corpus gives the server documents and ref files. *corpus.Corpus
// implements it.
type Corpus interface {
	solve.Docs
	solve.Refs
	// Documents returns the parsed documents, sorted by id.
	Documents() []*document.Document
}

var _ Corpus = (*corpus.Corpus)(nil)

// Backend is what the handlers answer from. Retriever and Corpus are
// required; Reader and OCR are optional.
type Backend struct {
	Retriever retrieval.Retriever
	Corpus    Corpus
	// Reader, when set, gives the solver candidate spans (checked against
	// the kind of value asked, as in the batch run).
	Reader solve.Reader
	// OCR, when set, serves the OCR and chart endpoints (501 otherwise).
	OCR ocr.Engine
	// Solver answers whole problems; nil builds one from the fields above.
	Solver *solve.Solver
	// Redact lists strings (the dataset root) that must not appear in
	// error messages sent to clients.
	Redact []string
}

// Load opens a dataset with corpus.Open, as `policyqa run` does. It
// first locks opts.WorkDir (when set) as `policyqa run` does, so that a
// run and a serve never share one index: the second to come fails at once
// with a *worklock.HeldError naming the first. The returned function
// closes the corpus and releases the lock.
func Load(ctx context.Context, opts corpus.Options) (Backend, func() error, error) {
	noop := func() error { return nil }
	var lock *worklock.Lock
	if opts.WorkDir != "" && opts.OpenSearch == nil {
		// Best effort: corpus.Open copes with a folder it cannot write.
		_ = os.MkdirAll(opts.WorkDir, 0o755)
		l, err := worklock.Acquire(opts.WorkDir)
		switch {
		case errors.Is(err, worklock.ErrHeld):
			return Backend{}, noop, fmt.Errorf("serve: %w", err)
		case err != nil && opts.Logger != nil:
			opts.Logger.Warn("work folder not locked", "err", err)
		}
		lock = l
	}
	c, err := corpus.Open(ctx, opts)
	if err != nil {
		if c != nil {
			c.Close()
		}
		lock.Release()
		return Backend{}, noop, fmt.Errorf("serve: %w", err)
	}
	redact := []string{opts.Dataset}
	if abs, err := filepath.Abs(opts.Dataset); err == nil && abs != opts.Dataset {
		redact = append(redact, abs)
	}
	closeAll := func() error {
		err := c.Close()
		lock.Release()
		return err
	}
	return Backend{Retriever: c.Retriever(), Corpus: c, Redact: redact}, closeAll, nil
}

// state is a ready backend with its lazily cut passages.
type state struct {
	Backend
	solver *solve.Solver

	mu       sync.Mutex
	passages map[string][]document.Passage
}

func newState(b Backend, log *slog.Logger) *state {
	st := &state{Backend: b, solver: b.Solver, passages: map[string][]document.Passage{}}
	if st.solver == nil {
		st.solver = &solve.Solver{Retriever: b.Retriever, Docs: b.Corpus, Refs: b.Corpus, Reader: b.Reader, Logger: log}
	}
	return st
}

// errNotFound marks unknown documents, passages and refs (404).
var errNotFound = errors.New("not found")

// document returns a document and its passages (cut once, then cached).
func (st *state) document(ctx context.Context, id string) (*document.Document, []document.Passage, error) {
	d, err := st.Corpus.Document(ctx, id)
	if err != nil {
		if errors.Is(err, dataset.ErrNotFound) {
			return nil, nil, fmt.Errorf("document %q: %w", id, errNotFound)
		}
		return nil, nil, err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	ps, ok := st.passages[d.ID]
	if !ok {
		ps = document.Passages(d)
		st.passages[d.ID] = ps
	}
	return d, ps, nil
}
