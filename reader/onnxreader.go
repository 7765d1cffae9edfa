package reader

import (
	"context"
	"sync"
)

// ONNXReader is the Reader that runs an extractive QA model (BERT, ELECTRA,
// RoBERTa, XLM-R ... exported to ONNX with a start_logits/end_logits head)
// with ONNX Runtime. It is safe for concurrent use.
type ONNXReader struct {
	p       *pipeline
	release func() error
	info    ModelInfo

	mu     sync.RWMutex
	closed bool
}

var _ Reader = (*ONNXReader)(nil)

// ModelInfo describes what New loaded.
type ModelInfo struct {
	ModelPath     string
	TokenizerPath string
	LibPath       string
	// Inputs are the model's input names in the order it declares them.
	Inputs []string
	// StartOutput and EndOutput are the logits outputs used.
	StartOutput, EndOutput string
}

// New loads the model and tokenizer from opts.ModelDir and initialises ONNX
// Runtime. ONNX Runtime allows one environment per process: while an
// ONNXReader is open, a second New fails with ErrRuntimeInUse. Close the
// reader to release the model and the environment.
//
// Start-up problems come back as one error wrapping ErrModel (missing model
// or tokenizer, inputs or outputs the reader cannot feed), ErrRuntime
// (libonnxruntime not found or not loadable) or ErrNotBuilt (binary built
// without the "ort" tag).
func New(opts Options) (*ONNXReader, error) {
	return newONNX(opts.withDefaults())
}

// Answer implements Reader. k is the number of spans returned over all
// passages; spans are distinct by (passage, byte range).
func (r *ONNXReader) Answer(ctx context.Context, question string, passages []string, k int) ([]Span, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.closed {
		return nil, ErrClosed
	}
	return r.p.answer(ctx, question, passages, k)
}

// Stats returns cumulative counters: questions, windows, batches, and the
// wall time of Answer against the time inside the model's session runs.
func (r *ONNXReader) Stats() Stats { return r.p.stats() }

// Info describes the loaded model.
func (r *ONNXReader) Info() ModelInfo { return r.info }

// Close releases the session and the ONNX Runtime environment. It waits for
// running Answer calls; later calls fail with ErrClosed.
func (r *ONNXReader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	if r.release == nil {
		return nil
	}
	return r.release()
}
